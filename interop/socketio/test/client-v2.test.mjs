// The official socket.io-client 2.x (Socket.IO v4 over Engine.IO v3) against Switchboard: connect, emit, acks,
// binary, namespaces on the echo example; rooms on core channels and token auth on the standalone server.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import io from 'socket.io-client-v2';
import { connectionToken } from '../../lib/jwt.mjs';
import { once, socketOpener } from '../lib/clients.mjs';
import { startEcho, startStandalone } from '../lib/targets.mjs';

const SECRET = 'socketio-v2-secret';
const API_KEY = 'socketio-v2-key';
const clients = socketOpener(io);
const open = (url, options) => clients.open(url, options);

function ack(socket, event, ...args) {
  return new Promise((resolve) => socket.emit(event, ...args, (...answer) => resolve(answer)));
}

describe('socket.io-client 2 against the echo example', () => {
  let echo;
  before(async () => {
    echo = await startEcho();
  });
  after(async () => {
    clients.closeAll();
    await echo.stop();
  });

  for (const [name, transports] of [['polling upgraded to WebSocket', ['polling', 'websocket']], ['WebSocket only', ['websocket']],
    ['polling only', ['polling']]]) {
    it(`connects, emits and acks over ${name}`, async () => {
      const socket = open(echo.http, { transports });
      const [auth] = await once(socket, 'auth');
      assert.deepEqual(auth, {});
      const back = once(socket, 'message-back');
      socket.emit('message', 1, '2', { 3: [true] });
      assert.deepEqual(await back, [1, '2', { 3: [true] }]);
      assert.deepEqual(await ack(socket, 'message-with-ack', 'a', { b: 1 }), ['a', { b: 1 }]);
      socket.close();
    });
  }

  for (const [name, transports] of [['WebSocket', ['websocket']], ['long-polling (XHR2 binary payloads)', ['polling']]]) {
    it(`sends and receives binary over ${name}`, async () => {
      const socket = open(echo.http, { transports });
      await once(socket, 'connect');
      const back = once(socket, 'message-back');
      socket.emit('message', Buffer.from([1, 2, 3]), { inner: Buffer.from([4]) });
      const [bytes, obj] = await back;
      assert.deepEqual([...bytes], [1, 2, 3]);
      assert.deepEqual([...obj.inner], [4]);
      socket.close();
    });
  }

  it('sends and receives binary after the upgrade, acks too', async () => {
    const socket = open(echo.http);
    await once(socket, 'connect');
    const back = once(socket, 'message-back');
    socket.emit('message', Buffer.from([1, 2, 3]), { inner: Buffer.from([4]) });
    const [bytes, obj] = await back;
    assert.deepEqual([...bytes], [1, 2, 3]);
    assert.deepEqual([...obj.inner], [4]);
    const [answer] = await ack(socket, 'message-with-ack', Buffer.from([7, 7]));
    assert.deepEqual([...answer], [7, 7]);
    socket.close();
  });

  it('answers an ack the server asks for', async () => {
    const socket = open(echo.http, { transports: ['websocket'] });
    await once(socket, 'connect');
    const result = new Promise((resolve) => {
      socket.on('emit-with-ack', (...args) => {
        const last = args[args.length - 1];
        if (typeof last === 'function') last('v2 answer');
        else resolve(args);
      });
    });
    socket.emit('emit-with-ack', 'question');
    assert.deepEqual(await result, ['v2 answer']);
    socket.close();
  });

  it('connects a custom namespace with its query as auth', async () => {
    const socket = open(`${echo.http}/custom`, { query: { token: 'q-token' } });
    const [auth] = await once(socket, 'auth');
    assert.equal(auth.token, 'q-token');
    const back = once(socket, 'message-back');
    socket.emit('message', 'custom');
    assert.deepEqual(await back, ['custom']);
    socket.close();
  });

  it('hears about a namespace that does not exist', async () => {
    const socket = open(`${echo.http}/nope`);
    const [err] = await once(socket, 'error');
    assert.equal(err.message ?? err, 'Invalid namespace');
    socket.close();
  });
});

describe('socket.io-client 2 against the standalone server', () => {
  let server;
  before(async () => {
    server = await startStandalone({
      client: { token: { hmac_secret_key: SECRET }, allowed_origins: ['*'] },
      channel: { without_namespace: { allow_subscribe_for_client: true, allow_publish_for_subscriber: true } },
      http_api: { key: API_KEY },
    });
  });
  after(async () => {
    clients.closeAll();
    await server.stop();
  });

  it('joins a room with the subscribe event and gets server API publications there', async () => {
    const socket = open(server.http, { query: { token: connectionToken(SECRET, 'v2user') } });
    await once(socket, 'connect');
    assert.deepEqual(await ack(socket, 'subscribe', { channel: 'v2-news' }), [null]);
    const got = once(socket, 'message');
    await server.api('publish', { channel: 'v2-news', data: { text: 'hello 2.x' } });
    assert.deepEqual(await got, ['v2-news', { text: 'hello 2.x' }]);
    socket.close();
  });

  it('is refused without a token', async () => {
    const socket = open(server.http);
    const [err] = await once(socket, 'error');
    assert.deepEqual(err, { code: 101 });
    socket.close();
  });
});
