// Bidirectional emulation: centrifuge-js with only its http_stream or sse transport (no WebSocket), the
// same path as the WebSocket tests, recovery included.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Centrifuge } from 'centrifuge';
import { EventSource } from 'eventsource';
import { defaultConfig, HMAC_SECRET } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { startServer } from '../lib/server.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const config = defaultConfig((c) => ({ ...c, http_stream: { enabled: true }, sse: { enabled: true } }));
let server;
let clients = [];

before(async () => {
  server = await startServer(config);
});

after(async () => {
  if (server) await server.stop();
});

afterEach(() => {
  for (const c of clients) c.disconnect();
  clients = [];
});

function client(transport, user) {
  const base = `http://127.0.0.1:${server.port}`;
  const c = new Centrifuge([{ transport, endpoint: `${base}/connection/${transport}` }], {
    emulationEndpoint: `${base}/emulation`,
    eventsource: EventSource,
    token: connectionToken(HMAC_SECRET, user),
    minReconnectDelay: 50,
    maxReconnectDelay: 200,
  });
  c.on('error', () => {});
  clients.push(c);
  return c;
}

async function connect(c) {
  const done = nextEvent(c, 'connected', 10_000);
  c.connect();
  return done;
}

async function subscribe(sub) {
  sub.on('error', () => {});
  const done = nextEvent(sub, 'subscribed', 10_000);
  sub.subscribe();
  return done;
}

for (const transport of ['http_stream', 'sse']) {
  describe(`centrifuge-js over ${transport}`, () => {
    test(`connects with a token over ${transport} and receives an API publication`, async () => {
      const c = client(transport, `${transport}-alice`);
      const ctx = await connect(c);
      assert.equal(ctx.transport, transport);
      const sub = c.newSubscription(`${transport}-news`);
      await subscribe(sub);
      const got = nextEvent(sub, 'publication', 10_000);
      await server.api('publish', { channel: `${transport}-news`, data: { text: 'hi' } });
      const pub = await got;
      assert.deepEqual(pub.data, { text: 'hi' });
      assert.equal(pub.offset, 1);
    });

    test(`publishes, reads presence and history over ${transport}`, async () => {
      const a = client(transport, `${transport}-pub`);
      const b = client(transport, `${transport}-sub`);
      await connect(a);
      await connect(b);
      const ch = `${transport}-room`;
      const subA = a.newSubscription(ch);
      const subB = b.newSubscription(ch);
      await subscribe(subA);
      await subscribe(subB);
      const got = nextEvent(subB, 'publication', 10_000);
      await subA.publish({ n: 1 });
      const pub = await got;
      assert.deepEqual(pub.data, { n: 1 });
      assert.equal(pub.info.user, `${transport}-pub`);
      const presence = await subA.presence();
      assert.deepEqual(Object.values(presence.clients).map((i) => i.user).sort(), [`${transport}-pub`, `${transport}-sub`]);
      const history = await subA.history({ limit: 10 });
      assert.deepEqual(history.publications.map((p) => p.data), [{ n: 1 }]);
      await assert.rejects(a.rpc('nothing', {}), (e) => e.code === 108);
    });

    test(`recovers every publication missed while disconnected over ${transport}, each once and in order`, { timeout: 60_000 }, async () => {
      const c = client(transport, `${transport}-rec`);
      await connect(c);
      const ch = `${transport}-rec`;
      const sub = c.newSubscription(ch);
      const seen = [];
      const contexts = [];
      sub.on('publication', (p) => seen.push(p.data.n));
      sub.on('subscribed', (ctx) => contexts.push(ctx));
      await subscribe(sub);
      for (let n = 1; n <= 3; n++) await server.api('publish', { channel: ch, data: { n } });
      await waitFor(() => seen.length === 3, 10_000, 'publications 1..3 live');
      c.disconnect();
      for (let n = 4; n <= 10; n++) await server.api('publish', { channel: ch, data: { n } });
      c.connect();
      await waitFor(() => contexts.length === 2, 10_000, 'resubscribed after reconnect');
      assert.equal(contexts[1].wasRecovering, true);
      assert.equal(contexts[1].recovered, true);
      for (let n = 11; n <= 12; n++) await server.api('publish', { channel: ch, data: { n } });
      await waitFor(() => seen.length >= 12, 10_000, () => `all 12 publications; got ${JSON.stringify(seen)}`);
      assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => i + 1));
    });
  });
}
