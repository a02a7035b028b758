// Subscribe features of centrifuge-js 5.5+ (Centrifugo v6.4+): tags filters (allow_tags_filter) and the
// reject-unrecovered subscribe flag that a subscription with getState sets, answered with error 112.

import assert from 'node:assert/strict';
import { connectAndWait, defaultConfig, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const config = defaultConfig((c) => {
  c.channel.namespaces.push(
    { name: 'tagged', allow_tags_filter: true, history_size: 100, history_ttl: '300s', force_recovery: true, allow_subscribe_for_client: true },
    { name: 'untagged', allow_subscribe_for_client: true },
    { name: 'short', history_size: 2, history_ttl: '300s', force_recovery: true, allow_subscribe_for_client: true },
  );
  return c;
});
const ctx = useServer(config);

async function publish(channel, data, tags) {
  const res = await ctx.server.api('publish', { channel, data, ...(tags ? { tags } : {}) });
  assert.ok(res.result, `publish: ${JSON.stringify(res)}`);
  return res.result;
}

ctx.test('A subscription with a tags filter receives only the publications whose tags match, and stays subscribed', async () => {
  const ch = uniqueChannel('tagged:stocks');
  const client = ctx.userClient('filter-user');
  const got = [];
  const sub = client.newSubscription(ch, {
    tagsFilter: { op: 'and', nodes: [{ key: 'ticker', cmp: 'eq', val: 'AAPL' }, { key: 'price', cmp: 'gt', val: '100' }] },
  });
  sub.on('publication', (p) => got.push(p.data.n));
  await connectAndWait(client);
  await subscribeAndWait(sub);
  await publish(ch, { n: 1 }, { ticker: 'MSFT', price: '300' });
  await publish(ch, { n: 2 }, { ticker: 'AAPL', price: '99.5' });
  await publish(ch, { n: 3 }, { ticker: 'AAPL', price: '150.25' });
  await publish(ch, { n: 4 });
  await publish(ch, { n: 5 }, { ticker: 'AAPL', price: '1000' });
  await waitFor(() => got.length >= 2, 5000, () => `publications 3 and 5; got ${JSON.stringify(got)}`);
  // a last matching one proves nothing else was in between (and the skipped offsets were no gap)
  await publish(ch, { n: 6 }, { ticker: 'AAPL', price: '101' });
  await waitFor(() => got.length >= 3, 5000, () => `publication 6; got ${JSON.stringify(got)}`);
  assert.deepEqual(got, [3, 5, 6]);
  assert.equal(sub.state, 'subscribed');
});

ctx.test('A tags filter where the namespace does not allow one is refused with 107 bad request', async () => {
  const client = ctx.userClient('filter-user');
  const sub = client.newSubscription(uniqueChannel('untagged:x'), { tagsFilter: { key: 'a', cmp: 'eq', val: 'b' } });
  await connectAndWait(client);
  const unsubscribed = nextEvent(sub, 'unsubscribed', 5000);
  sub.subscribe();
  const ctxUnsub = await unsubscribed;
  assert.equal(ctxUnsub.code, 107, JSON.stringify(ctxUnsub));
  assert.equal(client.state, 'connected');
});

ctx.test('A malformed tags filter is refused with 107 bad request', async () => {
  const client = ctx.userClient('filter-user');
  const sub = client.newSubscription(uniqueChannel('tagged:x'), { tagsFilter: { key: 'a', cmp: 'between', val: 'b' } });
  await connectAndWait(client);
  const unsubscribed = nextEvent(sub, 'unsubscribed', 5000);
  sub.subscribe();
  assert.equal((await unsubscribed).code, 107);
});

ctx.test('getState is called again when the position it gave cannot be recovered, and the second position recovers', async () => {
  const ch = uniqueChannel('short:state');
  for (let n = 1; n <= 5; n++) await publish(ch, { n });
  const history = await ctx.server.api('history', { channel: ch, limit: 0 });
  const { epoch } = history.result;
  const positions = [{ offset: 1, epoch }, { offset: 4, epoch }]; // offset 1 is out of the 2-entry history
  const calls = [];
  const client = ctx.userClient('state-user');
  const got = [];
  const sub = client.newSubscription(ch, {
    getState: async () => {
      calls.push(Date.now());
      return positions[Math.min(calls.length - 1, 1)];
    },
  });
  sub.on('publication', (p) => got.push(p.data.n));
  await connectAndWait(client);
  const subscribed = nextEvent(sub, 'subscribed', 10_000);
  sub.subscribe();
  const s = await subscribed;
  assert.equal(calls.length, 2, 'the 112 made the SDK call getState again');
  assert.equal(s.recovered, true, JSON.stringify(s));
  await waitFor(() => got.length >= 1, 5000, () => `the publication after offset 4; got ${JSON.stringify(got)}`);
  assert.deepEqual(got, [5]);
});
