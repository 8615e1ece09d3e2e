// Buildline dashboard: the duration chart of one image's builds, drawn as inline SVG by the page itself (no library,
// nothing loaded from elsewhere). One point per build that ran, oldest on the left; its colour is its status, its
// height its duration; each point links to the build's page.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  return element;
}

// builds: newest first, as /api/images gives them; hrefOf(buildId) → the link of a point; currentId is ringed
function durationChart(builds, hrefOf, currentId, label) {
  const ran = builds.filter((b) => b.durationMs != null && b.status !== 'skipped').slice().reverse();
  const width = 600;
  const height = 150;
  const pad = {left: 56, right: 14, top: 14, bottom: 24};
  const svg = svgElement('svg', {viewBox: '0 0 ' + width + ' ' + height, class: 'duration-chart',
    role: 'group', 'aria-label': label + ': ' + ran.length + (ran.length === 1 ? ' build' : ' builds')});
  svg.dataset.points = String(ran.length);
  if (ran.length === 0) {
    const empty = svgElement('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis'});
    empty.textContent = 'no build has run yet';
    svg.appendChild(empty);
    return svg;
  }
  const max = niceMax(Math.max(...ran.map((b) => b.durationMs)));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i) => pad.left + (ran.length === 1 ? plotW / 2 : (i * plotW) / (ran.length - 1));
  const y = (ms) => pad.top + plotH - (ms / max) * plotH;

  for (const [value, text] of [[max, tickText(max)], [max / 2, tickText(max / 2)], [0, '0 s']]) {
    svg.appendChild(svgElement('line', {x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value),
      class: 'grid'}));
    const tick = svgElement('text', {x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis'});
    tick.textContent = text;
    svg.appendChild(tick);
  }
  const oldest = svgElement('text', {x: pad.left, y: height - 6, class: 'axis'});
  oldest.textContent = 'older';
  const newest = svgElement('text', {x: width - pad.right, y: height - 6, 'text-anchor': 'end', class: 'axis'});
  newest.textContent = 'newer';
  svg.append(oldest, newest);
  svg.appendChild(svgElement('polyline', {class: 'trend', fill: 'none',
    points: ran.map((b, i) => x(i).toFixed(1) + ',' + y(b.durationMs).toFixed(1)).join(' ')}));

  ran.forEach((build, i) => {
    const link = svgElement('a', {href: hrefOf(build.buildId), class: 'point-link'});
    const text = (build.commit || '').slice(0, 7) + ': ' + build.status + ' in ' + tickText(build.durationMs)
      + (build.startedAt ? ', ' + new Date(build.startedAt).toLocaleString() : '');
    link.setAttribute('aria-label', text);
    const point = svgElement('circle', {cx: x(i).toFixed(1), cy: y(build.durationMs).toFixed(1),
      r: build.buildId === currentId ? 7 : 5, class: 'point point-' + build.status
        + (build.buildId === currentId ? ' current' : '')});
    point.dataset.buildId = build.buildId;
    const title = svgElement('title');
    title.textContent = text;
    point.appendChild(title);
    link.appendChild(point);
    svg.appendChild(link);
  });
  return svg;
}

// the top of the scale: the first round number of seconds at or above the longest build
function niceMax(ms) {
  const seconds = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200];
  for (const s of seconds) if (ms <= s * 1000) return s * 1000;
  return Math.ceil(ms / 3600000) * 3600000;
}

function tickText(ms) {
  if (ms < 10000) return (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1) + ' s';
  return durationText(ms);
}

function durationText(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return seconds + ' s';
  return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
}

function successRateText(history) {
  if (history.successRate == null) return 'no success rate yet (no build succeeded or failed)';
  return Math.round(history.successRate * 100) + ' % succeeded (' + history.succeeded + ' of '
    + (history.succeeded + history.failed) + ')';
}
