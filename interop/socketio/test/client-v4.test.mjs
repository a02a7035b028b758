// The official socket.io-client 4.x against Switchboard: the echo example for the protocol's features over
// each transport, and the standalone server for rooms on core channels, token auth and recovery.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { connectionToken, subscriptionToken } from '../../lib/jwt.mjs';
import { waitFor } from '../../lib/wait.mjs';
import { connectPackets, once, socketOpener } from '../lib/clients.mjs';
import { startEcho, startStandalone } from '../lib/targets.mjs';

const SECRET = 'socketio-interop-secret';
const API_KEY = 'socketio-interop-key';
const clients = socketOpener(io);
const open = (url, options) => clients.open(url, options);

/** Drops the socket's WebSocket as a lost network does, and waits until the server has let go of `channel`. */
async function dropConnection(server, socket, channel) {
  const down = once(socket, 'disconnect');
  socket.io.engine.transport.ws.terminate();
  assert.equal((await down)[0], 'transport close');
  await waitFor(async () => !(await channelsOf(server))[channel], 5000, `the server lets go of ${channel}`);
}

async function channelsOf(server) {
  return (await server.api('channels', {})).result.channels;
}

/** Connects again a socket that has no automatic reconnection, watching the CONNECT it sends. */
async function reconnect(socket, connects) {
  const up = once(socket, 'connect', 10000);
  socket.connect();
  connects.watch();
  await up;
}

/** Subscribes, publishes `n` through the server API and waits until the socket has it. */
async function subscribeAndHear(server, socket, channel, n) {
  assert.equal(await socket.timeout(5000).emitWithAck('subscribe', { channel }), null);
  const heard = once(socket, 'message');
  await server.api('publish', { channel, data: { n } });
  assert.deepEqual((await heard).slice(0, 2), [channel, { n }]);
}

/**
 * After a refused recovery: the CONNECT asked to recover the session it had, yet the socket got a new id, is
 * in none of its old rooms, and was given none of the events it missed; it works afresh.
 */
async function assertStartedAfresh(server, socket, { channel, id, connects, received, next }) {
  assert.equal(socket.recovered, false);
  assert.notEqual(socket.id, id);
  const [before, attempt] = connects.packets.slice(-2);
  assert.equal(typeof before.pid, 'string');
  assert.equal(attempt.pid, before.pid, 'it asked for the session it had');
  assert.match(attempt.offset, /^\d+\.\d+$/);
  await waitFor(async () => !(await channelsOf(server))[channel], 5000, `no old room on ${channel}`);
  const seen = [...received];
  await subscribeAndHear(server, socket, channel, next); // anything missed would come before this
  assert.deepEqual(received, [...seen, next]);
}

const TRANSPORTS = {
  'polling only': { transports: ['polling'] },
  'WebSocket only': { transports: ['websocket'] },
  'polling upgraded to WebSocket': { transports: ['polling', 'websocket'] },
};

