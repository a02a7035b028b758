// Done-means 7: connection token refresh through getToken keeps the connection alive past the first
// token's expiry; a connection that does not refresh is closed with 3005 once its token has expired. The same
// for subscription tokens (sub_refresh, unsubscribe 2501), and the server API's refresh of a connection.

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, defaultConfig, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { connectionToken, decodeClaims, subscriptionToken } from '../lib/jwt.mjs';
import { nextEvent, record, waitFor } from '../lib/wait.mjs';

// Centrifugo closes an expired connection client.expired_close_delay (default 25 s) after its exp; 2 s here
// so that a connection the server failed to extend is closed while the tests still watch it, and the SDK
// (which refreshes when the ttl of whole seconds runs out, up to a second after exp) still refreshes in time.
const EXPIRED_CLOSE_DELAY_MS = 2000;
const ctx = useServer(defaultConfig((c) => {
  c.client.expired_close_delay = `${EXPIRED_CLOSE_DELAY_MS / 1000}s`;
  return c;
}));

ctx.test('A client whose token expires in 3 seconds refreshes it through getToken and stays connected after the expiry', { timeout: 60_000 }, async () => {
  const ch = uniqueChannel('refresh');
  const firstToken = connectionToken(HMAC_SECRET, 'rita', { expSeconds: 3 });
  const firstExpMs = decodeClaims(firstToken).exp * 1000;
  const getTokenCalls = [];
  const client = ctx.client(
    {
      token: firstToken,
      getToken: async () => {
        getTokenCalls.push(Date.now());
        return connectionToken(HMAC_SECRET, 'rita', { expSeconds: 3 });
      },
    },
    { label: 'rita' },
  );
  const rec = record(client, ['connecting', 'connected', 'disconnected']);
  await connectAndWait(client);

  // The connect reply must announce the expiry so that the SDK knows to refresh.
  const connectReply = client.frames.find((f) => f.dir === 'in' && f.msg.connect);
  assert.ok(connectReply, 'a connect reply was received');
  assert.equal(connectReply.msg.connect.expires, true, `connect reply should say expires:true: ${JSON.stringify(connectReply.msg)}`);
  assert.equal(typeof connectReply.msg.connect.ttl, 'number', `connect reply should carry ttl seconds: ${JSON.stringify(connectReply.msg)}`);
  assert.ok(connectReply.msg.connect.ttl > 0 && connectReply.msg.connect.ttl <= 3, `ttl should be in (0, 3]: ${connectReply.msg.connect.ttl}`);

  const sub = client.newSubscription(ch);
  await subscribeAndWait(sub);

  // getToken is called when the ttl runs out, the refresh command carries the new token, and it is accepted.
  await waitFor(() => getTokenCalls.length >= 1, 10_000, 'getToken to be called for a refresh');
  const refreshCmd = await waitFor(() => client.frames.find((f) => f.dir === 'out' && f.msg.refresh), 10_000, 'a refresh command');
  assert.notEqual(refreshCmd.msg.refresh.token, firstToken, 'the refresh command carries the token getToken gave');
  assert.equal(decodeClaims(refreshCmd.msg.refresh.token).sub, 'rita');
  const refreshReply = await waitFor(
    () => client.frames.find((f) => f.dir === 'in' && f.msg.id === refreshCmd.msg.id),
    10_000,
    'the reply to the refresh command',
  );
  assert.equal(refreshReply.msg.error, undefined, `refresh was rejected: ${JSON.stringify(refreshReply.msg)}`);
  assert.equal(refreshReply.msg.refresh.expires, true, `refresh reply should say expires:true: ${JSON.stringify(refreshReply.msg)}`);
  assert.ok(refreshReply.msg.refresh.ttl > 0, `refresh reply should carry a positive ttl: ${JSON.stringify(refreshReply.msg)}`);

  // Past the moment a server that ignored the refresh closes the connection (first exp + close delay), and
  // past the second refresh.
  await waitFor(
    () => Date.now() > firstExpMs + EXPIRED_CLOSE_DELAY_MS + 1500 && getTokenCalls.length >= 2,
    15_000,
    () => `the second refresh (getToken calls: ${getTokenCalls.length}); events: ${rec.summary()}`,
  );
  assert.equal(client.state, 'connected', `the client should still be connected; events: ${rec.summary()}`);
  assert.equal(rec.events.disconnected.length, 0, `no disconnect expected; events: ${rec.summary()}`);
  assert.equal(rec.events.connecting.length, 1, `no reconnect expected (only the initial connecting); events: ${rec.summary()}`);
  assert.deepEqual(client.errors, [], 'no client error events');

  // ...and still receives publications on the same connection.
  const pub = nextEvent(sub, 'publication', 10_000);
  await ctx.server.api('publish', { channel: ch, data: { after: 'expiry' } });
  assert.deepEqual((await pub).data, { after: 'expiry' });
  assert.equal(client.sockets.length, 1, 'all of it on the first socket');
});

