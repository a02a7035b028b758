// A history stream outlives the nodes: a node restarted with the same prefix reads the same publications in
// the same epoch, its clients recover what was published elsewhere while it was down, and with every node
// stopped the stream still continues where it was.

import assert from 'node:assert/strict';
import { waitFor } from '../../lib/wait.mjs';
import { centrifugeSubscribed, uniqueChannel, useCluster, withTimeout } from '../lib/cluster.mjs';

const ctx = useCluster({ nodes: 2 });
const [A, B] = [0, 1];
const node = (i) => ctx.nodes[i];
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function publishOn(i, ch, ns) {
  const results = [];
  for (const n of ns) {
    const res = await node(i).api('publish', { channel: ch, data: { n } });
    assert.ok(res.result, `publish ${n} on node ${node(i).letter}: ${JSON.stringify(res)}`);
    results.push(res.result);
  }
  return results;
}

async function historyOn(i, ch) {
  const res = await node(i).api('history', { channel: ch, limit: 100 });
  assert.ok(res.result, JSON.stringify(res));
  return { epoch: res.result.epoch, offset: res.result.offset, pubs: res.result.publications.map((p) => [p.offset, p.data.n]) };
}

ctx.test('a client of A recovers, after A restarts, what B published while A was down, in the same epoch', async () => {
  const ch = uniqueChannel('chat:restart-');
  const client = await ctx.centrifuge(node(A), 'rita', { minReconnectDelay: 100, maxReconnectDelay: 300 });
  const sub = await centrifugeSubscribed(client, ch);
  const [{ epoch }] = await publishOn(A, ch, range(1, 2));
  await waitFor(() => sub.pubs.length >= 2, 8000, () => `1..2 live; got ${JSON.stringify(sub.seen)}`);

  await ctx.stopNode(A);
  await publishOn(B, ch, range(3, 5));
  const resubscribed = withTimeout(new Promise((resolve) => sub.once('subscribed', resolve)), 'the resubscribe after A restarted', 30_000);
  await ctx.startNode(A);
  const again = await resubscribed;
  assert.equal(again.recovered, true, JSON.stringify(again));
  assert.deepEqual(again.streamPosition, { offset: 5, epoch }, JSON.stringify(again));
  await waitFor(() => sub.pubs.length >= 5, 8000, () => `1..5; got ${JSON.stringify(sub.seen)}`);
  assert.deepEqual(sub.pubs.map((p) => [p.offset, p.data.n]), range(1, 5).map((n) => [n, n]), 'each once, in order');
  assert.deepEqual(await historyOn(A, ch), { epoch, offset: 5, pubs: range(1, 5).map((n) => [n, n]) }, 'the restarted A reads it all');
});

ctx.test('with every node stopped and A started again on the same prefix, the stream is there, same epoch, and goes on', async () => {
  const ch = uniqueChannel('chat:cold-');
  const before = await publishOn(A, ch, range(1, 3));
  const epoch = before[0].epoch;

  await ctx.stopNode(A);
  await ctx.stopNode(B);
  await ctx.startNode(A);
  assert.deepEqual(await historyOn(A, ch), { epoch, offset: 3, pubs: [[1, 1], [2, 2], [3, 3]] });
  const [next] = await publishOn(A, ch, [4]);
  assert.deepEqual(next, { offset: 4, epoch }, 'the next publish continues the stream');

  await ctx.startNode(B);
  assert.deepEqual(await historyOn(B, ch), { epoch, offset: 4, pubs: range(1, 4).map((n) => [n, n]) });
});
