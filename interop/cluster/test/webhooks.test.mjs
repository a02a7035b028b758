// Pusher webhooks of a cluster: channel_occupied/channel_vacated and member_added/member_removed
// are sent once for the cluster, not once per node: occupied when the cluster's first subscriber comes,
// vacated when its last one leaves, whichever node they are on.
//
// "Not sent" is proved with a marker: webhooks of one node leave in order, so once a later event of the same
// node has arrived, an earlier one would have too.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after } from 'node:test';
import { startReceiver } from '../../pusher/lib/receiver.mjs';
import { PUSHER_APP, pusherSubscribed, uniqueChannel, useCluster } from '../lib/cluster.mjs';

const receiver = await startReceiver(({ headers, rawBody }) =>
  headers['x-pusher-signature'] === createHmac('sha256', PUSHER_APP.secret).update(rawBody).digest('hex'));
const HOOK = '/hooks';

const ctx = useCluster({
  nodes: 2,
  config: (c) => ({
    ...c,
    pusher: {
      apps: [{
        ...PUSHER_APP,
        enable_client_messages: true,
        webhooks: [{ url: receiver.url(HOOK), event_types: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed'] }],
      }],
    },
  }),
});
const [A, B] = [0, 1];
const node = (i) => ctx.nodes[i];

after(() => receiver.close());

const eventsOf = (channel, name) => receiver.events(HOOK).filter((e) => e.channel === channel && e.name === name);

/** Occupies a fresh channel from node i and waits for its channel_occupied: everything node i sent before is in. */
async function marker(i) {
  const ch = uniqueChannel(`marker-${node(i).letter}-`);
  await pusherSubscribed(await ctx.pusher(node(i)), ch);
  await receiver.event(HOOK, (e) => e.channel === ch && e.name === 'channel_occupied', 8000);
}

ctx.test('every webhook body is signed with the app secret', async () => {
  await marker(A);
  assert.ok(receiver.bodies.length > 0 && receiver.bodies.every((b) => b.valid), JSON.stringify(receiver.bodies.map((b) => b.headers)));
});

ctx.test('channel_occupied is sent once when subscribers come on A and then on B', async () => {
  const ch = uniqueChannel('occupied-');
  await pusherSubscribed(await ctx.pusher(node(A)), ch);
  await receiver.event(HOOK, (e) => e.channel === ch && e.name === 'channel_occupied', 8000);
  await pusherSubscribed(await ctx.pusher(node(B)), ch);
  await marker(B);
  assert.equal(eventsOf(ch, 'channel_occupied').length, 1, JSON.stringify(receiver.events(HOOK)));
});

ctx.test('channel_vacated waits for the cluster\'s last subscriber', async () => {
  const ch = uniqueChannel('vacated-');
  const a = await ctx.pusher(node(A));
  const b = await ctx.pusher(node(B));
  await pusherSubscribed(a, ch);
  await pusherSubscribed(b, ch);
  a.unsubscribe(ch);
  await marker(A);
  assert.deepEqual(eventsOf(ch, 'channel_vacated'), [], 'B still has a subscriber');
  b.unsubscribe(ch);
  await receiver.event(HOOK, (e) => e.channel === ch && e.name === 'channel_vacated', 8000);
  await marker(A);
  await marker(B);
  assert.equal(eventsOf(ch, 'channel_vacated').length, 1, JSON.stringify(receiver.events(HOOK)));
});

ctx.test('member_added is sent once for a user connected on A and on B, member_removed after its last connection', async () => {
  const ch = uniqueChannel('presence-hooks-');
  const onA = await ctx.pusher(node(A), { id: 'wendy' });
  const onB = await ctx.pusher(node(B), { id: 'wendy' });
  await pusherSubscribed(onA, ch);
  await receiver.event(HOOK, (e) => e.channel === ch && e.name === 'member_added' && e.user_id === 'wendy', 8000);
  await pusherSubscribed(onB, ch);
  await marker(B);
  assert.equal(eventsOf(ch, 'member_added').length, 1, JSON.stringify(eventsOf(ch, 'member_added')));
  onA.unsubscribe(ch);
  await marker(A);
  assert.deepEqual(eventsOf(ch, 'member_removed'), [], 'wendy is still connected on B');
  onB.unsubscribe(ch);
  await receiver.event(HOOK, (e) => e.channel === ch && e.name === 'member_removed' && e.user_id === 'wendy', 8000);
  await marker(A);
  await marker(B);
  assert.equal(eventsOf(ch, 'member_removed').length, 1, JSON.stringify(eventsOf(ch, 'member_removed')));
});
