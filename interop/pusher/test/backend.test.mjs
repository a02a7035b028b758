// The `pusher` server library (pusher-http-node 5) against the server's signed HTTP API, with pusher-js
// subscribers to observe what a call did.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../../lib/wait.mjs';
import {
  APP, bound, collect, json, state, statusOf, subscribed, uniqueChannel, usePusherServer,
} from '../lib/harness.mjs';
import * as hand from '../lib/signing.mjs';

const ctx = usePusherServer();

const barrier = ctx.barrier;

const signedFetch = (method, path, options) => hand.signedFetch(ctx.server.baseUrl, method, path, options);

test('trigger reaches every channel named, and skips the socket_id it excludes', async () => {
  const one = uniqueChannel('t-one-');
  const two = uniqueChannel('t-two-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  const aOne = await subscribed(a, one);
  const bOne = await subscribed(b, one);
  const bTwo = await subscribed(b, two);
  const backend = ctx.backend();

  const heard = [bound(aOne, 'both'), bound(bOne, 'both'), bound(bTwo, 'both')];
  const res = await backend.trigger([one, two], 'both', { n: 1 });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {});
  assert.deepEqual(await Promise.all(heard), [{ n: 1 }, { n: 1 }, { n: 1 }]);

  const skipped = collect(aOne, 'not-for-a');
  const toB = bound(bOne, 'not-for-a');
  await backend.trigger(one, 'not-for-a', { n: 2 }, { socket_id: a.connection.socket_id });
  assert.deepEqual(await toB, { n: 2 });
  await barrier(one, aOne);
  assert.deepEqual(skipped.seen, []);
});

test('trigger with info answers each channel\'s subscription_count and user_count', async () => {
  const pub = uniqueChannel('info-pub-');
  const pres = uniqueChannel('presence-info-trigger-');
  const a = await ctx.connected({ user: { id: 'i1', info: {} } });
  const b = await ctx.connected({ user: { id: 'i2', info: {} } });
  await subscribed(a, pub);
  await subscribed(b, pub);
  await subscribed(a, pres);
  const backend = ctx.backend();
  const one = await json(backend.trigger(pub, 'counted', {}, { info: 'subscription_count' }));
  assert.deepEqual(one, { channels: { [pub]: { subscription_count: 2 } } });
  const two = await json(backend.trigger(pres, 'counted', {}, { info: 'user_count,subscription_count' }));
  assert.deepEqual(two, { channels: { [pres]: { user_count: 1, subscription_count: 1 } } });
  const batch = await json(backend.triggerBatch([
    { channel: pub, name: 'b', data: '{}', info: 'subscription_count' },
    { channel: pres, name: 'b', data: '{}', info: 'user_count' },
    { channel: pub, name: 'b', data: '{}' },
  ]));
  assert.deepEqual(batch, { batch: [{ subscription_count: 2 }, { user_count: 1 }, {}] });
});

test('triggerBatch delivers each event to its channel, in order', async () => {
  const one = uniqueChannel('b-one-');
  const two = uniqueChannel('b-two-');
  const client = await ctx.connected();
  const chOne = await subscribed(client, one);
  const chTwo = await subscribed(client, two);
  const got = [];
  chOne.bind_global((event, data) => { if (!event.startsWith('pusher')) got.push([one, event, data]); });
  chTwo.bind_global((event, data) => { if (!event.startsWith('pusher')) got.push([two, event, data]); });
  const res = await ctx.backend().triggerBatch([
    { channel: one, name: 'first', data: JSON.stringify({ i: 1 }) },
    { channel: two, name: 'second', data: 'plain' },
    { channel: one, name: 'third', data: JSON.stringify([3]) },
  ]);
  assert.equal(res.status, 200);
  await waitFor(() => got.length === 3, 5000, () => `three events, got ${JSON.stringify(got)}`);
  assert.deepEqual(got, [[one, 'first', { i: 1 }], [two, 'second', 'plain'], [one, 'third', [3]]]);
});

test('GET /channels lists occupied channels, by prefix, with user_count for presence-', async () => {
  const tag = uniqueChannel('');
  const pub = `pub-${tag}`;
  const presence = `presence-${tag}`;
  const a = await ctx.connected({ user: { id: 'ua', info: {} } });
  const b = await ctx.connected({ user: { id: 'ub', info: {} } });
  await subscribed(a, pub);
  await subscribed(a, presence);
  await subscribed(b, presence);
  const backend = ctx.backend();

  const all = await json(backend.get({ path: '/channels' }));
  assert.ok(pub in all.channels, JSON.stringify(all));
  assert.ok(presence in all.channels, JSON.stringify(all));

  const byPrefix = await json(backend.get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } }));
  assert.ok(!(pub in byPrefix.channels), JSON.stringify(byPrefix));
  assert.equal(byPrefix.channels[presence]?.user_count, 2, JSON.stringify(byPrefix));
  for (const name of Object.keys(byPrefix.channels)) assert.ok(name.startsWith('presence-'), name);

  // user_count needs the presence- prefix
  assert.equal(await statusOf(backend.get({ path: '/channels', params: { info: 'user_count' } })), 400);

  // a channel nobody is in is not listed
  a.unsubscribe(pub);
  await waitFor(async () => !(pub in (await json(backend.get({ path: '/channels' }))).channels), 5000, `${pub} unlisted`);
});

