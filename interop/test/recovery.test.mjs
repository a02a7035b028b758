// Done-means 9: recovery of missed publications after the transport was cut.

import assert from 'node:assert/strict';
import { connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { nextEvent, quietPeriod, waitFor } from '../lib/wait.mjs';

const ctx = useServer();

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A client subscribed to `ch` that records every publication and every 'subscribed' context. */
async function recordingSubscriber(ch, user, clientOptions = {}) {
  const client = ctx.userClient(user, clientOptions);
  const pubs = [];
  const subscribed = [];
  const sub = client.newSubscription(ch);
  sub.on('publication', (p) => pubs.push({ n: p.data && p.data.n, offset: p.offset }));
  sub.on('subscribed', (c) => subscribed.push(c));
  await connectAndWait(client);
  await subscribeAndWait(sub);
  return { client, sub, pubs, subscribed };
}

async function publishRange(ch, from, to) {
  for (const n of range(from, to)) {
    const res = await ctx.server.api('publish', { channel: ch, data: { n } });
    assert.ok(res.result, `publish ${n}: ${JSON.stringify(res)}`);
  }
}

/** Waits until the server no longer lists any client in the channel's presence. */
async function serverSeesNobodyIn(ch) {
  await waitFor(
    async () => {
      const res = await ctx.server.api('presence', { channel: ch });
      return res.result && Object.keys(res.result.presence || {}).length === 0;
    },
    10_000,
    `the server to drop the cut connection from the presence of ${ch}`,
    { intervalMs: 50 },
  );
}

function assertExactSequence(pubs, expectedCount) {
  const ns = pubs.map((p) => p.n);
  assert.deepEqual(ns, range(1, expectedCount), `publications must be exactly 1..${expectedCount} once each and in order; got ${JSON.stringify(ns)}`);
  const offsets = pubs.map((p) => p.offset);
  assert.deepEqual(offsets, range(1, expectedCount), `offsets must be 1..${expectedCount}; got ${JSON.stringify(offsets)}`);
}

ctx.test('A client that disconnects and reconnects recovers the publications it missed, each once and in order', { timeout: 60_000 }, async () => {
  const ch = 'rec';
  const r = await recordingSubscriber(ch, 'rec-user');
  const first = r.subscribed[0];
  assert.equal(first.recoverable, true, `force_recovery: the subscription should be recoverable: ${JSON.stringify(first)}`);
  assert.equal(first.wasRecovering, false);
  assert.ok(first.streamPosition && typeof first.streamPosition.epoch === 'string', `subscribed carries the stream position: ${JSON.stringify(first)}`);

  await publishRange(ch, 1, 3);
  await waitFor(() => r.pubs.length >= 3, 10_000, () => `publications 1..3 live; got ${JSON.stringify(r.pubs)}`);

  // Cut from the client side; the subscription stays registered in the SDK (state subscribing).
  r.client.disconnect();
  assert.equal(r.sub.state, 'subscribing', 'the SDK keeps the subscription to resubscribe it');
  await serverSeesNobodyIn(ch);

  await publishRange(ch, 4, 10);

  const resubscribed = nextEvent(r.sub, 'subscribed', 15_000);
  r.client.connect();
  const ctxResub = await resubscribed;
  assert.equal(ctxResub.wasRecovering, true, `the resubscribe should ask for recovery: ${JSON.stringify(ctxResub)}`);
  assert.equal(ctxResub.recovered, true, `the server should report recovered:true: ${JSON.stringify(ctxResub)}`);
  const subscribeCmd = r.client.frames.filter((f) => f.dir === 'out' && f.msg.subscribe && f.msg.subscribe.channel === ch).at(-1);
  assert.equal(subscribeCmd.msg.subscribe.recover, true, `the SDK sent recover:true: ${JSON.stringify(subscribeCmd.msg)}`);
  assert.equal(subscribeCmd.msg.subscribe.offset, 3, `the SDK asked from offset 3: ${JSON.stringify(subscribeCmd.msg)}`);

  await publishRange(ch, 11, 12);
  await waitFor(() => r.pubs.length >= 12, 10_000, () => `12 publications; got ${JSON.stringify(r.pubs.map((p) => p.n))}`);
  await quietPeriod(300); // nothing duplicated behind them
  assertExactSequence(r.pubs, 12);
});

ctx.test('A client whose socket drops while offline recovers the missed publications after it comes back', { timeout: 60_000 }, async () => {
  const ch = uniqueChannel('rec-cut');
  const r = await recordingSubscriber(ch, 'rec-cut-user', { minReconnectDelay: 100, maxReconnectDelay: 500 });
  await publishRange(ch, 1, 3);
  await waitFor(() => r.pubs.length >= 3, 10_000, () => `publications 1..3 live; got ${JSON.stringify(r.pubs)}`);

  // The network goes away: the open socket is destroyed without a close frame and new dials are refused.
  r.client.network.offline = true;
  const connecting = nextEvent(r.client, 'connecting', 10_000);
  assert.ok(r.client.network.cut(), 'there was an open socket to cut');
  await connecting;
  await serverSeesNobodyIn(ch);

  await publishRange(ch, 4, 10);

  const resubscribed = nextEvent(r.sub, 'subscribed', 20_000);
  r.client.network.offline = false; // the SDK reconnects by itself
  const ctxResub = await resubscribed;
  assert.equal(ctxResub.wasRecovering, true, JSON.stringify(ctxResub));
  assert.equal(ctxResub.recovered, true, JSON.stringify(ctxResub));

  await publishRange(ch, 11, 12);
  await waitFor(() => r.pubs.length >= 12, 10_000, () => `12 publications; got ${JSON.stringify(r.pubs.map((p) => p.n))}`);
  await quietPeriod(300);
  assertExactSequence(r.pubs, 12);
});

ctx.test('Publications sent while a recovering client resubscribes are neither lost nor duplicated', { timeout: 60_000 }, async () => {
  const ch = uniqueChannel('rec-race');
  const r = await recordingSubscriber(ch, 'rec-race-user');
  await publishRange(ch, 1, 3);
  await waitFor(() => r.pubs.length >= 3, 10_000, 'publications 1..3 live');
  r.client.disconnect();
  await serverSeesNobodyIn(ch);
  await publishRange(ch, 4, 10);

  // Keep publishing 11..30 while the client reconnects and recovers.
  r.client.connect();
  await publishRange(ch, 11, 30);
  await waitFor(() => r.pubs.length >= 30, 15_000, () => `30 publications; got ${JSON.stringify(r.pubs.map((p) => p.n))}`);
  await quietPeriod(300);
  assertExactSequence(r.pubs, 30);
  const resub = r.subscribed[1];
  assert.ok(resub && resub.recovered === true, `recovered:true expected: ${JSON.stringify(resub)}`);
});
