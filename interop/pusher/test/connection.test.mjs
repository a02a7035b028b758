// The connection's life at the wire and with pusher-js: handshake refusals, the activity check both ways,
// robustness to odd frames, sign-in refusals, limits, and apps kept apart. Short activity and pong timeouts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import Pusher from 'pusher';
import { waitFor } from '../../lib/wait.mjs';
import {
  APP, bound, collect, connected, statusOf, subscribed, uniqueChannel, usePusherServer, pusherConfig,
} from '../lib/harness.mjs';
import { Wire, channelAuth, socketIdOf } from '../lib/wire.mjs';

const APP2 = { id: 'app-2', key: 'key-2', secret: 'secret-2' };
const SMALL = { id: 'small', key: 'key-small', secret: 'secret-small' };
const TINY = { id: 'tiny', key: 'key-tiny', secret: 'secret-tiny' };

const ctx = usePusherServer(pusherConfig({}, (c) => {
  c.pusher.activity_timeout = '1s';
  c.pusher.pong_timeout = '1s';
  c.pusher.apps.push(
    { ...APP2 }, // client events off (the default)
    { id: 'off', key: 'key-off', secret: 'secret-off', enabled: false },
    { ...SMALL, max_connections: 1 },
    { ...TINY, max_presence_members: 1 },
  );
}));

const url = (key = APP.key, query = '?protocol=7&client=js&version=8.6.0&flash=false') =>
  `ws://127.0.0.1:${ctx.server.port}/app/${key}${query}`;

async function wire(u = url()) {
  const w = await Wire.open(u);
  ctx.track(() => w.close());
  return w;
}

/** A raw connection past its handshake, answering nothing by itself. */
async function established(u = url()) {
  const w = await wire(u);
  const hello = await w.next('pusher:connection_established');
  return { w, socketId: socketIdOf(hello), hello };
}

const backendFor = (app) => new Pusher({
  appId: app.id, key: app.key, secret: app.secret, host: '127.0.0.1', port: String(ctx.server.port), useTLS: false,
});

for (const [label, key, query, code] of [
  ['an unknown key', 'no-such-key', undefined, 4001],
  ['a disabled app', 'key-off', undefined, 4003],
  ['protocol 3', APP.key, '?protocol=3', 4007],
  ['a protocol that is no number', APP.key, '?protocol=seven', 4007],
]) {
  test(`${label} gets pusher:error ${code}, then the close with ${code}`, async () => {
    const w = await wire(url(key, query));
    const error = await w.next();
    assert.equal(error.event, 'pusher:error', JSON.stringify(error));
    assert.equal(error.data.code, code, JSON.stringify(error));
    assert.equal((await w.closed).code, code);
    assert.equal(w.received.length, 1, JSON.stringify(w.received));
  });
}

test('pusher-js on an unknown key hears 4001 and stops connecting', async () => {
  const client = ctx.client({ key: 'no-such-key' });
  const errors = collect(client.connection, 'error');
  // a refused handshake comes wrapped: {type: 'WebSocketError', error: {type: 'PusherError', data}}
  await waitFor(() => errors.seen.some((e) => (e.data ?? e.error?.data)?.code === 4001), 5000, () => `error 4001, got ${JSON.stringify(errors.seen)}`);
  await waitFor(() => ['disconnected', 'failed'].includes(client.connection.state), 5000, () => `refused, state ${client.connection.state}`);
});

test('an app over max_connections refuses the next connection with 4004 until one leaves', async () => {
  const first = await established(url(SMALL.key));
  const second = await wire(url(SMALL.key));
  const error = await second.next();
  assert.equal(error.data?.code, 4004, JSON.stringify(error));
  assert.equal((await second.closed).code, 4004);
  first.w.close();
  await waitFor(async () => {
    const again = await Wire.open(url(SMALL.key));
    ctx.track(() => again.close());
    const frame = await again.next();
    if (frame.event === 'pusher:connection_established') return true;
    again.close();
    return false;
  }, 5000, 'a connection once the first has gone');
});

test('activity_timeout is announced, a silent client is pinged, then closed with 4201', async () => {
  const { w, hello } = await established();
  assert.equal(JSON.parse(hello.data).activity_timeout, 1);
  const ping = await w.next('pusher:ping', 4000);
  assert.equal(ping.event, 'pusher:ping');
  const closed = await Promise.race([w.closed, new Promise((_, r) => setTimeout(() => r(new Error('not closed')), 5000))]);
  assert.equal(closed.code, 4201);
  assert.ok(w.received.some((m) => m.event === 'pusher:error' && m.data.code === 4201), JSON.stringify(w.received));
});

