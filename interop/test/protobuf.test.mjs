// The npm centrifuge client in its Protobuf build (protocol: 'protobuf'): the same path as the JSON tests,
// recovery included. Payloads travel as bytes; these tests encode and decode JSON themselves.

import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { Centrifuge } from 'centrifuge/build/protobuf';
import WebSocket from 'ws';
import { defaultConfig, HMAC_SECRET } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { startServer } from '../lib/server.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (value) => encoder.encode(JSON.stringify(value));
const parse = (bytes) => JSON.parse(decoder.decode(bytes));

let server;
let clients = [];

before(async () => {
  server = await startServer(defaultConfig());
});

after(async () => {
  if (server) await server.stop();
});

afterEach(() => {
  for (const c of clients) c.disconnect();
  clients = [];
});

function client(user) {
  const c = new Centrifuge(server.url, {
    websocket: WebSocket,
    protocol: 'protobuf',
    token: connectionToken(HMAC_SECRET, user),
    minReconnectDelay: 50,
    maxReconnectDelay: 200,
  });
  c.on('error', () => {});
  clients.push(c);
  return c;
}

async function connected(c) {
  const done = nextEvent(c, 'connected', 10_000);
  c.connect();
  return done;
}

async function subscribed(sub) {
  const done = nextEvent(sub, 'subscribed', 10_000);
  sub.subscribe();
  return done;
}

test('A protobuf client connects with a token and receives an API publication as bytes', async () => {
  const c = client('pb-alice');
  const ctx = await connected(c);
  assert.ok(ctx.client, 'connected carries the client id');
  const sub = c.newSubscription('pb-news');
  sub.on('error', () => {});
  await subscribed(sub);
  const got = nextEvent(sub, 'publication', 10_000);
  const res = await server.api('publish', { channel: 'pb-news', data: { text: 'hi' } });
  assert.ok(res.result, JSON.stringify(res));
  const pub = await got;
  assert.ok(pub.data instanceof Uint8Array, 'protobuf publications carry bytes');
  assert.deepEqual(parse(pub.data), { text: 'hi' });
  assert.equal(Number(pub.offset), 1);
});

test('A protobuf client publish reaches another protobuf client with the publisher info', async () => {
  const a = client('pb-pub');
  const b = client('pb-sub');
  await connected(a);
  await connected(b);
  const subA = a.newSubscription('pb-chat');
  const subB = b.newSubscription('pb-chat');
  subA.on('error', () => {});
  subB.on('error', () => {});
  await subscribed(subA);
  await subscribed(subB);
  const got = nextEvent(subB, 'publication', 10_000);
  await subA.publish(json({ n: 1 }));
  const pub = await got;
  assert.deepEqual(parse(pub.data), { n: 1 });
  assert.equal(pub.info.user, 'pb-pub');
});

test('Presence, presence stats and history work over protobuf', async () => {
  const c = client('pb-bob');
  await connected(c);
  const sub = c.newSubscription('pb-room');
  sub.on('error', () => {});
  await subscribed(sub);
  const presence = await sub.presence();
  assert.deepEqual(Object.values(presence.clients).map((i) => i.user), ['pb-bob']);
  const stats = await sub.presenceStats();
  assert.equal(stats.numClients, 1);
  for (let n = 1; n <= 3; n++) await server.api('publish', { channel: 'pb-room', data: { n } });
  const history = await sub.history({ limit: 10 });
  assert.deepEqual(history.publications.map((p) => parse(p.data).n), [1, 2, 3]);
  assert.equal(Number(history.offset), 3);
});

test('RPC without a handler is refused with 108 over protobuf', async () => {
  const c = client('pb-rpc');
  await connected(c);
  await assert.rejects(c.rpc('anything', json({})), (e) => e.code === 108);
});

test('A protobuf client recovers every publication missed while disconnected, each once and in order', { timeout: 60_000 }, async () => {
  const c = client('pb-rec');
  await connected(c);
  const sub = c.newSubscription('pb-rec');
  sub.on('error', () => {});
  const seen = [];
  const contexts = [];
  sub.on('publication', (p) => seen.push(parse(p.data).n));
  sub.on('subscribed', (ctx) => contexts.push(ctx));
  await subscribed(sub);
  for (let n = 1; n <= 3; n++) await server.api('publish', { channel: 'pb-rec', data: { n } });
  await waitFor(() => seen.length === 3, 10_000, 'publications 1..3 live');

  c.disconnect();
  for (let n = 4; n <= 10; n++) await server.api('publish', { channel: 'pb-rec', data: { n } });
  c.connect();
  await waitFor(() => contexts.length === 2, 10_000, 'resubscribed after reconnect');
  assert.equal(contexts[1].wasRecovering, true);
  assert.equal(contexts[1].recovered, true);
  for (let n = 11; n <= 12; n++) await server.api('publish', { channel: 'pb-rec', data: { n } });
  await waitFor(() => seen.length >= 12, 10_000, () => `all 12 publications; got ${JSON.stringify(seen)}`);
  assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => i + 1));
});
