// Server pings and pong timeouts, with a short ping interval (its own server: ping_interval 2s, pong_timeout 1s).

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, defaultConfig, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { nextEvent, record, waitFor } from '../lib/wait.mjs';

const ctx = useServer(
  defaultConfig((c) => {
    c.client.ping_interval = '2s';
    c.client.pong_timeout = '1s';
  }),
);

ctx.test('The connect reply announces the configured ping interval of 2 seconds and asks for pongs', async () => {
  const raw = await ctx.raw();
  const result = await raw.connect({ token: connectionToken(HMAC_SECRET, 'pinger') });
  assert.equal(result.ping, 2, JSON.stringify(result));
  assert.equal(result.pong, true, JSON.stringify(result));
});

ctx.test('A raw client receives empty-object pings about every 2 seconds and stays connected while it answers them', async () => {
  const raw = await ctx.raw();
  await raw.connect({ token: connectionToken(HMAC_SECRET, 'ponger') });
  await waitFor(() => raw.pings.length >= 3 || raw.closed, 12_000, () => `3 pings; got ${raw.pings.length}`);
  assert.equal(raw.closed, null, `closed although it answered pings: ${JSON.stringify(raw.closed)}`);
  const gaps = raw.pings.slice(1).map((t, i) => t - raw.pings[i]);
  for (const g of gaps) assert.ok(g > 1000 && g < 4000, `ping gaps should be about 2000 ms: ${JSON.stringify(gaps)}`);
  const reply = await raw.command({ subscribe: { channel: uniqueChannel('after-pings') } });
  assert.equal(reply.error, undefined, JSON.stringify(reply));
});

ctx.test('A raw client that never answers pings is disconnected with 3012 no pong', async () => {
  const raw = await ctx.raw({ autoPong: false });
  await raw.connect({ token: connectionToken(HMAC_SECRET, 'silent') });
  const closed = await raw.waitClose({ timeoutMs: 10_000, what: 'the server to close a client that sends no pongs' });
  assert.ok(raw.pings.length >= 1, 'at least one ping was sent before');
  // centrifuge: DisconnectNoPong = {3012, "no pong"}.
  assert.equal(closed.code, 3012, `close code: expected 3012 no pong, got ${closed.code} (${closed.reason})`);
});

ctx.test('An SDK client stays connected and subscribed across several ping intervals', async () => {
  const ch = uniqueChannel('long-lived');
  const client = ctx.userClient('steady');
  const rec = record(client, ['connecting', 'disconnected']);
  await connectAndWait(client);
  const sub = client.newSubscription(ch);
  await subscribeAndWait(sub);
  await waitFor(() => client.frames.filter((f) => f.dir === 'in' && Object.keys(f.msg).length === 0).length >= 3, 12_000, 'three pings seen by the SDK client');
  assert.equal(client.state, 'connected', `events: ${rec.summary()}`);
  assert.equal(rec.events.connecting.length, 1, `no reconnects: ${rec.summary()}`);
  const pub = nextEvent(sub, 'publication', 10_000);
  await ctx.server.api('publish', { channel: ch, data: { still: 'here' } });
  assert.deepEqual((await pub).data, { still: 'here' });
});
