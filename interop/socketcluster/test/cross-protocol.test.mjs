// One channel, four protocols on `serve --dev`: a subscriber on Centrifugo (centrifuge-js), Socket.IO
// (Laravel Echo's `subscribe` event), Pusher (pusher-js, the dev app `app-key`) and SocketCluster
// (socketcluster-client 20.x). A publication from the server API and from each protocol with a client
// publish (Centrifugo publish, Socket.IO `client event`, SocketCluster #publish) reaches every other
// subscriber. (Pusher's client events exist only on private channels, which the other protocols may not join.)

import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { Centrifuge } from 'centrifuge';
import PusherJS from 'pusher-js';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { waitFor } from '../../lib/wait.mjs';
import { collect, subscribed, uniqueChannel, useScServer, withTimeout } from '../lib/harness.mjs';

const ctx = useScServer();

async function centrifugo(name) {
  const client = new Centrifuge(ctx.server.url, { websocket: WebSocket });
  client.on('error', () => {});
  ctx.track(() => client.disconnect());
  const up = new Promise((resolve, reject) => {
    client.once('connected', resolve);
    client.once('disconnected', (c) => reject(new Error(`centrifuge disconnected: ${JSON.stringify(c)}`)));
  });
  client.connect();
  await withTimeout(up, 'centrifuge connected');
  const sub = client.newSubscription(name);
  sub.on('error', () => {});
  sub.seen = [];
  sub.on('publication', (p) => sub.seen.push(p.data));
  const ok = new Promise((resolve, reject) => {
    sub.once('subscribed', resolve);
    sub.once('unsubscribed', (c) => reject(new Error(`centrifuge unsubscribed ${JSON.stringify(c)}`)));
  });
  sub.subscribe();
  await withTimeout(ok, `centrifuge subscribed to ${name}`);
  return sub;
}

async function socketIo(name) {
  const socket = io(ctx.server.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  ctx.track(() => socket.close());
  await withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), 'socket.io connect');
  socket.seen = [];
  socket.onAny((event, channel, data) => {
    if (channel === name) socket.seen.push(data);
  });
  assert.equal(await socket.timeout(5000).emitWithAck('subscribe', { channel: name }), null);
  return socket;
}

async function pusher(name) {
  const client = new PusherJS('app-key', {
    cluster: 'mt1',
    wsHost: '127.0.0.1',
    wsPort: ctx.server.port,
    wssPort: ctx.server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    enableStats: false,
  });
  ctx.track(() => client.disconnect());
  const channel = client.subscribe(name);
  channel.seen = [];
  channel.bind_global((event, data) => {
    if (!event.startsWith('pusher:')) channel.seen.push(data);
  });
  await withTimeout(new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', (e) => reject(new Error(`pusher subscription_error ${JSON.stringify(e)}`)));
  }), `pusher-js subscribed to ${name}`);
  return channel;
}

async function everyone(name) {
  const [scSocket] = await ctx.connected();
  const sc = collect(await subscribed(scSocket, name));
  return {
    scSocket,
    seen: {
      socketcluster: sc.seen,
      centrifugo: (await centrifugo(name)).seen,
      socketio: (await socketIo(name)).seen,
      pusher: (await pusher(name)).seen,
    },
  };
}

/** Waits until every protocol but `except` has received `data` on the channel. */
async function reachesAll(seen, data, except = []) {
  const missing = () => Object.entries(seen).filter(([p, list]) => !except.includes(p) && !list.some((d) => isDeepStrictEqual(d, data)));
  await waitFor(() => missing().length === 0, 8000, () => `${JSON.stringify(data)} at ${missing().map(([p]) => p).join(', ')}; seen: ${JSON.stringify(seen)}`);
}

ctx.test('a server API publish reaches SocketCluster, Centrifugo, Socket.IO and Pusher subscribers', async () => {
  const name = uniqueChannel('x-api-');
  const { seen } = await everyone(name);
  const data = { from: 'api', n: 1 };
  await ctx.server.api('publish', { channel: name, data });
  await reachesAll(seen, data);
});

ctx.test('a SocketCluster #publish reaches Centrifugo, Socket.IO and Pusher (and the subscribed publisher itself)', async () => {
  const name = uniqueChannel('x-sc-');
  const { scSocket, seen } = await everyone(name);
  const data = { from: 'socketcluster', n: 2 };
  await scSocket.invokePublish(name, data);
  await reachesAll(seen, data);
});

ctx.test('a Centrifugo client publication reaches SocketCluster, Socket.IO and Pusher', async () => {
  const name = uniqueChannel('x-cf-');
  const { seen } = await everyone(name);
  // a second Centrifugo client publishes (the subscribed one is in `seen`)
  const publisher = new Centrifuge(ctx.server.url, { websocket: WebSocket });
  publisher.on('error', () => {});
  ctx.track(() => publisher.disconnect());
  publisher.connect();
  await withTimeout(publisher.ready(), 'the publishing centrifuge client');
  const data = { from: 'centrifugo', n: 3 };
  await publisher.publish(name, data);
  await reachesAll(seen, data);
});

ctx.test('a Socket.IO client event reaches SocketCluster, Centrifugo and Pusher', async () => {
  const name = uniqueChannel('x-sio-');
  const { seen } = await everyone(name);
  const sioSocket = await socketIo(name);
  const data = { from: 'socketio', n: 4 };
  const ack = await sioSocket.timeout(5000).emitWithAck('client event', { channel: name, event: 'client-moved', data });
  assert.equal(ack, null);
  // the sending Socket.IO socket skips its own broadcast; the other one (in `seen`) gets it
  await reachesAll(seen, data);
});

ctx.test('a string published by SocketCluster is the same string at Centrifugo and at the publisher', async () => {
  const name = uniqueChannel('x-text-');
  const [a] = await ctx.connected();
  const got = collect(await subscribed(a, name));
  const sub = await centrifugo(name);
  await a.invokePublish(name, 'text payload');
  assert.equal(await got.next(), 'text payload');
  await waitFor(() => sub.seen.includes('text payload'), 5000, 'the string at Centrifugo');
});