test('a client that answers the server\'s pings stays connected', async () => {
  const { w } = await established();
  for (let i = 0; i < 3; i++) {
    await w.next('pusher:ping', 4000);
    w.send({ event: 'pusher:pong', data: {} });
  }
  assert.equal(w.ws.readyState, w.ws.OPEN);
  assert.ok(!w.received.some((m) => m.event === 'pusher:error'), JSON.stringify(w.received));
});

test('pusher-js keeps its connection through its own pings (pong for every pusher:ping)', async () => {
  const client = await ctx.connected();
  const socketId = client.connection.socket_id;
  const pongs = [];
  client.connection.bind('message', (m) => { if (m.event === 'pusher:pong') pongs.push(m); });
  const changes = collect(client.connection, 'state_change');
  await waitFor(() => pongs.length >= 3, 10_000, () => `three pongs, got ${pongs.length}`);
  assert.equal(client.connection.socket_id, socketId);
  assert.deepEqual(changes.seen, []);
});

test('subscribe with data as a JSON string (the old protocol text) works, and odd frames leave the connection up', async () => {
  const { w } = await established();
  const name = uniqueChannel('string-data-');
  w.send({ event: 'pusher:subscribe', data: JSON.stringify({ channel: name }) });
  const ok = await w.next((m) => m.event !== 'pusher_internal:subscription_count');
  assert.equal(ok.event, 'pusher_internal:subscription_succeeded', JSON.stringify(ok));
  assert.equal(ok.channel, name);

  const answer = () => w.next((m) => m.event !== 'pusher_internal:subscription_count' && m.event !== 'pusher:ping');
  w.send('this is not json');
  assert.equal((await answer()).event, 'pusher:error');
  w.send({ no: 'event' });
  assert.equal((await answer()).event, 'pusher:error');
  w.send({ event: 'pusher:subscribe', data: 42 });
  assert.equal((await answer()).event, 'pusher:error');
  w.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  assert.equal((await answer()).event, 'pusher:error');
  w.send({ event: 'pusher:ping', data: {} });
  assert.equal((await answer()).event, 'pusher:pong');
  await ctx.backend().trigger(name, 'still-here', { ok: 1 });
  assert.deepEqual(JSON.parse((await w.next('still-here')).data), { ok: 1 });
});

test('a sign-in with a bad signature is refused with 4009 and the connection closed', async () => {
  const { w, socketId } = await established();
  const userData = JSON.stringify({ id: 'mallory' });
  const bad = backendFor({ ...APP, secret: 'not-the-secret' }).authenticateUser(socketId, { id: 'mallory' });
  w.send({ event: 'pusher:signin', data: { auth: bad.auth, user_data: userData } });
  const error = await w.next('pusher:error');
  assert.equal(error.data.code, 4009, JSON.stringify(error));
  assert.equal((await w.closed).code, 4009);
});

