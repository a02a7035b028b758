// Map subscriptions (centrifuge-js newMapSubscription, Centrifugo's subscription_type: map): the state on
// subscribe, live changes from the server API (map_publish, map_remove) and from clients, and recovery.

import assert from 'node:assert/strict';
import { connectAndWait, defaultConfig, uniqueChannel, useServer } from '../lib/harness.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const config = defaultConfig((c) => {
  c.channel.namespaces.push(
    { name: 'live', subscription_type: 'map', allow_subscribe_for_client: true,
      map: { mode: 'ephemeral', key_ttl: '60s', allow_publish_for_client: true, allow_remove_for_client: true } },
    { name: 'kept', subscription_type: 'map', allow_subscribe_for_client: true,
      map: { mode: 'persistent', stream_size: 3, allow_publish_for_client: true } },
  );
  return c;
});
const ctx = useServer(config);

async function api(method, body) {
  const res = await ctx.server.api(method, body);
  assert.ok(res.result, `${method}: ${JSON.stringify(res)}`);
  return res.result;
}

ctx.test('A map subscription receives the state, then every change as an update', async () => {
  const ch = uniqueChannel('live:board');
  await api('map_publish', { channel: ch, key: 'a', data: { v: 1 } });
  await api('map_publish', { channel: ch, key: 'b', data: { v: 2 } });
  const client = ctx.userClient('map-user');
  await connectAndWait(client);
  const sub = client.newMapSubscription(ch);
  const updates = [];
  sub.on('update', (u) => updates.push({ key: u.key, data: u.data, removed: Boolean(u.removed) }));
  const sync = nextEvent(sub, 'sync', 5000);
  sub.subscribe();
  const entries = (await sync).entries.map((e) => [e.key, e.data.v]).sort();
  assert.deepEqual(entries, [['a', 1], ['b', 2]]);
  await api('map_remove', { channel: ch, key: 'a' });
  await sub.publish('c', { v: 3 });
  await waitFor(() => updates.length >= 2, 5000, () => `two updates; got ${JSON.stringify(updates)}`);
  assert.deepEqual(updates, [{ key: 'a', data: undefined, removed: true }, { key: 'c', data: { v: 3 }, removed: false }]);
});

ctx.test('A persistent map subscription recovers the changes it missed after a reconnect, without a new sync', async () => {
  const ch = uniqueChannel('kept:board');
  await api('map_publish', { channel: ch, key: 'a', data: { v: 1 } });
  const client = ctx.userClient('map-user');
  await connectAndWait(client);
  const sub = client.newMapSubscription(ch);
  let syncs = 0;
  sub.on('sync', () => { syncs += 1; });
  const updates = [];
  sub.on('update', (u) => updates.push(u.key));
  const first = nextEvent(sub, 'subscribed', 5000);
  sub.subscribe();
  assert.equal((await first).recoverable, true);
  client.disconnect();
  await api('map_publish', { channel: ch, key: 'b', data: { v: 2 } });
  const again = nextEvent(sub, 'subscribed', 10_000);
  client.connect();
  const s = await again;
  assert.equal(s.recovered, true, JSON.stringify(s));
  await waitFor(() => updates.length >= 1, 5000, () => `the missed change; got ${JSON.stringify(updates)}`);
  assert.deepEqual(updates, ['b']);
  assert.equal(syncs, 1, 'a recovered map subscription gets no second sync');
});
