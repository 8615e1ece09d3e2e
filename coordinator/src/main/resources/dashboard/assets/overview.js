// Buildline dashboard: the per-image history (on a build's page and in the Images view) and the queue and workers
// view, read from /api/images and /api/queue and refreshed while they are shown.
'use strict';

const overview = {
  refreshTimer: null,
  queueTimer: null,
  historyFor: null, // {repo, image, buildId} of the open build page
};

// a build's page: inside the list page an in-page link, elsewhere its permalink
function buildHref(id) {
  return location.pathname === '/' ? '#/builds/' + encodeURIComponent(id) : '/builds/' + encodeURIComponent(id);
}

function permalink(id) {
  return location.origin + '/builds/' + encodeURIComponent(id);
}

function buildLink(build, text) {
  const link = document.createElement('a');
  link.href = buildHref(build.buildId);
  link.textContent = text || ((build.image || 'build') + ' @ ' + (build.commit || '').slice(0, 7));
  link.dataset.buildId = build.buildId;
  return link;
}

function cell(row, label, content, className) {
  const td = document.createElement(row.children.length === 0 ? 'th' : 'td');
  if (td.tagName === 'TH') td.scope = 'row';
  td.dataset.label = label;
  if (className) td.className = className;
  if (content instanceof Node) td.appendChild(content);
  else td.textContent = content == null ? '' : String(content);
  row.appendChild(td);
  return td;
}

function joined(nodes) {
  const span = document.createElement('span');
  nodes.forEach((node, i) => {
    if (i) span.append(', ');
    span.appendChild(node);
  });
  if (!nodes.length) span.textContent = '—';
  return span;
}

// ---- history of one image, on a build's page ----

async function loadHistory(build) {
  overview.historyFor = {repo: build.repo, image: build.image, buildId: build.buildId};
  const box = $('detail-history');
  if (!build.image || !build.repo) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const params = new URLSearchParams({repo: build.repo, image: build.image, limit: '30'});
  const response = await api('/api/images?' + params);
  if (!response.ok) throw new Error('GET /api/images answered ' + response.status);
  const history = (await response.json()).images[0];
  if (!overview.historyFor || overview.historyFor.buildId !== build.buildId) return;
  $('history-title').textContent = 'History of ' + build.image;
  if (!history) {
    $('history-summary').textContent = 'No other build of this image.';
    $('history-chart').replaceChildren();
    return;
  }
  $('history-summary').textContent = successRateText(history) + ' · ' + history.total
    + (history.total === 1 ? ' build' : ' builds') + ' kept'
    + (history.total > history.builds.length ? ', the last ' + history.builds.length + ' drawn' : '');
  $('history-chart').replaceChildren(durationChart(history.builds, buildHref, build.buildId,
    'Durations of the recent builds of ' + build.image));
}

// ---- images ----

async function loadImages() {
  const response = await api('/api/images?limit=30');
  if (!response.ok) throw new Error('GET /api/images answered ' + response.status);
  renderImages((await response.json()).images);
}

function renderImages(histories) {
  const list = $('image-list');
  $('images-empty').hidden = histories.length > 0;
  $('images-count').textContent = '(' + histories.length + ')';
  list.replaceChildren(...histories.map((history) => {
    const card = document.createElement('article');
    card.className = 'panel image-card';
    card.dataset.image = history.image;
    card.dataset.repo = history.repo;
    const title = document.createElement('h3');
    title.textContent = history.image;
    const repo = document.createElement('span');
    repo.className = 'muted';
    repo.textContent = ' ' + (history.repoName || history.repo);
    title.appendChild(repo);
    const rate = document.createElement('p');
    rate.className = 'success-rate';
    rate.textContent = successRateText(history) + ' · ' + history.total + (history.total === 1 ? ' build' : ' builds');
    const latest = document.createElement('p');
    const newest = history.builds[0];
    latest.append('Latest: ', buildLink(Object.assign({image: history.image}, newest)), ' ');
    const badge = document.createElement('span');
    statusBadge(badge, newest.status);
    latest.appendChild(badge);
    card.append(title, rate, durationChart(history.builds, buildHref, null, 'Durations of ' + history.image), latest);
    return card;
  }));
}

