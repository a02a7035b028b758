// Centrifugo's proxies on SocketCluster (socketcluster-client 20): the connect proxy decides a handshake without
// an auth token, and an invoke that no procedure handles goes to the RPC proxy.

import assert from 'node:assert/strict';
import { after } from 'node:test';
import { startBackend } from '../../lib/backend.mjs';
import { rejection, useScServer, withTimeout } from '../lib/harness.mjs';

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
  assert.equal(status.isAuthenticated, false, 'no token of its own');
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