test('GET /channels/{name} reports occupied, user_count and subscription_count', async () => {
  const name = uniqueChannel('presence-info-');
  const a = await ctx.connected({ user: { id: 'same', info: {} } });
  const a2 = await ctx.connected({ user: { id: 'same', info: {} } });
  const b = await ctx.connected({ user: { id: 'other', info: {} } });
  for (const c of [a, a2, b]) await subscribed(c, name);
  const backend = ctx.backend();
  const info = await json(backend.get({ path: `/channels/${name}`, params: { info: 'user_count,subscription_count' } }));
  assert.deepEqual(info, { occupied: true, user_count: 2, subscription_count: 3 });

  const plain = await json(backend.get({ path: `/channels/${name}` }));
  assert.equal(plain.occupied, true);
  assert.equal(plain.user_count, undefined);

  const empty = await json(backend.get({ path: `/channels/${uniqueChannel('nobody-')}` }));
  assert.equal(empty.occupied, false);

  // user_count on a non-presence channel is a 400
  assert.equal(await statusOf(backend.get({ path: `/channels/${uniqueChannel('pub-')}`, params: { info: 'user_count' } })), 400);
});

test('GET /channels/{name}/users lists each presence user once', async () => {
  const name = uniqueChannel('presence-users-');
  const clients = [
    await ctx.connected({ user: { id: 'u1', info: {} } }),
    await ctx.connected({ user: { id: 'u2', info: {} } }),
    await ctx.connected({ user: { id: 'u2', info: {} } }),
  ];
  for (const c of clients) await subscribed(c, name);
  const backend = ctx.backend();
  const { users } = await json(backend.get({ path: `/channels/${name}/users` }));
  assert.deepEqual(users.map((u) => u.id).sort(), ['u1', 'u2']);
  assert.equal(await statusOf(backend.get({ path: `/channels/${uniqueChannel('public-')}/users` })), 400);
});

test('sendToUser reaches every connection of that user and no one else', async () => {
  const userId = uniqueChannel('dest-');
  const signIn = async (id) => {
    const c = await ctx.connected({ user: { id } });
    c.signin();
    await waitFor(() => c.user.serverToUserChannel?.subscribed, 5000, 'signed in');
    return c;
  };
  const one = await signIn(userId);
  const two = await signIn(userId);
  const other = await signIn(`${userId}-x`);
  const leaked = collect(other.user, 'dm');
  const heard = [bound(one.user, 'dm'), bound(two.user, 'dm')];
  const res = await ctx.backend().sendToUser(userId, 'dm', { m: 'hi' });
  assert.equal(res.status, 200);
  assert.deepEqual(await Promise.all(heard), [{ m: 'hi' }, { m: 'hi' }]);
  const mark = bound(other.user, 'dm-mark');
  await ctx.backend().sendToUser(`${userId}-x`, 'dm-mark', {});
  await mark;
  assert.deepEqual(leaked.seen, []);
});

test('terminateUserConnections closes every signed-in connection of the user', async () => {
  const userId = uniqueChannel('term-');
  const clients = [];
  for (let i = 0; i < 2; i++) {
    const c = await ctx.connected({ user: { id: userId } });
    c.signin();
    await waitFor(() => c.user.serverToUserChannel?.subscribed, 5000, 'signed in');
    clients.push(c);
  }
  const notSignedIn = await ctx.connected({ user: { id: userId } });
  const downs = clients.map((c) => state(c, ['disconnected', 'failed', 'unavailable']));
  assert.equal(await statusOf(ctx.backend().terminateUserConnections(userId)), 200);
  await Promise.all(downs);
  // only signed-in connections are the user's
  assert.equal(notSignedIn.connection.state, 'connected');
});

test('a request signed with a wrong secret is refused with 401 and publishes nothing', async () => {
  const name = uniqueChannel('guarded-');
  const client = await ctx.connected();
  const channel = await subscribed(client, name);
  const leaked = collect(channel, 'forged');
  const wrong = ctx.backend({ secret: 'not-the-secret' });
  assert.equal(await statusOf(wrong.trigger(name, 'forged', {})), 401);
  assert.equal(await statusOf(wrong.get({ path: '/channels' })), 401);
  assert.equal(await statusOf(ctx.backend({ key: 'not-the-key' }).trigger(name, 'forged', {})), 401);
  await barrier(name, channel);
  assert.deepEqual(leaked.seen, []);
});

