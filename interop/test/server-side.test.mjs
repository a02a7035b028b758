// Done-means 10: server API disconnect / subscribe / unsubscribe as the client sees them, and server-side
// subscriptions from the connection token.

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { nextEvent, quietPeriod, record, waitFor } from '../lib/wait.mjs';

const ctx = useServer();

ctx.test('The server API disconnect of a user ends that user\'s connection with 3503 and leaves other users connected', async () => {
  const victim = ctx.userClient('victim');
  const other = ctx.userClient('bystander');
  await connectAndWait(victim);
  await connectAndWait(other);
  const rec = record(victim, ['connecting', 'disconnected']);
  const disconnected = nextEvent(victim, 'disconnected', 10_000);

  const res = await ctx.server.api('disconnect', { user: 'victim' });
  assert.deepEqual(res, { result: {} }, `disconnect API reply: ${JSON.stringify(res)}`);
  const d = await disconnected;
  // Centrifugo's API executor uses DisconnectForceNoReconnect {3503, "force disconnect"} by default.
  assert.equal(d.code, 3503, `expected 3503 force disconnect, got ${d.code} (${d.reason})`);
  assert.equal(victim.state, 'disconnected');
  await quietPeriod(1000);
  assert.equal(victim.state, 'disconnected', `no reconnect after 3503; events: ${rec.summary()}`);
  assert.equal(other.state, 'connected', 'the other user is not touched');
});

ctx.test('The server API disconnect with a reconnect code makes the client go connecting and connect again', async () => {
  const client = ctx.userClient('bouncer', { minReconnectDelay: 100, maxReconnectDelay: 500 });
  const first = await connectAndWait(client);
  const connecting = nextEvent(client, 'connecting', 10_000);
  const reconnected = new Promise((resolve) => {
    client.on('connected', (c) => {
      if (c.client !== first.client) resolve(c);
    });
  });
  const res = await ctx.server.api('disconnect', { user: 'bouncer', disconnect: { code: 3011, reason: 'force reconnect' } });
  assert.deepEqual(res, { result: {} }, `disconnect API reply: ${JSON.stringify(res)}`);
  const c = await connecting;
  assert.equal(c.code, 3011, `connecting code: expected 3011, got ${c.code} (${c.reason})`);
  const again = await Promise.race([reconnected, quietPeriod(10_000).then(() => null)]);
  assert.ok(again, 'the client should connect again with a new client id');
  assert.notEqual(again.client, first.client);
});

ctx.test('The server API subscribe gives a connected user a server-side subscription that receives publications', async () => {
  const ch = uniqueChannel('srv');
  const client = ctx.userClient('frank');
  await connectAndWait(client);
  const subscribed = nextEvent(client, 'subscribed', 10_000, (c) => c.channel === ch);
  const res = await ctx.server.api('subscribe', { user: 'frank', channel: ch });
  assert.deepEqual(res, { result: {} }, `subscribe API reply: ${JSON.stringify(res)}`);
  const s = await subscribed;
  assert.equal(s.channel, ch);

  const publication = nextEvent(client, 'publication', 10_000, (p) => p.channel === ch);
  await ctx.server.api('publish', { channel: ch, data: { server: 'side' } });
  const p = await publication;
  assert.deepEqual(p.data, { server: 'side' });
  assert.equal(typeof p.offset, 'number', 'history is on for the channel: the publication carries an offset');

  // ...and the server API unsubscribe ends it.
  const unsubscribed = nextEvent(client, 'unsubscribed', 10_000, (u) => u.channel === ch);
  const un = await ctx.server.api('unsubscribe', { user: 'frank', channel: ch });
  assert.deepEqual(un, { result: {} });
  await unsubscribed;
  const afterUnsub = [];
  client.on('publication', (x) => afterUnsub.push(x));
  await ctx.server.api('publish', { channel: ch, data: { too: 'late' } });
  await quietPeriod(500);
  assert.deepEqual(afterUnsub, [], 'no publication after the server-side unsubscribe');
});

ctx.test('The server API unsubscribe ends a client-side subscription with code 2000', async () => {
  const ch = uniqueChannel('kick');
  const client = ctx.userClient('gina');
  await connectAndWait(client);
  const sub = client.newSubscription(ch);
  await subscribeAndWait(sub);
  const unsubscribed = nextEvent(sub, 'unsubscribed', 10_000);
  await ctx.server.api('unsubscribe', { user: 'gina', channel: ch });
  const u = await unsubscribed;
  // centrifuge: unsubscribe push {code: 2000, reason: "server unsubscribe"}; codes < 2500 are final for the SDK.
  assert.equal(u.code, 2000, `expected 2000 server unsubscribe, got ${u.code} (${u.reason})`);
  assert.equal(sub.state, 'unsubscribed');
  assert.equal(client.state, 'connected');
});

ctx.test('A connection token with a channels claim subscribes the client server-side on connect', async () => {
  const ch = uniqueChannel('token-chan');
  const client = ctx.client({ token: connectionToken(HMAC_SECRET, 'hank', { channels: [ch] }) }, { label: 'hank' });
  const subscribed = [];
  client.on('subscribed', (c) => subscribed.push(c));
  await connectAndWait(client);
  await waitFor(() => subscribed.find((s) => s.channel === ch), 10_000, () => `a server-side subscribed event for ${ch}; got ${JSON.stringify(subscribed)}`);
  const publication = nextEvent(client, 'publication', 10_000, (p) => p.channel === ch);
  await ctx.server.api('publish', { channel: ch, data: { via: 'token' } });
  assert.deepEqual((await publication).data, { via: 'token' });
});

ctx.test('A user with two connections loses both to the server API disconnect', async () => {
  const a = ctx.userClient('twin');
  const b = ctx.userClient('twin');
  await connectAndWait(a);
  await connectAndWait(b);
  const da = nextEvent(a, 'disconnected', 10_000);
  const db = nextEvent(b, 'disconnected', 10_000);
  await ctx.server.api('disconnect', { user: 'twin' });
  const [x, y] = await Promise.all([da, db]);
  assert.equal(x.code, 3503);
  assert.equal(y.code, 3503);
});
