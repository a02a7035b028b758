// Done-means 5: history with limit, reverse and since.

import assert from 'node:assert/strict';
import { connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';

const ctx = useServer();

/** A subscribed client on a fresh channel with 5 API publications {n:1..5}; returns their publish results. */
async function channelWithFive() {
  const ch = uniqueChannel('hist');
  const client = ctx.userClient('historian');
  await connectAndWait(client);
  const sub = client.newSubscription(ch);
  await subscribeAndWait(sub);
  const results = [];
  for (let n = 1; n <= 5; n++) {
    const res = await ctx.server.api('publish', { channel: ch, data: { n } });
    assert.ok(res.result, `publish ${n}: ${JSON.stringify(res)}`);
    results.push(res.result);
  }
  return { ch, client, sub, results };
}

ctx.test('History after five API publishes returns them in order with offsets and the epoch', async () => {
  const { sub, results } = await channelWithFive();
  const epoch = results[0].epoch;
  assert.ok(results.every((r) => r.epoch === epoch), `one epoch for all publishes: ${JSON.stringify(results)}`);
  assert.deepEqual(results.map((r) => r.offset), [1, 2, 3, 4, 5], 'a fresh channel numbers its publications 1..5');

  const history = await sub.history({ limit: 10 });
  assert.deepEqual(history.publications.map((p) => p.data), [1, 2, 3, 4, 5].map((n) => ({ n })));
  assert.deepEqual(history.publications.map((p) => p.offset), [1, 2, 3, 4, 5]);
  assert.equal(history.offset, 5, 'history.offset is the top offset of the stream');
  assert.equal(history.epoch, epoch);
});

ctx.test('History with limit 2 and reverse returns the two newest publications newest first', async () => {
  const { sub, results } = await channelWithFive();
  const history = await sub.history({ limit: 2, reverse: true });
  assert.deepEqual(history.publications.map((p) => p.data), [{ n: 5 }, { n: 4 }]);
  assert.deepEqual(history.publications.map((p) => p.offset), [5, 4]);
  assert.equal(history.offset, 5);
  assert.equal(history.epoch, results[0].epoch);
});

ctx.test('History with limit 2 and no reverse returns the two oldest publications', async () => {
  const { sub } = await channelWithFive();
  const history = await sub.history({ limit: 2 });
  assert.deepEqual(history.publications.map((p) => p.data), [{ n: 1 }, { n: 2 }]);
  assert.equal(history.offset, 5);
});

ctx.test('History since offset 2 of the current epoch returns the publications after it', async () => {
  const { sub, results } = await channelWithFive();
  const epoch = results[0].epoch;
  const history = await sub.history({ since: { offset: 2, epoch }, limit: 10 });
  assert.deepEqual(history.publications.map((p) => p.data), [{ n: 3 }, { n: 4 }, { n: 5 }]);
  assert.deepEqual(history.publications.map((p) => p.offset), [3, 4, 5]);
  assert.equal(history.offset, 5);
  assert.equal(history.epoch, epoch);
});

ctx.test('History since the top offset returns no publications', async () => {
  const { sub, results } = await channelWithFive();
  const history = await sub.history({ since: { offset: 5, epoch: results[0].epoch }, limit: 10 });
  assert.deepEqual(history.publications, []);
  assert.equal(history.offset, 5);
});

ctx.test('History without a limit returns only the stream position', async () => {
  const { sub, results } = await channelWithFive();
  const history = await sub.history({});
  assert.deepEqual(history.publications, [], 'centrifuge-js documents: no publications unless limit > 0');
  assert.equal(history.offset, 5);
  assert.equal(history.epoch, results[0].epoch);
});

ctx.test('History of a channel the client is not subscribed to is refused with permission denied', async () => {
  const { ch } = await channelWithFive();
  const outsider = ctx.userClient('outsider');
  await connectAndWait(outsider);
  // allow_history_for_subscriber only allows subscribers.
  await assert.rejects(outsider.history(ch, { limit: 10 }), (err) => {
    assert.equal(err.code, 103, `expected 103 permission denied, got ${JSON.stringify(err)}`);
    return true;
  });
});
