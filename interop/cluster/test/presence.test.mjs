// Presence lives in Redis: clients on different nodes see each other in presence, join and leave cross
// nodes, the server API of a third node answers for the whole cluster, Pusher presence channels list members
// of every node, and a node killed with SIGKILL loses its clients' presence within engine.redis.presence_ttl.

import assert from 'node:assert/strict';
import { waitFor } from '../../lib/wait.mjs';
import { PRESENCE_TTL, centrifugeSubscribed, pusherApiGet, pusherSubscribed, uniqueChannel, useCluster, withTimeout } from '../lib/cluster.mjs';

const ctx = useCluster({ nodes: 3 });
const [A, B, C] = [0, 1, 2];
const node = (i) => ctx.nodes[i];

/** The users of a presence() answer ({clients: {id: info}}), sorted. */
const usersOf = (presence) => Object.values(presence.clients).map((c) => c.user).sort();

ctx.test('centrifuge-js clients on A and B see each other in presence, and C\'s server API sees both', async () => {
  const ch = uniqueChannel('chat:here-');
  const alice = await ctx.centrifuge(node(A), 'alice');
  const bob = await ctx.centrifuge(node(B), 'bob');
  const aliceSub = await centrifugeSubscribed(alice, ch);
  const bobSub = await centrifugeSubscribed(bob, ch);

  // at once: the subscribe reply waits for the presence entry, as Centrifugo's does
  assert.deepEqual(usersOf(await aliceSub.presence()), ['alice', 'bob'], 'presence asked on A');
  assert.deepEqual(usersOf(await bobSub.presence()), ['alice', 'bob'], 'presence asked on B');
  const stats = await bobSub.presenceStats();
  assert.deepEqual([stats.numClients, stats.numUsers], [2, 2], JSON.stringify(stats));

  const api = await node(C).api('presence', { channel: ch });
  const apiUsers = Object.values(api.result.presence).map((p) => p.user).sort();
  assert.deepEqual(apiUsers, ['alice', 'bob'], `server API presence on C: ${JSON.stringify(api)}`);
  assert.equal(new Set(Object.values(api.result.presence).map((p) => p.client)).size, 2, 'two distinct client ids');
  const apiStats = await node(C).api('presence_stats', { channel: ch });
  assert.deepEqual(apiStats.result, { num_clients: 2, num_users: 2 }, JSON.stringify(apiStats));
});

ctx.test('a join on B and a leave on B reach a subscriber on A', async () => {
  const ch = uniqueChannel('chat:joinleave-');
  const alice = await ctx.centrifuge(node(A), 'alice');
  const aliceSub = await centrifugeSubscribed(alice, ch);
  const joins = [];
  const leaves = [];
  aliceSub.on('join', (c) => joins.push(c.info));
  aliceSub.on('leave', (c) => leaves.push(c.info));

  const bob = await ctx.centrifuge(node(B), 'bob');
  const bobSub = await centrifugeSubscribed(bob, ch);
  await waitFor(() => joins.some((i) => i.user === 'bob'), 8000, () => `bob's join at A; joins: ${JSON.stringify(joins)}`);

  bobSub.unsubscribe();
  await waitFor(() => leaves.some((i) => i.user === 'bob'), 8000, () => `bob's leave at A; leaves: ${JSON.stringify(leaves)}`);
  assert.equal(joins.filter((i) => i.user === 'bob').length, 1, `one join of bob: ${JSON.stringify(joins)}`);
  assert.equal(leaves.filter((i) => i.user === 'bob').length, 1, `one leave of bob: ${JSON.stringify(leaves)}`);
  assert.deepEqual(usersOf(await aliceSub.presence()), ['alice'], 'bob is gone from presence');
});

