// Buildline dashboard: the build list from /api/builds, kept live by /api/stream (Server-Sent Events read with fetch,
// so the API token travels in the Authorization header), and a detail view that follows the build's log.
'use strict';

const TOKEN_KEY = 'buildline.apiToken';
const PAGE_SIZE = 50;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'superseded', 'skipped']);

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  builds: new Map(),          // buildId -> build as the API shows it
  rows: new Map(),            // buildId -> <tr>
  total: null,                // how many builds match the filters on the server
  loaded: 0,                  // how many of those the list has asked for
  filters: {status: '', image: '', repo: ''},
  detailId: null,
  logAbort: null,
  cancelRequested: new Set(),
  started: false,
  streaming: false,
};

const $ = (id) => document.getElementById(id);

class Unauthorized extends Error {}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(path, Object.assign({}, options, {headers}));
  if (response.status === 401) {
    const body = await response.json().catch(() => ({}));
    askForToken(state.token ? 'That token was not accepted: ' + (body.error || 'unauthorized') : '');
    throw new Unauthorized(body.error || 'unauthorized');
  }
  return response;
}

// ---- token ----

function askForToken(message) {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $('token-error').textContent = message;
  show('token-view');
  $('forget-token').hidden = true;
  $('token-input').focus();
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = $('token-input').value.trim();
  sessionStorage.setItem(TOKEN_KEY, state.token);
  $('token-input').value = '';
  $('forget-token').hidden = false;
  start();
});

$('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
});

// ---- formatting ----

function shortRef(ref) {
  return (ref || '').replace(/^refs\/(heads|tags)\//, '');
}

function repoLabel(build) {
  return build.repoName || build.repo || '';
}

function duration(build) {
  let ms = build.durationMs;
  if (ms == null && build.startedAt && !TERMINAL.has(build.status)) ms = Date.now() - Date.parse(build.startedAt);
  if (ms == null) return '';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return seconds + ' s';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes + ' min ' + (seconds % 60) + ' s';
  return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

function ago(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
  return new Date(iso).toLocaleString();
}

function shellQuote(arg) {
  return /^[A-Za-z0-9_\/.:=@%+,-]+$/.test(arg) ? arg : "'" + arg.replace(/'/g, "'\\''") + "'";
}

function sortKey(build) {
  return Date.parse(build.startedAt || build.updatedAt || 0) || 0;
}

function matches(build) {
  const f = state.filters;
  return (!f.status || build.status === f.status)
    && (!f.image || build.image === f.image)
    && (!f.repo || build.repo === f.repo || build.repoName === f.repo);
}

function statusBadge(element, status) {
  element.textContent = status;
  element.className = 'status status-' + status;
}

// ---- list ----

function setCell(row, name, text, title) {
  const cell = row.querySelector('[data-col="' + name + '"]');
  if (cell.firstElementChild && name !== 'status') {
    cell.firstElementChild.textContent = text;
    if (title !== undefined) cell.firstElementChild.title = title;
  } else if (name !== 'status') {
    cell.textContent = text;
  }
}

function newRow(build) {
  const row = document.createElement('tr');
  row.dataset.buildId = build.buildId;
  const cols = [['image', 'Image'], ['repo', 'Repository'], ['ref', 'Ref'], ['commit', 'Commit'],
    ['status', 'Status'], ['attempt', 'Attempt'], ['duration', 'Duration'], ['started', 'Started']];
  for (const [name, label] of cols) {
    const cell = document.createElement(name === 'image' ? 'th' : 'td');
    if (name === 'image') cell.scope = 'row';
    cell.dataset.col = name;
    cell.dataset.label = label;
    if (name === 'attempt' || name === 'duration') cell.className = 'num';
    if (name === 'image') {
      const link = document.createElement('a');
      link.href = buildHref(build.buildId);
      cell.appendChild(link);
    } else if (name === 'commit') {
      cell.appendChild(document.createElement('code'));
    } else if (name === 'status') {
      cell.appendChild(document.createElement('span'));
    } else if (name === 'started') {
      cell.appendChild(document.createElement('time'));
    }
    row.appendChild(cell);
  }
  return row;
}

function fillRow(row, build) {
  setCell(row, 'image', build.image || '(unknown image)');
  row.querySelector('[data-col="image"] a').setAttribute('aria-label',
    (build.image || 'build') + ' at ' + (build.commit || '').slice(0, 7) + ', ' + build.status + ', open details');
  setCell(row, 'repo', repoLabel(build));
  setCell(row, 'ref', shortRef(build.ref));
  setCell(row, 'commit', (build.commit || '').slice(0, 7), build.commit || '');
  statusBadge(row.querySelector('[data-col="status"] span'), build.status);
  setCell(row, 'attempt', String(build.attempt || 1));
  setCell(row, 'duration', duration(build));
  const time = row.querySelector('[data-col="started"] time');
  const started = build.startedAt || build.updatedAt;
  time.dateTime = started || '';
  time.textContent = build.startedAt ? ago(build.startedAt) : (build.status === 'queued' ? 'queued ' + ago(started) : '');
  time.title = started ? new Date(started).toLocaleString() : '';
}

function renderList() {
  const body = document.querySelector('#builds tbody');
  const shown = [...state.builds.values()].filter(matches).sort((a, b) => sortKey(b) - sortKey(a));
  const wanted = new Set(shown.map((b) => b.buildId));
  for (const [id, row] of state.rows) {
    if (!wanted.has(id)) {
      row.remove();
      state.rows.delete(id);
    }
  }
  let previous = null;
  for (const build of shown) {
    let row = state.rows.get(build.buildId);
    if (!row) {
      row = newRow(build);
      state.rows.set(build.buildId, row);
    }
    fillRow(row, build);
    const expected = previous ? previous.nextSibling : body.firstChild;
    if (expected !== row) body.insertBefore(row, expected);
    previous = row;
  }
  const anyFilter = Object.values(state.filters).some((v) => v);
  $('builds').hidden = shown.length === 0;
  $('empty').hidden = !(state.builds.size === 0 && !anyFilter && state.total === 0);
  $('no-match').hidden = !(shown.length === 0 && (anyFilter || state.builds.size > 0));
  $('count').textContent = state.total == null ? '' : '(' + Math.max(state.total, shown.length) + ')';
  $('more').hidden = state.total == null || state.loaded >= state.total;
}

function upsert(build) {
  state.builds.set(build.buildId, build);
}

async function loadPage(reset) {
  if (reset) state.loaded = 0;
  const params = new URLSearchParams({limit: String(PAGE_SIZE), offset: String(state.loaded)});
  for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
  const response = await api('/api/builds?' + params);
  if (!response.ok) throw new Error('GET /api/builds answered ' + response.status);
  const page = await response.json();
  page.builds.forEach(upsert);
  state.total = page.total;
  state.loaded += page.builds.length;
  renderList();
}

let filterTimer = null;
$('filters').addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    state.filters = {
      status: $('filter-status').value,
      image: $('filter-image').value.trim(),
      repo: $('filter-repo').value.trim(),
    };
    renderList();
    loadPage(true).catch(report);
  }, 250);
});
$('filters').addEventListener('submit', (event) => event.preventDefault());
$('more').addEventListener('click', () => loadPage(false).catch(report));

