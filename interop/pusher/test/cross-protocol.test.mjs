// One channel, three protocols: a Centrifugo client (centrifuge-js), a Socket.IO client (Laravel Echo's
// `subscribe` event) and pusher-js, on `serve --dev` (Soketi's development app, everything else open). A
// publication from each side reaches the others with its event name: Centrifugo's tags.event, Socket.IO's
// event, Pusher's event.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Centrifuge } from 'centrifuge';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { waitFor } from '../../lib/wait.mjs';
import { bound, collect, subscribed, uniqueChannel, usePusherServer } from '../lib/harness.mjs';

const ctx = usePusherServer(null, { command: ['serve', '--dev'] });

/** A connected centrifuge-js client (anonymous: dev mode allows it), disconnected after the test. */
async function centrifugo() {
  const client = new Centrifuge(ctx.server.url, { websocket: WebSocket });
  client.on('error', () => {});
  ctx.track(() => client.disconnect());
  const up = new Promise((resolve, reject) => {
    client.once('connected', resolve);
    client.once('disconnected', (c) => reject(new Error(`centrifuge disconnected: ${JSON.stringify(c)}`)));
  });
  client.connect();
  await withTimeout(up, 'centrifuge connected');
  return client;
}

async function centrifugoSubscribed(client, channel) {
  const sub = client.newSubscription(channel);
  sub.on('error', () => {});
  const ok = new Promise((resolve, reject) => {
    sub.once('subscribed', resolve);
    sub.once('unsubscribed', (c) => reject(new Error(`unsubscribed ${JSON.stringify(c)}`)));
  });
  sub.subscribe();
  await withTimeout(ok, `centrifuge subscribed to ${channel}`);
  return sub;
}

/** The next publication of a centrifuge-js subscription. */
function publication(sub) {
  return withTimeout(new Promise((resolve) => sub.once('publication', resolve)), 'a centrifuge publication');
}

/** A Socket.IO client on the default namespace, subscribed to `channel` with Laravel Echo's event. */
async function socketIo(channel) {
  const socket = io(ctx.server.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  ctx.track(() => socket.close());
  await withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), 'socket.io connect');
  assert.equal(await socket.timeout(5000).emitWithAck('subscribe', { channel }), null);
  return socket;
}

/** The arguments of the next `event` of a Socket.IO socket. */
function emitted(socket, event) {
  return withTimeout(new Promise((resolve) => socket.once(event, (...args) => resolve(args))), `socket.io '${event}'`);
}

function withTimeout(promise, what, ms = 5000) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

/** Subscribers of `name` on all three protocols. */
async function everyone(name) {
  const c = await centrifugo();
  const sub = await centrifugoSubscribed(c, name);
  const socket = await socketIo(name);
  const pusher = await ctx.connected();
  const channel = await subscribed(pusher, name);
  return { centrifugo: c, sub, socket, pusher, channel };
}

test('a Centrifugo server API publish with tags.event reaches pusher-js bound to that event, and Socket.IO as it', async () => {
  const name = uniqueChannel('x-api-');
  const { channel, socket, sub } = await everyone(name);
  const atPusher = bound(channel, 'OrderShipped');
  const atSocket = emitted(socket, 'OrderShipped');
  const atCentrifugo = publication(sub);
  await ctx.server.api('publish', { channel: name, data: { order: 7 }, tags: { event: 'OrderShipped' } });
  assert.deepEqual(await atPusher, { order: 7 });
  assert.deepEqual((await atSocket).slice(0, 2), [name, { order: 7 }]);
  const pub = await atCentrifugo;
  assert.deepEqual(pub.data, { order: 7 });
  assert.equal(pub.tags?.event, 'OrderShipped');
});

test('a Pusher trigger reaches the Centrifugo client with tags.event and the Socket.IO client as that event', async () => {
  const name = uniqueChannel('x-trigger-');
  const { channel, socket, sub } = await everyone(name);
  const atCentrifugo = publication(sub);
  const atSocket = emitted(socket, 'price-update');
  const atPusher = bound(channel, 'price-update');
  await ctx.backend().trigger(name, 'price-update', { v: 3.5 });
  const pub = await atCentrifugo;
  assert.deepEqual(pub.data, { v: 3.5 });
  assert.equal(pub.tags?.event, 'price-update');
  assert.deepEqual((await atSocket).slice(0, 2), [name, { v: 3.5 }]);
  assert.deepEqual(await atPusher, { v: 3.5 });

  // a plain-string payload is a JSON string for the others
  const text = publication(sub);
  const textSocket = emitted(socket, 'note');
  await ctx.backend().trigger(name, 'note', 'plain words');
  assert.equal((await text).data, 'plain words');
  assert.deepEqual((await textSocket).slice(0, 2), [name, 'plain words']);
});

