// Pub/sub with socketcluster-client 20.x on `serve --dev`: SocketCluster channels are the core's channels.
// Publications from the server API and from other SocketCluster clients, the publisher's own copy,
// unsubscribe, and #kickOut from the server API's unsubscribe.

import assert from 'node:assert/strict';
import { connectionToken } from '../../lib/jwt.mjs';
import { waitFor } from '../../lib/wait.mjs';
import { DEV_SECRET, collect, connectStatus, publishFrames, subscribed, uniqueChannel, useScServer, withTimeout } from '../lib/harness.mjs';

const ctx = useScServer();

/** Publishes `marker` on `channel` from the server API and waits until `received` has it: what the server sent
 * this socket before has arrived by then (one connection keeps its order across channels). */
async function barrier(channel, received) {
  const marker = { marker: Math.random().toString(36).slice(2) };
  await ctx.server.api('publish', { channel, data: marker });
  await waitFor(() => received.seen.some((d) => d && d.marker === marker.marker), 5000, `the marker on ${channel}`);
}

ctx.test('a server API publish reaches a subscriber as #publish {channel, data}', async () => {
  const name = uniqueChannel('news-');
  const [socket] = await ctx.connected();
  const channel = await subscribed(socket, name);
  assert.equal(channel.state, 'subscribed');
  assert.ok(socket.isSubscribed(name));
  const got = collect(channel);
  await ctx.server.api('publish', { channel: name, data: { text: 'hello', n: 1 } });
  assert.deepEqual(await got.next(), { text: 'hello', n: 1 });
  await ctx.server.api('publish', { channel: name, data: 'a string' });
  assert.equal(await got.next(), 'a string');
  const frames = publishFrames(socket, name);
  assert.deepEqual(frames[0], { event: '#publish', data: { channel: name, data: { text: 'hello', n: 1 } } });
});

ctx.test('every #subscribe with a cid is answered with a bare {rid}', async () => {
  const [socket] = await ctx.connected();
  const a = uniqueChannel('sub-a-');
  const b = uniqueChannel('sub-b-');
  await subscribed(socket, a);
  await subscribed(socket, b);
  const replies = socket.frames.filter((p) => p && p.rid !== undefined && p.rid > 1);
  assert.deepEqual(replies.map((p) => Object.keys(p)), [['rid'], ['rid']]);
});

ctx.test('a publication from another SocketCluster client reaches the subscriber (transmitPublish and invokePublish)', async () => {
  const name = uniqueChannel('chat-');
  const [subscriber] = await ctx.connected();
  const got = collect(await subscribed(subscriber, name));
  const [publisher] = await ctx.connected();
  publisher.transmitPublish(name, { from: 'transmit' });
  assert.deepEqual(await got.next(), { from: 'transmit' });
  const ack = await publisher.invokePublish(name, { from: 'invoke' });
  assert.equal(ack, undefined);
  assert.deepEqual(await got.next(), { from: 'invoke' });
  assert.deepEqual(got.seen, [{ from: 'transmit' }, { from: 'invoke' }]);
});

ctx.test('a subscribed publisher receives its own publication', async () => {
  const name = uniqueChannel('self-');
  const [socket] = await ctx.connected();
  const channel = await subscribed(socket, name);
  const got = collect(channel);
  await channel.invokePublish({ mine: true });
  assert.deepEqual(await got.next('its own publication'), { mine: true });
});

ctx.test('after unsubscribe the socket gets no more #publish for that channel', async () => {
  const name = uniqueChannel('leaving-');
  const marker = uniqueChannel('marker-');
  const [socket] = await ctx.connected();
  const channel = await subscribed(socket, name);
  const markers = collect(await subscribed(socket, marker));
  const got = collect(channel);
  await ctx.server.api('publish', { channel: name, data: { before: true } });
  assert.deepEqual(await got.next(), { before: true });
  const unsubscribed = channel.listener('unsubscribe').once();
  socket.unsubscribe(name);
  await withTimeout(unsubscribed, 'the unsubscribe event');
  assert.equal(channel.state, 'unsubscribed');
  // #unsubscribe is a transmit: a marker RPC after it proves the server has taken it
  await subscribed(socket, uniqueChannel('after-unsubscribe-'));
  await ctx.server.api('publish', { channel: name, data: { after: true } });
  await barrier(marker, markers);
  assert.deepEqual(publishFrames(socket, name).map((p) => p.data.data), [{ before: true }]);
});

ctx.test('the server API unsubscribe of a user from a channel kicks the socket out (#kickOut) and stops delivery', async () => {
  const name = uniqueChannel('kick-');
  const marker = uniqueChannel('kick-marker-');
  const socket = ctx.client({ autoConnect: false });
  await socket.auth.saveToken(socket.authTokenName, connectionToken(DEV_SECRET, 'kim'));
  socket.connect();
  assert.equal((await connectStatus(socket)).isAuthenticated, true);
  const channel = await subscribed(socket, name);
  const markers = collect(await subscribed(socket, marker));
  const kicked = channel.listener('kickOut').once();
  const socketKicked = socket.listener('kickOut').once();
  await ctx.server.api('unsubscribe', { user: 'kim', channel: name });
  const { message } = await withTimeout(kicked, 'kickOut on the channel');
  assert.ok(message === undefined || typeof message === 'string', JSON.stringify(message));
  assert.equal((await withTimeout(socketKicked, 'kickOut on the socket')).channel, name);
  const frame = socket.frames.find((p) => p && p.event === '#kickOut');
  assert.equal(frame.data.channel, name);
  assert.equal(channel.state, 'unsubscribed');
  assert.equal(socket.isSubscribed(name, true), false);
  await ctx.server.api('publish', { channel: name, data: { after: 'kick' } });
  await barrier(marker, markers);
  assert.deepEqual(publishFrames(socket, name), [], 'no #publish after the kickOut');
});

ctx.test('a kicked socket may subscribe again and gets publications again', async () => {
  const name = uniqueChannel('kick-again-');
  const socket = ctx.client({ autoConnect: false });
  await socket.auth.saveToken(socket.authTokenName, connectionToken(DEV_SECRET, 'lena'));
  socket.connect();
  await connectStatus(socket);
  const channel = await subscribed(socket, name);
  const kicked = channel.listener('kickOut').once();
  await ctx.server.api('unsubscribe', { user: 'lena', channel: name });
  await withTimeout(kicked, 'kickOut');
  const again = await subscribed(socket, name);
  const got = collect(again);
  await ctx.server.api('publish', { channel: name, data: { back: true } });
  assert.deepEqual(await got.next(), { back: true });
});
