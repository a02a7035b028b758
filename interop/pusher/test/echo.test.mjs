// Laravel Echo 2 (broadcaster 'pusher', pusher-js 8 as its Pusher) against `serve --dev`, configured as a
// Laravel app would be for a self-hosted Pusher server: only wsHost/wsPort point at Switchboard. Channel
// authorization goes through Echo's `authorizer` option, signed here with the dev app's secret; the backend is
// the `pusher` library, as Laravel's broadcaster uses the same HTTP API.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import Echo from 'laravel-echo';
import PusherJS from 'pusher-js';
import { waitFor } from '../../lib/wait.mjs';
import { APP, DEFAULT_TIMEOUT_MS, uniqueChannel, usePusherServer } from '../lib/harness.mjs';

const ctx = usePusherServer(null, { command: ['serve', '--dev'] });

/** Pusher's channel signature: key:HMAC-SHA256(secret, socket_id:channel[:channel_data]) in hex. */
function sign(secret, socketId, channel, channelData) {
  const subject = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return `${APP.key}:${createHmac('sha256', secret).update(subject).digest('hex')}`;
}

/**
 * An Echo client on the server, disconnected after the test. `user` ({id, info}) is its presence member;
 * `secret` is what its authorizer signs with (a wrong one makes bad signatures).
 */
function echo({ user = { id: 'anon', info: { id: 'anon' } }, secret = APP.secret } = {}) {
  const client = new Echo({
    broadcaster: 'pusher',
    Pusher: PusherJS,
    key: APP.key,
    cluster: 'mt1',
    wsHost: '127.0.0.1',
    wsPort: ctx.server.port,
    wssPort: ctx.server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    enableStats: false,
    authorizer: (channel) => ({
      authorize: (socketId, callback) => {
        const channelData = channel.name.startsWith('presence-')
          ? JSON.stringify({ user_id: user.id, user_info: user.info })
          : undefined;
        const auth = sign(secret, socketId, channel.name, channelData);
        callback(null, channelData === undefined ? { auth } : { auth, channel_data: channelData });
      },
    }),
  });
  ctx.track(() => client.disconnect());
  return client;
}

