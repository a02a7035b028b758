// The official pusher-js 8 client against the server, with the `pusher` library as the backend that triggers
// events and signs channel authorizations and sign-ins.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../../lib/wait.mjs';
import {
  APP, bound, collect, connected, state, subscribed, uniqueChannel, usePusherServer,
} from '../lib/harness.mjs';
import { Wire, channelAuth, socketIdOf } from '../lib/wire.mjs';

const ctx = usePusherServer();

const barrier = ctx.barrier;

/** Signs a client in and waits until its #server-to-user- channel is subscribed. */
async function signedIn(client) {
  client.signin();
  await client.user.signinDonePromise;
  await waitFor(() => client.user.serverToUserChannel?.subscribed, 5000, 'the #server-to-user- subscription');
  return client.user.user_data;
}

const rawUrl = () => `ws://127.0.0.1:${ctx.server.port}/app/${APP.key}?protocol=7&client=js&version=8.6.0&flash=false`;

test('pusher-js connects and gets a socket id of the form digits.digits', async () => {
  const client = await ctx.connected();
  assert.match(client.connection.socket_id, /^\d+\.\d+$/);
  assert.equal(client.connection.state, 'connected');
});

test('a public channel receives backend triggers: JSON data as an object, a plain string as a string', async () => {
  const client = await ctx.connected();
  const name = uniqueChannel('news-');
  const channel = await subscribed(client, name);
  const backend = ctx.backend();

  const obj = bound(channel, 'order');
  await backend.trigger(name, 'order', { id: 7, items: ['a', 'b'], nested: { ok: true } });
  assert.deepEqual(await obj, { id: 7, items: ['a', 'b'], nested: { ok: true } });

  const str = bound(channel, 'note');
  await backend.trigger(name, 'note', 'just some words');
  assert.equal(await str, 'just some words');
});

test('a private channel subscribes with a signed authorization, and one signed with a wrong secret is refused', async () => {
  const name = uniqueChannel('private-room-');
  const good = await ctx.connected();
  const channel = await subscribed(good, name);
  const heard = bound(channel, 'secret-event');
  await ctx.backend().trigger(name, 'secret-event', { n: 1 });
  assert.deepEqual(await heard, { n: 1 });

  const forged = await ctx.connected({ backend: ctx.backend({ secret: 'not-the-secret' }) });
  const refusedChannel = forged.subscribe(name);
  const error = await bound(refusedChannel, 'pusher:subscription_error');
  assert.equal(refusedChannel.subscribed, false);
  assert.equal(error.status, 401, JSON.stringify(error));
  // the refused connection stays usable
  const other = await subscribed(forged, uniqueChannel('after-refusal-'));
  assert.equal(other.subscribed, true);
});

test('presence: two users see each other come and go; one user on two connections counts once', async () => {
  const name = uniqueChannel('presence-lobby-');
  const alice = await ctx.connected({ user: { id: 'alice', info: { name: 'Alice' } } });
  const aliceChannel = await subscribed(alice, name);
  assert.equal(aliceChannel.members.count, 1);
  assert.deepEqual(aliceChannel.members.me, { id: 'alice', info: { name: 'Alice' } });

  const added = bound(aliceChannel, 'pusher:member_added');
  const bob1 = await ctx.connected({ user: { id: 'bob', info: { name: 'Bob' } } });
  const bobChannel = await subscribed(bob1, name);
  assert.deepEqual(await added, { id: 'bob', info: { name: 'Bob' } });
  assert.equal(aliceChannel.members.count, 2);
  assert.equal(bobChannel.members.count, 2);
  assert.deepEqual(bobChannel.members.get('alice'), { id: 'alice', info: { name: 'Alice' } });
  assert.equal(bobChannel.members.me.id, 'bob');

  // bob's second connection: no second member_added, the count stays 2
  const addedAgain = collect(aliceChannel, 'pusher:member_added');
  const bob2 = await ctx.connected({ user: { id: 'bob', info: { name: 'Bob' } } });
  const bob2Channel = await subscribed(bob2, name);
  assert.equal(bob2Channel.members.count, 2);
  await barrier(name, aliceChannel, bob2Channel);
  assert.deepEqual(addedAgain.seen, []);
  assert.equal(aliceChannel.members.count, 2);

  // one of bob's connections leaves: bob is still there
  const removed = collect(aliceChannel, 'pusher:member_removed');
  bob1.disconnect();
  const backend = ctx.backend();
  await waitFor(async () => {
    const res = await backend.get({ path: `/channels/${name}`, params: { info: 'subscription_count' } });
    return JSON.parse(await res.text()).subscription_count === 2;
  }, 5000, 'the server to drop bob\'s first connection');
  await barrier(name, aliceChannel);
  assert.deepEqual(removed.seen, []);
  assert.equal(aliceChannel.members.count, 2);

  // the last one leaves: member_removed
  const gone = bound(aliceChannel, 'pusher:member_removed');
  bob2.disconnect();
  assert.deepEqual(await gone, { id: 'bob', info: { name: 'Bob' } });
  assert.equal(aliceChannel.members.count, 1);
});