test('a sign-in refusal sends one pusher:error before the close', async () => {
  const { w } = await established();
  w.send({ event: 'pusher:signin', data: { auth: `${APP.key}:00`, user_data: '{"id":"x"}' } });
  await w.closed;
  const errors = w.received.filter((m) => m.event === 'pusher:error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
});

test('pusher-js sign-in signed with a wrong secret ends the connection with 4009', async () => {
  const client = await ctx.connected({ backend: backendFor({ ...APP, secret: 'not-the-secret' }) });
  const errors = collect(client.connection, 'error');
  client.signin();
  await waitFor(() => errors.seen.some((e) => e.data?.code === 4009), 5000, () => `4009, got ${JSON.stringify(errors.seen)}`);
  await waitFor(() => client.connection.state !== 'connected', 5000, 'the close');
});

test('a connection signed in as one user cannot sign in as another', async () => {
  const { w, socketId } = await established();
  const backend = ctx.backend();
  const first = backend.authenticateUser(socketId, { id: 'first' });
  w.send({ event: 'pusher:signin', data: first });
  await w.next('pusher:signin_success');
  const second = backend.authenticateUser(socketId, { id: 'second' });
  w.send({ event: 'pusher:signin', data: second });
  const error = await w.next('pusher:error');
  assert.equal(error.data.code, 4009);
});

test('a watchlist of more than 100 ids gets 4302 and the connection stays', async () => {
  const { w, socketId } = await established();
  const watchlist = Array.from({ length: 101 }, (_, i) => `w${i}`);
  w.send({ event: 'pusher:signin', data: ctx.backend().authenticateUser(socketId, { id: 'watcher', watchlist }) });
  const error = await w.next('pusher:error');
  assert.equal(error.data.code, 4302);
  await w.next('pusher:signin_success');
  w.send({ event: 'pusher:ping', data: {} });
  await w.next('pusher:pong');
});

test('client events above 10 a second are refused with 4301 and not relayed', async () => {
  const name = uniqueChannel('private-rate-');
  const listener = await ctx.connected();
  const listenerChannel = await subscribed(listener, name);
  const relayed = collect(listenerChannel, 'client-burst');
  const { w, socketId } = await established();
  w.send({ event: 'pusher:subscribe', data: { channel: name, auth: channelAuth(APP.key, APP.secret, socketId, name) } });
  await w.next('pusher_internal:subscription_succeeded');
  for (let i = 0; i < 25; i++) w.send({ event: 'client-burst', channel: name, data: { i } });
  const error = await w.next('pusher:error');
  assert.equal(error.data.code, 4301, JSON.stringify(error));
  await ctx.barrier(name, listenerChannel);
  assert.ok(relayed.seen.length >= 1 && relayed.seen.length <= 11, `relayed ${relayed.seen.length} of 25`);
  assert.equal(w.ws.readyState, w.ws.OPEN);
});

test('user_info over 1 KB is refused at subscribe', async () => {
  const name = uniqueChannel('presence-big-');
  const client = await ctx.connected({ user: { id: 'big', info: { blob: 'x'.repeat(1100) } } });
  const channel = client.subscribe(name);
  const error = await bound(channel, 'pusher:subscription_error');
  assert.equal(channel.subscribed, false);
  assert.ok(error, JSON.stringify(error));
});

test('a full presence channel (max_presence_members) refuses the next member', async () => {
  const name = uniqueChannel('presence-full-');
  const opts = (id) => ({ key: TINY.key, backend: backendFor(TINY), user: { id, info: {} } });
  const one = await ctx.connected(opts('one'));
  await subscribed(one, name);
  const two = await ctx.connected(opts('two'));
  const channel = two.subscribe(name);
  const error = await bound(channel, 'pusher:subscription_error');
  assert.equal(channel.subscribed, false, JSON.stringify(error));
  const users = await (await backendFor(TINY).get({ path: `/channels/${name}/users` })).json();
  assert.deepEqual(users.users.map((u) => u.id), ['one']);
});

test('apps are apart: an event of one app reaches only its own subscribers', async () => {
  const name = uniqueChannel('shared-name-');
  const mine = await ctx.connected();
  const theirs = await ctx.connected({ key: APP2.key, backend: backendFor(APP2) });
  const mineChannel = await subscribed(mine, name);
  const theirsChannel = await subscribed(theirs, name);
  const leaked = collect(mineChannel, 'app2-only');
  const heard = bound(theirsChannel, 'app2-only');
  await backendFor(APP2).trigger(name, 'app2-only', { a: 2 });
  assert.deepEqual(await heard, { a: 2 });
  await ctx.barrier(name, mineChannel);
  assert.deepEqual(leaked.seen, []);

  // each app's API takes its own credentials only
  assert.equal(await statusOf(backendFor({ ...APP2, secret: APP.secret }).trigger(name, 'x', {})), 401);
  const listed = await (await backendFor(APP2).get({ path: '/channels' })).json();
  assert.ok(name in listed.channels);
  assert.equal(Object.keys(listed.channels).length, 1, JSON.stringify(listed));
});

test('client events are refused with 4301 on an app that has them off', async () => {
  const name = uniqueChannel('private-off-');
  const a = await ctx.connected({ key: APP2.key, backend: backendFor(APP2) });
  const b = await ctx.connected({ key: APP2.key, backend: backendFor(APP2) });
  const aChannel = await subscribed(a, name);
  const bChannel = await subscribed(b, name);
  const relayed = collect(bChannel, 'client-nope');
  const error = bound(a.connection, 'error');
  aChannel.trigger('client-nope', {});
  assert.equal((await error).data?.code, 4301);
  const mark = bound(bChannel, 'mark');
  await backendFor(APP2).trigger(name, 'mark', {});
  await mark;
  assert.deepEqual(relayed.seen, []);
});

test('unsubscribe, then subscribe again, and events flow again', async () => {
  const name = uniqueChannel('again-');
  const client = await ctx.connected();
  await subscribed(client, name);
  client.unsubscribe(name);
  const channel = await subscribed(client, name);
  const heard = bound(channel, 'back');
  await ctx.backend().trigger(name, 'back', 1);
  assert.equal(await heard, 1);
  assert.equal(client.connection.state, 'connected');
  await connected(client);
});
