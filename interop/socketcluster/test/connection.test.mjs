// Connecting with socketcluster-client 20.x (protocol v2) to `serve --dev`: the handshake, pings, and the
// frames the client never sends (at the wire, with a raw `ws` socket).

import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { RawSocket, connectStatus, useScServer } from '../lib/harness.mjs';

const ctx = useScServer();

ctx.test('socketcluster-client 20.x connects and gets the handshake reply (id, pingTimeout, not authenticated)', async () => {
  const socket = ctx.client();
  const status = await connectStatus(socket);
  assert.equal(socket.state, 'open');
  assert.equal(typeof status.id, 'string');
  assert.ok(status.id.length > 0, JSON.stringify(status));
  assert.equal(socket.id, status.id);
  assert.equal(typeof status.pingTimeout, 'number');
  assert.ok(status.pingTimeout > 0, JSON.stringify(status));
  assert.equal(status.isAuthenticated, false);
  assert.equal(status.authError, undefined, 'no authError without a token');
  assert.equal(socket.authState, 'unauthenticated');
  const reply = socket.frames.find((p) => p && p.rid === 1);
  assert.ok(reply, `the #handshake (cid 1) is answered with rid 1: ${JSON.stringify(socket.frames)}`);
  assert.deepEqual(Object.keys(reply.data).sort(), ['id', 'isAuthenticated', 'pingTimeout']);
});

ctx.test('two clients get different socket ids', async () => {
  const [, a] = await ctx.connected();
  const [, b] = await ctx.connected();
  assert.notEqual(a.id, b.id);
});

ctx.test('at the wire: #handshake {authToken: null} gets {rid, data}; the server pings with "" before pingTimeout and takes "" as the pong', { timeout: 60_000 }, async () => {
  const raw = await ctx.raw();
  const reply = await raw.invoke('#handshake', { authToken: null });
  assert.equal(reply.rid, 1);
  assert.equal(reply.data.isAuthenticated, false);
  const pingTimeout = reply.data.pingTimeout;
  const start = Date.now();
  await raw.waitFor((p) => p === '', 'a v2 ping (an empty string)', pingTimeout);
  assert.ok(Date.now() - start < pingTimeout);
  assert.ok(!raw.received.includes('#1'), 'no v1 ping on a v2 endpoint');
  // answered by autoPong: an RPC afterwards is still served on the same socket
  const sub = await raw.invoke('#subscribe', { channel: 'after-ping' });
  assert.deepEqual(sub, { rid: 2 });
  assert.equal(raw.closed, null);
});

ctx.test('at the wire: a packet before the #handshake closes the socket with 4009', async () => {
  const raw = await ctx.raw();
  raw.send({ event: '#subscribe', data: { channel: 'early' }, cid: 1 });
  const closed = await raw.waitClose();
  assert.equal(closed.code, 4009);
});

ctx.test('at the wire: a #handshake without a numeric cid closes the socket with 4008', async () => {
  const raw = await ctx.raw();
  raw.send({ event: '#handshake', data: { authToken: null }, cid: 'one' });
  const closed = await raw.waitClose();
  assert.equal(closed.code, 4008);
});

ctx.test('at the wire: a batch (JSON array) of two RPCs gets both answers, in order', async () => {
  const raw = await ctx.raw();
  await raw.invoke('#handshake', { authToken: null });
  raw.send([
    { event: '#subscribe', data: { channel: 'batch-a' }, cid: 7 },
    { event: '#subscribe', data: { channel: 'batch-b' }, cid: 8 },
  ]);
  await raw.waitFor((p) => p && p.rid === 8, 'the answer to cid 8');
  const rids = raw.received.filter((p) => p && p.rid !== undefined).map((p) => p.rid);
  assert.deepEqual(rids, [1, 7, 8]);
});

ctx.test('the path is /socketcluster/ with its trailing slash: /socketcluster is not a SocketCluster endpoint', async () => {
  const url = `ws://127.0.0.1:${ctx.server.port}/socketcluster`;
  const outcome = await new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (req, res) => {
      res.resume();
      resolve(res.statusCode);
    });
    ws.once('error', (err) => resolve(`error ${err.message}`));
  });
  assert.notEqual(outcome, 'open');
  const ok = await RawSocket.open(ctx.server.scUrl + '?foo=bar');
  ok.close();
});