describe('socket.io-client 4 against the echo example', () => {
  let echo;
  before(async () => {
    echo = await startEcho();
  });
  after(async () => {
    clients.closeAll();
    await echo.stop();
  });

  for (const [name, transportOptions] of Object.entries(TRANSPORTS)) {
    describe(name, () => {
      it('connects with an auth payload the server sees', async () => {
        const socket = open(echo.http, { ...transportOptions, auth: { token: 'abc', n: 1 } });
        const [auth] = await once(socket, 'auth');
        assert.deepEqual(auth, { token: 'abc', n: 1 });
        assert.ok(socket.connected);
        socket.disconnect();
      });

      it('emits with an ack the server answers', async () => {
        const socket = open(echo.http, transportOptions);
        await once(socket, 'connect');
        const answer = await new Promise((resolve) => socket.emit('message-with-ack', 1, '2', { 3: [true] }, (...args) => resolve(args)));
        assert.deepEqual(answer, [1, '2', { 3: [true] }]);
        socket.disconnect();
      });

      it('answers an ack the server asks for', async () => {
        const socket = open(echo.http, transportOptions);
        await once(socket, 'connect');
        const result = new Promise((resolve) => {
          socket.on('emit-with-ack', (...args) => {
            const last = args[args.length - 1];
            if (typeof last === 'function') last('answered', args[0]); // the server's question
            else resolve(args); // what it makes of the answer
          });
        });
        socket.emit('emit-with-ack', 41);
        assert.deepEqual(await result, ['answered', 41]);
        socket.disconnect();
      });

      it('sends and receives binary, nested too', async () => {
        const socket = open(echo.http, transportOptions);
        await once(socket, 'connect');
        const back = once(socket, 'message-back');
        socket.emit('message', Buffer.from([1, 2, 3]), { nested: [Buffer.from([4, 5])], text: 'x' });
        const [first, second] = await back;
        assert.deepEqual([...first], [1, 2, 3]);
        assert.deepEqual([...second.nested[0]], [4, 5]);
        assert.equal(second.text, 'x');
        socket.disconnect();
      });

      it('acks with binary', async () => {
        const socket = open(echo.http, transportOptions);
        await once(socket, 'connect');
        const answer = await new Promise((resolve) => socket.emit('message-with-ack', Buffer.from([9, 8]), (...args) => resolve(args)));
        assert.deepEqual([...answer[0]], [9, 8]);
        socket.disconnect();
      });
    });
  }

  it('ends up on WebSocket after the upgrade, the session unchanged', async () => {
    const socket = open(echo.http, TRANSPORTS['polling upgraded to WebSocket']);
    await once(socket, 'connect');
    const sid = socket.io.engine.id;
    if (socket.io.engine.transport.name !== 'websocket') await once(socket.io.engine, 'upgrade');
    assert.equal(socket.io.engine.transport.name, 'websocket');
    assert.equal(socket.io.engine.id, sid);
    const answer = await new Promise((resolve) => socket.emit('message-with-ack', 'after upgrade', (...a) => resolve(a)));
    assert.deepEqual(answer, ['after upgrade']);
    socket.disconnect();
  });

  it('multiplexes namespaces over one connection', async () => {
    const main = open(echo.http);
    const custom = main.io.socket('/custom', { auth: { token: 'custom' } });
    clients.track(custom);
    const [auth] = await once(custom, 'auth');
    assert.deepEqual(auth, { token: 'custom' });
    await once(main, 'connect').catch(() => null);
    const back = once(custom, 'message-back');
    custom.emit('message', 'to custom');
    assert.deepEqual(await back, ['to custom']);
    assert.equal(main.io.engine, custom.io.engine);
    custom.disconnect();
    main.disconnect();
  });

  it('refuses a namespace that does not exist', async () => {
    const socket = open(`${echo.http}/nope`);
    const [err] = await once(socket, 'connect_error');
    assert.equal(err.message, 'Invalid namespace');
  });
});

