// Map subscriptions (centrifuge-js newMapSubscription) across nodes: with map_broker.type redis the nodes share
// each map channel's state, stream, offsets and epoch in Redis (centrifuge's map layout), so a change made on A
// (server API or a client's publish and remove) is in the state a client of B syncs and reaches B's subscribers
// live, an expired entry leaves every node's subscribers, and a client of B recovers on A what it missed.

import assert from 'node:assert/strict';
import { waitFor } from '../../lib/wait.mjs';
import { ENGINE, uniqueChannel, useCluster, withTimeout } from '../lib/cluster.mjs';

const ctx = useCluster({
  nodes: 2,
  config: (c) => {
    c.channel.namespaces.push(
      { name: 'board', subscription_type: 'map', allow_subscribe_for_client: true,
        map: { mode: 'persistent', stream_size: 100, allow_publish_for_client: true, allow_remove_for_client: true } },
      { name: 'cursors', subscription_type: 'map', allow_subscribe_for_client: true,
        map: { mode: 'recoverable', key_ttl: '2s', allow_publish_for_client: true } },
      { name: 'live', subscription_type: 'map', allow_subscribe_for_client: true,
        map: { mode: 'ephemeral', key_ttl: '60s', allow_publish_for_client: true } },
      { name: 'room', subscription_type: 'map', allow_subscribe_for_client: true,
        map_clients_presence_channel_prefix: 'here:', map: { mode: 'persistent' } },
      { name: 'here', subscription_type: 'map_clients', allow_subscribe_for_client: true,
        map: { mode: 'ephemeral', key_ttl: '3s' } },
    );
    if (ENGINE === 'redis') c.map_broker = { type: 'redis', redis: { cleanup_interval: '200ms' } };
    return c;
  },
});
const [A, B] = [0, 1];
const node = (i) => ctx.nodes[i];

async function api(i, method, body) {
  const res = await node(i).api(method, body);
  assert.ok(res.result, `${method} on ${node(i).letter}: ${JSON.stringify(res)}`);
  return res.result;
}

/** A map subscription of a client of node i, recording its syncs, updates and subscribes. */
async function mapSubscriber(i, ch, user) {
  const client = await ctx.centrifuge(node(i), user);
  const sub = client.newMapSubscription(ch);
  const r = { client, sub, syncs: [], updates: [], subscribed: [] };
  sub.on('sync', (s) => r.syncs.push(s.entries.map((e) => [e.key, e.data]).sort()));
  sub.on('update', (u) => r.updates.push({ key: u.key, data: u.data, removed: Boolean(u.removed) }));
  sub.on('subscribed', (s) => r.subscribed.push(s));
  const first = withTimeout(new Promise((resolve) => sub.once('subscribed', resolve)), `map subscribe at ${node(i).letter}`);
  sub.subscribe();
  await first;
  return r;
}

ctx.test('a change on A is in the state B syncs, and A\'s later changes reach B\'s subscriber live', async () => {
  const ch = uniqueChannel('board:b');
  const first = await api(A, 'map_publish', { channel: ch, key: 'a', data: { v: 1 } });
  const b = await mapSubscriber(B, ch, 'bob');
  assert.deepEqual(b.syncs, [[['a', { v: 1 }]]], 'B syncs what A published');
  assert.equal(b.subscribed[0].streamPosition.epoch, first.epoch, 'one epoch for both nodes');

  const a = await mapSubscriber(A, ch, 'alice');
  await a.sub.publish('c', { v: 3 });
  await api(A, 'map_remove', { channel: ch, key: 'a' });
  await waitFor(() => b.updates.length >= 2, 8000, () => `two updates at B; got ${JSON.stringify(b.updates)}`);
  assert.deepEqual(b.updates, [{ key: 'c', data: { v: 3 }, removed: false }, { key: 'a', data: undefined, removed: true }]);
  const stats = await api(B, 'map_publish', { channel: ch, key: 'd', data: { v: 4 } });
  assert.equal(stats.offset, 4, `offsets shared across nodes: ${JSON.stringify(stats)}`);
  await waitFor(() => a.updates.length >= 3, 8000, () => `B's change at A; got ${JSON.stringify(a.updates)}`);
});

