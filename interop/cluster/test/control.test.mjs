// Server API calls that act on, or ask about, clients of other nodes, through the engine's control channel
// (Centrifugo's P.control: disconnect, unsubscribe, node heartbeats, surveys).

import assert from 'node:assert/strict';
import { waitFor } from '../../lib/wait.mjs';
import { centrifugeSubscribed, pusherApi, pusherApiGet, pusherSubscribed, uniqueChannel, useCluster, withTimeout } from '../lib/cluster.mjs';

const ctx = useCluster({ nodes: 3 });
const [A, B, C] = [0, 1, 2];
const node = (i) => ctx.nodes[i];


ctx.test('a user disconnected through the server API of A is dropped on C', async () => {
  const user = uniqueChannel('dropped-');
  const client = await ctx.centrifuge(node(C), user, { minReconnectDelay: 60_000, maxReconnectDelay: 60_000 });
  const disconnected = withTimeout(new Promise((resolve) => client.once('disconnected', resolve)), `${user}'s disconnect at C`);
  assert.deepEqual(await node(A).api('disconnect', { user }), { result: {} });
  const ctxOfDisconnect = await disconnected;
  assert.equal(ctxOfDisconnect.code, 3503, JSON.stringify(ctxOfDisconnect));
});

ctx.test('a subscription ended through the server API of A ends on B', async () => {
  const user = uniqueChannel('unsub-');
  const ch = uniqueChannel('chat:unsub-');
  const sub = await centrifugeSubscribed(await ctx.centrifuge(node(B), user), ch);
  const unsubscribed = withTimeout(new Promise((resolve) => sub.once('unsubscribed', resolve)), 'the unsubscribe at B');
  assert.deepEqual(await node(A).api('unsubscribe', { user, channel: ch }), { result: {} });
  await unsubscribed;
});

ctx.test('the server API channels of A lists a channel whose only subscriber is on B', async () => {
  const ch = uniqueChannel('only-on-b-');
  await centrifugeSubscribed(await ctx.centrifuge(node(B)), ch);
  const res = await node(A).api('channels', {});
  assert.equal(res.result?.channels?.[ch]?.num_clients, 1, JSON.stringify(res));
});

ctx.test('the server API info of any node lists all three nodes', async () => {
  await waitFor(async () => (await node(A).api('info', {})).result.nodes.length === 3, 10_000,
    'three nodes in info (Centrifugo\'s heartbeat is every 3 s)', { intervalMs: 200 });
  const names = (await node(B).api('info', {})).result.nodes.map((n) => n.name).sort();
  assert.deepEqual(names, ['node-a', 'node-b', 'node-c']);
});

ctx.test('the Pusher HTTP API of A sees a channel occupied, with its subscription_count, whose subscribers are on B and C', async () => {
  const ch = uniqueChannel('counted-');
  await pusherSubscribed(await ctx.pusher(node(B)), ch);
  await pusherSubscribed(await ctx.pusher(node(C)), ch);
  const info = await pusherApiGet(node(A), `/apps/app-id/channels/${ch}`, { info: 'subscription_count' });
  assert.deepEqual(info, { occupied: true, subscription_count: 2 });
});

ctx.test('a Pusher terminate_connections on A closes the user\'s signed-in connection on C with 4009', async () => {
  const id = uniqueChannel('tess-');
  const client = await ctx.pusher(node(C), { id });
  const states = [];
  client.connection.bind('state_change', ({ current }) => states.push(current));
  const signedIn = withTimeout(new Promise((resolve) => client.bind('pusher:signin_success', resolve)), 'pusher:signin_success');
  client.signin();
  await signedIn;
  assert.deepEqual(await pusherApi(node(A), 'POST', `/apps/app-id/users/${id}/terminate_connections`, { body: '{}' }), {});
  await waitFor(() => client.errors.some((e) => e?.data?.code === 4009), 8000,
    () => `a 4009 at the client on C; errors ${JSON.stringify(client.errors)}, states ${JSON.stringify(states)}`);
  await waitFor(() => states.length > 0 && states.at(-1) !== 'connected', 8000, () => `the connection to close; states ${JSON.stringify(states)}`);
});
