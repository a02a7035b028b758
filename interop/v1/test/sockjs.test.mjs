// centrifuge-js 2.8.5 over SockJS (sockjs-client 1.6) at /connection/sockjs, restricted to one SockJS transport
// at a time: xhr-streaming, xhr-polling, then eventsource. The same life as over WebSocket (sdk.test.mjs): token,
// subscribe, a server API publication, publish, presence, history, an RPC error, refresh, and a reconnect that
// recovers.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '../../lib/wait.mjs';
import { connected, once, subscribed, useV1Server, v1Config } from '../lib/v1.mjs';

const ctx = useV1Server(v1Config((c) => {
  c.sockjs = { enabled: true, disconnect_delay: '2s' };
  return c;
}));

const frameIn = (client, pred) => client.kit.frames.find((f) => f.dir === 'in' && pred(f.msg));
const frameOut = (client, pred) => client.kit.frames.find((f) => f.dir === 'out' && pred(f.msg));
const noPresence = (ch) => async () => Object.keys((await ctx.server.api('presence', { channel: ch })).result.presence).length === 0;

for (const transport of ['xhr-streaming', 'xhr-polling', 'eventsource']) {
  const tag = transport.replace('-', '');
  describe(`over SockJS ${transport}`, () => {
    test('connects with a token, in v1 form, on that SockJS transport', async () => {
      const c = ctx.sockjsClient(`${tag}-alice`, transport);
      const conn = await connected(c);
      assert.equal(conn.transport, `sockjs-${transport}`);
      const reply = frameIn(c, (m) => m.id === 1);
      assert.deepEqual(Object.keys(reply.msg), ['id', 'result']);
      assert.equal(reply.msg.result.client, conn.client);
      assert.ok(frameOut(c, (m) => m.id === 1).msg.params.token);
    });

    test('subscribes, gets a server API publication, publishes, reads presence and history', async () => {
      const ch = `${tag}-news`;
      const c = ctx.sockjsClient(`${tag}-bob`, transport);
      await connected(c);
      const pubs = [];
      const { sub } = await subscribed(c, ch, { publish: (p) => pubs.push(p) });
      await ctx.server.api('publish', { channel: ch, data: { text: 'from the api' } });
      await waitFor(() => pubs.length === 1, 5000, 'the API publication');
      assert.deepEqual(pubs[0].data, { text: 'from the api' });

      await c.publish(ch, { text: 'from bob' });
      await waitFor(() => pubs.length === 2, 5000, 'its own publication');
      assert.equal(pubs[1].info.user, `${tag}-bob`);

      const presence = await sub.presence();
      assert.deepEqual(Object.values(presence.presence).map((m) => m.user), [`${tag}-bob`]);
      const history = await sub.history({ limit: 10 });
      assert.deepEqual(history.publications.map((p) => p.data.text), ['from the api', 'from bob']);
    });

    test('an RPC without handler is the error 108 and the session stays', async () => {
      const c = ctx.sockjsClient(`${tag}-erin`, transport);
      await connected(c);
      await assert.rejects(c.rpc({ q: 1 }), (e) => e.code === 108 && e.message === 'not available');
      assert.equal(c.isConnected(), true);
    });

    test('a token about to expire is refreshed and the session outlives it', { timeout: 30_000 }, async () => {
      const refreshes = [];
      const c = ctx.sockjsClient(null, transport, {
        onRefresh: (_ctx, cb) => {
          const token = ctx.token(`${tag}-gina`, { expSeconds: 60 });
          refreshes.push(token);
          cb({ status: 200, data: { token } });
        },
      });
      c.setToken(ctx.token(`${tag}-gina`, { expSeconds: 2 }));
      let disconnects = 0;
      c.on('disconnect', () => { disconnects += 1; });
      await connected(c);
      await waitFor(() => refreshes.length === 1, 10_000, 'onRefresh when the ttl runs out');
      const refresh = await waitFor(() => frameOut(c, (m) => m.method === 10), 5000, 'the refresh command');
      const reply = await waitFor(() => frameIn(c, (m) => m.id === refresh.msg.id), 5000, 'its reply');
      assert.ok(reply.msg.result.ttl > 2);
      assert.equal(disconnects, 0);
    });

    test('a server API disconnect reaches the client as a close frame with the v1 advice', async () => {
      const c = ctx.sockjsClient(`${tag}-jack`, transport);
      await connected(c);
      const closed = once(c, 'disconnect');
      await ctx.server.api('disconnect', { user: `${tag}-jack`, disconnect: { code: 4501, reason: 'go away' } });
      const d = await closed;
      assert.equal(d.reason, 'go away');
      assert.equal(d.reconnect, false);
    });

    test('a reconnect recovers every publication missed while away, in order', { timeout: 40_000 }, async () => {
      const ch = `${tag}-rec-${process.pid}`;
      const c = ctx.sockjsClient(`${tag}-ivy`, transport);
      await connected(c);
      const pubs = [];
      const subscribes = [];
      await subscribed(c, ch, { publish: (p) => pubs.push(p.data.n), subscribe: (s) => subscribes.push(s) });
      for (let n = 1; n <= 3; n++) await ctx.server.api('publish', { channel: ch, data: { n } });
      await waitFor(() => pubs.length === 3, 5000, 'publications 1..3 live');

      c.kit.offline = true;
      const gone = once(c, 'disconnect');
      assert.ok(c.kit.cut(), 'the session was cut');
      assert.equal((await gone).reconnect, true);
      await waitFor(noPresence(ch), 10_000, 'the server to drop the cut session');
      for (let n = 4; n <= 8; n++) await ctx.server.api('publish', { channel: ch, data: { n } });

      c.kit.offline = false;
      await waitFor(() => subscribes.length === 2, 15_000, 'the resubscribe');
      assert.equal(subscribes[1].recovered, true);
      assert.equal(frameOut(c, (m) => m.method === 1 && m.params.recover === true).msg.params.offset, 3);
      await waitFor(() => pubs.length >= 8, 5000, () => `8 publications; got ${JSON.stringify(pubs)}`);
      assert.deepEqual(pubs, [1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });
}
