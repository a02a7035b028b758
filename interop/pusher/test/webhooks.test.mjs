// The app's webhooks, received on loopback and checked with the `pusher` library as a backend checks them.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import Pusher from 'pusher';
import { waitFor } from '../../lib/wait.mjs';
import { APP, bound, subscribed, uniqueChannel, usePusherServer, pusherConfig } from '../lib/harness.mjs';
import { startReceiver } from '../lib/receiver.mjs';

const verifier = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret });
let receiver;

const ctx = usePusherServer(async () => {
  receiver = await startReceiver(({ headers, rawBody }) => verifier.webhook({ headers, rawBody }).isValid());
  return pusherConfig({
    webhooks: [
      { url: receiver.url('/all') },
      {
        url: receiver.url('/presence-occupied'),
        event_types: ['channel_occupied'],
        filter: { channel_name_starts_with: 'presence-' },
        headers: { 'X-Source': 'switchboard-interop' },
      },
    ],
  });
});
after(() => receiver?.close());

const at = (filter) => receiver.event('/all', filter);

test('every body is signed for the app and checks out with webhook().isValid()', async () => {
  const client = await ctx.connected();
  await subscribed(client, uniqueChannel('signed-'));
  await waitFor(() => receiver.bodies.length > 0, 5000, 'a webhook body');
  for (const body of receiver.bodies) {
    assert.equal(body.method, 'POST');
    assert.equal(body.headers['x-pusher-key'], APP.key);
    assert.equal(body.valid, true, `not valid: ${JSON.stringify(body.headers)} ${body.rawBody}`);
    assert.equal(typeof body.timeMs, 'number');
    assert.ok(Math.abs(body.timeMs - Date.now()) < 60_000, `time_ms ${body.timeMs}`);
  }
  // and the check is a real one: the same body under another secret is not valid
  const last = receiver.bodies.at(-1);
  const other = new Pusher({ appId: APP.id, key: APP.key, secret: 'another-secret' });
  assert.equal(other.webhook({ headers: last.headers, rawBody: last.rawBody }).isValid(), false);
});

