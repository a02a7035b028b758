// Auth tokens on `serve --dev`: JWTs signed with the HMAC secret every protocol uses (dev-secret), with
// Centrifugo's connection token claims. In the #handshake and with socket.authenticate; forged and expired
// tokens refused with SocketCluster's error names; expiry ends the authenticated state.

import assert from 'node:assert/strict';
import { connectionToken, signHs256 } from '../../lib/jwt.mjs';
import { DEV_SECRET, connectStatus, rejection, useScServer, withTimeout } from '../lib/harness.mjs';

const ctx = useScServer();

/** A 20.x socket that sends `token` in its #handshake (the client's auth engine holds it before connecting). */
async function withToken(token, options = {}) {
  const socket = ctx.client({ autoConnect: false, ...options });
  await socket.auth.saveToken(socket.authTokenName, token);
  socket.connect();
  const status = await connectStatus(socket);
  return [socket, status];
}

const forged = () => connectionToken('not-the-dev-secret', 'mallory');

ctx.test('a connection token in the #handshake authenticates the socket (isAuthenticated, authToken = its claims)', async () => {
  const token = connectionToken(DEV_SECRET, 'alice');
  const [socket, status] = await withToken(token);
  assert.equal(status.isAuthenticated, true);
  assert.equal(status.authError, undefined);
  assert.equal(socket.authState, 'authenticated');
  assert.equal(socket.signedAuthToken, token);
  assert.equal(socket.authToken.sub, 'alice');
});

ctx.test('socket.authenticate(token) after connecting: {isAuthenticated: true, authError: null} and the authenticate event', async () => {
  const [socket, status] = await ctx.connected();
  assert.equal(status.isAuthenticated, false);
  const event = socket.listener('authenticate').once();
  const change = socket.listener('authStateChange').once();
  const token = connectionToken(DEV_SECRET, 'bruno');
  const result = await socket.authenticate(token);
  assert.deepEqual(result, { isAuthenticated: true, authError: null });
  assert.equal((await withTimeout(event, 'the authenticate event')).signedAuthToken, token);
  assert.deepEqual(await withTimeout(change, 'authStateChange'), {
    oldAuthState: 'unauthenticated',
    newAuthState: 'authenticated',
    signedAuthToken: token,
    authToken: socket.authToken,
  });
  assert.equal(socket.authToken.sub, 'bruno');
});

ctx.test('a forged token in the #handshake: not authenticated, authError AuthTokenInvalidError, token removed', async () => {
  const [socket, status] = await withToken(forged());
  assert.equal(status.isAuthenticated, false);
  assert.equal(status.authError?.name, 'AuthTokenInvalidError', JSON.stringify(status.authError));
  assert.equal(typeof status.authError.message, 'string');
  assert.equal(socket.authState, 'unauthenticated');
  assert.equal(socket.signedAuthToken, null);
  assert.equal(socket.authToken, null);
});

ctx.test('an expired token in the #handshake: not authenticated, authError AuthTokenExpiredError', async () => {
  const [socket, status] = await withToken(connectionToken(DEV_SECRET, 'carl', { expSeconds: -60 }));
  assert.equal(status.isAuthenticated, false);
  assert.equal(status.authError?.name, 'AuthTokenExpiredError', JSON.stringify(status.authError));
  assert.equal(socket.authState, 'unauthenticated');
});

ctx.test('a malformed token in the #handshake: AuthTokenInvalidError, and the socket stays usable', async () => {
  const [socket, status] = await withToken('not-a-jwt');
  assert.equal(status.isAuthenticated, false);
  assert.equal(status.authError?.name, 'AuthTokenInvalidError', JSON.stringify(status.authError));
  const ch = socket.subscribe('after-bad-token');
  await withTimeout(ch.listener('subscribe').once(), 'a subscribe after the bad token');
});

ctx.test('socket.authenticate with a forged token rejects with AuthTokenInvalidError and leaves the socket unauthenticated', async () => {
  const [socket] = await ctx.connected();
  const err = await rejection(socket.authenticate(forged()), 'authenticate(forged)');
  assert.equal(err.name, 'AuthTokenInvalidError', `${err.name}: ${err.message}`);
  assert.equal(socket.authState, 'unauthenticated');
  assert.equal(socket.signedAuthToken, null);
});

ctx.test('socket.authenticate with an expired token rejects with AuthTokenExpiredError', async () => {
  const [socket] = await ctx.connected();
  const err = await rejection(socket.authenticate(connectionToken(DEV_SECRET, 'dora', { expSeconds: -5 })), 'authenticate(expired)');
  assert.equal(err.name, 'AuthTokenExpiredError', `${err.name}: ${err.message}`);
  assert.equal(socket.authState, 'unauthenticated');
});

ctx.test('a token whose exp passes ends the authenticated state: deauthenticate, authStateChange, #removeAuthToken', { timeout: 60_000 }, async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = signHs256(DEV_SECRET, { sub: 'erin', iat: now, exp: now + 2 });
  const [socket, status] = await withToken(token);
  assert.equal(status.isAuthenticated, true, JSON.stringify(status));
  const deauth = socket.listener('deauthenticate').once();
  const change = socket.listener('authStateChange').once();
  // The server notices on a pong or on the next event (SocketCluster checks both); it pings every socket.
  const { oldSignedAuthToken } = await withTimeout(deauth, 'deauthenticate after exp', 45_000);
  assert.equal(oldSignedAuthToken, token);
  assert.deepEqual(await withTimeout(change, 'authStateChange'), { oldAuthState: 'authenticated', newAuthState: 'unauthenticated' });
  assert.equal(socket.authState, 'unauthenticated');
  assert.ok(socket.frames.some((p) => p && p.event === '#removeAuthToken'), JSON.stringify(socket.frames));
  assert.ok(Date.now() / 1000 >= now + 2, 'not before exp');
  assert.equal(socket.state, 'open', 'expiry ends the authentication, not the connection');
});

ctx.test('a SocketCluster token is the user to the server API: /api/disconnect {user} closes that socket only', async () => {
  const [target] = await withToken(connectionToken(DEV_SECRET, 'fay'));
  const [other] = await withToken(connectionToken(DEV_SECRET, 'gus'));
  const closed = target.listener('disconnect').once();
  await ctx.server.api('disconnect', { user: 'fay' });
  await withTimeout(closed, 'the disconnect of fay\'s socket');
  assert.equal(target.state, 'closed');
  assert.equal(other.state, 'open');
  const echo = other.subscribe('gus-still-here');
  await withTimeout(echo.listener('subscribe').once(), 'gus still served');
});
