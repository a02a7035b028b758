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

function client(transport, user, options = {}) {
  const base = `http://127.0.0.1:${server.port}`;
  const c = new Centrifuge([{ transport, endpoint: `${base}/connection/${transport}` }], {
    emulationEndpoint: `${base}/emulation`,
    eventsource: EventSource,
    token: connectionToken(HMAC_SECRET, user),
    minReconnectDelay: 50,
    maxReconnectDelay: 200,
    ...options,
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

/** A fetch for the SDK that records what it POSTs to /emulation ({ body, status }). */
function recordingFetch(log) {
  return async (url, init) => {
    const res = await fetch(url, init);
    if (new URL(url).pathname === '/emulation') log.push({ body: JSON.parse(init.body), status: res.status });
    return res;
  };
}

const postEmulation = (body) =>
  fetch(`http://127.0.0.1:${server.port}/emulation`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

async function clientCount() {
  const info = await server.api('info', {});
  return info.result.nodes[0].num_clients;
}

async function presenceCount(channel) {
  const res = await server.api('presence', { channel });
  return Object.keys(res.result.presence).length;
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

test('POST /emulation answers as Centrifugo: 204 for a session gone from this node, 404 for another node, 400 for a bad body', async () => {
  const emulationPosts = [];
  const c = client('http_stream', 'emu-gone', { fetch: recordingFetch(emulationPosts) });
  await connect(c);
  await subscribe(c.newSubscription('emu-gone'));
  // The subscribe command travelled as an emulation request naming the session and this node.
  const live = await waitFor(() => emulationPosts.find((p) => p.body.data.includes('"subscribe"')), 10_000,
    () => `the answer to the subscribe command's emulation request: ${JSON.stringify(emulationPosts)}`);
  assert.equal(live.status, 204);
  const { session, node } = live.body;
  assert.ok(session && node, JSON.stringify(live.body));

  c.disconnect();
  await waitFor(async () => (await clientCount()) === 0, 10_000, 'the session to end on the server');
  const command = JSON.stringify({ id: 99, presence: { channel: 'emu-gone' } });
  // Centrifugo drops a command for a session its node no longer has (the stream has ended already)...
  const gone = await postEmulation(JSON.stringify({ session, node, data: command }));
  assert.equal(gone.status, 204, `a gone session of this node: HTTP ${gone.status} ${await gone.text()}`);
  // ...and answers 404 when the node is not this one, which makes centrifuge-js reconnect.
  const otherNode = await postEmulation(JSON.stringify({ session, node: `${node}-other`, data: command }));
  assert.equal(otherNode.status, 404, `another node: HTTP ${otherNode.status}`);
  const bad = await postEmulation('{"session":');
  assert.equal(bad.status, 400, `a malformed body: HTTP ${bad.status}`);
  assert.equal(await clientCount(), 0, 'a command for a gone session creates nothing');
});

for (const transport of ['http_stream', 'sse']) {
  test(`${transport} sessions are counted while they live and return to zero when the clients leave, by themselves or disconnected`, async () => {
    const ch = `${transport}-leave`;
    const [a, b, c] = ['a', 'b', 'c'].map((u) => client(transport, `${transport}-leave-${u}`));
    for (const x of [a, b, c]) {
      await connect(x);
      await subscribe(x.newSubscription(ch));
    }
    await waitFor(async () => (await clientCount()) === 3, 10_000, 'the server to count the 3 emulated sessions');
    assert.equal(await presenceCount(ch), 3);

    // Two leave by themselves (the SDK ends its stream), one is disconnected by the server API.
    a.disconnect();
    b.disconnect();
    const cGone = nextEvent(c, 'disconnected', 10_000);
    await server.api('disconnect', { user: `${transport}-leave-c` });
    assert.equal((await cGone).code, 3503, 'the server-side disconnect reaches the client over its stream');
    await waitFor(async () => (await clientCount()) === 0, 10_000, 'no session left on the server');
    assert.equal(await presenceCount(ch), 0, 'nobody left in presence');
  });
}
