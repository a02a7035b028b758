// invoke and transmit, both ways, against `switchboard example socketcluster-suite`: the example server on
// the embedding API that serves socketcluster-client's own test suite (auth key `testkey`, procedures
// `login`, `setAuthKey`, `performTask`) and, for these tests, `echo` (invoke and transmit) and `ask`
// (the server invokes the client's `double` and transmits the answer). See server/src/main/java/io/switchboard/server/example/SocketClusterSuite.java.

import assert from 'node:assert/strict';
import { signHs256 } from '../../lib/jwt.mjs';
import { waitFor } from '../../lib/wait.mjs';
import { connectStatus, rejection, useScServer, withTimeout } from '../lib/harness.mjs';

const ctx = useScServer({ command: ['example', 'socketcluster-suite'] });
const SUITE_KEY = 'testkey';

ctx.test('invoke with a reply: echo answers with the request data', async () => {
  const [socket] = await ctx.connected();
  assert.deepEqual(await socket.invoke('echo', { a: [1, 2], b: 'x' }), { a: [1, 2], b: 'x' });
  assert.equal(await socket.invoke('echo', 'text'), 'text');
  assert.equal(await socket.invoke('echo', 42), 42);
});

ctx.test('invoke with an error: login of an unknown user rejects with {name: FailedLoginError, message}', async () => {
  const [socket] = await ctx.connected();
  const err = await rejection(socket.invoke('login', { username: 'mallory' }), 'login(mallory)');
  assert.equal(err.name, 'FailedLoginError');
  assert.equal(err.message, 'Failed to login');
  assert.equal(socket.state, 'open');
  assert.equal(socket.authState, 'unauthenticated');
});

ctx.test('login: the reply and #setAuthToken authenticate the socket with the token the server signed', async () => {
  const [socket] = await ctx.connected();
  const authenticated = socket.listener('authenticate').once();
  assert.equal(await socket.invoke('login', { username: 'bob' }), undefined);
  const { signedAuthToken } = await withTimeout(authenticated, 'the authenticate event');
  assert.equal(socket.authState, 'authenticated');
  assert.equal(socket.authToken.username, 'bob');
  assert.ok(socket.authToken.exp > Date.now() / 1000, JSON.stringify(socket.authToken));
  const push = socket.frames.find((p) => p && p.event === '#setAuthToken');
  assert.equal(push.data.token, signedAuthToken);
});

ctx.test('invoke with no handler: an error with a name and a message, before the ack timeout', async () => {
  const [socket] = await ctx.connected();
  const started = Date.now();
  const err = await rejection(socket.invoke('noSuchProcedure', { x: 1 }, { ackTimeout: 4000 }), 'invoke(noSuchProcedure)');
  assert.notEqual(err.name, 'TimeoutError', `the server did not answer: ${err.message}`);
  assert.equal(typeof err.name, 'string');
  assert.ok(err.name.length > 0 && err.name !== 'Error', err.name);
  assert.ok(typeof err.message === 'string' && err.message.length > 0, JSON.stringify(err.message));
  assert.ok(Date.now() - started < 4000);
  // The client rejects before its message listener has recorded the frame: wait for the record.
  await waitFor(() => socket.frames.some((p) => p && p.error && p.rid !== 1), 2000, 'the error reply recorded');
  const reply = socket.frames.find((p) => p && p.error && p.rid !== 1);
  assert.deepEqual(Object.keys(reply.error).filter((k) => k === 'name' || k === 'message').sort(), ['message', 'name']);
});

ctx.test('transmit both ways: the client transmits echo, the server transmits echo back', async () => {
  const [socket] = await ctx.connected();
  const back = socket.receiver('echo').once();
  socket.transmit('echo', { ping: 1 });
  assert.deepEqual(await withTimeout(back, 'the server\'s echo transmit'), { ping: 1 });
  const frame = socket.frames.find((p) => p && p.event === 'echo');
  assert.deepEqual(frame, { event: 'echo', data: { ping: 1 } }, 'a transmit has no cid');
});

ctx.test('the server invokes the client: ask makes the server invoke double and transmit the answer', async () => {
  const [socket] = await ctx.connected();
  (async () => {
    for await (const request of socket.procedure('double')) request.end(request.data * 2);
  })();
  const answer = socket.receiver('answer').once();
  socket.transmit('ask', 21);
  assert.equal(await withTimeout(answer, 'the answer transmit'), 42);
  const invoke = socket.frames.find((p) => p && p.event === 'double');
  assert.equal(typeof invoke.cid, 'number', JSON.stringify(invoke));
});

ctx.test('a token signed with the suite\'s auth key (testkey) authenticates in the #handshake', async () => {
  const socket = ctx.client({ autoConnect: false });
  const now = Math.floor(Date.now() / 1000);
  await socket.auth.saveToken(socket.authTokenName, signHs256(SUITE_KEY, { username: 'kate', iat: now, exp: now + 3600 }));
  socket.connect();
  const status = await connectStatus(socket);
  assert.equal(status.isAuthenticated, true, JSON.stringify(status));
  assert.equal(socket.authToken.username, 'kate');
});

ctx.test('performTask answers after about a second: a shorter ackTimeout gets TimeoutError, a longer one the reply', async () => {
  const [socket] = await ctx.connected();
  const err = await rejection(socket.invoke('performTask', 123, { ackTimeout: 200 }), 'performTask with ackTimeout 200');
  assert.equal(err.name, 'TimeoutError');
  const started = Date.now();
  assert.equal(await socket.invoke('performTask', 123, { ackTimeout: 4000 }), undefined);
  assert.ok(Date.now() - started >= 900, `answered after ${Date.now() - started} ms`);
});

ctx.test('setAuthKey changes the server\'s key: old tokens are refused in the #handshake, new ones signed and accepted', async () => {
  const now = Math.floor(Date.now() / 1000);
  const withToken = async (token) => {
    const socket = ctx.client({ autoConnect: false });
    await socket.auth.saveToken(socket.authTokenName, token);
    socket.connect();
    return { socket, status: await connectStatus(socket) };
  };
  const oldToken = signHs256(SUITE_KEY, { username: 'bob', iat: now, exp: now + 3600 });
  const [admin] = await ctx.connected();
  try {
    assert.equal(await admin.invoke('setAuthKey', 'differentAuthKey'), undefined);
    const refused = await withToken(oldToken);
    assert.equal(refused.status.isAuthenticated, false, JSON.stringify(refused.status));
    assert.equal(refused.status.authError.name, 'AuthTokenInvalidError');
    assert.equal(refused.socket.signedAuthToken, null);

    const accepted = await withToken(signHs256('differentAuthKey', { username: 'kate', iat: now, exp: now + 3600 }));
    assert.equal(accepted.status.isAuthenticated, true, JSON.stringify(accepted.status));

    const authenticated = admin.listener('authenticate').once();
    await admin.invoke('login', { username: 'alice' });
    const { signedAuthToken } = await withTimeout(authenticated, 'the authenticate event');
    const again = await withToken(signedAuthToken);
    assert.equal(again.status.isAuthenticated, true, 'login signs with the new key');

    const err = await rejection(admin.invoke('setAuthKey', ''), 'setAuthKey("")');
    assert.equal(err.name, 'InvalidArgumentsError');
  } finally {
    await admin.invoke('setAuthKey', SUITE_KEY);
  }
  assert.equal((await withToken(oldToken)).status.isAuthenticated, true, 'the old key is back');
});