test('stale timestamps, spoiled signatures and altered bodies are refused with 401', async () => {
  const name = uniqueChannel('signed-');
  const client = await ctx.connected();
  const channel = await subscribed(client, name);
  const leaked = collect(channel, 'replayed');
  const path = `/apps/${APP.id}/events`;
  const body = JSON.stringify({ name: 'replayed', channels: [name], data: '{"x":1}' });

  const stale = await signedFetch('POST', path, { body, timestamp: Math.floor(Date.now() / 1000) - 700 });
  assert.equal(stale.status, 401, stale.text);
  const spoiled = await signedFetch('POST', path, { body, spoil: true });
  assert.equal(spoiled.status, 401, spoiled.text);
  const otherBody = JSON.stringify({ name: 'replayed', channels: [name], data: '{"x":2}' });
  const altered = await signedFetch('POST', path, { body: otherBody, signedBody: body });
  assert.equal(altered.status, 401, altered.text);
  const get = await signedFetch('GET', `/apps/${APP.id}/channels`, { spoil: true });
  assert.equal(get.status, 401, get.text);
  await barrier(name, channel);
  assert.deepEqual(leaked.seen, []);

  // the same hand-made request, signed now and left alone, is accepted: the refusals were for the faults
  const heard = bound(channel, 'replayed');
  const fresh = await signedFetch('POST', path, { body });
  assert.equal(fresh.status, 200, fresh.text);
  assert.deepEqual(await heard, { x: 1 });
});

test('event data over the app\'s max_event_payload_kb (10 KB) is refused with 413', async () => {
  const name = uniqueChannel('big-');
  const client = await ctx.connected();
  const channel = await subscribed(client, name);
  const leaked = collect(channel, 'huge');
  const backend = ctx.backend();
  assert.equal(await statusOf(backend.trigger(name, 'huge', 'x'.repeat(10 * 1024 + 1))), 413);
  assert.equal(await statusOf(backend.triggerBatch([{ channel: name, name: 'huge', data: 'y'.repeat(11 * 1024) }])), 413);
  await barrier(name, channel);
  assert.deepEqual(leaked.seen, []);

  const fits = bound(channel, 'huge');
  assert.equal(await statusOf(backend.trigger(name, 'huge', 'z'.repeat(9 * 1024))), 200);
  assert.equal((await fits).length, 9 * 1024);
});

test('bodies the API cannot take are refused with 400 and publish nothing', async () => {
  const name = uniqueChannel('bad-body-');
  const client = await ctx.connected();
  const channel = await subscribed(client, name);
  const leaked = collect(channel, 'bad');
  const events = `/apps/${APP.id}/events`;
  const post = (body, path = events) => signedFetch('POST', path, { body: JSON.stringify(body) });
  const cases = {
    'no name': { channels: [name], data: '{}' },
    'no channels': { name: 'bad', data: '{}' },
    'a name over 200 characters': { name: 'b'.repeat(201), channels: [name], data: '{}' },
    'more than 100 channels': { name: 'bad', channels: [name, ...Array.from({ length: 100 }, (_, i) => `c${i}`)], data: '{}' },
    'a channel name with a space': { name: 'bad', channels: [name, 'no spaces'], data: '{}' },
    'a channel name over 200 characters': { name: 'bad', channels: [name, 'c'.repeat(201)], data: '{}' },
    'a socket_id of the wrong form': { name: 'bad', channels: [name], data: '{}', socket_id: 'abc' },
  };
  for (const [label, body] of Object.entries(cases)) {
    const res = await post(body);
    assert.equal(res.status, 400, `${label}: ${res.status} ${res.text}`);
  }
  const notJson = await signedFetch('POST', events, { body: '{"name":' });
  assert.equal(notJson.status, 400, notJson.text);
  const batch = await post({ batch: Array.from({ length: 11 }, () => ({ channel: name, name: 'bad', data: '{}' })) }, `/apps/${APP.id}/batch_events`);
  assert.ok([400, 413].includes(batch.status), `a batch of 11: ${batch.status} ${batch.text}`);
  const halfBad = await post({ batch: [{ channel: name, name: 'bad', data: '{}' }, { channel: name, data: '{}' }] }, `/apps/${APP.id}/batch_events`);
  assert.equal(halfBad.status, 400, halfBad.text);
  await barrier(name, channel);
  assert.deepEqual(leaked.seen, []);
});

test('an unknown app id is a 404, an unknown API path too', async () => {
  const other = ctx.backend({ appId: 'no-such-app' });
  assert.equal(await statusOf(other.trigger('x', 'y', {})), 404);
  assert.equal(await statusOf(ctx.backend().get({ path: '/nothing-here' })), 404);
});

test('triggerBatch honours each event\'s socket_id', async () => {
  const name = uniqueChannel('batch-exclude-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  const aChannel = await subscribed(a, name);
  const bChannel = await subscribed(b, name);
  const atA = collect(aChannel, 'partial');
  const atB = bound(bChannel, 'partial');
  await ctx.backend().triggerBatch([{ channel: name, name: 'partial', data: '{"p":1}', socket_id: a.connection.socket_id }]);
  assert.deepEqual(await atB, { p: 1 });
  await barrier(name, aChannel);
  assert.deepEqual(atA.seen, []);
});
