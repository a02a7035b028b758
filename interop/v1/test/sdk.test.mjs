// centrifuge-js 2.8.5 (protocol v1, JSON) against the server: the whole life of a v1 client on the same endpoint
// v2 clients use, with the frames it exchanges checked where their shape is the point.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeClaims } from '../../lib/jwt.mjs';
import { quietPeriod, waitFor } from '../../lib/wait.mjs';
import { connected, once, subscribed, useV1Server, v1Config } from '../lib/v1.mjs';

const EXPIRED_CLOSE_DELAY_S = 2;
const ctx = useV1Server(v1Config((c) => {
  c.client.expired_close_delay = `${EXPIRED_CLOSE_DELAY_S}s`;
  return c;
}));

const frameIn = (client, pred) => client.kit.frames.find((f) => f.dir === 'in' && pred(f.msg));
const frameOut = (client, pred) => client.kit.frames.find((f) => f.dir === 'out' && pred(f.msg));

test('connects with a token and is answered in v1 form: a result without ping settings', async () => {
  const c = ctx.client('alice');
  const conn = await connected(c);
  assert.equal(typeof conn.client, 'string');
  const connect = frameOut(c, (m) => m.id === 1);
  assert.equal(connect.msg.method, undefined, 'the 2.8.5 client sends connect without method');
  assert.ok(connect.msg.params.token);
  const reply = frameIn(c, (m) => m.id === 1);
  assert.deepEqual(Object.keys(reply.msg), ['id', 'result']);
  assert.equal(reply.msg.result.client, conn.client);
  assert.equal(reply.msg.result.expires, true);
  assert.equal(reply.msg.result.ping, undefined);
  assert.equal(reply.msg.result.pong, undefined);
});

test('a connection without token is refused with 3501 and a no-reconnect advice', async () => {
  const c = ctx.client(null);
  const disconnected = once(c, 'disconnect');
  c.connect();
  const ctxd = await disconnected;
  assert.equal(ctxd.reason, 'bad request');
  assert.equal(ctxd.reconnect, false);
});

test('subscribes, receives a server API publication, publishes itself, reads presence and history', async () => {
  const c = ctx.client('bob');
  await connected(c);
  const pubs = [];
  const { sub, ctx: subCtx } = await subscribed(c, 'news', { publish: (p) => pubs.push(p) });
  assert.equal(subCtx.isResubscribe, false);
  assert.ok(subCtx.streamPosition, 'force_recovery: the subscription is positioned');

  await ctx.server.api('publish', { channel: 'news', data: { text: 'from the api' } });
  await waitFor(() => pubs.length === 1, 5000, 'the API publication');
  assert.deepEqual(pubs[0].data, { text: 'from the api' });
  const push = frameIn(c, (m) => m.result && m.result.channel === 'news' && m.result.data && m.result.data.data);
  assert.equal(push.msg.id, undefined, 'a push has no id');
  assert.equal(push.msg.result.type, undefined, 'publication pushes leave type 0 out');

  await c.publish('news', { text: 'from bob' });
  await waitFor(() => pubs.length === 2, 5000, 'its own publication');
  assert.equal(pubs[1].info.user, 'bob');

  const presence = await sub.presence();
  const members = Object.values(presence.presence);
  assert.deepEqual(members.map((m) => m.user), ['bob']);
  const stats = await sub.presenceStats();
  assert.deepEqual(stats, { num_clients: 1, num_users: 1 });

  const history = await sub.history({ limit: 10 });
  assert.deepEqual(history.publications.map((p) => p.data.text), ['from the api', 'from bob']);
  assert.equal(history.offset, history.publications[1].offset);
  const since = await sub.history({ since: { offset: history.publications[0].offset, epoch: history.epoch }, limit: 10 });
  assert.deepEqual(since.publications.map((p) => p.data.text), ['from bob']);
});

test('join and leave pushes reach a subscriber (force_push_join_leave)', async () => {
  const a = ctx.client('carol');
  await connected(a);
  const joins = [];
  const leaves = [];
  await subscribed(a, 'lobby', { join: (j) => joins.push(j), leave: (l) => leaves.push(l) });
  const b = ctx.client('dave');
  await connected(b);
  await subscribed(b, 'lobby');
  await waitFor(() => joins.some((j) => j.info.user === 'dave'), 5000, 'the join of dave');
  b.disconnect();
  await waitFor(() => leaves.some((l) => l.info.user === 'dave'), 5000, 'the leave of dave');
  assert.ok(frameIn(a, (m) => m.result && m.result.type === 1), 'a join push has type 1');
  assert.ok(frameIn(a, (m) => m.result && m.result.type === 2), 'a leave push has type 2');
});

