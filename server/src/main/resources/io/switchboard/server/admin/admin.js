'use strict';
// The admin page: signs in at auth, then calls node (this node's figures) and api (server API methods as
// {method, params}) with "Authorization: token <token>". Every text from the server goes in as textContent.

const TOKEN_KEY = 'switchboard-admin-token';
const REFRESH_MS = 5000;
let token = sessionStorage.getItem(TOKEN_KEY);
let insecure = false;
let refreshTimer = null;
let channels = {};

const $ = (id) => document.getElementById(id);

class Unauthorized extends Error {}

async function adminFetch(path, init = {}) {
  const headers = new Headers(init.headers || {});
  if (token) headers.set('Authorization', `token ${token}`);
  const res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (res.status === 401) {
    signOut('Your session has ended: sign in again.');
    throw new Unauthorized('unauthorized');
  }
  return res;
}

/** Runs a server API method; resolves to its result, rejects with the API error ("102: unknown channel"). */
async function command(method, params = {}) {
  const res = await adminFetch('api', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ method, params }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).trim()}`);
  const body = await res.json();
  if (body.error) throw new Error(`${body.error.code}: ${body.error.message}`);
  return body.result || {};
}

// --- formatting ---------------------------------------------------------------------------------------

function uptime(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

function bytes(n) {
  if (n === undefined || n === null || n < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

const count = (n) => Number(n || 0).toLocaleString('en-US');

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fillRows(tbody, rows, columns, emptyText) {
  tbody.replaceChildren();
  if (rows.length === 0 && emptyText) {
    const tr = document.createElement('tr');
    const td = cell(emptyText, 'empty');
    td.colSpan = columns;
    tr.append(td);
    tbody.append(tr);
    return;
  }
  for (const cells of rows) {
    const tr = document.createElement('tr');
    tr.append(...cells);
    tbody.append(tr);
  }
}

function showResult(el, ok, text) {
  el.textContent = text;
  el.className = `result ${ok ? 'ok' : 'failed'}`;
}

// --- views --------------------------------------------------------------------------------------------

function showSignIn(message = '') {
  stopRefresh();
  $('main-view').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in-view').hidden = false;
  $('sign-in-error').textContent = message;
  $('password').value = '';
  $('password').focus();
}

function showMain() {
  $('sign-in-view').hidden = true;
  $('main-view').hidden = false;
  $('sign-out').hidden = insecure;
  refreshAll();
  stopRefresh();
  refreshTimer = setInterval(refreshAll, REFRESH_MS);
}

function stopRefresh() {
  if (refreshTimer) clearInterval(refreshTimer);
  refreshTimer = null;
}

function signOut(message) {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  showSignIn(message);
}

function refreshAll() {
  refreshNode().catch(reportBackground);
  refreshChannels().catch(reportBackground);
}

function reportBackground(err) {
  if (!(err instanceof Unauthorized)) $('node-updated').textContent = `update failed: ${err.message}`;
}

// --- node ---------------------------------------------------------------------------------------------

async function refreshNode() {
  const res = await adminFetch('node');
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const n = await res.json();
  $('node-name').textContent = `${n.name} · ${n.version}`;
  $('figure-uptime').textContent = uptime(n.uptime);
  $('figure-clients').textContent = count(n.num_clients);
  $('figure-users').textContent = count(n.num_users);
  $('figure-channels').textContent = count(n.num_channels);
  $('figure-subs').textContent = count(n.num_subs);
  fillRows($('protocols-table').tBodies[0], Object.entries(n.protocols).map(([name, p]) => [
    cell(name), cell(count(p.num_clients), 'num'), cell(count(p.num_subs), 'num'),
  ]), 3, 'no protocol');
  const m = n.memory;
  const memory = [
    ['Heap used', bytes(m.heap_used)],
    ['Heap committed', bytes(m.heap_committed)],
    ['Heap limit', bytes(m.heap_max)],
    ['Direct buffers (JDK)', bytes(m.direct_buffers)],
  ];
  if (m.netty_direct !== undefined) memory.push(['Direct memory (Netty)', bytes(m.netty_direct)]);
  if (m.rss !== undefined) memory.push(['Resident set', bytes(m.rss)]);
  fillRows($('memory-table').tBodies[0], memory.map(([k, v]) => {
    const th = document.createElement('th');
    th.textContent = k;
    return [th, cell(v, 'num')];
  }), 2);
  $('node-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  const info = await command('info');
  const nodes = info.nodes || [];
  $('cluster').hidden = nodes.length < 2;
  fillRows($('nodes-table').tBodies[0], nodes.map((x) => [
    cell(x.name), cell(count(x.num_clients), 'num'), cell(count(x.num_users), 'num'),
    cell(count(x.num_channels), 'num'), cell(count(x.num_subs), 'num'), cell(uptime(x.uptime || 0), 'num'),
  ]), 6);
}

// --- channels -----------------------------------------------------------------------------------------

async function refreshChannels() {
  const result = await command('channels');
  channels = result.channels || {};
  renderChannels();
}

function renderChannels() {
  const filter = $('channel-filter').value.trim().toLowerCase();
  const names = Object.keys(channels).sort();
  const shown = names.filter((name) => name.toLowerCase().includes(filter));
  $('channels-empty').hidden = names.length > 0;
  const tbody = $('channels-table').tBodies[0];
  fillRows(tbody, shown.map((name) => [cell(name), cell(count(channels[name].num_clients), 'num')]), 2,
    names.length > 0 ? 'no channel matches the filter' : null);
  shown.forEach((name, i) => {
    const row = tbody.rows[i];
    row.dataset.channel = name;
    row.title = `Show ${name}`;
  });
}

// --- one channel --------------------------------------------------------------------------------------

async function inspect(channel) {
  $('inspect-channel').value = channel;
  $('inspect-error').textContent = '';
  const problems = [];
  try {
    const presence = await command('presence', { channel });
    const members = Object.values(presence.presence || {});
    $('presence-count').textContent = `(${members.length})`;
    fillRows($('presence-table').tBodies[0], members.map((p) => [
      cell(p.client, 'code'), cell(p.user || '(anonymous)'),
      cell(p.conn_info === undefined ? '' : JSON.stringify(p.conn_info), 'code'),
    ]), 3, 'nobody present');
  } catch (err) {
    if (err instanceof Unauthorized) return;
    $('presence-count').textContent = '';
    fillRows($('presence-table').tBodies[0], [], 3, 'not available');
    problems.push(`presence: ${err.message}`);
  }
  try {
    const history = await command('history', { channel, limit: 50, reverse: true });
    const pubs = history.publications || [];
    $('history-position').textContent = history.offset ? `(offset ${history.offset}, epoch ${history.epoch})` : '';
    fillRows($('history-table').tBodies[0], pubs.map((p) => [
      cell(p.offset === undefined ? '' : String(p.offset), 'num'), cell(JSON.stringify(p.data), 'code'),
    ]), 2, 'no publication kept');
  } catch (err) {
    if (err instanceof Unauthorized) return;
    $('history-position').textContent = '';
    fillRows($('history-table').tBodies[0], [], 2, 'not available');
    problems.push(`history: ${err.message}`);
  }
  $('inspect-error').textContent = problems.join('; ');
}

// --- actions ------------------------------------------------------------------------------------------

async function publish() {
  const channel = $('publish-channel').value.trim();
  let data;
  try {
    data = JSON.parse($('publish-data').value);
  } catch (err) {
    showResult($('publish-result'), false, `The data is not JSON: ${err.message}`);
    return;
  }
  try {
    const r = await command('publish', { channel, data });
    const where = r.offset ? ` at offset ${r.offset}` : '';
    showResult($('publish-result'), true, `Published to ${channel}${where}.`);
    refreshChannels().catch(reportBackground);
  } catch (err) {
    if (!(err instanceof Unauthorized)) showResult($('publish-result'), false, `Not published: ${err.message}`);
  }
}

async function disconnectUser() {
  const user = $('disconnect-user').value.trim();
  if (!window.confirm(`Disconnect every connection of user "${user}"?`)) return;
  try {
    await command('disconnect', { user });
    showResult($('disconnect-result'), true, `Disconnected user ${user}.`);
    refreshAll();
  } catch (err) {
    if (!(err instanceof Unauthorized)) showResult($('disconnect-result'), false, `Not disconnected: ${err.message}`);
  }
}

async function signIn() {
  const form = new FormData();
  form.append('password', $('password').value);
  $('sign-in').disabled = true;
  try {
    const res = await fetch('auth', { method: 'POST', body: form, headers: { Accept: 'application/json' } });
    if (!res.ok) {
      $('sign-in-error').textContent = res.status === 401 ? 'Wrong password.' : `Sign-in failed (HTTP ${res.status}).`;
      $('password').select();
      return;
    }
    token = (await res.json()).token;
    sessionStorage.setItem(TOKEN_KEY, token);
    showMain();
  } catch (err) {
    $('sign-in-error').textContent = `Cannot reach the server: ${err.message}`;
  } finally {
    $('sign-in').disabled = false;
  }
}

function onSubmit(id, action) {
  $(id).addEventListener('submit', (e) => {
    e.preventDefault();
    action();
  });
}

async function start() {
  onSubmit('sign-in-form', signIn);
  onSubmit('publish-form', publish);
  onSubmit('disconnect-form', disconnectUser);
  onSubmit('inspect-form', () => inspect($('inspect-channel').value.trim()));
  $('sign-out').addEventListener('click', () => signOut(''));
  $('node-refresh').addEventListener('click', () => refreshNode().catch(reportBackground));
  $('channels-refresh').addEventListener('click', () => refreshChannels().catch(reportBackground));
  $('channel-filter').addEventListener('input', renderChannels);
  $('channels-table').tBodies[0].addEventListener('click', (e) => {
    const row = e.target.closest('tr');
    if (row && row.dataset.channel) inspect(row.dataset.channel);
  });
  try {
    const headers = token ? { Authorization: `token ${token}` } : {};
    const init = await (await fetch('init', { headers })).json();
    insecure = Boolean(init.insecure);
    if (init.authenticated) showMain();
    else signOut('');
  } catch (err) {
    showSignIn(`Cannot reach the server: ${err.message}`);
  }
}

start();
