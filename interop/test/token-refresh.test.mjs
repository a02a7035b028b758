// Done-means 7: connection token refresh through getToken keeps the connection alive past the first
// token's expiry.

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { connectionToken, decodeClaims } from '../lib/jwt.mjs';
import { nextEvent, record, waitFor } from '../lib/wait.mjs';

const ctx = useServer();

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

  // getToken is called when the ttl runs out, and the refresh command is accepted.
  await waitFor(() => getTokenCalls.length >= 1, 10_000, 'getToken to be called for a refresh');
  const refreshReply = await waitFor(
    () => client.frames.find((f) => f.dir === 'in' && (f.msg.refresh || (f.msg.error && isReplyTo(client.frames, f.msg.id, 'refresh')))),
    10_000,
    'a reply to the refresh command',
  );
  assert.equal(refreshReply.msg.error, undefined, `refresh was rejected: ${JSON.stringify(refreshReply.msg)}`);
  assert.equal(refreshReply.msg.refresh.expires, true, `refresh reply should say expires:true: ${JSON.stringify(refreshReply.msg)}`);
  assert.ok(refreshReply.msg.refresh.ttl > 0, `refresh reply should carry a positive ttl: ${JSON.stringify(refreshReply.msg)}`);

  // Wait until well past the first token's expiry (and the second token's refresh).
  await waitFor(() => Date.now() > firstExpMs + 1500 && getTokenCalls.length >= 2, 15_000, () => `the second refresh (getToken calls: ${getTokenCalls.length})`);
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

/** True when the command with this id that the client sent was a `method` command. */
function isReplyTo(frames, id, method) {
  return frames.some((f) => f.dir === 'out' && f.msg.id === id && f.msg[method]);
}