// ---- live stream ----

async function followStream() {
  for (;;) {
    try {
      const response = await api('/api/stream', {headers: {Accept: 'text/event-stream'}});
      if (!response.ok || !response.body) throw new Error('GET /api/stream answered ' + response.status);
      setConnection('live', true);
      // the list is read after the stream is open, so no change falls between the two
      await loadPage(true);
      await readEvents(response.body, (name, data) => {
        if (name !== 'build') return;
        const build = JSON.parse(data);
        upsert(build);
        renderList();
        if (state.detailId === build.buildId) renderDetail(state.builds.get(build.buildId));
        overviewBuildChanged(build);
      });
    } catch (error) {
      if (error instanceof Unauthorized) {
        state.streaming = false;
        return;
      }
      console.warn('event stream:', error);
    }
    setConnection('reconnecting…', false);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}

function setConnection(text, live) {
  const element = $('connection');
  element.textContent = text;
  element.classList.toggle('live', live);
}

// ---- detail ----

function renderDetail(build) {
  $('detail-title').textContent = (build.image || 'build') + ' @ ' + (build.commit || '').slice(0, 7);
  statusBadge($('detail-status'), build.status);
  $('detail-repo').textContent = build.repo + (build.repoName && build.repoName !== build.repo ? ' (' + build.repoName + ')' : '');
  $('detail-ref').textContent = shortRef(build.ref);
  $('detail-commit').textContent = build.commit || '';
  $('detail-tags').textContent = (build.tags || []).join(', ') || '—';
  $('detail-digest').textContent = build.digest || (build.status === 'succeeded' ? 'not pushed' : '—');
  $('detail-attempt').textContent = String(build.attempt || 1);
  $('detail-started').textContent = build.startedAt ? new Date(build.startedAt).toLocaleString() : 'not yet';
  $('detail-duration').textContent = duration(build) || '—';
  $('detail-id').textContent = build.buildId;
  $('detail-worker').textContent = build.worker || (build.status === 'queued' ? 'not started yet' : '—');
  $('permalink').href = '/builds/' + encodeURIComponent(build.buildId);
  $('permalink').textContent = permalink(build.buildId);
  $('detail-command').textContent = build.command ? build.command.map(shellQuote).join(' ')
    : 'not planned yet: a worker fills this in when it starts the build';
  $('detail-error-box').hidden = !build.error;
  $('detail-error').textContent = build.error || '';
  const cancellable = !TERMINAL.has(build.status);
  $('cancel').hidden = !cancellable;
  $('cancel').disabled = state.cancelRequested.has(build.buildId);
  if (!cancellable) $('cancel-note').textContent = '';
}

async function openDetail(id) {
  state.detailId = id;
  show('detail-view');
  $('cancel-note').textContent = state.cancelRequested.has(id) ? 'Cancel requested; waiting for the worker.' : '';
  $('detail-log').textContent = '';
  const response = await api('/api/builds/' + encodeURIComponent(id));
  if (response.status === 404) {
    $('detail-title').textContent = 'No build ' + id;
    $('detail-status').textContent = '';
    return;
  }
  const build = await response.json();
  upsert(build);
  renderDetail(build);
  $('detail-title').focus();
  followLog(id, build);
  loadHistory(build).catch(report);
}

async function followLog(id, build) {
  if (state.logAbort) state.logAbort.abort();
  const abort = new AbortController();
  state.logAbort = abort;
  const log = $('detail-log');
  const follow = !TERMINAL.has(build.status);
  $('log-state').textContent = follow ? '(following)' : '';
  try {
    const response = await api('/api/builds/' + encodeURIComponent(id) + '/logs' + (follow ? '?follow=true' : ''),
      {signal: abort.signal});
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    log.textContent = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      log.append(value);
      if (atBottom) log.scrollTop = log.scrollHeight;
    }
    if (follow && state.detailId === id) {
      // the follow ends with the build: read the whole log once more, in case lines raced the end
      const full = await api('/api/builds/' + encodeURIComponent(id) + '/logs', {signal: abort.signal});
      log.textContent = await full.text();
    }
    if (!log.textContent) log.textContent = '(no output)';
    $('log-state').textContent = '';
  } catch (error) {
    if (error.name !== 'AbortError' && !(error instanceof Unauthorized)) $('log-state').textContent = '(' + error.message + ')';
  }
}