ctx.test('A refresh with a token signed by the wrong secret is refused and the client is disconnected', { timeout: 60_000 }, async () => {
  let calls = 0;
  const client = ctx.client(
    {
      token: connectionToken(HMAC_SECRET, 'sam', { expSeconds: 2 }),
      getToken: async () => {
        calls += 1;
        return connectionToken('wrong-secret', 'sam', { expSeconds: 3600 });
      },
    },
    { label: 'sam' },
  );
  await connectAndWait(client);
  const disconnected = await nextEvent(client, 'disconnected', 20_000);
  assert.ok(calls >= 1, 'getToken was called');
  // Centrifugo answers a refresh with an invalid token by disconnecting with 3500 "invalid token".
  assert.equal(disconnected.code, 3500, `expected 3500 invalid token, got ${disconnected.code} (${disconnected.reason})`);
});

ctx.test('A client whose getToken fails cannot refresh and is closed with 3005 once its token has expired', { timeout: 60_000 }, async () => {
  const token = connectionToken(HMAC_SECRET, 'tess', { expSeconds: 2 });
  const expMs = decodeClaims(token).exp * 1000;
  let calls = 0;
  const client = ctx.client(
    {
      token,
      getToken: async () => {
        calls += 1;
        throw new Error('the token service is down');
      },
    },
    { label: 'tess' },
  );
  await connectAndWait(client);
  const socket = client.sockets[0];
  const closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })));
  const expired = nextEvent(client, 'connecting', 20_000, (c) => c.code === 3005);
  const close = await closed;
  // Centrifugo: DisconnectExpired {code: 3005, reason: "connection expired"}; the SDK reconnects after it.
  assert.equal(close.code, 3005, `expected close 3005, got ${close.code} (${close.reason})`);
  assert.equal(close.reason, 'connection expired');
  assert.ok(close.at >= expMs, `closed ${expMs - close.at} ms before the token's exp`);
  assert.equal((await expired).reason, 'connection expired');
  assert.ok(calls >= 1, 'getToken was asked for a new token');
  assert.ok(!client.frames.some((f) => f.dir === 'out' && f.msg.refresh), 'no refresh command could be sent');
});

ctx.test('A raw client that ignores expires:true in the connect result is closed with 3005 after its exp', { timeout: 60_000 }, async () => {
  const token = connectionToken(HMAC_SECRET, 'ivan', { expSeconds: 2 });
  const expMs = decodeClaims(token).exp * 1000;
  const raw = await ctx.raw();
  const result = await raw.connect({ token });
  assert.equal(result.expires, true, JSON.stringify(result));
  const closed = await raw.waitClose({ timeoutMs: 20_000, what: 'the server to close the expired connection' });
  assert.equal(closed.code, 3005, `expected 3005, got ${closed.code} (${closed.reason})`);
  assert.equal(closed.reason, 'connection expired');
  assert.ok(closed.at >= expMs, `closed ${expMs - closed.at} ms before the token's exp`);
});

ctx.test('A subscription whose token expires in 3 seconds refreshes it with sub_refresh and stays subscribed after the expiry', { timeout: 60_000 }, async () => {
  const ch = `private:${uniqueChannel('sub-refresh')}`;
  const client = ctx.userClient('rosa');
  await connectAndWait(client);
  const firstToken = subscriptionToken(HMAC_SECRET, 'rosa', ch, { expSeconds: 3 });
  const firstExpMs = decodeClaims(firstToken).exp * 1000;
  const getTokenCalls = [];
  const sub = client.newSubscription(ch, {
    token: firstToken,
    getToken: async (c) => {
      getTokenCalls.push(c.channel);
      return subscriptionToken(HMAC_SECRET, 'rosa', c.channel, { expSeconds: 3 });
    },
  });
  const rec = record(sub, ['subscribing', 'subscribed', 'unsubscribed']);
  await subscribeAndWait(sub);
  const subscribeReply = client.frames.find((f) => f.dir === 'in' && f.msg.subscribe);
  assert.equal(subscribeReply.msg.subscribe.expires, true, `subscribe reply should say expires:true: ${JSON.stringify(subscribeReply.msg)}`);
  assert.ok(subscribeReply.msg.subscribe.ttl > 0 && subscribeReply.msg.subscribe.ttl <= 3, JSON.stringify(subscribeReply.msg));

  const refreshCmd = await waitFor(() => client.frames.find((f) => f.dir === 'out' && f.msg.sub_refresh), 10_000, 'a sub_refresh command');
  assert.equal(refreshCmd.msg.sub_refresh.channel, ch);
  assert.notEqual(refreshCmd.msg.sub_refresh.token, firstToken, 'sub_refresh carries the token getToken gave');
  const refreshReply = await waitFor(() => client.frames.find((f) => f.dir === 'in' && f.msg.id === refreshCmd.msg.id), 10_000, 'the sub_refresh reply');
  assert.equal(refreshReply.msg.error, undefined, `sub_refresh was rejected: ${JSON.stringify(refreshReply.msg)}`);
  assert.equal(refreshReply.msg.sub_refresh.expires, true, JSON.stringify(refreshReply.msg));
  assert.ok(refreshReply.msg.sub_refresh.ttl > 0, JSON.stringify(refreshReply.msg));

  // Past the moment a server that ignored sub_refresh ends the subscription, and past the second refresh.
  await waitFor(
    () => Date.now() > firstExpMs + EXPIRED_CLOSE_DELAY_MS + 1500 && getTokenCalls.length >= 2,
    15_000,
    () => `the second sub_refresh (getToken calls: ${getTokenCalls.length}); events: ${rec.summary()}`,
  );
  assert.equal(sub.state, 'subscribed', `events: ${rec.summary()}`);
  assert.deepEqual(rec.all.map((e) => e.name), ['subscribing', 'subscribed'], `no unsubscribe and no resubscribe: ${rec.summary()}`);
  assert.ok(!client.frames.some((f) => f.dir === 'in' && f.msg.push && f.msg.push.unsubscribe), 'no unsubscribe push');
  const pub = nextEvent(sub, 'publication', 10_000);
  await ctx.server.api('publish', { channel: ch, data: { still: 'here' } });
  assert.deepEqual((await pub).data, { still: 'here' });
});