test('presence: one user\'s connections joining and leaving together give one member_added and one member_removed', async () => {
  const name = uniqueChannel('presence-together-');
  const observer = await ctx.connected({ user: { id: 'observer', info: {} } });
  const observerChannel = await subscribed(observer, name);
  const added = collect(observerChannel, 'pusher:member_added');
  const removed = collect(observerChannel, 'pusher:member_removed');
  const users = ['t1', 't2', 't3'];
  const pairs = [];
  for (const id of users) pairs.push([await ctx.connected({ user: { id, info: {} } }), await ctx.connected({ user: { id, info: {} } })]);
  await Promise.all(pairs.flat().map((c) => subscribed(c, name)));
  await waitFor(() => observerChannel.members.count === 4, 5000, () => `4 members, have ${observerChannel.members.count}`);
  await barrier(name, observerChannel);
  assert.deepEqual(added.seen.map((m) => m.id).sort(), users);
  for (const c of pairs.flat()) c.disconnect();
  await waitFor(() => observerChannel.members.count === 1, 5000, () => `1 member left, have ${observerChannel.members.count}`);
  await barrier(name, observerChannel);
  assert.deepEqual(removed.seen.map((m) => m.id).sort(), users);
});

test('private-encrypted-: the backend encrypts, the server relays, pusher-js decrypts', async () => {
  const name = uniqueChannel('private-encrypted-vault-');
  const client = await ctx.connected();
  const channel = await subscribed(client, name);
  const heard = bound(channel, 'sealed');
  await ctx.backend().trigger(name, 'sealed', { pin: '1234' });
  assert.deepEqual(await heard, { pin: '1234' });

  // what travels is ciphertext: a raw subscriber with the same authorization sees {nonce, ciphertext} only
  const wire = await Wire.open(rawUrl());
  ctx.track(() => wire.close());
  const socketId = socketIdOf(await wire.next('pusher:connection_established'));
  wire.send({ event: 'pusher:subscribe', data: { channel: name, auth: channelAuth(APP.key, APP.secret, socketId, name) } });
  await wire.next('pusher_internal:subscription_succeeded');
  await ctx.backend().trigger(name, 'sealed', { pin: '5678' });
  const frame = await wire.next('sealed');
  const payload = JSON.parse(frame.data);
  assert.deepEqual(Object.keys(payload).sort(), ['ciphertext', 'nonce']);
  assert.ok(!frame.data.includes('5678'));
});

test('cache- channel: pusher:cache_miss when empty, the last event replayed on subscribe', async () => {
  const name = uniqueChannel('cache-prices-');
  const first = ctx.client();
  const firstChannel = first.subscribe(name);
  const miss = bound(firstChannel, 'pusher:cache_miss');
  await connected(first);
  await miss;

  const backend = ctx.backend();
  const live = bound(firstChannel, 'price');
  await backend.trigger(name, 'price', { v: 1 });
  await live;
  await backend.trigger(name, 'price', { v: 2 });

  const late = await ctx.connected();
  const lateChannel = late.subscribe(name);
  const missAgain = collect(lateChannel, 'pusher:cache_miss');
  const replayed = await bound(lateChannel, 'price');
  assert.deepEqual(replayed, { v: 2 });
  assert.deepEqual(missAgain.seen, []);
});

test('private-cache- channel: the last event is replayed to a subscriber with an authorization', async () => {
  const name = uniqueChannel('private-cache-state-');
  await ctx.backend().trigger(name, 'state', { v: 'cached' });
  const client = await ctx.connected();
  const channel = client.subscribe(name);
  assert.deepEqual(await bound(channel, 'state'), { v: 'cached' });
});

