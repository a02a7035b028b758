// SockJS at the wire (/connection/sockjs): /info, the o, a, h and c frames on each HTTP transport and the framed
// WebSocket, and bad input answered as the SockJS protocol documents (sockjs-protocol 0.3.3).

import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import WebSocket from 'ws';
import { waitFor } from '../../lib/wait.mjs';
import { useV1Server, v1Config } from '../lib/v1.mjs';

const ORIGIN = 'http://app.test';
const ctx = useV1Server(v1Config((c) => {
  c.client.allowed_origins = [ORIGIN];
  c.sockjs = { enabled: true, heartbeat_delay: '3s', disconnect_delay: '1s' };
  return c;
}));
const base = () => `http://127.0.0.1:${ctx.server.port}/connection/sockjs`;
const session = () => `${base()}/000/${randomUUID()}`;
const NOT_CACHED = 'no-store, no-cache, no-transform, must-revalidate, max-age=0';
const BAD_REQUEST = 'c[3501,"{\\"reason\\":\\"bad request\\",\\"reconnect\\":false}"]';

async function post(url, body = '', headers = {}) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** A long response read as it comes: .text grows, .ended says the server ended it. */
function streaming(url, method = 'POST') {
  const s = { text: '', ended: false, status: 0, headers: {} };
  s.req = http.request(url, { method }, (res) => {
    s.status = res.statusCode;
    s.headers = res.headers;
    res.setEncoding('utf8');
    res.on('data', (d) => { s.text += d; });
    res.on('end', () => { s.ended = true; });
    res.on('error', () => { s.ended = true; });
  });
  s.req.on('error', () => { s.ended = true; });
  s.req.end();
  s.until = (pred, what) => waitFor(() => pred(s.text), 5000, () => `${what}; got ${JSON.stringify(s.text.slice(-300))}`);
  ctx.open.push({ close: () => s.req.destroy() });
  return s;
}

const connect = () => ({ id: 1, params: { token: ctx.token('raw-sockjs') } });

/** Sends a v1 command list on xhr_send and expects the 204. */
async function send(url, ...commands) {
  const r = await post(`${url}/xhr_send`, JSON.stringify(commands.map((c) => JSON.stringify(c))));
  assert.equal(r.status, 204, r.body);
}

