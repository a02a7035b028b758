// The HTTP server API as Centrifugo v6 shapes it: POST /api/<method>, X-API-Key, {"result":...} or
// {"error":{code,message}} with HTTP 200.

import assert from 'node:assert/strict';
import { connectAndWait, subscribeAndWait, uniqueChannel, useServer } from '../lib/harness.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const ctx = useServer();

ctx.test('The health endpoint answers 200', async () => {
  const res = await fetch(ctx.server.healthUrl);
  assert.equal(res.status, 200);
});

ctx.test('A server API call with a wrong API key is refused with HTTP 401', async () => {
  const res = await ctx.server.apiRaw('publish', { channel: 'news', data: {} }, { key: 'wrong-key' });
  assert.equal(res.status, 401, `HTTP ${res.status}: ${res.text}`);
});

ctx.test('A server API call without an API key is refused with HTTP 401', async () => {
  const res = await ctx.server.apiRaw('info', {}, { key: null });
  assert.equal(res.status, 401, `HTTP ${res.status}: ${res.text}`);
});

ctx.test('Publish returns the offset and epoch, and offsets grow by one per publication', async () => {
  const ch = uniqueChannel('api-pub');
  const a = await ctx.server.api('publish', { channel: ch, data: { i: 1 } });
  const b = await ctx.server.api('publish', { channel: ch, data: { i: 2 } });
  assert.equal(a.error, undefined, JSON.stringify(a));
  assert.deepEqual(Object.keys(a).sort(), ['result'], `only "result" at the top: ${JSON.stringify(a)}`);
  assert.equal(a.result.offset, 1, JSON.stringify(a));
  assert.equal(b.result.offset, 2, JSON.stringify(b));
  assert.equal(typeof a.result.epoch, 'string');
  assert.ok(a.result.epoch.length > 0);
  assert.equal(a.result.epoch, b.result.epoch);
});

ctx.test('Publish to an unknown namespace answers HTTP 200 with error 102', async () => {
  const res = await ctx.server.apiRaw('publish', { channel: 'nope:x', data: { a: 1 } });
  assert.equal(res.status, 200, `HTTP ${res.status}: ${res.text}`);
  assert.equal(res.json.error && res.json.error.code, 102, res.text);
  assert.equal(typeof res.json.error.message, 'string');
  assert.equal(res.json.result, undefined);
});

ctx.test('Publish without a channel answers error 107 bad request', async () => {
  const res = await ctx.server.apiRaw('publish', { data: { a: 1 } });
  assert.equal(res.status, 200, `HTTP ${res.status}: ${res.text}`);
  assert.equal(res.json.error && res.json.error.code, 107, res.text);
});

ctx.test('A request body that is not JSON is refused with HTTP 400', async () => {
  const res = await ctx.server.apiRaw('publish', undefined, { rawBody: '{not json' });
  assert.equal(res.status, 400, `HTTP ${res.status}: ${res.text}`);
});

ctx.test('An unknown API method is refused with HTTP 404', async () => {
  const res = await ctx.server.apiRaw('no_such_method', {});
  assert.equal(res.status, 404, `HTTP ${res.status}: ${res.text}`);
});