test('client events reach the other subscribers of a private channel, not the sender', async () => {
  const name = uniqueChannel('private-chat-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  const aChannel = await subscribed(a, name);
  const bChannel = await subscribed(b, name);
  const echo = collect(aChannel, 'client-typing');
  const heard = bound(bChannel, 'client-typing');
  assert.equal(aChannel.trigger('client-typing', { who: 'a' }), true);
  assert.deepEqual(await heard, { who: 'a' });
  await barrier(name, aChannel, bChannel);
  assert.deepEqual(echo.seen, []);
});

test('client events on a presence channel carry the sender\'s user_id', async () => {
  const name = uniqueChannel('presence-chat-');
  const a = await ctx.connected({ user: { id: 'ann', info: {} } });
  const b = await ctx.connected({ user: { id: 'ben', info: {} } });
  const aChannel = await subscribed(a, name);
  const bChannel = await subscribed(b, name);
  const heard = bound(bChannel, 'client-wave', { meta: true });
  aChannel.trigger('client-wave', { hi: 1 });
  const { data, metadata } = await heard;
  assert.deepEqual(data, { hi: 1 });
  assert.equal(metadata.user_id, 'ann');
});

test('client events on a public channel are refused with 4301 and reach no one', async () => {
  const name = uniqueChannel('public-chat-');
  const listener = await ctx.connected();
  const listenerChannel = await subscribed(listener, name);
  const leaked = collect(listenerChannel, 'client-shout');

  // pusher-js sends it (it only checks the client- prefix); the raw frame shows the server's answer
  const wire = await Wire.open(rawUrl());
  ctx.track(() => wire.close());
  await wire.next('pusher:connection_established');
  wire.send({ event: 'pusher:subscribe', data: { channel: name } });
  await wire.next('pusher_internal:subscription_succeeded');
  wire.send({ event: 'client-shout', channel: name, data: { loud: true } });
  const error = await wire.next('pusher:error');
  assert.equal(error.data.code, 4301, JSON.stringify(error));

  // and pusher-js hears the same refusal
  const sender = await ctx.connected();
  const senderChannel = await subscribed(sender, name);
  const refusal = bound(sender.connection, 'error');
  senderChannel.trigger('client-shout', { loud: true });
  const err = await refusal;
  assert.equal(err.data?.code, 4301, JSON.stringify(err));

  await barrier(name, listenerChannel);
  assert.deepEqual(leaked.seen, []);
  // a 43xx refusal does not end the connection
  assert.equal(wire.ws.readyState, wire.ws.OPEN);
  assert.equal(sender.connection.state, 'connected');
});

test('a client event on a private channel the sender is not subscribed to is refused', async () => {
  const name = uniqueChannel('private-other-');
  const listener = await ctx.connected();
  const listenerChannel = await subscribed(listener, name);
  const leaked = collect(listenerChannel, 'client-sneak');
  const wire = await Wire.open(rawUrl());
  ctx.track(() => wire.close());
  await wire.next('pusher:connection_established');
  wire.send({ event: 'client-sneak', channel: name, data: {} });
  const error = await wire.next('pusher:error');
  assert.equal(error.data.code, 4301);
  await barrier(name, listenerChannel);
  assert.deepEqual(leaked.seen, []);
});

test('sign-in: sendToUser reaches pusher.user.bind, and terminateUserConnections disconnects the user', async () => {
  const userId = uniqueChannel('user-');
  const client = await ctx.connected({ user: { id: userId, info: { role: 'tester' } } });
  const data = await signedIn(client);
  assert.equal(data.id, userId);

  const backend = ctx.backend();
  const note = bound(client.user, 'notice');
  await backend.sendToUser(userId, 'notice', { text: 'for you' });
  assert.deepEqual(await note, { text: 'for you' });

  // another user's connection is left alone
  const bystander = await ctx.connected({ user: { id: `${userId}-other` } });
  await signedIn(bystander);

  const errors = collect(client.connection, 'error');
  const down = state(client, ['disconnected', 'failed', 'unavailable'], 5000);
  const res = await backend.terminateUserConnections(userId);
  assert.equal(res.status, 200);
  await down;
  await waitFor(() => errors.seen.length > 0, 2000, 'the pusher:error before the close');
  assert.equal(errors.seen[0].data?.code, 4009, JSON.stringify(errors.seen));
  assert.equal(bystander.connection.state, 'connected');
});

test('a client cannot subscribe to another user\'s #server-to-user- channel', async () => {
  const wire = await Wire.open(rawUrl());
  ctx.track(() => wire.close());
  await wire.next('pusher:connection_established');
  wire.send({ event: 'pusher:subscribe', data: { channel: '#server-to-user-someone' } });
  const answer = await wire.next((m) => m.event === 'pusher:subscription_error' || m.event === 'pusher:error'
    || m.event === 'pusher_internal:subscription_succeeded');
  assert.notEqual(answer.event, 'pusher_internal:subscription_succeeded', JSON.stringify(answer));
});

test('watchlist: online and offline events for the users in user_data.watchlist', async () => {
  const watched = uniqueChannel('friend-');
  const watcher = await ctx.connected({ user: { id: uniqueChannel('watcher-'), watchlist: [watched] } });
  const online = bound(watcher.user.watchlist, 'online');
  await signedIn(watcher);

  const friend = await ctx.connected({ user: { id: watched } });
  await signedIn(friend);
  const on = await online;
  assert.deepEqual(on.user_ids, [watched]);

  const offline = bound(watcher.user.watchlist, 'offline');
  friend.disconnect();
  const off = await offline;
  assert.deepEqual(off.user_ids, [watched]);
});

test('a watcher signing in while its friend is online hears online at once', async () => {
  const watched = uniqueChannel('early-');
  const friend = await ctx.connected({ user: { id: watched } });
  await signedIn(friend);
  const watcher = await ctx.connected({ user: { id: uniqueChannel('watcher-'), watchlist: [watched, 'nobody-here'] } });
  const online = bound(watcher.user.watchlist, 'online');
  await signedIn(watcher);
  assert.deepEqual((await online).user_ids, [watched]);
});

test('pusher:subscription_count follows the subscribers of a channel', async () => {
  const name = uniqueChannel('counted-');
  const a = await ctx.connected();
  const aChannel = a.subscribe(name);
  const first = bound(aChannel, 'pusher:subscription_count');
  assert.deepEqual(await first, { subscription_count: 1 });

  const two = bound(aChannel, 'pusher:subscription_count', { filter: (d) => d.subscription_count === 2 });
  const b = await ctx.connected();
  const bChannel = b.subscribe(name);
  const bCount = bound(bChannel, 'pusher:subscription_count');
  await two;
  assert.deepEqual(await bCount, { subscription_count: 2 });
  assert.equal(aChannel.subscriptionCount, 2);

  const one = bound(aChannel, 'pusher:subscription_count', { filter: (d) => d.subscription_count === 1 });
  b.unsubscribe(name);
  await one;
});

test('authorizations are bound to their socket, channel and channel_data', async () => {
  const wire = await Wire.open(rawUrl());
  ctx.track(() => wire.close());
  const socketId = socketIdOf(await wire.next('pusher:connection_established'));
  const refusedAnswer = (channel) => wire.next((m) => m.channel === channel
    && ['pusher:subscription_error', 'pusher_internal:subscription_succeeded'].includes(m.event));

  // signed for another socket
  const priv = uniqueChannel('private-bound-');
  wire.send({ event: 'pusher:subscribe', data: { channel: priv, auth: channelAuth(APP.key, APP.secret, '1234.5678', priv) } });
  assert.equal((await refusedAnswer(priv)).event, 'pusher:subscription_error');
  // signed for another channel
  const priv2 = uniqueChannel('private-bound-');
  wire.send({ event: 'pusher:subscribe', data: { channel: priv2, auth: channelAuth(APP.key, APP.secret, socketId, priv) } });
  assert.equal((await refusedAnswer(priv2)).event, 'pusher:subscription_error');
  // presence channel_data changed after signing
  const pres = uniqueChannel('presence-bound-');
  const signed = JSON.stringify({ user_id: 'honest', user_info: {} });
  const auth = channelAuth(APP.key, APP.secret, socketId, pres, signed);
  wire.send({ event: 'pusher:subscribe', data: { channel: pres, auth, channel_data: JSON.stringify({ user_id: 'admin', user_info: {} }) } });
  assert.equal((await refusedAnswer(pres)).event, 'pusher:subscription_error');
  // no auth at all
  const priv3 = uniqueChannel('private-bound-');
  wire.send({ event: 'pusher:subscribe', data: { channel: priv3 } });
  assert.equal((await refusedAnswer(priv3)).event, 'pusher:subscription_error');
  // and the genuine one works on the same connection
  wire.send({ event: 'pusher:subscribe', data: { channel: pres, auth, channel_data: signed } });
  assert.equal((await refusedAnswer(pres)).event, 'pusher_internal:subscription_succeeded');
});

test('a channel name that is not a Pusher name is refused at subscribe', async () => {
  const wire = await Wire.open(rawUrl());
  ctx.track(() => wire.close());
  await wire.next('pusher:connection_established');
  for (const channel of ['has space', 'a'.repeat(201), 'colon:inside', '']) {
    wire.send({ event: 'pusher:subscribe', data: { channel } });
    const answer = await wire.next((m) => m.event === 'pusher:error' || m.event === 'pusher:subscription_error'
      || m.event === 'pusher_internal:subscription_succeeded');
    assert.notEqual(answer.event, 'pusher_internal:subscription_succeeded', `${channel.slice(0, 20)}: ${JSON.stringify(answer)}`);
  }
});

test('subscription_count goes down when a subscriber disconnects', async () => {
  const name = uniqueChannel('counted-drop-');
  const a = await ctx.connected();
  const aChannel = a.subscribe(name);
  await bound(aChannel, 'pusher:subscription_count');
  const b = await ctx.connected();
  const two = bound(aChannel, 'pusher:subscription_count', { filter: (d) => d.subscription_count === 2 });
  b.subscribe(name);
  await two;
  const one = bound(aChannel, 'pusher:subscription_count', { filter: (d) => d.subscription_count === 1 });
  b.disconnect();
  await one;
});