test('info says websocket, origins, cookie_needed and fresh entropy, with CORS for an allowed origin', async () => {
  const res = await fetch(`${base()}/info`, { headers: { Origin: ORIGIN } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type').replace(/ /g, ''), 'application/json;charset=UTF-8');
  assert.equal(res.headers.get('cache-control'), NOT_CACHED);
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  const info = await res.json();
  assert.equal(info.websocket, true);
  assert.deepEqual(info.origins, ['*:*']);
  assert.equal(info.cookie_needed, false);
  assert.ok(Number.isInteger(info.entropy) && info.entropy >= 0 && info.entropy < 2 ** 32);
  const again = await (await fetch(`${base()}/info`)).json();
  assert.notEqual(again.entropy, info.entropy);

  const pre = await fetch(`${base()}/000/abc/xhr`, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Headers': 'a, b' } });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  assert.equal(pre.headers.get('access-control-allow-headers'), 'a, b');
  assert.match(pre.headers.get('cache-control'), /public, max-age=31536000/);
  assert.ok(Number(pre.headers.get('access-control-max-age')) > 1_000_000);

  const greeting = await fetch(`${base()}/`);
  assert.equal(await greeting.text(), 'Welcome to SockJS!\n');

  const iframe = await fetch(`${base()}/iframe-1.6.1.html`);
  assert.equal(iframe.status, 200);
  assert.match(await iframe.text(), /<script src="https:\/\/[^"]+sockjs[^"]*"><\/script>[\s\S]*SockJS\.bootstrap_iframe\(\);/);
  const etag = iframe.headers.get('etag');
  assert.ok(etag);
  const cached = await fetch(`${base()}/iframe.html`, { headers: { 'If-None-Match': etag } });
  assert.equal(cached.status, 304);
  assert.equal((await fetch(`${base()}/iframe.htm`)).status, 404);
});

test('an origin outside client.allowed_origins is refused on every SockJS path', async () => {
  for (const path of ['/info', '/000/abc/xhr']) {
    const res = await fetch(`${base()}${path}`, { method: path === '/info' ? 'GET' : 'POST', headers: { Origin: 'http://evil.test' } });
    assert.equal(res.status, 403, path);
  }
});

test('xhr polling: o, then the connect reply as an a frame, and the documented 500s and 404 for bad input', async () => {
  const url = session();
  const open = await post(`${url}/xhr`);
  assert.equal(open.body, 'o\n');
  assert.equal(open.headers.get('content-type').replace(/ /g, ''), 'application/javascript;charset=UTF-8');
  await send(url, connect());
  const reply = await post(`${url}/xhr`);
  assert.match(reply.body, /^a\["\{\\"id\\":1,\\"result\\":\{\\"client\\":\\"[^\\]+\\",/);
  assert.ok(reply.body.endsWith('"]\n'));

  const broken = await post(`${url}/xhr_send`, '["x');
  assert.equal(broken.status, 500);
  assert.equal(broken.body, 'Broken JSON encoding.');
  const notStrings = await post(`${url}/xhr_send`, '[{"id":2}]');
  assert.equal(notStrings.status, 500);
  assert.equal(notStrings.body, 'Broken JSON encoding.');
  const empty = await post(`${url}/xhr_send`, '');
  assert.equal(empty.status, 500);
  assert.equal(empty.body, 'Payload expected.');
  const unknown = await post(`${base()}/000/${randomUUID()}/xhr_send`, '["x"]');
  assert.equal(unknown.status, 404);

  // nothing broke: the session still answers a v1 ping
  await send(url, { id: 2, method: 7 });
  assert.equal((await post(`${url}/xhr`)).body, 'a["{\\"id\\":2}"]\n');
});

test('a second receiving request while one is held gets c[2010] and the other keeps the session', async () => {
  const url = session();
  assert.equal((await post(`${url}/xhr`)).body, 'o\n');
  // two polls on two connections: whichever reaches the server second is refused, the first is held
  const polls = [streaming(`${url}/xhr`), streaming(`${url}/xhr`)];
  const refused = await waitFor(() => polls.find((p) => p.ended), 5000, 'one poll refused');
  assert.equal(refused.text, 'c[2010,"Another connection still open"]\n');
  const held = polls.find((p) => p !== refused);
  assert.equal(held.ended, false);
  await send(url, connect());
  await held.until((t) => t.startsWith('a['), 'the reply on the held poll');
  assert.match(held.text, /^a\["\{\\"id\\":1,\\"result\\"/);
});

test('xhr_streaming: the 2048-byte h prelude, o, a frames, heartbeats, and c[3501] for a broken command', async () => {
  const url = session();
  const s = streaming(`${url}/xhr_streaming`);
  await s.until((t) => t.length >= 2051, 'the prelude and o');
  assert.equal(s.text.slice(0, 2051), `${'h'.repeat(2048)}\no\n`);
  assert.equal(s.headers['cache-control'], NOT_CACHED);
  await send(url, connect());
  await s.until((t) => t.includes('a["{\\"id\\":1,'), 'the connect reply');
  await s.until((t) => t.endsWith('h\n') && t.length > 2051 + 10, 'a heartbeat');

  // a v2-shaped command on this v1 session is a bad request: the close frame, then the stream ends
  await send(url, { id: 2, connect: {} });
  await s.until((t) => t.endsWith(`${BAD_REQUEST}\n`), 'the close frame');
  await waitFor(() => s.ended, 5000, 'the end of the stream');
  assert.equal((await post(`${url}/xhr`)).body, `${BAD_REQUEST}\n`, 'later requests hear the close frame too');
});

test('eventsource, htmlfile and jsonp carry the same frames in their own framing', async () => {
  const es = streaming(`${session()}/eventsource`, 'GET');
  await es.until((t) => t.includes('data: o\r\n\r\n'), 'the eventsource open');
  assert.equal(es.text, '\r\ndata: o\r\n\r\n');
  assert.match(es.headers['content-type'], /^text\/event-stream/);

  const hf = streaming(`${session()}/htmlfile?c=cb`, 'GET');
  await hf.until((t) => t.includes('<script>\np("o");\n</script>\r\n'), 'the htmlfile open');
  assert.match(hf.text, /var c = parent\.cb;/);
  assert.ok(hf.text.indexOf('<script>\np("o")') > 1024, 'the prelude is over a kilobyte');

  const url = session();
  const jsonp = await fetch(`${url}/jsonp?c=cb`);
  assert.equal(await jsonp.text(), '/**/cb("o");\r\n');
  const form = `d=${encodeURIComponent(JSON.stringify([JSON.stringify(connect())]))}`;
  const sent = await post(`${url}/jsonp_send`, form, { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(sent.status, 200);
  assert.equal(sent.body, 'ok');
  const reply = await (await fetch(`${url}/jsonp?c=cb`)).text();
  assert.match(reply, /^\/\*\*\/cb\("a\[\\"\{\\\\\\"id\\\\\\":1,/);
  const noCallback = await fetch(`${url}/jsonp`);
  assert.equal(noCallback.status, 500);
  assert.equal(await noCallback.text(), '"callback" parameter required');
  const badCallback = await fetch(`${url}/jsonp?c=a(b`);
  assert.equal(await badCallback.text(), 'invalid "callback" parameter');
  const badForm = await post(`${url}/jsonp_send`, 'p=p', { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(badForm.body, 'Payload expected.');
});

test('a session without a receiving request for the disconnect delay is gone', async () => {
  const url = session();
  assert.equal((await post(`${url}/xhr`)).body, 'o\n');
  await waitFor(async () => (await post(`${url}/xhr_send`, '[]')).status === 404, 5000, 'the session to time out');
});

test('the framed WebSocket: o, a frames, and broken JSON drops the connection', async () => {
  const url = `ws://127.0.0.1:${ctx.server.port}/connection/sockjs/000/${randomUUID()}/websocket`;
  const ws = new WebSocket(url);
  const got = [];
  let closed = null;
  ws.on('message', (d) => got.push(d.toString('utf8')));
  ws.on('close', (code) => { closed = code; });
  ws.on('error', () => {});
  ctx.open.push({ close: () => ws.terminate() });
  await waitFor(() => got.length === 1, 5000, 'the open frame');
  assert.equal(got[0], 'o');
  ws.send(JSON.stringify([JSON.stringify(connect())]));
  await waitFor(() => got.length === 2, 5000, 'the connect reply');
  assert.match(got[1], /^a\["\{\\"id\\":1,\\"result\\"/);
  ws.send('["x');
  await waitFor(() => closed !== null, 5000, 'the dropped connection');
  assert.equal(closed, 1006, 'dropped without a close frame');
});