ctx.test('A subscription that cannot refresh its token is unsubscribed with 2501 once the token has expired', { timeout: 60_000 }, async () => {
  const ch = `private:${uniqueChannel('sub-expire')}`;
  const client = ctx.userClient('otto');
  await connectAndWait(client);
  const token = subscriptionToken(HMAC_SECRET, 'otto', ch, { expSeconds: 2 });
  const expMs = decodeClaims(token).exp * 1000;
  let calls = 0;
  const sub = client.newSubscription(ch, {
    token,
    getToken: async () => {
      calls += 1;
      throw new Error('the token service is down');
    },
  });
  await subscribeAndWait(sub);
  const resubscribing = nextEvent(sub, 'subscribing', 20_000, (c) => c.code === 2501);
  const push = await waitFor(
    () => client.frames.find((f) => f.dir === 'in' && f.msg.push && f.msg.push.channel === ch && f.msg.push.unsubscribe),
    20_000,
    'an unsubscribe push for the expired subscription',
  );
  // Centrifugo: UnsubscribeCodeExpired 2501 "subscription expired"; >= 2500, so the SDK resubscribes.
  assert.deepEqual(push.msg.push.unsubscribe, { code: 2501, reason: 'subscription expired' });
  assert.ok(push.at >= expMs, `unsubscribed ${expMs - push.at} ms before the token's exp`);
  assert.equal((await resubscribing).reason, 'subscription expired');
  assert.equal(client.state, 'connected', 'only the subscription ends, not the connection');
  assert.ok(calls >= 1, 'getToken was asked for a new subscription token');
  assert.ok(!client.frames.some((f) => f.dir === 'out' && f.msg.sub_refresh), 'no sub_refresh could be sent');
});

ctx.test('The server API refresh with a later expire_at keeps a connection past its token exp; expired:true closes it with 3005', { timeout: 60_000 }, async () => {
  const user = uniqueChannel('api-refresh');
  const token = connectionToken(HMAC_SECRET, user, { expSeconds: 2 });
  const expMs = decodeClaims(token).exp * 1000;
  const raw = await ctx.raw();
  const result = await raw.connect({ token });
  assert.equal(result.expires, true, JSON.stringify(result));
  // The client never refreshes by itself; the server extends the connection instead.
  const res = await ctx.server.api('refresh', { user, expire_at: Math.floor(Date.now() / 1000) + 60 });
  assert.deepEqual(res, { result: {} });

  await waitFor(() => Date.now() > expMs + EXPIRED_CLOSE_DELAY_MS + 1500, 15_000, 'the first exp and the close delay to pass');
  assert.equal(raw.closed, null, `the refreshed connection must stay open: closed ${JSON.stringify(raw.closed)}`);
  const reply = await raw.command({ subscribe: { channel: uniqueChannel('after-refresh') } });
  assert.equal(reply.error, undefined, `the connection still works: ${JSON.stringify(reply)}`);

  await ctx.server.api('refresh', { user, expired: true });
  const closed = await raw.waitClose({ what: 'refresh expired:true to close the connection' });
  // Centrifugo: refresh with expired: true closes with DisconnectExpired.
  assert.equal(closed.code, 3005, `expected 3005, got ${closed.code} (${closed.reason})`);
  assert.equal(closed.reason, 'connection expired');
});