ctx.test('an ephemeral map (no stream, no offsets) is shared too: B syncs A\'s entry and gets A\'s changes', async () => {
  const ch = uniqueChannel('live:l');
  await api(A, 'map_publish', { channel: ch, key: 'a', data: { v: 1 } });
  const b = await mapSubscriber(B, ch, 'bob');
  assert.deepEqual(b.syncs, [[['a', { v: 1 }]]]);
  const a = await mapSubscriber(A, ch, 'alice');
  await a.sub.publish('b', { v: 2 });
  await a.sub.publish('a', { v: 3 });
  await waitFor(() => b.updates.length >= 2, 8000, () => `two updates at B; got ${JSON.stringify(b.updates)}`);
  assert.deepEqual(b.updates, [{ key: 'b', data: { v: 2 }, removed: false }, { key: 'a', data: { v: 3 }, removed: false }]);
});

ctx.test('an entry past its key_ttl leaves the subscribers of both nodes', async () => {
  const ch = uniqueChannel('cursors:c');
  const a = await mapSubscriber(A, ch, 'alice');
  const b = await mapSubscriber(B, ch, 'bob');
  await api(A, 'map_publish', { channel: ch, key: 'pointer', data: { x: 1 } });
  const removed = (r) => r.updates.some((u) => u.key === 'pointer' && u.removed);
  await waitFor(() => removed(a) && removed(b), 10_000,
    () => `the expiry at A and B; A ${JSON.stringify(a.updates)}, B ${JSON.stringify(b.updates)}`);
  assert.equal(b.updates.filter((u) => u.removed).length, 1, 'removed once');
  const late = await mapSubscriber(B, ch, 'carol');
  assert.deepEqual(late.syncs, [[]], 'nothing left in the state');
});

ctx.test('a client of B away while A changed the map recovers the changes on A, without a new sync', async () => {
  const ch = uniqueChannel('board:r');
  await api(A, 'map_publish', { channel: ch, key: 'a', data: { v: 1 } });
  const b = await mapSubscriber(B, ch, 'bob');
  assert.equal(b.subscribed[0].recoverable, true, JSON.stringify(b.subscribed[0]));
  b.client.disconnect();
  await api(A, 'map_publish', { channel: ch, key: 'b', data: { v: 2 } });
  await api(A, 'map_remove', { channel: ch, key: 'a' });
  b.client.moveTo(node(A));
  const again = withTimeout(new Promise((resolve) => b.sub.once('subscribed', resolve)), 'the resubscribe on A', 15_000);
  b.client.connect();
  const s = await again;
  assert.equal(s.recovered, true, `recovered on A: ${JSON.stringify(s)}`);
  await waitFor(() => b.updates.length >= 2, 8000, () => `the missed changes; got ${JSON.stringify(b.updates)}`);
  assert.deepEqual(b.updates, [{ key: 'b', data: { v: 2 }, removed: false }, { key: 'a', data: undefined, removed: true }]);
  assert.equal(b.syncs.length, 1, 'a recovered map subscription gets no second sync');
});

ctx.test('the clients of a map channel, kept by the node they are on, are one map a client of the other node reads', async () => {
  const ch = uniqueChannel('room:r');
  const alice = await mapSubscriber(A, ch, 'alice');
  const aliceId = alice.client._client; // centrifuge-js keeps the client id the connect reply gave
  const watcher = await ctx.centrifuge(node(B), 'bob');
  const clients = watcher.newMapClientsSubscription(`here:${ch}`);
  const seen = { sync: null, updates: [] };
  clients.on('sync', (s) => { seen.sync = s.entries.map((e) => e.key); });
  clients.on('update', (u) => seen.updates.push({ key: u.key, removed: Boolean(u.removed) }));
  clients.subscribe();
  await waitFor(() => seen.sync !== null, 8000, 'the clients map sync at B');
  assert.deepEqual(seen.sync, [aliceId], `alice's client (on A) in B's sync: ${JSON.stringify(seen)}`);
  alice.sub.unsubscribe();
  await waitFor(() => seen.updates.some((u) => u.key === aliceId && u.removed), 8000,
    () => `alice's removal at B; got ${JSON.stringify(seen.updates)}`);
});
