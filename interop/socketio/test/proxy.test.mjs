// Centrifugo's proxies on Socket.IO, with the official socket.io-client 4.x: the connect proxy decides a socket
// (its auth payload as data, its handshake headers), and an event with an ack that nothing claims is an RPC.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { startBackend } from '../../lib/backend.mjs';
import { once, socketOpener } from '../lib/clients.mjs';
import { startStandalone } from '../lib/targets.mjs';
import { waitFor } from '../../lib/wait.mjs';

const clients = socketOpener(io);

/** Emits with an ack and resolves with every argument of the ack (emitWithAck keeps only the first). */
function ack(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(5000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer)));
  });
}

describe('proxies on Socket.IO', () => {
  let server;
  let backend;
  before(async () => {
    backend = await startBackend();
    server = await startStandalone({
      client: {
        token: { hmac_secret_key: 'socketio-proxy-secret' },
        allowed_origins: ['*'],
        proxy: { connect: { enabled: true, endpoint: `${backend.url}/connect`, timeout: '500ms', http_headers: ['x-app'] } },
      },
      rpc: { proxy: { endpoint: `${backend.url}/rpc`, timeout: '500ms' }, without_namespace: { proxy_enabled: true } },
      socketio: { namespaces: ['/'] },
      http_api: { key: 'k' },
    });
  });
  after(async () => {
    clients.closeAll();
    await server?.stop();
    await backend?.stop();
  });

  it('connects a socket the backend names, with its auth payload and handshake headers in the request', async () => {
    backend.reset();
    backend.answer('/connect', { result: { user: 'sio-alice', meta: { m: 1 } } });
    backend.answer('/rpc', (body) => ({ result: { data: { user: body.user, method: body.method, data: body.data, meta: body.meta } } }));
    const socket = clients.open(server.http, { auth: { session: 'abc' }, extraHeaders: { 'X-App': 'demo' }, transports: ['polling'] });
    await once(socket, 'connect');
    const [req] = backend.to('/connect');
    assert.deepEqual(req.body.data, { session: 'abc' });
    assert.equal(req.body.protocol, 'json');
    assert.equal(req.body.client, socket.id);
    assert.equal(req.headers['x-app'], 'demo');
    const [err, data] = await ack(socket, 'getProfile', { id: 1 });
    assert.equal(err, null);
    assert.deepEqual(data, { user: 'sio-alice', method: 'getProfile', data: { id: 1 } });
  });

  it('refuses a socket with the backend\'s error code, and a failing backend is code 100', async () => {
    backend.reset();
    backend.answer('/connect', { error: { code: 4003, message: 'banned' } });
    const refused = clients.open(server.http);
    const [e] = await once(refused, 'connect_error');
    assert.equal(e.message, 'banned');
    assert.deepEqual(e.data, { code: 4003 });

    backend.answer('/connect', 500);
    const failing = clients.open(server.http);
    const [f] = await once(failing, 'connect_error');
    assert.deepEqual(f.data, { code: 100 });
  });

  it('answers an RPC error first, a timeout with 100, and leaves the socket working', async () => {
    backend.reset();
    backend.answer('/connect', { result: { user: 'sio-bob' } });
    backend.answer('/rpc', (body) => (body.method === 'slow' ? 'hang'
      : body.method === 'deny' ? { error: { code: 4004, message: 'no such thing' } }
      : { result: { data: body.data } }));
    const socket = clients.open(server.http);
    await once(socket, 'connect');
    assert.deepEqual(await ack(socket, 'deny', 1), [{ code: 4004, message: 'no such thing' }]);
    assert.deepEqual(await ack(socket, 'slow', 1), [{ code: 100, message: 'internal server error' }]);
    assert.deepEqual(await ack(socket, 'echo', 'a', 2), [null, ['a', 2]]);
    assert.deepEqual(await ack(socket, 'other:echo', 1), [{ code: 104, message: 'method not found' }]);
    assert.equal(socket.connected, true);
  });
  it('subscribes the socket to the channels and subs the backend names, before the connect', async () => {
    backend.reset();
    backend.answer('/connect', { result: { user: 'sio-carol', channels: ['sio-news'], subs: { 'sio-sub': {} } } });
    const socket = clients.open(server.http, { transports: ['websocket'] });
    const received = [];
    socket.on('message', (...args) => received.push(args));
    await once(socket, 'connect');
    for (const channel of ['sio-news', 'sio-sub', 'sio-other']) {
      const res = await fetch(`${server.http}/api/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: JSON.stringify({ channel, data: { on: channel } }),
      });
      assert.equal(res.status, 200);
    }
    await waitFor(() => received.length >= 2, 5000, 'publications of the two channels');
    const channels = received.map((args) => args.find((a) => a && typeof a === 'object' && a.on)?.on);
    assert.deepEqual(channels.sort(), ['sio-news', 'sio-sub'], JSON.stringify(received));
  });
});