test('channel_occupied on the first subscriber, channel_vacated after the last', async () => {
  const name = uniqueChannel('room-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  await subscribed(a, name);
  await at((e) => e.name === 'channel_occupied' && e.channel === name);
  await subscribed(b, name);
  a.unsubscribe(name);
  const vacatedSoFar = () => receiver.events('/all').filter((e) => e.name === 'channel_vacated' && e.channel === name);
  b.unsubscribe(name);
  const vacated = await at((e) => e.name === 'channel_vacated' && e.channel === name);
  assert.deepEqual(vacated, { name: 'channel_vacated', channel: name });
  assert.equal(receiver.events('/all').filter((e) => e.name === 'channel_occupied' && e.channel === name).length, 1);
  assert.equal(vacatedSoFar().length, 1);
});

test('member_added and member_removed, once per user', async () => {
  const name = uniqueChannel('presence-hooks-');
  const one = await ctx.connected({ user: { id: 'hook-user', info: {} } });
  const two = await ctx.connected({ user: { id: 'hook-user', info: {} } });
  await subscribed(one, name);
  const added = await at((e) => e.name === 'member_added' && e.channel === name);
  assert.deepEqual(added, { name: 'member_added', channel: name, user_id: 'hook-user' });
  await subscribed(two, name);
  const backend = ctx.backend();
  const subscriptions = async () => (await (await backend.get({ path: `/channels/${name}`, params: { info: 'subscription_count' } })).json()).subscription_count ?? 0;
  await waitFor(async () => (await subscriptions()) === 2, 5000, 'two subscriptions');
  one.disconnect();
  await waitFor(async () => (await subscriptions()) === 1, 5000, 'the first connection gone');
  two.disconnect();
  const removed = await at((e) => e.name === 'member_removed' && e.channel === name);
  assert.deepEqual(removed, { name: 'member_removed', channel: name, user_id: 'hook-user' });
  await at((e) => e.name === 'channel_vacated' && e.channel === name);
  const ofChannel = receiver.events('/all').filter((e) => e.channel === name).map((e) => e.name);
  assert.equal(ofChannel.filter((n) => n === 'member_added').length, 1, ofChannel.join());
  assert.equal(ofChannel.filter((n) => n === 'member_removed').length, 1, ofChannel.join());
});

// Each connection's join (and leave) reads the presence set after changing it, so two connections of one user
// that change it at the same moment both see the other (no member_added at all) or both see none left (two
// member_removed). Several users at once make the race show on most runs.
test('member_added and member_removed once per user when a user\'s connections join and leave together', async () => {
  const name = uniqueChannel('presence-race-');
  const users = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  const pairs = [];
  for (const id of users) pairs.push([await ctx.connected({ user: { id, info: {} } }), await ctx.connected({ user: { id, info: {} } })]);
  await Promise.all(pairs.flat().map((c) => subscribed(c, name)));
  for (const c of pairs.flat()) c.disconnect();
  await at((e) => e.name === 'channel_vacated' && e.channel === name);
  await waitFor(() => users.every((u) => receiver.events('/all').some((e) => e.name === 'member_removed' && e.channel === name && e.user_id === u)), 5000, 'a member_removed for every user');
  // a later event through the same target: what these leaves sent has been sent by then
  const marker = uniqueChannel('marker-');
  await subscribed(await ctx.connected(), marker);
  await at((e) => e.name === 'channel_occupied' && e.channel === marker);
  const ofChannel = receiver.events('/all').filter((e) => e.channel === name);
  for (const u of users) {
    const names = ofChannel.filter((e) => e.user_id === u).map((e) => e.name);
    assert.deepEqual(names, ['member_added', 'member_removed'], `${u}: ${names.join()}`);
  }
});

test('client_event carries the event, data and sender socket_id (and user_id on presence)', async () => {
  const priv = uniqueChannel('private-hooks-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  const aChannel = await subscribed(a, priv);
  const heard = bound(await subscribed(b, priv), 'client-ping');
  aChannel.trigger('client-ping', { n: 1 });
  await heard;
  const event = await at((e) => e.name === 'client_event' && e.channel === priv);
  assert.equal(event.event, 'client-ping');
  assert.equal(event.socket_id, a.connection.socket_id);
  assert.deepEqual(typeof event.data === 'string' ? JSON.parse(event.data) : event.data, { n: 1 });
  assert.equal(event.user_id, undefined);

  const pres = uniqueChannel('presence-client-hooks-');
  const c = await ctx.connected({ user: { id: 'talker', info: {} } });
  const cChannel = await subscribed(c, pres);
  cChannel.trigger('client-say', 'words');
  const said = await at((e) => e.name === 'client_event' && e.channel === pres);
  assert.equal(said.user_id, 'talker');
  assert.equal(said.event, 'client-say');
  assert.equal(said.data, 'words');
});

test('cache_miss when a cache- channel with nothing cached is subscribed', async () => {
  const name = uniqueChannel('cache-hooks-');
  const client = await ctx.connected();
  const channel = client.subscribe(name);
  await bound(channel, 'pusher:cache_miss');
  const miss = await at((e) => e.name === 'cache_miss' && e.channel === name);
  assert.deepEqual(miss, { name: 'cache_miss', channel: name });
});

test('subscription_count follows the subscribers of a non-presence channel', async () => {
  const name = uniqueChannel('counted-hooks-');
  const a = await ctx.connected();
  const b = await ctx.connected();
  await subscribed(a, name);
  await at((e) => e.name === 'subscription_count' && e.channel === name && e.subscription_count === 1);
  await subscribed(b, name);
  await at((e) => e.name === 'subscription_count' && e.channel === name && e.subscription_count === 2);
  b.unsubscribe(name);
  const counts = () => receiver.events('/all').filter((e) => e.name === 'subscription_count' && e.channel === name);
  await waitFor(() => counts().length >= 3, 5000, () => `a third count, got ${JSON.stringify(counts())}`);
  assert.deepEqual(counts().map((e) => e.subscription_count), [1, 2, 1]);
});

test('a webhook\'s event_types, channel name filter and headers are applied', async () => {
  const pres = uniqueChannel('presence-filtered-');
  const pub = uniqueChannel('public-filtered-');
  const client = await ctx.connected({ user: { id: 'filtered', info: {} } });
  await subscribed(client, pub);
  await subscribed(client, pres);
  const got = await receiver.event('/presence-occupied', (e) => e.channel === pres);
  assert.equal(got.name, 'channel_occupied');
  // the unfiltered hook saw both channels and the member: once it has, the filtered one had its chance too
  await at((e) => e.name === 'member_added' && e.channel === pres);
  await at((e) => e.name === 'channel_occupied' && e.channel === pub);
  client.disconnect();
  await at((e) => e.name === 'channel_vacated' && e.channel === pres);
  const filtered = receiver.events('/presence-occupied');
  for (const e of filtered) {
    assert.equal(e.name, 'channel_occupied', JSON.stringify(e));
    assert.ok(e.channel.startsWith('presence-'), JSON.stringify(e));
  }
  const bodies = receiver.bodies.filter((b) => b.path === '/presence-occupied');
  for (const b of bodies) {
    assert.equal(b.headers['x-source'], 'switchboard-interop');
    assert.equal(b.valid, true);
  }
});
