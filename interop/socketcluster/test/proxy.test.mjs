// Centrifugo's proxies on SocketCluster (socketcluster-client 20): the connect proxy decides a handshake without
// an auth token, and an invoke that no procedure handles goes to the RPC proxy.

import assert from 'node:assert/strict';
import { after } from 'node:test';
import { startBackend } from '../../lib/backend.mjs';
import { rejection, useScServer, withTimeout } from '../lib/harness.mjs';
import { waitFor } from '../../lib/wait.mjs';

const backend = await startBackend();
after(() => backend.stop());

const ctx = useScServer({
  config: {
    client: { proxy: { connect: { enabled: true, endpoint: `${backend.url}/connect`, timeout: '500ms', http_headers: ['user-agent'] } } },
    rpc: { proxy: { endpoint: `${backend.url}/rpc`, timeout: '500ms' }, without_namespace: { proxy_enabled: true } },
  },
});

ctx.test('a handshake without a token is the user the backend names, and an invoke is an RPC as that user', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'sc-alice' } });
  backend.answer('/rpc', (body) => (body.method === 'slow' ? 'hang' : { result: { data: { user: body.user, data: body.data } } }));
  const [socket, status] = await ctx.connected();
  assert.equal(status.isAuthenticated, true, 'authenticated as if it had a token');
  const [req] = backend.to('/connect');
  assert.equal(req.body.client, status.id);
  assert.equal(req.body.transport, 'websocket');
  assert.deepEqual(await socket.invoke('whoami', { x: 1 }), { user: 'sc-alice', data: { x: 1 } });
  const slow = await rejection(socket.invoke('slow', {}), 'a backend that does not answer');
  assert.equal(slow.name, 'ServerError');
  assert.equal(slow.code, 100);
  const unknown = await rejection(socket.invoke('ns:x', {}), 'a method in an unknown rpc namespace');
  assert.equal(unknown.code, 104);
  assert.deepEqual(await socket.invoke('again', 2), { user: 'sc-alice', data: 2 });
});

ctx.test('a socket the backend names gets a token signed with the server\'s secret, and reconnects with it', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'sc-bob', info: { role: 'admin' } } });
  const saved = new Map(); // one store for both sockets, as a browser's localStorage
  const authEngine = {
    saveToken: async (name, token) => { saved.set(name, token); return token; },
    removeToken: async (name) => { const t = saved.get(name) ?? null; saved.delete(name); return t; },
    loadToken: async (name) => saved.get(name) ?? null,
  };
  const [socket, status] = await ctx.connected({ authEngine }, 'proxied-token');
  assert.equal(status.isAuthenticated, true);
  await waitFor(() => socket.authState === 'authenticated' && socket.signedAuthToken, 5000,
    () => `the #setAuthToken: ${JSON.stringify(socket.frames)}`);

  assert.equal(socket.authToken.sub, 'sc-bob');
  assert.deepEqual(socket.authToken.info, { role: 'admin' });
  assert.ok(socket.authToken.exp > Date.now() / 1000, 'a token that expires in the future');
  // a new socket with the saved token is authenticated by the token: the backend is not asked again
  await waitFor(() => saved.get('sc.authToken.proxied-token'), 5000, 'the saved token');
  const [again, againStatus] = await ctx.connected({ authEngine }, 'proxied-token');
  assert.equal(againStatus.isAuthenticated, true);
  assert.equal(again.authToken.sub, 'sc-bob');
  assert.equal(backend.to('/connect').length, 1);
});

ctx.test('the backend refuses a handshake: its error, then close 4008', async () => {
  backend.reset();
  backend.answer('/connect', { error: { code: 4003, message: 'banned' } });
  const raw = await ctx.raw();
  const reply = await raw.invoke('#handshake', { authToken: null });
  assert.equal(reply.error?.message, 'banned', JSON.stringify(reply));
  assert.equal(reply.error?.code, 4003, JSON.stringify(reply));
  const closed = await withTimeout(raw.waitClose(), 'the close');
  assert.equal(closed.code, 4008);
});
