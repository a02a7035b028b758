// Pusher's private kinds (private-, presence-, private-encrypted-, #server-to-user-) on the other protocols
// under an ordinary config whose channel options are open to authenticated clients: a Pusher authorization is
// the grant, so Centrifugo and Socket.IO clients with a connection token but no subscription token stay out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Centrifuge } from 'centrifuge';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { connectionToken } from '../../lib/jwt.mjs';
import { collect, pusherConfig, subscribed, uniqueChannel, usePusherServer } from '../lib/harness.mjs';

const HMAC = 'privacy-secret';
const ctx = usePusherServer(pusherConfig({}, (c) => {
  c.client.token = { hmac_secret_key: HMAC };
  c.channel = {
    without_namespace: {
      allow_subscribe_for_client: true,
      allow_publish_for_client: true,
      allow_publish_for_subscriber: true,
      allow_history_for_client: true,
      allow_presence_for_client: true,
      history_size: 10,
      history_ttl: '60s',
    },
  };
}));

function withTimeout(promise, what, ms = 5000) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

async function centrifugo(user = 'outsider') {
  const client = new Centrifuge(ctx.server.url, { websocket: WebSocket, token: connectionToken(HMAC, user) });
  client.on('error', () => {});
  ctx.track(() => client.disconnect());
  client.connect();
  await client.ready(5000);
  return client;
}

async function codeOf(promise) {
  try {
    await promise;
    return 'allowed';
  } catch (err) {
    return err.code;
  }
}

test('the open channel options let a Centrifugo client publish to a public Pusher channel (the control)', async () => {
  const name = uniqueChannel('open-');
  const member = await ctx.connected();
  const channel = await subscribed(member, name);
  const client = await centrifugo();
  const heard = new Promise((resolve) => channel.bind('message', resolve));
  assert.equal(await codeOf(client.publish(name, { hello: 1 })), 'allowed');
  assert.deepEqual(await withTimeout(heard, 'the publication at pusher-js'), { hello: 1 });
});

for (const prefix of ['private-', 'presence-', 'private-encrypted-', '#server-to-user-']) {
  test(`a Centrifugo client with a connection token cannot subscribe to or read ${prefix} channels (103)`, async () => {
    const name = uniqueChannel(prefix);
    const client = await centrifugo();
    const sub = client.newSubscription(name);
    const outcome = new Promise((resolve) => {
      sub.on('error', (e) => resolve(e.error?.code));
      sub.on('unsubscribed', (e) => resolve(e.code));
      sub.on('subscribed', () => resolve('subscribed'));
    });
    sub.subscribe();
    assert.equal(await withTimeout(outcome, `subscribe ${name}`), 103);
    assert.equal(await codeOf(client.history(name, { limit: 1 })), 103);
    // only presence- channels keep presence (others answer 108 not available, as Centrifugo does)
    if (prefix === 'presence-') assert.equal(await codeOf(client.presence(name)), 103);
  });
}

test('a Centrifugo client with a connection token cannot publish into a private- channel', async () => {
  const name = uniqueChannel('private-nopub-');
  const member = await ctx.connected();
  const channel = await subscribed(member, name);
  const injected = collect(channel, 'message');
  const client = await centrifugo();
  const code = await codeOf(client.publish(name, { forged: true }));
  await ctx.barrier(name, channel);
  assert.deepEqual({ code, injected: injected.seen }, { code: 103, injected: [] });
});

test('a Socket.IO client with a connection token cannot subscribe to private-/presence- or send client events into them', async () => {
  const name = uniqueChannel('private-sio-');
  const member = await ctx.connected();
  const channel = await subscribed(member, name);
  const injected = collect(channel, 'client-forged');
  const socket = io(ctx.server.baseUrl, {
    transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: connectionToken(HMAC, 'sio-outsider') },
  });
  ctx.track(() => socket.close());
  await withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), 'socket.io connect');
  const subscribe = await socket.timeout(5000).emitWithAck('subscribe', { channel: name });
  const event = await socket.timeout(5000).emitWithAck('client event', { channel: name, event: 'client-forged', data: {} });
  await ctx.barrier(name, channel);
  assert.deepEqual({ subscribe: subscribe?.code, event: event?.code, injected: injected.seen },
    { subscribe: 103, event: 103, injected: [] });
});