ctx.test('History through the server API returns publications with data and offsets, and the stream position', async () => {
  const ch = uniqueChannel('api-hist');
  for (const n of [1, 2, 3]) await ctx.server.api('publish', { channel: ch, data: { n } });
  const res = await ctx.server.api('history', { channel: ch, limit: 10 });
  assert.ok(res.result, JSON.stringify(res));
  assert.deepEqual(res.result.publications.map((p) => p.data), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  assert.deepEqual(res.result.publications.map((p) => p.offset), [1, 2, 3]);
  assert.equal(res.result.offset, 3);
  assert.equal(typeof res.result.epoch, 'string');
  const rev = await ctx.server.api('history', { channel: ch, limit: 1, reverse: true });
  assert.deepEqual(rev.result.publications.map((p) => p.data), [{ n: 3 }]);
});

ctx.test('Presence, presence_stats and channels through the server API show a subscribed client', async () => {
  const ch = uniqueChannel('api-presence');
  const client = ctx.userClient('ivy');
  const { client: clientId } = await connectAndWait(client);
  await subscribeAndWait(client.newSubscription(ch));

  const presence = await ctx.server.api('presence', { channel: ch });
  assert.ok(presence.result && presence.result.presence, JSON.stringify(presence));
  assert.deepEqual(Object.keys(presence.result.presence), [clientId]);
  assert.equal(presence.result.presence[clientId].user, 'ivy');
  assert.equal(presence.result.presence[clientId].client, clientId);

  const stats = await ctx.server.api('presence_stats', { channel: ch });
  assert.deepEqual(stats, { result: { num_clients: 1, num_users: 1 } });

  const channels = await ctx.server.api('channels', {});
  assert.ok(channels.result && channels.result.channels, JSON.stringify(channels));
  assert.ok(channels.result.channels[ch], `channels should list ${ch}: ${JSON.stringify(channels)}`);
  assert.equal(channels.result.channels[ch].num_clients, 1);
});

ctx.test('Presence through the server API for an unknown namespace answers error 102', async () => {
  const res = await ctx.server.api('presence', { channel: 'nope:x' });
  assert.equal(res.error && res.error.code, 102, JSON.stringify(res));
});

ctx.test('Info through the server API describes this node with its client count', async () => {
  const client = ctx.userClient('info-user');
  await connectAndWait(client);
  const res = await ctx.server.api('info', {});
  assert.ok(res.result && Array.isArray(res.result.nodes), JSON.stringify(res));
  assert.equal(res.result.nodes.length, 1);
  const node = res.result.nodes[0];
  assert.equal(typeof node.uid, 'string');
  assert.equal(typeof node.name, 'string');
  assert.ok(node.num_clients >= 1, `num_clients should count our client: ${JSON.stringify(node)}`);
});

ctx.test('Broadcast with an empty channel among valid ones fails only that entry with 107', async () => {
  const ch = uniqueChannel('api-bcast');
  const res = await ctx.server.api('broadcast', { channels: [ch, ''], data: { b: 1 } });
  assert.equal(res.error, undefined, JSON.stringify(res));
  assert.equal(res.result.responses.length, 2, JSON.stringify(res));
  assert.equal(res.result.responses[0].result.offset, 1, JSON.stringify(res));
  assert.deepEqual(res.result.responses[1], { error: { code: 107, message: 'bad request' } });
});

ctx.test('Broadcast without channels answers 107 for the whole call', async () => {
  const res = await ctx.server.api('broadcast', { channels: [], data: { b: 1 } });
  assert.deepEqual(res, { error: { code: 107, message: 'bad request' } });
});

ctx.test('A batch of two publishes answers one reply per command in order', async () => {
  const ch = uniqueChannel('api-batch');
  const client = ctx.userClient('batch-reader');
  await connectAndWait(client);
  const sub = client.newSubscription(ch);
  const got = [];
  sub.on('publication', (p) => got.push(p.data));
  await subscribeAndWait(sub);
  const res = await ctx.server.api('batch', {
    commands: [{ publish: { channel: ch, data: { b: 1 } } }, { publish: { channel: ch, data: { b: 2 } } }],
  });
  // Centrifugo's BatchResponse is {"replies":[{"publish":{...}}, ...]} (no "result" wrapper).
  assert.ok(Array.isArray(res.replies), `batch reply should be {"replies":[...]}: ${JSON.stringify(res)}`);
  assert.equal(res.replies.length, 2);
  assert.equal(res.replies[0].publish.offset, 1, JSON.stringify(res));
  assert.equal(res.replies[1].publish.offset, 2, JSON.stringify(res));
  await waitFor(() => got.length >= 2, 10_000, () => `both batch publications; got ${JSON.stringify(got)}`);
  assert.deepEqual(got, [{ b: 1 }, { b: 2 }]);
});

ctx.test('A batch reports an error for the failing command and still runs the others', async () => {
  const ch = uniqueChannel('api-batch-err');
  const res = await ctx.server.api('batch', {
    commands: [{ publish: { channel: 'nope:x', data: { b: 1 } } }, { publish: { channel: ch, data: { b: 2 } } }],
  });
  assert.ok(Array.isArray(res.replies), JSON.stringify(res));
  assert.equal(res.replies[0].error && res.replies[0].error.code, 102, JSON.stringify(res));
  assert.equal(res.replies[1].publish.offset, 1, JSON.stringify(res));
});

ctx.test('Unsubscribe and disconnect through the server API answer an empty result', async () => {
  const client = ctx.userClient('jack');
  await connectAndWait(client);
  const ch = uniqueChannel('api-unsub');
  const sub = client.newSubscription(ch);
  await subscribeAndWait(sub);
  const unsubscribed = nextEvent(sub, 'unsubscribed', 10_000);
  assert.deepEqual(await ctx.server.api('unsubscribe', { user: 'jack', channel: ch }), { result: {} });
  await unsubscribed;
  const disconnected = nextEvent(client, 'disconnected', 10_000);
  assert.deepEqual(await ctx.server.api('disconnect', { user: 'jack' }), { result: {} });
  await disconnected;
});
