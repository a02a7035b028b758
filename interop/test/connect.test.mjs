// Done-means 1 and 6: connecting anonymously, with a valid / invalid / expired token; RPC without a handler.

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { nextEvent, quietPeriod, record } from '../lib/wait.mjs';

const ctx = useServer();

ctx.test('An anonymous client without a token connects and is given a client id', async () => {
  const client = ctx.client();
  const connected = await connectAndWait(client);
  assert.equal(typeof connected.client, 'string', `connected.client should be a string, got ${JSON.stringify(connected)}`);
  assert.ok(connected.client.length > 0, 'connected.client should not be empty');
  assert.equal(connected.transport, 'websocket');
  assert.equal(client.state, 'connected');
});

ctx.test('Two anonymous clients are given different client ids', async () => {
  const a = await connectAndWait(ctx.client());
  const b = await connectAndWait(ctx.client());
  assert.notEqual(a.client, b.client);
});

ctx.test('A client with a valid token for alice connects and is known to the server as user alice', async () => {
  const client = ctx.client({ token: connectionToken(HMAC_SECRET, 'alice') });
  const connected = await connectAndWait(client);
  assert.ok(connected.client, 'connected.client should be set');
  // The server must have taken the user from the token's sub claim: presence shows it.
  const sub = client.newSubscription(uniqueChannel('whoami'));
  await subscribeAndWait(sub);
  const presence = await sub.presence();
  assert.ok(presence.clients[connected.client], `presence should list our client ${connected.client}: ${JSON.stringify(presence)}`);
  assert.equal(presence.clients[connected.client].user, 'alice');
});

ctx.test('A token signed with the wrong secret ends in the disconnected state with code 3500 and no reconnect', async () => {
  const client = ctx.client({ token: connectionToken('not-the-interop-secret', 'mallory') });
  const rec = record(client, ['connecting', 'connected', 'disconnected']);
  const disconnected = nextEvent(client, 'disconnected', 10_000);
  client.connect();
  const ctxDisc = await disconnected;
  assert.equal(ctxDisc.code, 3500, `disconnected code: expected 3500 (invalid token), got ${ctxDisc.code} (${ctxDisc.reason}); events: ${rec.summary()}`);
  assert.equal(client.state, 'disconnected');
  // 3500 is terminal: the SDK must not try again (its reconnect delay is 0.5-20 s; 1.5 s shows the first retry).
  await quietPeriod(1500);
  assert.equal(client.state, 'disconnected', `events: ${rec.summary()}`);
  assert.equal(rec.events.connected.length, 0, 'must never be connected');
  assert.equal(client.sockets.length, 1, `expected exactly one connection attempt, saw ${client.sockets.length}`);
});

ctx.test('An expired token is answered with error 109 and getToken supplies a fresh one that connects', async () => {
  let getTokenCalls = 0;
  const client = ctx.client({
    token: connectionToken(HMAC_SECRET, 'bob', { expSeconds: -60 }),
    getToken: async () => {
      getTokenCalls += 1;
      return connectionToken(HMAC_SECRET, 'bob', { expSeconds: 3600 });
    },
  });
  const connected = await connectAndWait(client, 15_000);
  assert.ok(connected.client);
  assert.ok(getTokenCalls >= 1, `getToken should have been called, calls=${getTokenCalls}`);
  const tokenExpired = client.errors.find((e) => e.type === 'connect' && e.error && e.error.code === 109);
  assert.ok(tokenExpired, `the first connect should fail with error 109 "token expired"; client error events: ${JSON.stringify(client.errors)}`);
  assert.equal(client.state, 'connected');
});

ctx.test('A token whose signature belongs to other claims ends in the disconnected state with code 3500', async () => {
  // Same claims as a valid token but with the signature of another token: must not be accepted.
  const good = connectionToken(HMAC_SECRET, 'eve');
  const other = connectionToken(HMAC_SECRET, 'someone-else');
  const forged = `${good.split('.').slice(0, 2).join('.')}.${other.split('.')[2]}`;
  const client = ctx.client({ token: forged });
  const disconnected = nextEvent(client, 'disconnected', 10_000);
  client.connect();
  const ctxDisc = await disconnected;
  assert.equal(ctxDisc.code, 3500, `expected 3500 invalid token, got ${ctxDisc.code} (${ctxDisc.reason})`);
});

ctx.test('An RPC call with no RPC handler configured is rejected with error code 108 and the client stays connected', async () => {
  const client = ctx.userClient('rpc-caller');
  await connectAndWait(client);
  await assert.rejects(client.rpc('anything', {}), (err) => {
    assert.equal(err.code, 108, `rpc error: expected code 108 (not available), got ${JSON.stringify(err)}`);
    return true;
  });
  assert.equal(client.state, 'connected');
});
