// centrifuge-js 2.8.5's Protobuf build (protocol v1 over binary frames, subprotocol centrifuge-protobuf): the
// same life as the JSON client, with payloads as bytes and 64-bit offsets as protobufjs Longs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../../lib/wait.mjs';
import { connected, decodeBinary, once, subscribed, useV1Server } from '../lib/v1.mjs';

const ctx = useV1Server();
const text = (bytes) => Buffer.from(bytes).toString('utf8');
const num = (long) => Number(String(long));
const pbClient = (user, options) => ctx.client(user, options, { protobuf: true });

test('connects over binary frames with the centrifuge-protobuf subprotocol', async () => {
  const c = pbClient('pb-alice');
  const conn = await connected(c);
  assert.equal(typeof conn.client, 'string');
  assert.equal(c.kit.sockets[0].protocol, 'centrifuge-protobuf');
});

test('subscribes, receives API and client publications, reads presence and history, gets the RPC error', async () => {
  const c = pbClient('pb-bob');
  await connected(c);
  const pubs = [];
  const { sub } = await subscribed(c, 'pb-news', { publish: (p) => pubs.push(p) });
  await ctx.server.api('publish', { channel: 'pb-news', data: { text: 'api' } });
  await waitFor(() => pubs.length === 1, 5000, 'the API publication');
  assert.deepEqual(JSON.parse(text(pubs[0].data)), { text: 'api' });
  assert.equal(num(pubs[0].offset), 1);

  await c.publish('pb-news', Buffer.from([0, 1, 2, 255]));
  await waitFor(() => pubs.length === 2, 5000, 'its own publication');
  assert.deepEqual([...pubs[1].data], [0, 1, 2, 255], 'binary data intact');
  assert.equal(pubs[1].info.user, 'pb-bob');

  const presence = await sub.presence();
  assert.deepEqual(Object.values(presence.presence).map((m) => m.user), ['pb-bob']);
  const stats = await sub.presenceStats();
  assert.equal(stats.numClients ?? stats.num_clients, 1);
  const history = await sub.history({ limit: 10 });
  assert.equal(history.publications.length, 2);
  assert.equal(num(history.offset), 2);

  await assert.rejects(c.rpc(Buffer.from('{}')), (e) => e.code === 108);
  assert.equal(c.isConnected(), true);
});

test('pings are answered, each reply carrying the ping id alone', async () => {
  const c = pbClient('pb-carol', { pingInterval: 200, pongWaitTimeout: 1000 });
  await connected(c);
  const messages = (dir) => c.kit.frames.filter((f) => f.dir === dir && f.bytes).flatMap((f) => decodeBinary(dir, f.bytes));
  const answered = () => {
    const replies = messages('in');
    return messages('out').filter((m) => m.method === 7).filter((ping) => replies.some((r) => r.id === ping.id));
  };
  await waitFor(() => answered().length >= 3, 5000, 'three answered pings');
  const reply = messages('in').find((r) => r.id === answered()[0].id);
  assert.equal(reply.error, null);
  assert.equal(reply.result.length, 0, 'no result bytes');
  assert.equal(c.isConnected(), true);
});

test('a reconnect recovers the publications missed while away', { timeout: 40_000 }, async () => {
  const ch = `pb-rec-${process.pid}`;
  const c = pbClient('pb-dave');
  await connected(c);
  const pubs = [];
  const subscribes = [];
  await subscribed(c, ch, { publish: (p) => pubs.push(p), subscribe: (s) => subscribes.push(s) });
  for (let n = 1; n <= 2; n++) await ctx.server.api('publish', { channel: ch, data: { n } });
  await waitFor(() => pubs.length === 2, 5000, 'publications 1..2 live');
  c.kit.offline = true;
  const gone = once(c, 'disconnect');
  c.kit.cut();
  await gone;
  await waitFor(async () => Object.keys((await ctx.server.api('presence', { channel: ch })).result.presence).length === 0,
    10_000, 'the server to drop the cut connection');
  for (let n = 3; n <= 6; n++) await ctx.server.api('publish', { channel: ch, data: { n } });
  c.kit.offline = false;
  await waitFor(() => subscribes.length === 2, 15_000, 'the resubscribe');
  assert.equal(subscribes[1].recovered, true);
  await waitFor(() => pubs.length >= 6, 5000, 'the recovered publications');
  assert.deepEqual(pubs.map((p) => JSON.parse(text(p.data)).n), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(pubs.map((p) => num(p.offset)), [1, 2, 3, 4, 5, 6]);
});
