// Unidirectional transports read with the plain tools a user would use: fetch on the HTTP stream, an
// EventSource on SSE, a raw WebSocket on uni_websocket. Pushes are bare Push objects.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, test } from 'node:test';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import { defaultConfig, HMAC_SECRET } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { startServer } from '../lib/server.mjs';
import { waitFor } from '../lib/wait.mjs';

const config = defaultConfig((c) => ({
  ...c,
  uni_http_stream: { enabled: true },
  uni_sse: { enabled: true },
  uni_websocket: { enabled: true },
}));
let server;
let closers = [];

before(async () => {
  server = await startServer(config);
});

after(async () => {
  if (server) await server.stop();
});

afterEach(() => {
  for (const close of closers) close();
  closers = [];
});

const base = () => `http://127.0.0.1:${server.port}`;

/** Reads newline-delimited JSON pushes from a fetch response body into an array as they arrive. */
async function openHttpStream(connectRequest) {
  const abort = new AbortController();
  const res = await fetch(`${base()}/connection/uni_http_stream`, {
    method: 'POST', body: JSON.stringify(connectRequest), signal: abort.signal,
  });
  assert.equal(res.status, 200);
  const pushes = [];
  const state = { ended: false };
  closers.push(() => abort.abort());
  (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body) {
        buffered += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim()) pushes.push(JSON.parse(line));
        }
      }
    } catch {
      // aborted
    }
    state.ended = true;
  })();
  return { pushes, state };
}

const pubs = (pushes, channel) => pushes.filter((p) => p.channel === channel && p.pub).map((p) => p.pub);

async function clientCount() {
  const info = await server.api('info', {});
  return info.result.nodes[0].num_clients;
}

test('fetch reads the uni HTTP stream: connect push, publications, then the disconnect push and the end', async () => {
  const { pushes, state } = await openHttpStream({ token: connectionToken(HMAC_SECRET, 'uni-fetch'), subs: { 'uni-a': {} } });
  await waitFor(() => pushes.length >= 1, 10_000, 'connect push');
  assert.ok(pushes[0].connect.client, JSON.stringify(pushes[0]));
  assert.ok(pushes[0].connect.subs['uni-a'], 'the subs channel is subscribed server-side');
  await server.api('publish', { channel: 'uni-a', data: { n: 1 } });
  await waitFor(() => pubs(pushes, 'uni-a').length === 1, 10_000, 'the publication');
  assert.deepEqual(pubs(pushes, 'uni-a')[0].data, { n: 1 });
  await server.api('disconnect', { user: 'uni-fetch', disconnect: { code: 4000, reason: 'bye' } });
  await waitFor(() => state.ended, 10_000, 'the stream to end');
  assert.deepEqual(pushes.at(-1), { disconnect: { code: 4000, reason: 'bye', reconnect: true } });
});

test('a uni HTTP stream recovers what was published since the position given in subs', async () => {
  const first = await openHttpStream({ token: connectionToken(HMAC_SECRET, 'uni-rec'), subs: { 'uni-rec': {} } });
  await waitFor(() => first.pushes.length >= 1, 10_000, 'connect push');
  const sub = first.pushes[0].connect.subs['uni-rec'];
  assert.equal(sub.recoverable, true);
  for (let n = 1; n <= 2; n++) await server.api('publish', { channel: 'uni-rec', data: { n } });
  await waitFor(() => pubs(first.pushes, 'uni-rec').length === 2, 10_000, 'publications 1..2');
  const last = pubs(first.pushes, 'uni-rec').at(-1).offset;
  closers.pop()();
  for (let n = 3; n <= 5; n++) await server.api('publish', { channel: 'uni-rec', data: { n } });
  const again = await openHttpStream({
    token: connectionToken(HMAC_SECRET, 'uni-rec'),
    subs: { 'uni-rec': { recover: true, offset: last, epoch: sub.epoch } },
  });
  await waitFor(() => again.pushes.length >= 1, 10_000, 'connect push');
  const recovered = again.pushes[0].connect.subs['uni-rec'];
  assert.equal(recovered.recovered, true, JSON.stringify(recovered));
  assert.deepEqual(recovered.publications.map((p) => p.data.n), [3, 4, 5]);
  await server.api('publish', { channel: 'uni-rec', data: { n: 6 } });
  await waitFor(() => pubs(again.pushes, 'uni-rec').length === 1, 10_000, 'the live publication');
  assert.equal(pubs(again.pushes, 'uni-rec')[0].data.n, 6);
});

test('an EventSource reads the uni SSE stream with the connect request in the URL', async () => {
  const connect = encodeURIComponent(JSON.stringify({ token: connectionToken(HMAC_SECRET, 'uni-sse'), subs: { 'uni-sse': {} } }));
  const es = new EventSource(`${base()}/connection/uni_sse?cf_connect=${connect}`);
  closers.push(() => es.close());
  const pushes = [];
  es.onmessage = (e) => pushes.push(JSON.parse(e.data));
  await waitFor(() => pushes.length >= 1, 10_000, 'connect push');
  assert.ok(pushes[0].connect.client);
  await server.api('publish', { channel: 'uni-sse', data: { over: 'sse' } });
  await waitFor(() => pubs(pushes, 'uni-sse').length === 1, 10_000, 'the publication');
  assert.deepEqual(pubs(pushes, 'uni-sse')[0].data, { over: 'sse' });
});

test('a raw WebSocket on uni_websocket sends its connect request first, then only receives', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/connection/uni_websocket`);
  closers.push(() => ws.terminate());
  const messages = [];
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  ws.send(JSON.stringify({ token: connectionToken(HMAC_SECRET, 'uni-ws'), subs: { 'uni-ws': {} } }));
  await waitFor(() => messages.length >= 1, 10_000, 'connect push');
  assert.ok(messages[0].connect.client);
  await server.api('publish', { channel: 'uni-ws', data: { n: 1 } });
  await waitFor(() => pubs(messages, 'uni-ws').length === 1, 10_000, 'the publication');
  await server.api('disconnect', { user: 'uni-ws', disconnect: { code: 4001, reason: 'go' } });
  assert.equal(await closed, 4001);
});

test('bad unidirectional requests get clear HTTP errors and leave no session behind', async () => {
  const notJson = await fetch(`${base()}/connection/uni_http_stream`, { method: 'POST', body: 'nope' });
  assert.equal(notJson.status, 400);
  const raw = await new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => {
      s.write('GET /connection/uni_sse?cf_connect=%7B%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.1 400/);
  // Without http_stream and sse there is no /emulation at all: the router's 404, not the handler's 400.
  const noEmulation = await fetch(`${base()}/emulation`, { method: 'POST', body: '{"session":' });
  assert.equal(noEmulation.status, 404);
  for (const close of closers) close();
  closers = [];
  await waitFor(async () => (await clientCount()) === 0, 10_000, 'no client left on the server');
});
