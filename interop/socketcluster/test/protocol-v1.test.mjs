// Protocol v1 ('#1'/'#2' pings): socketcluster-client 14.x (the EventEmitter API, v1 only) against
// `serve --dev` with socketcluster.protocol_version 1, next to a 20.x client set to protocolVersion 1.

import assert from 'node:assert/strict';
import { connectionToken } from '../../lib/jwt.mjs';
import { waitFor } from '../../lib/wait.mjs';
import { DEV_SECRET, collect, subscribed, uniqueChannel, useScServer, withTimeout } from '../lib/harness.mjs';

const ctx = useScServer({ config: { socketcluster: { protocol_version: 1 } } });

/** A connected 14.x socket and its 'connect' status. */
async function connected14(options) {
  const socket = ctx.client14(options);
  const status = await withTimeout(
    new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connectAbort', (code, reason) => reject(new Error(`connectAbort ${code} ${reason ?? ''}`)));
    }),
    'the 14.x connect event',
  );
  return [socket, status];
}

/** Subscribes a 14.x socket; resolves with the channel once subscribed, its publications in channel.seen. */
function subscribed14(socket, name) {
  const channel = socket.subscribe(name);
  channel.seen = [];
  channel.watch((data) => channel.seen.push(data));
  return withTimeout(
    new Promise((resolve, reject) => {
      channel.once('subscribe', () => resolve(channel));
      channel.once('subscribeFail', (err) => reject(new Error(`subscribeFail ${err?.name} ${err?.message}`)));
    }),
    `the 14.x subscription to ${name}`,
  );
}

const emitAck = (socket, event, data) =>
  withTimeout(new Promise((resolve) => socket.emit(event, data, (err, reply) => resolve({ err, reply }))), `the ack of ${event}`);

ctx.test('socketcluster-client 14.x connects: handshake status with id and pingTimeout', async () => {
  const [socket, status] = await connected14();
  assert.equal(socket.state, 'open');
  assert.equal(typeof status.id, 'string');
  assert.ok(status.pingTimeout > 0, JSON.stringify(status));
  assert.equal(status.isAuthenticated, false);
});

ctx.test('14.x: a server API publish reaches a subscriber', async () => {
  const name = uniqueChannel('v1-news-');
  const [socket] = await connected14();
  const channel = await subscribed14(socket, name);
  await ctx.server.api('publish', { channel: name, data: { v: 1 } });
  await waitFor(() => channel.seen.length > 0, 5000, 'the publication at the 14.x client');
  assert.deepEqual(channel.seen, [{ v: 1 }]);
});

ctx.test('14.x: a client publish reaches another 14.x client and a 20.x client with protocolVersion 1', async () => {
  const name = uniqueChannel('v1-chat-');
  const [a] = await connected14();
  const [b] = await connected14();
  const atB = await subscribed14(b, name);
  const [modern] = await ctx.connected({ protocolVersion: 1 });
  const atModern = collect(await subscribed(modern, name));
  const { err } = await emitAck(a, '#publish', { channel: name, data: { from: 'a' } });
  assert.equal(err ?? null, null);
  await waitFor(() => atB.seen.length > 0, 5000, 'the publication at b');
  assert.deepEqual(atB.seen, [{ from: 'a' }]);
  assert.deepEqual(await atModern.next(), { from: 'a' });
  // and back: the 20.x client publishes, the 14.x client gets it
  await modern.invokePublish(name, { from: 'modern' });
  await waitFor(() => atB.seen.length > 1, 5000, 'the 20.x publication at b');
  assert.deepEqual(atB.seen[1], { from: 'modern' });
});

ctx.test('14.x: socket.authenticate with a dev-secret token, and a forged one refused', async () => {
  const [socket] = await connected14();
  const ok = await withTimeout(
    new Promise((resolve) => socket.authenticate(connectionToken(DEV_SECRET, 'old-timer'), (err, status) => resolve({ err, status }))),
    'authenticate',
  );
  assert.equal(ok.err ?? null, null, String(ok.err));
  assert.equal(ok.status.isAuthenticated, true);
  assert.equal(socket.authState, 'authenticated');
  assert.equal(socket.getAuthToken().sub, 'old-timer');
  const bad = await withTimeout(
    new Promise((resolve) => socket.authenticate(connectionToken('wrong', 'x'), (err, status) => resolve({ err, status }))),
    'authenticate(forged)',
  );
  assert.equal(bad.err?.name, 'AuthTokenInvalidError', String(bad.err));
  assert.equal(socket.authState, 'unauthenticated');
});

ctx.test('14.x: unsubscribe stops delivery', async () => {
  const name = uniqueChannel('v1-leave-');
  const marker = uniqueChannel('v1-marker-');
  const [socket] = await connected14();
  const channel = await subscribed14(socket, name);
  const markers = await subscribed14(socket, marker);
  socket.unsubscribe(name);
  assert.equal(channel.getState(), 'unsubscribed');
  await subscribed14(socket, uniqueChannel('v1-after-'));
  await ctx.server.api('publish', { channel: name, data: { late: true } });
  await ctx.server.api('publish', { channel: marker, data: { marker: true } });
  await waitFor(() => markers.seen.length > 0, 5000, 'the marker');
  assert.equal(socket.frames.filter((p) => p && p.event === '#publish' && p.data.channel === name).length, 0);
});

ctx.test('at the wire: a v1 endpoint pings with #1 (never ""), takes #2 as the pong and keeps the socket open', { timeout: 60_000 }, async () => {
  const raw = await ctx.raw();
  const reply = await raw.invoke('#handshake', { authToken: null });
  const pingTimeout = reply.data.pingTimeout;
  await raw.waitFor((p) => p === '#1', 'a #1 ping', pingTimeout);
  assert.ok(!raw.received.includes(''), 'no v2 ping on a v1 endpoint');
  const after = await raw.invoke('#subscribe', { channel: 'v1-after-pong' });
  assert.deepEqual(after, { rid: 2 });
  assert.equal(raw.closed, null);
});
