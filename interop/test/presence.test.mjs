// Done-means 4: presence, presence stats, join and leave.

import assert from 'node:assert/strict';
import { connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { waitFor } from '../lib/wait.mjs';

const ctx = useServer();

async function userClient(user) {
  const client = ctx.userClient(user);
  const connected = await connectAndWait(client);
  return { client, id: connected.client };
}

ctx.test('Presence and presence stats list two clients of two different users', async () => {
  const ch = uniqueChannel('room');
  const alice = await userClient('alice');
  const bob = await userClient('bob');
  const aliceSub = alice.client.newSubscription(ch);
  const bobSub = bob.client.newSubscription(ch);
  await subscribeAndWait(aliceSub);
  await subscribeAndWait(bobSub);

  const presence = await aliceSub.presence();
  assert.ok(presence && presence.clients, `presence result: ${JSON.stringify(presence)}`);
  assert.deepEqual(Object.keys(presence.clients).sort(), [alice.id, bob.id].sort(), `presence clients: ${JSON.stringify(presence)}`);
  assert.equal(presence.clients[alice.id].user, 'alice');
  assert.equal(presence.clients[alice.id].client, alice.id);
  assert.equal(presence.clients[bob.id].user, 'bob');
  assert.equal(presence.clients[bob.id].client, bob.id);

  const stats = await bobSub.presenceStats();
  assert.deepEqual(stats, { numClients: 2, numUsers: 2 });
});

ctx.test('Two connections of the same user count as two clients but one user in presence stats', async () => {
  const ch = uniqueChannel('same-user');
  const a1 = await userClient('dora');
  const a2 = await userClient('dora');
  const s1 = a1.client.newSubscription(ch);
  const s2 = a2.client.newSubscription(ch);
  await subscribeAndWait(s1);
  await subscribeAndWait(s2);
  assert.deepEqual(await s1.presenceStats(), { numClients: 2, numUsers: 1 });
  const presence = await s2.presence();
  assert.deepEqual(Object.keys(presence.clients).sort(), [a1.id, a2.id].sort());
});

ctx.test('The first client sees a join when the second subscribes and a leave when it unsubscribes', async () => {
  const ch = uniqueChannel('joinleave');
  const alice = await userClient('alice');
  const bob = await userClient('bob');
  const aliceSub = alice.client.newSubscription(ch);
  const joins = [];
  const leaves = [];
  aliceSub.on('join', (c) => joins.push(c));
  aliceSub.on('leave', (c) => leaves.push(c));
  await subscribeAndWait(aliceSub);

  const bobSub = bob.client.newSubscription(ch);
  await subscribeAndWait(bobSub);
  const bobJoin = await waitFor(
    () => joins.find((j) => j.info && j.info.client === bob.id),
    10_000,
    () => `a join of bob's client ${bob.id} at alice; joins so far: ${JSON.stringify(joins)}`,
  );
  assert.equal(bobJoin.channel, ch);
  assert.equal(bobJoin.info.user, 'bob');

  bobSub.unsubscribe();
  const bobLeave = await waitFor(
    () => leaves.find((l) => l.info && l.info.client === bob.id),
    10_000,
    () => `a leave of bob's client ${bob.id} at alice; leaves so far: ${JSON.stringify(leaves)}`,
  );
  assert.equal(bobLeave.channel, ch);
  assert.equal(bobLeave.info.user, 'bob');
  assert.equal(joins.filter((j) => j.info && j.info.client === bob.id).length, 1, 'exactly one join of bob');
  assert.equal(leaves.filter((l) => l.info && l.info.client === bob.id).length, 1, 'exactly one leave of bob');

  // Presence follows: only alice is left.
  await waitFor(async () => {
    const stats = await aliceSub.presenceStats();
    return stats.numClients === 1 && stats.numUsers === 1;
  }, 5_000, 'presence stats to drop to 1 client / 1 user after bob left');
  const presence = await aliceSub.presence();
  assert.deepEqual(Object.keys(presence.clients), [alice.id]);
});

ctx.test('A client that disconnects leaves presence and its leave is seen by the others', async () => {
  const ch = uniqueChannel('disconnect-leave');
  const alice = await userClient('alice');
  const bob = await userClient('bob');
  const aliceSub = alice.client.newSubscription(ch);
  const leaves = [];
  aliceSub.on('leave', (c) => leaves.push(c));
  await subscribeAndWait(aliceSub);
  await subscribeAndWait(bob.client.newSubscription(ch));
  assert.equal((await aliceSub.presenceStats()).numClients, 2);

  bob.client.disconnect();
  await waitFor(() => leaves.find((l) => l.info && l.info.client === bob.id), 10_000, () => `a leave for bob after his disconnect; leaves: ${JSON.stringify(leaves)}`);
  await waitFor(async () => (await aliceSub.presenceStats()).numClients === 1, 5_000, 'presence to drop to 1 client');
});