ctx.test('a Pusher presence channel lists members of A and B, and member_added/member_removed cross nodes', async () => {
  const ch = uniqueChannel('presence-room-');
  const onA = await pusherSubscribed(await ctx.pusher(node(A), { id: 'ann', info: { node: 'A' } }), ch);
  const added = [];
  const removed = [];
  onA.bind('pusher:member_added', (m) => added.push(m));
  onA.bind('pusher:member_removed', (m) => removed.push(m));

  const bClient = await ctx.pusher(node(B), { id: 'ben', info: { node: 'B' } });
  const onB = await pusherSubscribed(bClient, ch);
  const members = [];
  onB.members.each((m) => members.push(m.id));
  assert.deepEqual(members.sort(), ['ann', 'ben'], `members at B's subscription_succeeded: ${JSON.stringify(onB.succeeded)}`);
  assert.deepEqual(onB.members.get('ann')?.info, { node: 'A' }, 'ann\'s user_info came from node A');

  await waitFor(() => added.some((m) => m.id === 'ben'), 8000, () => `member_added ben at A; added: ${JSON.stringify(added)}`);
  assert.deepEqual(added.find((m) => m.id === 'ben').info, { node: 'B' });
  bClient.unsubscribe(ch);
  await waitFor(() => removed.some((m) => m.id === 'ben'), 8000, () => `member_removed ben at A; removed: ${JSON.stringify(removed)}`);
});

ctx.test('a Pusher user connected on B and on C is one member: one member_added at A, removed when its last connection leaves', async () => {
  const ch = uniqueChannel('presence-once-');
  const onA = await pusherSubscribed(await ctx.pusher(node(A), { id: 'obs' }), ch);
  const added = [];
  const removed = [];
  onA.bind('pusher:member_added', (m) => added.push(m.id));
  onA.bind('pusher:member_removed', (m) => removed.push(m.id));
  const annB = await ctx.pusher(node(B), { id: 'ann' });
  await pusherSubscribed(annB, ch);
  await waitFor(() => added.includes('ann'), 8000, () => `member_added ann at A; added: ${JSON.stringify(added)}`);
  const annC = await ctx.pusher(node(C), { id: 'ann' });
  const second = await pusherSubscribed(annC, ch);
  assert.equal(second.members.count, 2, 'obs and ann, ann once');

  const users = await pusherApiGet(node(A), `/apps/app-id/channels/${ch}/users`);
  assert.deepEqual(users, { users: [{ id: 'ann' }, { id: 'obs' }] }, 'the HTTP API of A lists users of every node, once each');
  const info = await pusherApiGet(node(B), `/apps/app-id/channels/${ch}`, { info: 'user_count' });
  assert.equal(info.user_count, 2, JSON.stringify(info));

  annB.unsubscribe(ch);
  // a marker published after the unsubscribe: once A has it, a member_removed sent before it would be there too
  await waitFor(async () => Object.values((await node(A).api('presence', { channel: ch })).result.presence).length === 2, 8000,
    'ann\'s connection on B to leave presence');
  const marker = { marker: ch };
  await node(B).api('publish', { channel: ch, data: marker, tags: { event: 'marker' } });
  await waitFor(() => onA.events.some((e) => e.event === 'marker'), 8000, 'the marker at A');
  assert.deepEqual(removed, [], 'ann is still a member through her connection on C');
  assert.deepEqual(added, ['ann'], 'ann was added once');

  annC.unsubscribe(ch);
  await waitFor(() => removed.includes('ann'), 8000, () => `member_removed ann at A; removed: ${JSON.stringify(removed)}`);
});

ctx.test('a node killed with SIGKILL: its clients leave presence within the presence TTL', async () => {
  const ch = uniqueChannel('chat:crash-');
  const alice = await ctx.centrifuge(node(A), 'alice');
  const aliceSub = await centrifugeSubscribed(alice, ch);
  const carol = await ctx.centrifuge(node(C), 'carol', { maxReconnectDelay: 60_000, minReconnectDelay: 60_000 });
  await centrifugeSubscribed(carol, ch);
  assert.deepEqual(usersOf(await aliceSub.presence()), ['alice', 'carol']);

  const killedAt = Date.now();
  process.kill(node(C).pid, 'SIGKILL');
  await withTimeout(new Promise((resolve) => {
    const timer = setInterval(() => node(C).exited() && (clearInterval(timer), resolve()), 20);
  }), 'node C to exit after SIGKILL');
  const ttlMs = parseFloat(PRESENCE_TTL) * 1000;
  // carol's entry was refreshed at the latest when C died, so it expires at most a TTL later (1 s for the reads)
  await waitFor(async () => usersOf(await aliceSub.presence()).join() === 'alice', ttlMs + 1000,
    () => `carol (node C, killed) to leave presence within ${PRESENCE_TTL} (+1 s)`, { intervalMs: 100 });
  assert.ok(Date.now() - killedAt <= ttlMs + 1000, `took ${Date.now() - killedAt} ms`);

  await ctx.startNode(C); // the cluster is whole again for any test after this one
});