test('a Socket.IO client event to the channel reaches pusher-js and the Centrifugo client', async () => {
  const name = uniqueChannel('x-sio-');
  const { channel, socket, sub } = await everyone(name);
  const atPusher = bound(channel, 'client-moved');
  const atCentrifugo = publication(sub);
  const ack = await socket.timeout(5000).emitWithAck('client event', { channel: name, event: 'client-moved', data: { x: 1, y: 2 } });
  assert.equal(ack, null);
  assert.deepEqual(await atPusher, { x: 1, y: 2 });
  const pub = await atCentrifugo;
  assert.deepEqual(pub.data, { x: 1, y: 2 });
  assert.equal(pub.tags?.event, 'client-moved');
});

test('a Centrifugo client publication reaches pusher-js as the message event and Socket.IO as message', async () => {
  const name = uniqueChannel('x-cf-');
  const { channel, socket, sub } = await everyone(name);
  const atPusher = bound(channel, 'message');
  const atSocket = emitted(socket, 'message');
  await sub.publish({ from: 'centrifugo' });
  assert.deepEqual(await atPusher, { from: 'centrifugo' });
  assert.deepEqual((await atSocket).slice(0, 2), [name, { from: 'centrifugo' }]);
});

test('a pusher-js client event on a private channel is in the channel\'s history (Centrifugo server API)', async () => {
  const name = uniqueChannel('private-x-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  const aChannel = await subscribed(a, name);
  const heard = bound(await subscribed(b, name), 'client-hello');
  aChannel.trigger('client-hello', { hi: true });
  assert.deepEqual(await heard, { hi: true });
  const history = await ctx.server.api('history', { channel: name, limit: 10 });
  const pubs = history.result.publications ?? [];
  assert.ok(pubs.some((p) => p.tags?.event === 'client-hello' && JSON.stringify(p.data) === '{"hi":true}'),
    JSON.stringify(history));
});

test('a Pusher trigger that excludes a socket_id skips that one pusher-js client only', async () => {
  const name = uniqueChannel('x-exclude-');
  const { channel, sub, socket, pusher } = await everyone(name);
  const other = await ctx.connected();
  const otherChannel = await subscribed(other, name);
  const skipped = collect(channel, 'excluding');
  const atCentrifugo = publication(sub);
  const atSocket = emitted(socket, 'excluding');
  const atOther = bound(otherChannel, 'excluding');
  await ctx.backend().trigger(name, 'excluding', { n: 1 }, { socket_id: pusher.connection.socket_id });
  assert.deepEqual((await atCentrifugo).data, { n: 1 });
  assert.deepEqual((await atSocket).slice(0, 2), [name, { n: 1 }]);
  assert.deepEqual(await atOther, { n: 1 });
  await ctx.barrier(name, channel);
  assert.deepEqual(skipped.seen, []);
});

test('the exclusion stays inside the server: Centrifugo clients see only the event tag', async () => {
  const name = uniqueChannel('x-exclude-tags-');
  const { sub, pusher } = await everyone(name);
  const atCentrifugo = publication(sub);
  await ctx.backend().trigger(name, 'excluding', { n: 1 }, { socket_id: pusher.connection.socket_id });
  assert.deepEqual((await atCentrifugo).tags, { event: 'excluding' });
  const history = await ctx.server.api('history', { channel: name, limit: 10 });
  for (const p of history.result.publications ?? []) assert.deepEqual(p.tags, { event: 'excluding' });
});

test('the Centrifugo server API reads a Pusher presence channel\'s members', async () => {
  const name = uniqueChannel('presence-x-members-');
  const a = await ctx.connected({ user: { id: 'member-a', info: { n: 'A' } } });
  const b = await ctx.connected({ user: { id: 'member-b', info: { n: 'B' } } });
  await subscribed(a, name);
  await subscribed(b, name);
  const presence = await ctx.server.api('presence', { channel: name });
  const users = Object.values(presence.result.presence).map((p) => p.user).sort();
  assert.deepEqual(users, ['member-a', 'member-b'], JSON.stringify(presence));
  const stats = await ctx.server.api('presence_stats', { channel: name });
  assert.deepEqual(stats.result, { num_clients: 2, num_users: 2 });
});

test('a server API publish to a cache- channel is replayed to a later pusher-js subscriber', async () => {
  const name = uniqueChannel('cache-x-');
  await ctx.server.api('publish', { channel: name, data: { last: true }, tags: { event: 'snapshot' } });
  const client = await ctx.connected();
  const channel = client.subscribe(name);
  assert.deepEqual(await bound(channel, 'snapshot'), { last: true });
});

for (const name of ['private-x', 'presence-x', 'private-encrypted-x', '#server-to-user-x']) {
  test(`a Centrifugo client in dev mode cannot subscribe ${name} (103)`, async () => {
    const client = await centrifugo();
    const sub = client.newSubscription(name);
    const refused = new Promise((resolve) => {
      sub.on('error', (ctxErr) => resolve({ error: ctxErr.error }));
      sub.on('unsubscribed', (ctxUnsub) => resolve({ unsubscribed: ctxUnsub }));
      sub.on('subscribed', () => resolve({ subscribed: true }));
    });
    sub.subscribe();
    const outcome = await withTimeout(refused, `the answer to subscribing ${name}`);
    assert.ok(!outcome.subscribed, `${name} was subscribed`);
    const code = outcome.error?.code ?? outcome.unsubscribed?.code;
    assert.equal(code, 103, JSON.stringify(outcome));
  });
}

async function codeOf(promise) {
  try {
    await promise;
    return 'allowed';
  } catch (err) {
    return err.code;
  }
}

test('a Centrifugo client in dev mode cannot read a Pusher private or presence channel (103)', async () => {
  const priv = uniqueChannel('private-unread-');
  const pres = uniqueChannel('presence-unread-');
  const member = await ctx.connected({ user: { id: 'insider', info: {} } });
  await subscribed(member, priv);
  await subscribed(member, pres);
  await ctx.backend().trigger(priv, 'kept', { secret: 1 });
  const client = await centrifugo();
  assert.equal(await codeOf(client.history(priv, { limit: 10 })), 103);
  assert.equal(await codeOf(client.presence(pres)), 103);
  assert.equal(await codeOf(client.presenceStats(pres)), 103);
});

test('a Centrifugo client in dev mode cannot publish into private-, presence- or #server-to-user- channels', async () => {
  const priv = uniqueChannel('private-guarded-');
  const pres = uniqueChannel('presence-guarded-');
  const victim = uniqueChannel('victim-');
  const member = await ctx.connected({ user: { id: victim, info: {} } });
  const privChannel = await subscribed(member, priv);
  const presChannel = await subscribed(member, pres);
  member.signin();
  await waitFor(() => member.user.serverToUserChannel?.subscribed, 5000, 'signed in');
  const injected = [];
  for (const ch of [privChannel, presChannel]) ch.bind('message', (d) => injected.push([ch.name, d]));
  member.user.bind('message', (d) => injected.push(['user', d]));
  const client = await centrifugo();
  const refusals = {};
  for (const ch of [priv, pres, `#server-to-user-${victim}`]) refusals[ch] = await codeOf(client.publish(ch, { forged: true }));
  await ctx.barrier(priv, privChannel);
  await ctx.barrier(pres, presChannel);
  const userMark = bound(member.user, 'mark');
  await ctx.backend().sendToUser(victim, 'mark', {});
  await userMark;
  assert.deepEqual({ refusals, injected }, {
    refusals: { [priv]: 103, [pres]: 103, [`#server-to-user-${victim}`]: 103 },
    injected: [],
  });
});

test('a Socket.IO client cannot send a client event into a private channel it has not joined', async () => {
  const priv = uniqueChannel('private-sio-guarded-');
  const member = await ctx.connected();
  const privChannel = await subscribed(member, priv);
  const injected = collect(privChannel, 'client-forged');
  const socket = io(ctx.server.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  ctx.track(() => socket.close());
  await withTimeout(new Promise((resolve) => socket.once('connect', resolve)), 'socket.io connect');
  const answer = await socket.timeout(5000).emitWithAck('client event', { channel: priv, event: 'client-forged', data: {} });
  await ctx.barrier(priv, privChannel);
  assert.deepEqual({ answer: answer?.code, injected: injected.seen }, { answer: 103, injected: [] });
});

test('a Socket.IO client in dev mode cannot subscribe private-x or presence-x', async () => {
  const socket = io(ctx.server.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  ctx.track(() => socket.close());
  await withTimeout(new Promise((resolve) => socket.once('connect', resolve)), 'socket.io connect');
  for (const channel of ['private-x', 'presence-x']) {
    const answer = await socket.timeout(5000).emitWithAck('subscribe', { channel });
    assert.equal(answer?.code, 103, `${channel}: ${JSON.stringify(answer)}`);
  }
});