test('an RPC without handler is the error 108 and the connection stays', async () => {
  const c = ctx.client('erin');
  await connected(c);
  await assert.rejects(c.rpc({ q: 1 }), (e) => e.code === 108 && e.message === 'not available');
  await assert.rejects(c.namedRPC('sum', { q: 1 }), (e) => e.code === 108);
  assert.equal(c.isConnected(), true);
});

test('the client pings and the server answers each ping with its id', async () => {
  const c = ctx.client('frank', { pingInterval: 200, pongWaitTimeout: 1000 });
  await connected(c);
  await waitFor(() => c.kit.frames.filter((f) => f.dir === 'out' && f.msg.method === 7).length >= 3, 5000, 'three pings');
  const ping = frameOut(c, (m) => m.method === 7);
  const answer = frameIn(c, (m) => m.id === ping.msg.id);
  assert.deepEqual(answer.msg, { id: ping.msg.id });
  assert.equal(c.isConnected(), true);
  assert.ok(!frameIn(c, (m) => Object.keys(m).length === 0), 'the server never sends v2 pings ({})');
});

test('a token about to expire is refreshed through onRefresh and the connection outlives it', { timeout: 30_000 }, async () => {
  const refreshes = [];
  const first = ctx.token('gina', { expSeconds: 3 });
  const c = ctx.client(null, {
    onRefresh: (_ctx, cb) => {
      const token = ctx.token('gina', { expSeconds: 60 });
      refreshes.push(token);
      cb({ status: 200, data: { token } });
    },
  });
  c.setToken(first);
  let disconnects = 0;
  c.on('disconnect', () => { disconnects += 1; });
  await connected(c);
  await waitFor(() => refreshes.length === 1, 10_000, 'onRefresh when the ttl runs out');
  const refresh = await waitFor(() => frameOut(c, (m) => m.method === 10), 5000, 'the refresh command');
  assert.equal(refresh.msg.params.token, refreshes[0]);
  const reply = await waitFor(() => frameIn(c, (m) => m.id === refresh.msg.id), 5000, 'its reply');
  assert.equal(reply.msg.result.expires, true);
  assert.ok(reply.msg.result.ttl > 3);
  // past the first token's exp and the close delay: still the same connection
  const wait = decodeClaims(first).exp * 1000 + (EXPIRED_CLOSE_DELAY_S + 1) * 1000 - Date.now();
  await quietPeriod(Math.max(0, wait));
  assert.equal(disconnects, 0);
  assert.equal(c.isConnected(), true);
});

test('a token that is not refreshed ends the connection with 3005 and a reconnect advice', { timeout: 30_000 }, async () => {
  const c = ctx.client(null, { onRefresh: () => { /* never answers */ } });
  c.setToken(ctx.token('hank', { expSeconds: 2 }));
  await connected(c);
  const closed = await once(c, 'disconnect', 15_000);
  assert.equal(closed.reason, 'connection expired');
  assert.equal(closed.reconnect, true);
  const socket = c.kit.sockets[0];
  await waitFor(() => socket.readyState === 3, 5000, 'the socket closed');
});

