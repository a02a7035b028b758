// A rejected handshake: `serve --dev` with anonymous connections turned off. A client without a token gets
// an error for its #handshake and the socket is closed 4008 (the client itself reports 4003 or 4008);
// with a connection token it gets in.

import assert from 'node:assert/strict';
import { connectionToken } from '../../lib/jwt.mjs';
import { DEV_SECRET, connectStatus, useScServer, withTimeout } from '../lib/harness.mjs';

const ctx = useScServer({ config: { client: { allow_anonymous_connect_without_token: false } } });

ctx.test('at the wire: a #handshake without a token gets {rid, error: {name, message}} and then close 4008', async () => {
  const raw = await ctx.raw();
  const reply = await raw.invoke('#handshake', { authToken: null });
  assert.equal(reply.rid, 1);
  assert.equal(reply.data, undefined, JSON.stringify(reply));
  assert.equal(typeof reply.error?.name, 'string', JSON.stringify(reply));
  assert.equal(typeof reply.error?.message, 'string', JSON.stringify(reply));
  const closed = await raw.waitClose();
  assert.equal(closed.code, 4008);
});

ctx.test('socketcluster-client without a token never connects: connectAbort with 4003/4008 and the server\'s error', async () => {
  const socket = ctx.client();
  const errors = [];
  (async () => {
    for await (const { error } of socket.listener('error')) errors.push(error);
  })();
  let connected = false;
  socket.listener('connect').once().then(() => (connected = true));
  const abort = await withTimeout(socket.listener('connectAbort').once(), 'connectAbort');
  assert.ok([4003, 4008].includes(abort.code), JSON.stringify(abort));
  assert.equal(connected, false);
  assert.equal(socket.state, 'closed');
  const reply = socket.frames.find((p) => p && p.rid === 1);
  assert.ok(reply && reply.error && reply.error.name, `an error reply to the handshake: ${JSON.stringify(socket.frames)}`);
});

ctx.test('with a connection token (dev-secret) the same server lets the client in, authenticated', async () => {
  const socket = ctx.client({ autoConnect: false });
  await socket.auth.saveToken(socket.authTokenName, connectionToken(DEV_SECRET, 'ivan'));
  socket.connect();
  const status = await connectStatus(socket);
  assert.equal(status.isAuthenticated, true);
  assert.equal(socket.authToken.sub, 'ivan');
});
