// History lives in Redis: what node A appends, node B reads with the same offsets and epoch, in Centrifugo's
// key layout, and a centrifuge-js client away while A published recovers every missed publication, on the
// node it left or on another one.

import assert from 'node:assert/strict';
import { waitFor } from '../../lib/wait.mjs';
import { centrifugeSubscribed, uniqueChannel, useCluster, withTimeout } from '../lib/cluster.mjs';

const ctx = useCluster({ nodes: 3 });
const [A, B, C] = [0, 1, 2];
const node = (i) => ctx.nodes[i];
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Publishes {n} for each n through node i's server API; returns the results ({offset, epoch}). */
async function publishOn(i, ch, ns) {
  const results = [];
  for (const n of ns) {
    const res = await node(i).api('publish', { channel: ch, data: { n } });
    assert.ok(res.result, `publish ${n} on node ${node(i).letter}: ${JSON.stringify(res)}`);
    results.push(res.result);
  }
  return results;
}

/** Waits until no node lists `user` in the channel's presence: its disconnect has been handled. */
async function goneFromPresence(ch, user) {
  await waitFor(async () => {
    const res = await node(A).api('presence', { channel: ch });
    return !Object.values(res.result.presence).some((p) => p.user === user);
  }, 10_000, `${user} to leave the presence of ${ch}`, { intervalMs: 50 });
}

ctx.test('a publish on A is in the history read on B and C, with the offsets and the epoch A answered', async () => {
  const ch = uniqueChannel('chat:hist-');
  const published = await publishOn(A, ch, range(1, 3));
  assert.deepEqual(published.map((r) => r.offset), [1, 2, 3], JSON.stringify(published));
  const epoch = published[0].epoch;
  assert.ok(typeof epoch === 'string' && epoch !== '', JSON.stringify(published));
  assert.ok(published.every((r) => r.epoch === epoch), `one epoch: ${JSON.stringify(published)}`);

  for (const i of [B, C]) {
    const res = await node(i).api('history', { channel: ch, limit: 100 });
    assert.equal(res.result.epoch, epoch, `epoch at ${node(i).letter}: ${JSON.stringify(res)}`);
    assert.equal(res.result.offset, 3, `top offset at ${node(i).letter}: ${JSON.stringify(res)}`);
    assert.deepEqual(res.result.publications.map((p) => [p.offset, p.data.n]), [[1, 1], [2, 2], [3, 3]], JSON.stringify(res));
  }

  const bob = await ctx.centrifuge(node(B), 'bob');
  const sub = await centrifugeSubscribed(bob, ch);
  const hist = await sub.history({ limit: 100 });
  assert.equal(hist.epoch, epoch, JSON.stringify(hist));
  assert.deepEqual(hist.publications.map((p) => [p.offset, p.data.n]), [[1, 1], [2, 2], [3, 3]], JSON.stringify(hist));
  assert.deepEqual(sub.firstSubscribed.streamPosition, { offset: 3, epoch }, 'the subscribe reply on B has A\'s position');
});

ctx.test('the history is in Redis in Centrifugo\'s layout: <prefix>.stream.<ch> entries <offset>-0, meta hash e and s', async () => {
  const ch = uniqueChannel('chat:layout-');
  const [first] = await publishOn(A, ch, range(1, 2));
  const entries = await ctx.redis.command('XRANGE', `${ctx.prefix}.stream.${ch}`, '-', '+');
  assert.deepEqual(entries.map(([id, fields]) => [id, fields[0]]), [['1-0', 'd'], ['2-0', 'd']], JSON.stringify(entries));
  const meta = await ctx.redis.command('HGETALL', `${ctx.prefix}.stream.meta.${ch}`);
  const fields = Object.fromEntries(range(0, meta.length / 2 - 1).map((k) => [meta[2 * k], meta[2 * k + 1]]));
  assert.equal(fields.e, first.epoch, JSON.stringify(fields));
  assert.equal(fields.s, '2', JSON.stringify(fields));
});

/** A user's client on node i subscribed to ch, recording publications and 'subscribed' contexts. */
async function recordingSubscriber(i, ch, user) {
  const client = await ctx.centrifuge(node(i), user, { minReconnectDelay: 100, maxReconnectDelay: 500 });
  const sub = await centrifugeSubscribed(client, ch);
  const subscribed = [sub.firstSubscribed];
  sub.on('subscribed', (c) => subscribed.push(c));
  return { client, sub, subscribed };
}

for (const [where, to] of [['on B again', B], ['on C', C]]) {
  ctx.test(`a client of B that misses publications made on A recovers them when it reconnects ${where}`, async () => {
    const ch = uniqueChannel('chat:recover-');
    const user = `rec-${to}`;
    const r = await recordingSubscriber(B, ch, user);
    assert.equal(r.subscribed[0].recoverable, true, JSON.stringify(r.subscribed[0]));
    await publishOn(A, ch, range(1, 2));
    await waitFor(() => r.sub.pubs.length >= 2, 8000, () => `1..2 live at B; got ${JSON.stringify(r.sub.seen)}`);
    const epoch = r.subscribed[0].streamPosition.epoch;

    r.client.disconnect();
    await goneFromPresence(ch, user);
    const missed = await publishOn(A, ch, range(3, 6));
    assert.ok(missed.every((m) => m.epoch === epoch), `the epoch the client knows: ${JSON.stringify(missed)}`);

    r.client.moveTo(node(to));
    const resubscribed = withTimeout(new Promise((resolve) => r.sub.once('subscribed', resolve)), 'the resubscribe', 15_000);
    r.client.connect();
    const again = await resubscribed;
    assert.equal(again.wasRecovering, true, JSON.stringify(again));
    assert.equal(again.recovered, true, `recovered on ${node(to).letter}: ${JSON.stringify(again)}`);
    await waitFor(() => r.sub.pubs.length >= 6, 8000, () => `1..6 at the client; got ${JSON.stringify(r.sub.seen)}`);
    assert.deepEqual(r.sub.pubs.map((p) => [p.offset, p.data.n]), range(1, 6).map((n) => [n, n]), 'each once, in order');
    assert.deepEqual(again.streamPosition, { offset: 6, epoch }, JSON.stringify(again));

    // and it is live on its new node
    await publishOn(A, ch, [7]);
    await waitFor(() => r.sub.pubs.length >= 7, 8000, () => `7 live; got ${JSON.stringify(r.sub.seen)}`);
  });
}
