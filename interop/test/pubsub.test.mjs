// Done-means 2 and 3: server API publish reaches a subscription; client publish reaches another client.

import assert from 'node:assert/strict';
import { connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { nextEvent, quietPeriod, waitFor } from '../lib/wait.mjs';

const ctx = useServer();

ctx.test('A publication sent through the server API reaches a subscription to news with its data and offset', async () => {
  const client = ctx.userClient('reader');
  await connectAndWait(client);
  const sub = client.newSubscription('news');
  await subscribeAndWait(sub);

  const publication = nextEvent(sub, 'publication', 10_000);
  const res = await ctx.server.api('publish', { channel: 'news', data: { text: 'hi' } });
  assert.equal(res.error, undefined, `publish API error: ${JSON.stringify(res)}`);
  assert.ok(res.result, `publish API reply has no result: ${JSON.stringify(res)}`);
  assert.equal(typeof res.result.offset, 'number', `publish result.offset should be a number: ${JSON.stringify(res)}`);
  assert.equal(typeof res.result.epoch, 'string', `publish result.epoch should be a string: ${JSON.stringify(res)}`);
  assert.ok(res.result.epoch.length > 0, 'publish result.epoch should not be empty');

  const pub = await publication;
  assert.deepEqual(pub.data, { text: 'hi' });
  assert.equal(pub.channel, 'news');
  assert.equal(typeof pub.offset, 'number', `publication should carry an offset (history is on): ${JSON.stringify(pub)}`);
  assert.equal(pub.offset, res.result.offset, 'the pushed offset should be the one the publish API returned');
  assert.equal(pub.info, undefined, 'a server API publication has no publisher info');
});

ctx.test('A publication reaches every subscriber of the channel exactly once', async () => {
  const ch = uniqueChannel('fanout');
  const clients = [ctx.userClient('r1'), ctx.userClient('r2'), ctx.userClient('r3')];
  const received = clients.map(() => []);
  for (const [i, c] of clients.entries()) {
    await connectAndWait(c);
    const sub = c.newSubscription(ch);
    sub.on('publication', (p) => received[i].push(p.data));
    await subscribeAndWait(sub);
  }
  await ctx.server.api('publish', { channel: ch, data: { k: 1 } });
  await ctx.server.api('publish', { channel: ch, data: { k: 2 } });
  await waitFor(() => received.every((r) => r.length >= 2), 10_000, () => `all 3 subscribers to get 2 publications: ${JSON.stringify(received)}`);
  await quietPeriod(300); // no duplicates trailing behind
  for (const r of received) assert.deepEqual(r, [{ k: 1 }, { k: 2 }]);
});

ctx.test('A publication from one client reaches a second client with the publisher info of the token user', async () => {
  const ch = uniqueChannel('chat');
  const alice = ctx.userClient('alice');
  const bob = ctx.userClient('bob');
  const aliceConnected = await connectAndWait(alice);
  await connectAndWait(bob);
  const aliceSub = alice.newSubscription(ch);
  const bobSub = bob.newSubscription(ch);
  await subscribeAndWait(aliceSub);
  await subscribeAndWait(bobSub);

  const atBob = nextEvent(bobSub, 'publication', 10_000);
  const publishResult = await aliceSub.publish({ n: 1 });
  assert.ok(publishResult !== undefined);
  const pub = await atBob;
  assert.deepEqual(pub.data, { n: 1 });
  assert.ok(pub.info, `the publication should carry the publisher's client info: ${JSON.stringify(pub)}`);
  assert.equal(pub.info.user, 'alice');
  assert.equal(pub.info.client, aliceConnected.client);
  assert.equal(typeof pub.offset, 'number', 'client publications go to history too and carry an offset');
});

ctx.test('Publishing to a channel the client is not subscribed to is allowed by allow_publish_for_client', async () => {
  const ch = uniqueChannel('drop');
  const listener = ctx.userClient('listener');
  await connectAndWait(listener);
  const sub = listener.newSubscription(ch);
  await subscribeAndWait(sub);
  const publisher = ctx.userClient('publisher');
  await connectAndWait(publisher);
  const got = nextEvent(sub, 'publication', 10_000);
  await publisher.publish(ch, { from: 'outside' });
  assert.deepEqual((await got).data, { from: 'outside' });
});