function withTimeout(promise, what, timeoutMs = DEFAULT_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** An Echo client whose connectionStatus() is 'connected'. */
async function connectedEcho(options) {
  const client = echo(options);
  if (client.connectionStatus() !== 'connected') {
    let stop;
    await withTimeout(new Promise((resolve, reject) => {
      stop = client.connector.onConnectionChange((status) => {
        if (status === 'connected') resolve();
        else if (status === 'failed') reject(new Error('Echo connection failed'));
      });
    }), 'Echo connection').finally(() => stop?.());
  }
  return client;
}

/** Resolves when Echo's `.subscribed(cb)` fires for a channel just made; rejects when `.error(cb)` does. */
function subscribed(channel) {
  return withTimeout(new Promise((resolve, reject) => {
    channel.subscribed(() => resolve(channel));
    channel.error((err) => reject(new Error(`subscribing ${channel.name} failed: ${JSON.stringify(err)}`)));
  }), `subscription to ${channel.name}`);
}

/** The data of the next `event` heard through Echo's `.listen` (Echo's event name rules apply). */
function heard(channel, event) {
  let handler;
  return withTimeout(new Promise((resolve) => {
    handler = (data) => resolve(data);
    channel.listen(event, handler);
  }), `'${event}' on ${channel.name}`).finally(() => channel.stopListening(event, handler));
}

/** Everything Echo's listener for `event` hears from now on. */
function collected(channel, event) {
  const seen = [];
  channel.listen(event, (data) => seen.push(data));
  return seen;
}

/** Every frame with a channel that reaches the Echo client's connection, whether or not Echo still listens. */
function framesOf(client) {
  const seen = [];
  client.connector.pusher.connection.bind('message', (m) => {
    if (m.channel) seen.push({ event: m.event, channel: m.channel });
  });
  return seen;
}

/**
 * Triggers a marker event on `channelName` and waits until each given Echo channel hears it: whatever was
 * triggered before it has reached those subscribers by then.
 */
async function barrier(channelName, ...channels) {
  const marker = `marker-${Math.random().toString(36).slice(2)}`;
  const all = Promise.all(channels.map((ch) => heard(ch, `.${marker}`)));
  await ctx.backend().trigger(channelName, marker, {});
  await all;
}

test('Echo.channel().listen(\'OrderShipped\') hears App\\Events\\OrderShipped (the default namespace)', async () => {
  const name = uniqueChannel('orders-');
  const client = await connectedEcho();
  const orders = await subscribed(client.channel(name));
  const shipped = heard(orders, 'OrderShipped');
  await ctx.backend().trigger(name, 'App\\Events\\OrderShipped', { order: { id: 1 } });
  assert.deepEqual(await shipped, { order: { id: 1 } });
});

test('Echo.channel().listen(\'.custom-name\') hears custom-name (a leading dot: no namespace)', async () => {
  const name = uniqueChannel('orders-');
  const client = await connectedEcho();
  const orders = await subscribed(client.channel(name));
  const custom = heard(orders, '.custom-name');
  await ctx.backend().trigger(name, 'custom-name', { status: 'shipped' });
  assert.deepEqual(await custom, { status: 'shipped' });
});

test('Echo.private() authorized by Echo\'s authorizer hears a triggered event', async () => {
  const name = uniqueChannel('orders.');
  const client = await connectedEcho();
  const channel = await subscribed(client.private(name));
  assert.equal(channel.name, `private-${name}`);
  const event = heard(channel, 'OrderShipped');
  await ctx.backend().trigger(`private-${name}`, 'App\\Events\\OrderShipped', { id: 1 });
  assert.deepEqual(await event, { id: 1 });
});

test('Echo.private() with a bad signature: .error(cb) is called and no event reaches the client', async () => {
  const name = uniqueChannel('orders.');
  const forged = await connectedEcho({ secret: 'not-the-secret' });
  const frames = framesOf(forged);
  const open = await subscribed(forged.channel(uniqueChannel('open-')));
  const channel = forged.private(name);
  const error = await withTimeout(new Promise((resolve, reject) => {
    channel.error(resolve);
    channel.subscribed(() => reject(new Error('a forged signature was accepted')));
  }), `.error on private-${name}`);
  assert.equal(error.status, 401, JSON.stringify(error));
  const leaked = collected(channel, '.secret');
  await ctx.backend().trigger(`private-${name}`, 'secret', { n: 1 });
  await barrier(open.name, open);
  assert.deepEqual(leaked, []);
  assert.deepEqual(frames.filter((f) => f.channel === `private-${name}` && f.event === 'secret'), []);
});

test('Echo.join(): .here lists both users, .joining and .leaving fire for the second client', async () => {
  const room = uniqueChannel('room-');
  const alice = { id: 'alice', info: { id: 'alice', name: 'Alice' } };
  const bob = { id: 'bob', info: { id: 'bob', name: 'Bob' } };
  const a = await connectedEcho({ user: alice });
  const aRoom = a.join(room);
  assert.equal(aRoom.name, `presence-${room}`);
  const aHere = new Promise((resolve) => aRoom.here(resolve));
  const joining = new Promise((resolve) => aRoom.joining(resolve));
  const leaving = new Promise((resolve) => aRoom.leaving(resolve));
  assert.deepEqual(await withTimeout(aHere, 'alice\'s .here'), [alice.info]);

  const b = await connectedEcho({ user: bob });
  const bRoom = b.join(room);
  const bHere = new Promise((resolve) => bRoom.here(resolve));
  const byId = (x, y) => x.id.localeCompare(y.id);
  assert.deepEqual((await withTimeout(bHere, 'bob\'s .here')).sort(byId), [alice.info, bob.info]);
  assert.deepEqual(await withTimeout(joining, '.joining(bob)'), bob.info);

  b.leave(room);
  assert.deepEqual(await withTimeout(leaving, '.leaving(bob)'), bob.info);
});

test('Echo.join(): .leaving fires when the second client disconnects', async () => {
  const room = uniqueChannel('room-');
  const carol = { id: 'carol', info: { id: 'carol' } };
  const dave = { id: 'dave', info: { id: 'dave' } };
  const c = await connectedEcho({ user: carol });
  const cRoom = c.join(room);
  const joining = new Promise((resolve) => cRoom.joining(resolve));
  const leaving = new Promise((resolve) => cRoom.leaving(resolve));
  await subscribed(cRoom);
  const d = await connectedEcho({ user: dave });
  await subscribed(d.join(room));
  assert.deepEqual(await withTimeout(joining, '.joining(dave)'), dave.info);
  d.disconnect();
  assert.deepEqual(await withTimeout(leaving, '.leaving(dave)'), dave.info);
});

test('whisper on Echo.private() reaches another client\'s .listenForWhisper and not the sender', async () => {
  const chat = uniqueChannel('chat-');
  const a = await connectedEcho();
  const b = await connectedEcho();
  const aChat = await subscribed(a.private(chat));
  const bChat = await subscribed(b.private(chat));
  const echoed = [];
  aChat.listenForWhisper('typing', (data) => echoed.push(data));
  const whispered = withTimeout(new Promise((resolve) => bChat.listenForWhisper('typing', resolve)), 'the whisper');
  aChat.whisper('typing', { name: 'a', typing: true });
  assert.deepEqual(await whispered, { name: 'a', typing: true });
  await barrier(`private-${chat}`, aChat, bChat);
  assert.deepEqual(echoed, []);
});

test('after Echo.leave() a triggered event no longer reaches the client', async () => {
  const orders = uniqueChannel('orders-');
  const client = await connectedEcho();
  const frames = framesOf(client);
  const ordersChannel = await subscribed(client.channel(orders));
  const other = await subscribed(client.channel(uniqueChannel('still-here-')));
  const late = collected(ordersChannel, '.late');
  // while subscribed the event does arrive, so the check below is not vacuous
  const before = heard(ordersChannel, '.early');
  await ctx.backend().trigger(orders, 'early', {});
  await before;

  client.leave(orders);
  const backend = ctx.backend();
  // the unsubscribe frame has no answer: wait until the server has no subscriber left on the channel
  await waitFor(async () => {
    const res = await backend.get({ path: `/channels/${orders}` });
    return JSON.parse(await res.text()).occupied === false;
  }, DEFAULT_TIMEOUT_MS, `${orders} unoccupied after leave`);
  await backend.trigger(orders, 'late', {});
  await barrier(other.name, other);
  assert.deepEqual(late, []);
  assert.deepEqual(frames.filter((f) => f.channel === orders && f.event === 'late'), []);
});

test('a trigger with socket_id = Echo.socketId() skips that client and reaches another', async () => {
  const name = uniqueChannel('orders-');
  const sender = await connectedEcho();
  const other = await connectedEcho();
  const senderFrames = framesOf(sender);
  const senderChannel = await subscribed(sender.channel(name));
  const otherChannel = await subscribed(other.channel(name));
  const socketId = sender.socketId();
  assert.match(socketId, /^\d+\.\d+$/);
  const skipped = collected(senderChannel, 'OrderShipped');
  const toOther = heard(otherChannel, 'OrderShipped');
  await ctx.backend().trigger(name, 'App\\Events\\OrderShipped', { id: 9 }, { socket_id: socketId });
  assert.deepEqual(await toOther, { id: 9 });
  await barrier(name, senderChannel, otherChannel);
  assert.deepEqual(skipped, []);
  assert.deepEqual(senderFrames.filter((f) => f.event === 'App\\Events\\OrderShipped'), []);
});
