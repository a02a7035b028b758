// Redis goes away and comes back (issue 14's resilience): publishes fail with a clear error meanwhile, clients
// stay connected, the nodes resubscribe when Redis returns, and a client whose stream was lost with Redis (no
// persistence here) is told so (recovered: false) instead of silently missing publications.

import assert from 'node:assert/strict';
import { waitFor } from '../../lib/wait.mjs';
import { startRedis } from '../lib/redis.mjs';
import { centrifugeSubscribed, uniqueChannel, useCluster, withTimeout } from '../lib/cluster.mjs';

// Centrifugo's default channel_position_check_delay is 40 s; 1 s here so a lost PUB/SUB message is noticed quickly
const POSITION_CHECK = '1s';
const ctx = useCluster({ nodes: 2, config: (c) => ({ ...c, client: { channel_position_check_delay: POSITION_CHECK } }) });
const [A, B] = [0, 1];
const node = (i) => ctx.nodes[i];

/** Stops redis-server and starts a new, empty one on the same port. */
async function restartRedis(whileDown = async () => {}) {
  const { port } = ctx.redis;
  await ctx.redis.stop();
  await whileDown();
  ctx.redis = await startRedis({ port });
}

/** Waits until a node (B: the only one with subscribers) listens to the channel's PUB/SUB in the new Redis. */
async function nodeListens(ch) {
  await waitFor(async () => (await ctx.redis.command('PUBSUB', 'NUMSUB', `${ctx.prefix}.client.${ch}`))[1] >= 1, 20_000,
    `a node to SUBSCRIBE ${ctx.prefix}.client.${ch} again`, { intervalMs: 50 });
}

/** Waits until a server API publish on node i succeeds again; returns its result. */
async function publishWhenBack(i, channel, data) {
  return waitFor(async () => (await node(i).api('publish', { channel, data })).result, 20_000,
    `a publish on ${node(i).letter} to succeed after Redis came back`, { intervalMs: 200 });
}

ctx.test('while Redis is down a publish answers error 100 and clients stay; when it is back, publications cross nodes again', async () => {
  const ch = uniqueChannel('fault-');
  const client = await ctx.centrifuge(node(B));
  const sub = await centrifugeSubscribed(client, ch);
  const disconnects = [];
  client.on('disconnected', (c) => disconnects.push(c));
  await node(A).api('publish', { channel: ch, data: { n: 1 } });
  await waitFor(() => sub.seen.length === 1, 8000, 'publication 1 at B');

  let refused;
  await restartRedis(async () => {
    refused = await node(A).api('publish', { channel: ch, data: { n: 2 } });
  });
  assert.equal(refused.error?.code, 100, `publish while Redis is down: ${JSON.stringify(refused)}`);
  assert.equal(client.state, 'connected', 'the client stayed connected');

  // The first publication after the restart starts a new stream (an empty Redis): B's subscriber is told so and
  // resubscribes (the next test); so publish until one arrives live at B, through its node's new PUB/SUB subscription.
  let n = 3;
  await publishWhenBack(A, ch, { n });
  await waitFor(async () => {
    n += 1;
    await node(A).api('publish', { channel: ch, data: { n } });
    return sub.seen.some((d) => d.n > 2);
  }, 20_000, () => `a publication made on A after Redis came back, live at B; seen ${JSON.stringify(sub.seen)}`, { intervalMs: 300 });
  assert.equal(client.state, 'connected');
  assert.deepEqual(disconnects, [], 'no client was disconnected');
});

ctx.test('a subscriber whose stream was lost with Redis is told recovered: false, not left silently behind', async () => {
  const ch = uniqueChannel('chat:lost-');
  const client = await ctx.centrifuge(node(B), 'lou', { minReconnectDelay: 100, maxReconnectDelay: 300 });
  const sub = await centrifugeSubscribed(client, ch);
  const subscribed = [];
  sub.on('subscribed', (c) => subscribed.push(c));
  const epoch = sub.firstSubscribed.streamPosition.epoch;
  await node(A).api('publish', { channel: ch, data: { n: 1 } });
  await waitFor(() => sub.seen.length === 1, 8000, 'publication 1 at B');

  await restartRedis();
  await nodeListens(ch);
  const res = await publishWhenBack(A, ch, { n: 2 });
  assert.notEqual(res.epoch, epoch, 'an empty Redis starts a new stream');
  // the publication of another epoch ends the subscription (2500); the client resubscribes and is told
  const told = withTimeout(new Promise((resolve) => sub.once('subscribed', resolve)), 'a resubscribe telling of the lost stream', 20_000);
  const again = await told;
  assert.equal(again.recovered, false, JSON.stringify(again));
  assert.equal(again.streamPosition.epoch, res.epoch, JSON.stringify(again));
});

/**
 * Appends {data} to the channel's stream the way Centrifugo's script does (meta s + 1, XADD <offset>-0 d
 * <Publication protobuf: field 4 data>) but publishes nothing: a PUB/SUB message lost on its way.
 */
async function appendUnpublished(ch, data) {
  const json = JSON.stringify(data);
  assert.ok(json.length < 128, 'a one-byte protobuf length');
  const publication = `\x22${String.fromCharCode(json.length)}${json}`;
  const script = "local o = redis.call('hincrby', KEYS[1], 's', 1); redis.call('xadd', KEYS[2], o .. '-0', 'd', ARGV[1]); return o";
  return ctx.redis.command('EVAL', script, 2, `${ctx.prefix}.stream.meta.${ch}`, `${ctx.prefix}.stream.${ch}`, publication);
}

ctx.test(`a publication whose PUB/SUB message was lost reaches the subscriber through the position check (every ${POSITION_CHECK}) and recovery`, async () => {
  const ch = uniqueChannel('chat:unheard-');
  const client = await ctx.centrifuge(node(B), 'una', { minReconnectDelay: 100, maxReconnectDelay: 300 });
  const sub = await centrifugeSubscribed(client, ch);
  const subscribed = [];
  sub.on('subscribed', (c) => subscribed.push(c));
  await node(A).api('publish', { channel: ch, data: { n: 1 } });
  await waitFor(() => sub.seen.length === 1, 8000, 'publication 1 at B');

  assert.equal(await appendUnpublished(ch, { n: 2 }), 2, 'offset 2 in the stream');
  await waitFor(() => sub.seen.length === 2, 10_000, () => `publication 2 at B without a PUB/SUB message; seen ${JSON.stringify(sub.seen)}`);
  assert.deepEqual(sub.pubs.map((p) => [p.offset, p.data]), [[1, { n: 1 }], [2, { n: 2 }]]);
  assert.equal(subscribed.at(-1)?.recovered, true, `recovered after the position check: ${JSON.stringify(subscribed)}`);
  assert.equal(client.state, 'connected');
});
