// Centrifugo v6's shared poll subscriptions with the centrifuge-js SDK: clients track keys with backend-signed
// signatures, the server polls the refresh proxy once per round for every subscriber of a channel, updates reach
// each tracker once per version; a bad signature, too many keys or a track of a stream channel get their errors
// and the connection goes on working.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after } from 'node:test';
import { connectAndWait, defaultConfig, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { startBackend } from '../lib/backend.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const SECRET = 'interop-poll-secret';
const backend = await startBackend();
after(() => backend.stop());

/** The backend's items by key: { data, version, removed }. */
const items = new Map();
backend.answer('/poll', (body) => ({
  result: {
    items: (body.items ?? []).filter((i) => items.has(i.key)).map((i) => ({ key: i.key, ...items.get(i.key) })),
  },
}));

const ctx = useServer(
  defaultConfig((c) => {
    c.shared_poll = { hmac_secret_key: SECRET };
    c.proxies = [{ name: 'poller', endpoint: `${backend.url}/poll`, timeout: '1s' }];
    const block = { proxy_name: 'poller', refresh_interval: '100ms', max_keys_per_connection: 3 };
    c.channel.namespaces.push(
      { name: 'open', allow_subscribe_for_client: true, allow_subscribe_for_anonymous: true, allow_publish_for_client: true, allow_publish_for_anonymous: true },
      { name: 'sp', subscription_type: 'shared_poll', shared_poll: { ...block, mode: 'versioned' }, allow_subscribe_for_client: true, allow_subscribe_for_anonymous: true },
      { name: 'spv', subscription_type: 'shared_poll', shared_poll: block, allow_subscribe_for_client: true, allow_subscribe_for_anonymous: true },
    );
    return c;
  }),
);

/** A signature as a backend issues one: issued:expires:hmac over NUL-joined fields, the keys hashed. */
function sign(channel, keys, { user = '', ttl = 3600 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const hash = crypto.createHash('sha256').update(keys.join('\x00')).digest('hex');
  const mac = crypto.createHmac('sha256', SECRET).update(`${now}\x00${now + ttl}\x00${user}\x00${channel}\x00${hash}`).digest('hex');
  return `${now}:${now + ttl}:${mac}`;
}

async function pollSubscription(client, channel) {
  const sub = client.newSharedPollSubscription(channel, {
    getSignature: async ({ keys }) => ({ keys, signature: sign(channel, keys) }),
  });
  sub.errors = [];
  sub.on('error', (e) => sub.errors.push(e));
  await subscribeAndWait(sub);
  return sub;
}

function updates(sub) {
  const seen = [];
  sub.on('update', (u) => seen.push({ key: u.key, version: u.version, data: u.data, removed: Boolean(u.removed) }));
  return seen;
}

ctx.test('two clients tracking one key share one poll and each sees every new version once', async () => {
  const channel = uniqueChannel('sp:');
  items.set('k1', { data: { v: 1 }, version: 1 });
  const a = ctx.client();
  const b = ctx.client();
  await connectAndWait(a);
  await connectAndWait(b);
  const subA = await pollSubscription(a, channel);
  const subB = await pollSubscription(b, channel);
  const seenA = updates(subA);
  const seenB = updates(subB);
  subA.track(['k1']);
  subB.track(['k1']);
  await waitFor(() => seenA.length === 1 && seenB.length === 1, 5000, 'first version at both');
  assert.deepEqual(seenA[0], { key: 'k1', version: 1, data: { v: 1 }, removed: false });

  backend.reset();
  backend.answer('/poll', (body) => ({
    result: { items: (body.items ?? []).filter((i) => items.has(i.key)).map((i) => ({ key: i.key, ...items.get(i.key) })) },
  }));
  await waitFor(() => backend.to('/poll').filter((r) => r.body.channel === channel).length >= 3, 5000, 'three rounds');
  for (const r of backend.to('/poll').filter((x) => x.body.channel === channel)) {
    assert.deepEqual(r.body.items.map((i) => i.key), ['k1'], 'one request per round, the key once for both trackers');
  }
  assert.equal(seenA.length, 1, 'an unchanged version is not delivered again');

  items.set('k1', { data: { v: 2 }, version: 2 });
  await waitFor(() => seenA.length === 2 && seenB.length === 2, 5000, 'second version at both');
  assert.deepEqual(seenB[1], { key: 'k1', version: 2, data: { v: 2 }, removed: false });

  items.set('k1', { data: null, version: 3, removed: true });
  await waitFor(() => seenA.length === 3, 5000, 'removal');
  assert.equal(seenA[2].removed, true);
});

ctx.test('versionless: a change of data is numbered by the server, the same data is not sent again', async () => {
  const channel = uniqueChannel('spv:');
  items.set('x', { data: { n: 1 }, version: 0 });
  const c = ctx.client();
  await connectAndWait(c);
  const sub = await pollSubscription(c, channel);
  const seen = updates(sub);
  sub.track(['x']);
  await waitFor(() => seen.length === 1, 5000, 'first data');
  assert.ok(seen[0].version > 0);
  items.set('x', { data: { n: 2 }, version: 0 });
  await waitFor(() => seen.length === 2, 5000, 'changed data');
  assert.ok(seen[1].version > seen[0].version);
  assert.deepEqual(seen[1].data, { n: 2 });
});

ctx.test('bad input: a forged signature is 103, more keys than allowed 106; the connection keeps working', async () => {
  const channel = uniqueChannel('sp:');
  const c = ctx.client();
  await connectAndWait(c);
  const sub = await pollSubscription(c, channel);

  const forged = nextEvent(sub, 'error', 5000, (e) => e.type === 'track');
  sub.track([{ key: 'a', version: 0 }], 'not-a-signature');
  assert.equal((await forged).error.code, 103);

  const tooMany = nextEvent(sub, 'error', 5000, (e) => e.type === 'track');
  const keys = ['a', 'b', 'c', 'd'];
  sub.track(keys.map((key) => ({ key, version: 0 })), sign(channel, keys));
  assert.equal((await tooMany).error.code, 106);

  // the same connection still subscribes and receives publications on a stream channel
  const stream = c.newSubscription(uniqueChannel('open:'));
  await subscribeAndWait(stream);
  const pub = nextEvent(stream, 'publication', 5000);
  await c.publish(stream.channel, { ok: true });
  assert.deepEqual((await pub).data, { ok: true });
  assert.equal(c.state, 'connected');
});