// ---- queue and workers ----

async function loadQueue() {
  const response = await api('/api/queue');
  if (!response.ok) throw new Error('GET /api/queue answered ' + response.status);
  renderQueue(await response.json());
}

function renderQueue(queue) {
  $('queue-summary').textContent = queue.queued + ' queued · ' + queue.running + ' running · updated '
    + new Date().toLocaleTimeString();
  const workers = document.querySelector('#workers tbody');
  const rows = [];
  for (const worker of queue.workers) {
    const runs = worker.running.length ? worker.running : [null];
    for (const build of runs) {
      const row = document.createElement('tr');
      row.dataset.worker = worker.worker;
      if (build) row.dataset.buildId = build.buildId;
      cell(row, 'Worker', worker.worker).dataset.col = 'worker';
      cell(row, 'Running', build ? buildLink(build) : 'idle').dataset.col = 'running';
      const started = cell(row, 'Started', build && build.startedAt ? ago(build.startedAt) : '');
      started.dataset.col = 'started';
      cell(row, 'Last ended', worker.lastEnded ? joined([buildLink(worker.lastEnded,
        (worker.lastEnded.image || 'build') + ' ' + worker.lastEnded.status)]) : '—').dataset.col = 'last';
      rows.push(row);
    }
  }
  workers.replaceChildren(...rows);
  $('workers').hidden = rows.length === 0;
  $('workers-empty').hidden = rows.length > 0;

  const byId = new Map();
  queue.images.forEach((image) => image.queued.forEach((build) => byId.set(build.buildId, build)));
  $('partitions-unknown').hidden = queue.partitionsKnown;
  $('partitions').hidden = !queue.partitionsKnown;
  document.querySelector('#partitions tbody').replaceChildren(...queue.partitions.map((partition) => {
    const row = document.createElement('tr');
    row.dataset.partition = String(partition.partition);
    cell(row, 'Partition', partition.partition);
    cell(row, 'Lag', partition.lag == null ? '?' : partition.lag, 'num').dataset.col = 'lag';
    cell(row, 'Queued builds', joined(partition.queued.map((id) => buildLink(byId.get(id) || {buildId: id}))));
    return row;
  }));

  $('queued-empty').hidden = queue.images.length > 0;
  $('queued-images').hidden = queue.images.length === 0;
  document.querySelector('#queued-images tbody').replaceChildren(...queue.images.map((image) => {
    const row = document.createElement('tr');
    cell(row, 'Image', image.image);
    cell(row, 'Repository', image.repoName || image.repo);
    cell(row, 'Queued', image.queued.length, 'num');
    cell(row, 'Builds', joined(image.queued.map((build) => buildLink(build))));
    return row;
  }));
}

// ---- refresh while shown ----

function showOverview(view) {
  clearInterval(overview.queueTimer);
  overview.queueTimer = null;
  if (view === 'images-view') loadImages().catch(report);
  if (view === 'queue-view') {
    loadQueue().catch(report);
    // the lag is sampled on a timer, not by build events: read it again every few seconds
    overview.queueTimer = setInterval(() => loadQueue().catch(report), 5000);
  }
}

// a build changed (from the event stream): refresh what shows it, at most twice a second
function overviewBuildChanged(build) {
  if (overview.refreshTimer) return;
  overview.refreshTimer = setTimeout(() => {
    overview.refreshTimer = null;
    if (!$('images-view').hidden) loadImages().catch(report);
    if (!$('queue-view').hidden) loadQueue().catch(report);
    const open = overview.historyFor;
    if (!$('detail-view').hidden && open && open.image === build.image && open.repo === build.repo) {
      const current = state.builds.get(open.buildId);
      if (current) loadHistory(current).catch(report);
    }
  }, 500);
}
