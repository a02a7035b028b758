// Done-means 9: recovery of missed publications after the transport was cut, and the clean recovered:false
// when the history no longer has them (a gap) or the stream is another one (an epoch change).

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, defaultConfig, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { startServer } from '../lib/server.mjs';
import { nextEvent, quietPeriod, waitFor } from '../lib/wait.mjs';

const config = defaultConfig((c) => {
  // a history of 3: a client away for more than 3 publications cannot recover
  c.channel.namespaces.push({
    name: 'short', history_size: 3, history_ttl: '300s', force_recovery: true, presence: true,
    allow_subscribe_for_client: true, allow_history_for_subscriber: true,
  });
  return c;
});
const ctx = useServer(config);

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

ctx.test('A client away for more publications than the history keeps gets recovered:false, then live publications', { timeout: 60_000 }, async () => {
  const ch = `short:${uniqueChannel('gap')}`;
  const r = await recordingSubscriber(ch, 'gap-user');
  await publishRange(ch, 1, 2);
  await waitFor(() => r.pubs.length >= 2, 10_000, 'publications 1..2 live');
  r.client.disconnect();
  await serverSeesNobodyIn(ch);

  await publishRange(ch, 3, 10); // the history keeps 8..10: 3..7 are gone
  const history = await ctx.server.api('history', { channel: ch, limit: 10 });
  assert.deepEqual(history.result.publications.map((p) => p.data.n), [8, 9, 10], 'the history keeps only the last 3');

  const resubscribed = nextEvent(r.sub, 'subscribed', 15_000);
  r.client.connect();
  const ctxResub = await resubscribed;
  assert.equal(ctxResub.wasRecovering, true, `the SDK asked to recover: ${JSON.stringify(ctxResub)}`);
  assert.equal(ctxResub.recovered, false, `3..7 are lost, so not recovered: ${JSON.stringify(ctxResub)}`);
  assert.equal(ctxResub.streamPosition.offset, 10, `the subscription starts at the stream's top: ${JSON.stringify(ctxResub)}`);
  const reply = lastSubscribeReply(r.client, ch);
  assert.equal(reply.recovered, undefined, `the wire omits recovered:false: ${JSON.stringify(reply)}`);
  assert.equal(reply.was_recovering, true, JSON.stringify(reply));

  await publishRange(ch, 11, 11);
  await waitFor(() => r.pubs.length >= 3, 10_000, () => `publication 11 live; got ${JSON.stringify(r.pubs)}`);
  assert.deepEqual(r.pubs.at(-1), { n: 11, offset: 11 });
  assert.ok(r.pubs.every((p) => p.n <= 2 || p.n >= 8), `nothing of what the history lost appears: ${JSON.stringify(r.pubs)}`);
});

ctx.test('A client that reconnects to a restarted server (a new epoch at the same offset) gets recovered:false', { timeout: 90_000 }, async () => {
  const ch = uniqueChannel('epoch');
  let server = await startServer(config);
  const port = server.port;
  try {
    const client = ctx.client(
      { token: connectionToken(HMAC_SECRET, 'epoch-user'), minReconnectDelay: 100, maxReconnectDelay: 500 },
      { label: 'epoch-user', url: server.url },
    );
    const sub = client.newSubscription(ch);
    const pubs = [];
    sub.on('publication', (p) => pubs.push({ n: p.data.n, offset: p.offset }));
    await connectAndWait(client);
    const first = await subscribeAndWait(sub);
    const oldEpoch = first.streamPosition.epoch;
    for (let n = 1; n <= 3; n++) await server.api('publish', { channel: ch, data: { n } });
    await waitFor(() => pubs.length === 3, 10_000, 'publications 1..3 live');

    // The memory engine forgets everything on restart: the restarted server's stream has a new epoch.
    client.network.offline = true;
    const reconnecting = nextEvent(client, 'connecting', 15_000);
    await server.stop();
    await reconnecting;
    server = await startServer(config, { port });
    // Offset 3 again, so only the epoch tells the client's position from the new stream's.
    for (let n = 1; n <= 3; n++) await server.api('publish', { channel: ch, data: { n: 100 + n } });

    const resubscribed = nextEvent(sub, 'subscribed', 30_000);
    client.network.offline = false;
    const again = await resubscribed;
    const cmd = client.frames.filter((f) => f.dir === 'out' && f.msg.subscribe && f.msg.subscribe.channel === ch).at(-1);
    assert.deepEqual([cmd.msg.subscribe.recover, cmd.msg.subscribe.offset, cmd.msg.subscribe.epoch], [true, 3, oldEpoch], JSON.stringify(cmd.msg));
    assert.equal(again.wasRecovering, true, JSON.stringify(again));
    assert.equal(again.recovered, false, `another epoch: not recovered: ${JSON.stringify(again)}`);
    assert.notEqual(again.streamPosition.epoch, oldEpoch, JSON.stringify(again));
    assert.equal(again.streamPosition.offset, 3, JSON.stringify(again));
    assert.equal(pubs.length, 3, `nothing of the new stream is passed off as recovered: ${JSON.stringify(pubs)}`);

    await server.api('publish', { channel: ch, data: { n: 104 } });
    await waitFor(() => pubs.length === 4, 10_000, () => `the live publication of the new stream; got ${JSON.stringify(pubs)}`);
    assert.deepEqual(pubs[3], { n: 104, offset: 4 });
  } finally {
    await server.stop();
  }
});

/** The last subscribe reply the SDK client received for `channel`. */
function lastSubscribeReply(client, channel) {
  const cmd = client.frames.filter((f) => f.dir === 'out' && f.msg.subscribe && f.msg.subscribe.channel === channel).at(-1);
  return client.frames.find((f) => f.dir === 'in' && f.msg.id === cmd.msg.id).msg.subscribe;
}

ctx.test('A publication with skip_history reaches a positioned subscriber without offset and does not end its subscription', { timeout: 60_000 }, async () => {
  const ch = uniqueChannel('skip');
  const r = await recordingSubscriber(ch, 'skip-user');
  await ctx.server.api('publish', { channel: ch, data: { n: 1 } });
  const skipped = await ctx.server.api('publish', { channel: ch, data: { n: 2 }, skip_history: true });
  assert.deepEqual(skipped, { result: {} }, 'no position for a publication kept out of the history');
  await ctx.server.api('publish', { channel: ch, data: { n: 3 } });
  await waitFor(() => r.pubs.length >= 3, 10_000, () => `3 publications; got ${JSON.stringify(r.pubs)}`);
  // Centrifugo sends a publication without offset as it is: it says nothing about the stream's position.
  assert.deepEqual(r.pubs, [{ n: 1, offset: 1 }, { n: 2, offset: undefined }, { n: 3, offset: 2 }]);
  assert.equal(r.subscribed.length, 1, 'no resubscribe');
  const unsub = r.client.frames.find((f) => f.dir === 'in' && f.msg.push && f.msg.push.unsubscribe);
  assert.equal(unsub, undefined, `no unsubscribe push: ${JSON.stringify(unsub && unsub.msg)}`);
  const history = await ctx.server.api('history', { channel: ch, limit: 10 });
  assert.deepEqual(history.result.publications.map((p) => p.data.n), [1, 3]);
});