test('a reconnect recovers every publication missed while away, each once and in order', { timeout: 40_000 }, async () => {
  const ch = `rec-${process.pid}`;
  const c = ctx.client('ivy');
  await connected(c);
  const pubs = [];
  const subscribes = [];
  await subscribed(c, ch, { publish: (p) => pubs.push(p), subscribe: (s) => subscribes.push(s) });
  for (let n = 1; n <= 3; n++) await ctx.server.api('publish', { channel: ch, data: { n } });
  await waitFor(() => pubs.length === 3, 5000, 'publications 1..3 live');

  c.kit.offline = true;
  const gone = once(c, 'disconnect');
  assert.ok(c.kit.cut(), 'the connection was cut');
  assert.equal((await gone).reconnect, true);
  await waitFor(async () => {
    const res = await ctx.server.api('presence', { channel: ch });
    return Object.keys(res.result.presence).length === 0;
  }, 10_000, 'the server to drop the cut connection');
  for (let n = 4; n <= 10; n++) await ctx.server.api('publish', { channel: ch, data: { n } });

  c.kit.offline = false;
  await waitFor(() => subscribes.length === 2, 15_000, 'the resubscribe');
  assert.equal(subscribes[1].isResubscribe, true);
  assert.equal(subscribes[1].recovered, true);
  const resubscribe = frameOut(c, (m) => m.method === 1 && m.params.recover === true);
  assert.equal(resubscribe.msg.params.offset, 3);
  assert.equal(resubscribe.msg.params.epoch, subscribes[0].streamPosition.epoch);
  await waitFor(() => pubs.length >= 10, 5000, () => `10 publications; got ${JSON.stringify(pubs.map((p) => p.data.n))}`);
  await ctx.server.api('publish', { channel: ch, data: { n: 11 } });
  await waitFor(() => pubs.length >= 11, 5000, 'the live one after recovery');
  assert.deepEqual(pubs.map((p) => p.data.n), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(pubs.map((p) => p.offset), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('the server API unsubscribes and disconnects a v1 client in v1 form', async () => {
  const c = ctx.client('jack');
  await connected(c);
  const { sub } = await subscribed(c, 'alerts');
  const unsubscribed = once(sub, 'unsubscribe');
  await ctx.server.api('unsubscribe', { channel: 'alerts', user: 'jack' });
  await unsubscribed;
  assert.ok(frameIn(c, (m) => m.result && m.result.type === 3 && m.result.channel === 'alerts'), 'an unsubscribe push of type 3');

  const closed = once(c, 'disconnect');
  await ctx.server.api('disconnect', { user: 'jack', disconnect: { code: 4501, reason: 'go away' } });
  const d = await closed;
  assert.equal(d.reason, 'go away');
  assert.equal(d.reconnect, false, '45xx: no reconnect');
});

test('server-side subscriptions: from the token in the connect result, from the server API as a subscribe push', async () => {
  const c = ctx.client(null);
  c.setToken(ctx.token('kate', { channels: ['kate-feed'] }));
  const subscribes = [];
  const pubs = [];
  c.on('subscribe', (s) => subscribes.push(s));
  c.on('publish', (p) => pubs.push(p));
  await connected(c);
  await waitFor(() => subscribes.some((s) => s.channel === 'kate-feed'), 5000, 'the token channel');
  assert.ok(frameIn(c, (m) => m.id === 1 && m.result.subs && m.result.subs['kate-feed']), 'subs in the connect result');

  await ctx.server.api('subscribe', { channel: 'kate-extra', user: 'kate' });
  await waitFor(() => subscribes.some((s) => s.channel === 'kate-extra'), 5000, 'the API subscription');
  assert.ok(frameIn(c, (m) => m.result && m.result.type === 5 && m.result.channel === 'kate-extra'), 'a subscribe push of type 5');

  await ctx.server.api('publish', { channel: 'kate-feed', data: { n: 1 } });
  await ctx.server.api('publish', { channel: 'kate-extra', data: { n: 2 } });
  await waitFor(() => pubs.length === 2, 5000, 'both publications');
  assert.deepEqual(pubs.map((p) => [p.channel, p.data.n]), [['kate-feed', 1], ['kate-extra', 2]]);
});

test('a server-side subscription from the token recovers what was missed through the connect request', { timeout: 40_000 }, async () => {
  const ch = `kate-rec-${process.pid}`;
  const c = ctx.client(null);
  c.setToken(ctx.token('liam', { channels: [ch] }));
  const pubs = [];
  const subscribes = [];
  c.on('subscribe', (s) => subscribes.push(s));
  c.on('publish', (p) => pubs.push(p.data.n));
  await connected(c);
  await waitFor(() => subscribes.length === 1, 5000, 'the token channel');
  await ctx.server.api('publish', { channel: ch, data: { n: 1 } });
  await waitFor(() => pubs.length === 1, 5000, 'publication 1 live');
  c.kit.offline = true;
  const gone = once(c, 'disconnect');
  c.kit.cut();
  await gone;
  await waitFor(async () => Object.keys((await ctx.server.api('presence', { channel: ch })).result.presence).length === 0,
    10_000, 'the server to drop the cut connection');
  for (let n = 2; n <= 4; n++) await ctx.server.api('publish', { channel: ch, data: { n } });
  c.kit.offline = false;
  await waitFor(() => subscribes.length === 2, 15_000, 'the server-side subscription again');
  const connect = c.kit.frames.filter((f) => f.dir === 'out' && f.msg.params && f.msg.params.subs).at(-1);
  assert.equal(connect.msg.params.subs[ch].recover, true);
  assert.equal(subscribes[1].recovered, true);
  await waitFor(() => pubs.length === 4, 5000, () => `4 publications; got ${JSON.stringify(pubs)}`);
  assert.deepEqual(pubs, [1, 2, 3, 4]);
});
