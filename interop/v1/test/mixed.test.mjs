// A protocol v1 client (centrifuge-js 2.8.5, JSON and Protobuf builds) and a protocol v2 client (centrifuge-js
// 5.x) on the same channel of the same endpoint get the same publications, whoever publishes them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { Centrifuge as CentrifugeV2 } from 'centrifuge-v2';
import { waitFor } from '../../lib/wait.mjs';
import { connected, subscribed, useV1Server } from '../lib/v1.mjs';

const ctx = useV1Server();

async function v2Subscriber(user, channel) {
  const client = new CentrifugeV2(ctx.server.url, { websocket: WebSocket, token: ctx.token(user) });
  ctx.open.push(client);
  const pubs = [];
  const sub = client.newSubscription(channel);
  sub.on('publication', (p) => pubs.push(p));
  sub.on('error', () => {});
  client.connect();
  sub.subscribe();
  await sub.ready(10_000);
  return { client, sub, pubs };
}

const asJson = (data) => (data instanceof Uint8Array ? JSON.parse(Buffer.from(data).toString('utf8')) : data);

test('v1 JSON, v1 Protobuf and v2 subscribers of one channel receive the same publications in the same order', async () => {
  const ch = `mixed-${process.pid}`;
  const v1 = ctx.client('v1-json');
  const v1pb = ctx.client('v1-pb', {}, { protobuf: true });
  await connected(v1);
  await connected(v1pb);
  const v1Pubs = [];
  const v1pbPubs = [];
  await subscribed(v1, ch, { publish: (p) => v1Pubs.push(p) });
  await subscribed(v1pb, ch, { publish: (p) => v1pbPubs.push(p) });
  const v2 = await v2Subscriber('v2-user', ch);

  await ctx.server.api('publish', { channel: ch, data: { from: 'api', n: 1 } });
  await v1.publish(ch, { from: 'v1', n: 2 });
  await v2.client.publish(ch, { from: 'v2', n: 3 });
  await ctx.server.api('publish', { channel: ch, data: { from: 'api', n: 4 } });

  const all = [v1Pubs, v1pbPubs, v2.pubs];
  await waitFor(() => all.every((p) => p.length >= 4), 10_000,
    () => `4 publications each; got ${all.map((p) => p.length).join(', ')}`);
  const seen = (pubs) => pubs.map((p) => ({ ...asJson(p.data), offset: Number(String(p.offset)), user: p.info?.user }));
  const expected = [
    { from: 'api', n: 1, offset: 1, user: undefined },
    { from: 'v1', n: 2, offset: 2, user: 'v1-json' },
    { from: 'v2', n: 3, offset: 3, user: 'v2-user' },
    { from: 'api', n: 4, offset: 4, user: undefined },
  ];
  assert.deepEqual(seen(v1Pubs), expected);
  assert.deepEqual(seen(v1pbPubs), expected);
  assert.deepEqual(seen(v2.pubs), expected);
});

test('presence of a channel lists v1 and v2 clients alike', async () => {
  const ch = `mixed-presence-${process.pid}`;
  const v1 = ctx.client('v1-member');
  await connected(v1);
  const { sub } = await subscribed(v1, ch);
  await v2Subscriber('v2-member', ch);
  await waitFor(async () => Object.keys((await sub.presence()).presence).length === 2, 5000, 'both members');
  const users = Object.values((await sub.presence()).presence).map((m) => m.user).sort();
  assert.deepEqual(users, ['v1-member', 'v2-member']);
});