$('cancel').addEventListener('click', async () => {
  const id = state.detailId;
  $('cancel').disabled = true;
  try {
    // writes under /api take JSON only (a cross-site form cannot send it without the server's consent)
    const response = await api('/api/builds/' + encodeURIComponent(id) + '/cancel',
      {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'});
    const body = await response.json().catch(() => ({}));
    if (response.status === 202) {
      state.cancelRequested.add(id);
      $('cancel-note').textContent = 'Cancel requested; waiting for the worker.';
    } else {
      $('cancel').disabled = false;
      $('cancel-note').textContent = body.error || ('cancel answered ' + response.status);
    }
  } catch (error) {
    $('cancel').disabled = false;
    if (!(error instanceof Unauthorized)) $('cancel-note').textContent = error.message;
  }
});

// ---- routing ----

function show(view) {
  for (const id of ['token-view', 'list-view', 'detail-view', 'images-view', 'queue-view']) $(id).hidden = id !== view;
  document.querySelectorAll('nav.views a').forEach((link) => {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  showOverview(view);
}

// a view from the URL: the hash when it names one, else the path (/builds/{id} is a build's permalink)
function currentRoute() {
  const hash = location.hash;
  const build = hash.match(/^#\/builds\/(.+)$/) || (!hash.startsWith('#/') && location.pathname.match(/^\/builds\/([^/]+)$/));
  if (build) return {view: 'detail-view', id: decodeURIComponent(build[1])};
  if (hash === '#/images') return {view: 'images-view'};
  if (hash === '#/queue') return {view: 'queue-view'};
  return {view: 'list-view'};
}

function route() {
  if (!state.started) return;
  const target = currentRoute();
  if (target.view === 'detail-view') {
    openDetail(target.id).catch(report);
    return;
  }
  state.detailId = null;
  overview.historyFor = null;
  if (state.logAbort) state.logAbort.abort();
  show(target.view);
}

window.addEventListener('hashchange', route);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && state.detailId) location.hash = '#/';
});

function report(error) {
  if (!(error instanceof Unauthorized)) {
    console.error(error);
    setConnection(error.message, false);
  }
}

// durations of running builds and "x min ago" move on by themselves
setInterval(() => {
  for (const [id, row] of state.rows) fillRow(row, state.builds.get(id));
  const open = state.detailId && state.builds.get(state.detailId);
  if (open) $('detail-duration').textContent = duration(open) || '—';
}, 1000);

function fillExamples() {
  const origin = location.origin;
  document.querySelectorAll('.origin-url').forEach((el) => { el.textContent = origin + '/webhooks/github'; });
  $('curl-example').textContent = [
    "body='{\"ref\":\"refs/heads/main\",\"after\":\"<commit sha>\",",
    "  \"repository\":{\"full_name\":\"you/app\",\"clone_url\":\"<repository URL>\"}}'",
    "sig=$(printf '%s' \"$body\" | openssl dgst -sha256 -hmac \"$BUILDLINE_WEBHOOK_SECRET\" | sed 's/^.* //')",
    'curl -X POST ' + origin + '/webhooks/github \\',
    "  -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' \\",
    '  -H "X-GitHub-Delivery: $(cat /proc/sys/kernel/random/uuid)" \\',
    '  -H "X-Hub-Signature-256: sha256=$sig" -d "$body"',
  ].join('\n');
}

function start() {
  state.started = true;
  $('forget-token').hidden = !state.token;
  route();
  if (!state.streaming) {
    state.streaming = true;
    followStream();
  }
}

fillExamples();
start();