describe('socket.io-client 4 against the standalone server', () => {
  let server;
  before(async () => {
    server = await startStandalone({
      client: { token: { hmac_secret_key: SECRET }, allowed_origins: ['*'] },
      channel: {
        without_namespace: {
          allow_subscribe_for_client: true,
          allow_publish_for_subscriber: true,
          history_size: 100,
          history_ttl: '300s',
        },
        namespaces: [
          { name: 'private', allow_subscribe_for_client: false },
          { name: 'short', allow_subscribe_for_client: true, history_size: 2, history_ttl: '300s' },
        ],
      },
      socketio: {
        namespaces: ['/', '/chat'],
        connection_state_recovery: { enabled: true, max_disconnection_duration: '60s' },
      },
      http_api: { key: API_KEY },
    });
  });
  after(async () => {
    clients.closeAll();
    await server.stop();
  });

  const token = (user) => connectionToken(SECRET, user);

  async function subscribed(user, channel, options = {}) {
    const socket = open(server.http, { auth: { token: token(user) }, transports: ['websocket'], ...options });
    await once(socket, 'connect');
    const error = await socket.timeout(5000).emitWithAck('subscribe', { channel });
    assert.equal(error, null);
    return socket;
  }

  for (const [name, transportOptions] of Object.entries(TRANSPORTS)) {
    describe(name, () => {
      it('refuses a connection without a token, and one with a bad token', async () => {
        const anonymous = open(server.http, transportOptions);
        const [err] = await once(anonymous, 'connect_error');
        assert.equal(err.message, 'unauthorized');
        const forged = open(server.http, { ...transportOptions, auth: { token: connectionToken('not-the-secret', 'u1') } });
        const [err2] = await once(forged, 'connect_error');
        assert.equal(err2.message, 'invalid token');
        assert.deepEqual(err2.data, { code: 3500 });
      });

      it('delivers a server API publication to a room as an event, channel first', async () => {
        const socket = await subscribed('u1', 'news', transportOptions);
        const got = once(socket, 'message');
        await server.api('publish', { channel: 'news', data: { text: 'hi' } });
        const [channel, data] = await got;
        assert.equal(channel, 'news');
        assert.deepEqual(data, { text: 'hi' });
        const named = once(socket, 'OrderShipped');
        await server.api('publish', { channel: 'news', data: { id: 7 }, tags: { event: 'OrderShipped' } });
        assert.deepEqual((await named).slice(0, 2), ['news', { id: 7 }]);
        socket.disconnect();
      });

      it('recovers the events missed while the connection was down', async () => {
        const channel = `recover-${name.replaceAll(' ', '-')}`;
        const socket = open(server.http, {
          ...transportOptions, auth: { token: token('u5') }, reconnection: true, reconnectionDelay: 100,
          reconnectionDelayMax: 200,
        });
        await once(socket, 'connect');
        assert.equal(socket.recovered, false);
        assert.equal(await socket.timeout(5000).emitWithAck('subscribe', { channel }), null);
        const received = [];
        socket.on('message', (ch, data) => received.push(data));
        const first = once(socket, 'message');
        await server.api('publish', { channel, data: { n: 1 } });
        await first;
        const id = socket.id;
        const down = once(socket, 'disconnect');
        const transport = socket.io.engine.transport;
        if (transport.ws) transport.ws.terminate(); // the network drops, no close handshake
        else socket.io.engine.close(); // long-polling: the session ends as when a tab loses its network
        await down;
        for (const n of [2, 3, 4]) await server.api('publish', { channel, data: { n } });
        await once(socket, 'connect', 10000);
        assert.equal(socket.recovered, true);
        assert.equal(socket.id, id);
        const deadline = Date.now() + 5000;
        while (received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(received, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
        const live = once(socket, 'message');
        await server.api('publish', { channel, data: { n: 5 } });
        await live;
        assert.deepEqual(received.at(-1), { n: 5 });
        socket.disconnect();
      });
    });
  }

  it('refuses channels the rules close, and private ones without a subscription token', async () => {
    const socket = open(server.http, { auth: { token: token('u2') } });
    await once(socket, 'connect');
    const closed = await socket.timeout(5000).emitWithAck('subscribe', { channel: 'private:x' });
    assert.deepEqual(closed, { code: 103, message: 'permission denied' });
    const unknown = await socket.timeout(5000).emitWithAck('subscribe', { channel: 'nowhere:x' });
    assert.deepEqual(unknown, { code: 102, message: 'unknown channel' });
    const dollar = await socket.timeout(5000).emitWithAck('subscribe', { channel: '$secret' });
    assert.deepEqual(dollar, { code: 103, message: 'permission denied' });
    const withToken = await socket.timeout(5000).emitWithAck('subscribe', {
      channel: '$secret', auth: { token: subscriptionToken(SECRET, 'u2', '$secret') },
    });
    assert.equal(withToken, null);
    socket.disconnect();
  });

  it('reads a subscription token for someone else as Centrifugo does: 3500 invalid token, and the socket is let go', async () => {
    const socket = open(server.http, { auth: { token: token('u5') } });
    await once(socket, 'connect');
    const gone = once(socket, 'disconnect');
    const answer = await socket.timeout(5000).emitWithAck('subscribe', {
      channel: '$secret', auth: { token: subscriptionToken(SECRET, 'someone-else', '$secret') },
    });
    assert.deepEqual(answer, { code: 3500, message: 'invalid token' });
    assert.equal((await gone)[0], 'io server disconnect');
  });

  it('refuses a channel name over the length limit with 107, as every protocol does', async () => {
    const socket = open(server.http, { auth: { token: token('u6') } });
    await once(socket, 'connect');
    const long = await socket.timeout(5000).emitWithAck('subscribe', { channel: 'x'.repeat(256) });
    assert.deepEqual(long, { code: 107, message: 'bad request' });
    const relay = await socket.timeout(5000).emitWithAck('client event', { channel: 'x'.repeat(256), event: 'client-a', data: 1 });
    assert.deepEqual(relay, { code: 107, message: 'bad request' });
    socket.disconnect();
  });

  it('broadcasts a client event to the others in the channel', async () => {
    const alice = await subscribed('alice', 'room-1');
    const bob = await subscribed('bob', 'room-1');
    let aliceGot = 0;
    alice.on('client-typing', () => aliceGot++);
    const heard = once(bob, 'client-typing');
    const error = await alice.timeout(5000).emitWithAck('client event', { channel: 'room-1', event: 'client-typing', data: { who: 'alice' } });
    assert.equal(error, null);
    const [channel, data] = await heard;
    assert.equal(channel, 'room-1');
    assert.deepEqual(data, { who: 'alice' });
    const check = once(bob, 'message');
    await server.api('publish', { channel: 'room-1', data: 'after' });
    await check;
    assert.equal(aliceGot, 0);
    alice.disconnect();
    bob.disconnect();
  });

  it('refuses to relay a client event whose name is not client-…, so members cannot forge server events', async () => {
    const alice = await subscribed('alice', 'room-2');
    const bob = await subscribed('bob', 'room-2');
    let forged = 0;
    bob.on('headline', () => forged++);
    const error = await alice.timeout(5000).emitWithAck('client event', { channel: 'room-2', event: 'headline', data: { fake: true } });
    assert.deepEqual(error, { code: 107, message: 'client event names must start with client-' });
    // a publication after the refusal arrives first if the forged one was never published
    const next = once(bob, 'message');
    await server.api('publish', { channel: 'room-2', data: 'real' });
    assert.deepEqual((await next).slice(0, 2), ['room-2', 'real']); // then the recovery offset
    assert.equal(forged, 0);
    alice.disconnect();
    bob.disconnect();
  });

  it('stops delivering after unsubscribe', async () => {
    const socket = await subscribed('u3', 'leave-me');
    assert.equal(await socket.timeout(5000).emitWithAck('unsubscribe', { channel: 'leave-me' }), null);
    let got = 0;
    socket.on('message', () => got++);
    await server.api('publish', { channel: 'leave-me', data: 1 });
    const other = await subscribed('u4', 'leave-me');
    const seen = once(other, 'message');
    await server.api('publish', { channel: 'leave-me', data: 2 });
    await seen;
    assert.equal(got, 0);
    socket.disconnect();
    other.disconnect();
  });

  it('recovers while the history has what the socket missed, and starts afresh once it does not', async () => {
    const channel = 'short:recovery'; // its history keeps the last 2 publications
    const socket = open(server.http, { auth: { token: token('u6') }, transports: ['websocket'] });
    const connects = connectPackets(socket);
    await once(socket, 'connect');
    const received = [];
    socket.on('message', (ch, data) => received.push(data.n));
    await subscribeAndHear(server, socket, channel, 1);
    const id = socket.id;

    await dropConnection(server, socket, channel);
    await server.api('publish', { channel, data: { n: 2 } });
    await reconnect(socket, connects);
    assert.equal(socket.recovered, true);
    assert.equal(socket.id, id);
    await waitFor(() => received.length === 2, 5000, () => `the missed event, got ${received}`);
    assert.deepEqual(received, [1, 2]);

    await dropConnection(server, socket, channel);
    for (const n of [3, 4, 5, 6]) await server.api('publish', { channel, data: { n } });
    await reconnect(socket, connects);
    await assertStartedAfresh(server, socket, { channel, id, connects, received, next: 7 });
    assert.deepEqual(received, [1, 2, 7]);
    socket.disconnect();
  });

  it('lets the server API subscribe and disconnect a Socket.IO user', async () => {
    const socket = open(server.http, { auth: { token: token('u7') }, transports: ['websocket'] });
    await once(socket, 'connect');
    await server.api('subscribe', { user: 'u7', channel: 'pushed' });
    const got = once(socket, 'message');
    const deadline = Date.now() + 5000;
    for (;;) {
      const r = await server.api('publish', { channel: 'pushed', data: 'hello' });
      assert.ok(r.result);
      const ok = await Promise.race([got.then(() => true), new Promise((res) => setTimeout(() => res(false), 200))]);
      if (ok || Date.now() > deadline) break;
    }
    assert.deepEqual((await got).slice(0, 2), ['pushed', 'hello']);
    const gone = once(socket, 'disconnect');
    await server.api('disconnect', { user: 'u7' });
    const [reason] = await gone;
    assert.equal(reason, 'io server disconnect');
  });

  it('counts Socket.IO sockets in the node info', async () => {
    const socket = open(server.http, { auth: { token: token('u8') } });
    await once(socket, 'connect');
    const info = await server.api('info', {});
    assert.ok(info.result.nodes[0].num_clients >= 1, JSON.stringify(info));
    socket.disconnect();
  });
});

describe('socket.io-client 4: connection state recovery within max_disconnection_duration only', () => {
  const DURATION_MS = 2000; // short, yet ample for a reconnection on a loaded machine
  let server;
  before(async () => {
    server = await startStandalone({
      client: { token: { hmac_secret_key: SECRET }, allowed_origins: ['*'] },
      channel: { without_namespace: { allow_subscribe_for_client: true, history_size: 100, history_ttl: '300s' } },
      socketio: { connection_state_recovery: { enabled: true, max_disconnection_duration: `${DURATION_MS}ms` } },
      http_api: { key: API_KEY },
    });
  });
  after(async () => {
    clients.closeAll();
    await server.stop();
  });

  it('recovers a socket back within the duration, and starts afresh one back after it', async () => {
    const channel = 'expiring';
    const socket = open(server.http, { auth: { token: connectionToken(SECRET, 'u1') }, transports: ['websocket'] });
    const connects = connectPackets(socket);
    await once(socket, 'connect');
    const received = [];
    socket.on('message', (ch, data) => received.push(data.n));
    await subscribeAndHear(server, socket, channel, 1);
    const id = socket.id;

    await dropConnection(server, socket, channel);
    await server.api('publish', { channel, data: { n: 2 } });
    await reconnect(socket, connects);
    assert.equal(socket.recovered, true);
    assert.equal(socket.id, id);
    await waitFor(() => received.length === 2, 5000, () => `the missed event, got ${received}`);

    await dropConnection(server, socket, channel); // the server has saved the session by now
    await server.api('publish', { channel, data: { n: 3 } });
    // the saved session is not observable: let the documented duration pass (not an ordering wait)
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS + 100));
    await reconnect(socket, connects);
    await assertStartedAfresh(server, socket, { channel, id, connects, received, next: 4 });
    assert.deepEqual(received, [1, 2, 4]);
    socket.disconnect();
  });
});
