// Centrifugo v6's proxies to the application backend, driven by the centrifuge-js SDK: connect (user and data
// from the backend, refused, disconnected, failing), refresh, subscribe, publish rewritten, RPC.

import assert from 'node:assert/strict';
import { after } from 'node:test';
import { connectAndWait, defaultConfig, subscribeAndWait, useServer } from '../lib/harness.mjs';
import { startBackend } from '../lib/backend.mjs';
import { nextEvent, waitFor } from '../lib/wait.mjs';

const backend = await startBackend();
after(() => backend.stop());

const ctx = useServer(
  defaultConfig((c) => {
    c.client.proxy = {
      connect: { enabled: true, endpoint: `${backend.url}/connect`, timeout: '500ms', emulated_headers: ['authorization'] },
      refresh: { enabled: true, endpoint: `${backend.url}/refresh`, timeout: '500ms' },
    };
    c.channel.proxy = {
      subscribe: { endpoint: `${backend.url}/subscribe`, timeout: '500ms' },
      sub_refresh: { endpoint: `${backend.url}/sub_refresh`, timeout: '500ms' },
    };
    c.proxies = [{ name: 'pub', endpoint: `${backend.url}/publish`, timeout: '500ms', include_connection_meta: true }];
    c.channel.namespaces.push({
      name: 'px',
      subscribe_proxy_enabled: true,
      publish_proxy_enabled: true,
      publish_proxy_name: 'pub',
      sub_refresh_proxy_enabled: true,
      history_size: 10,
      history_ttl: '60s',
    });
    c.rpc = { proxy: { endpoint: `${backend.url}/rpc`, timeout: '500ms' }, without_namespace: { proxy_enabled: true } };
    c.prometheus = { enabled: true };
    c.client.expired_close_delay = '1s'; // a server-side subscription's expiry is looked at after it
    return c;
  }),
);

const nowSeconds = () => Math.floor(Date.now() / 1000);

ctx.test('connect: the backend names the user and its data reaches the client; the request is Centrifugo\'s', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'alice', data: { hello: 'world' }, meta: { plan: 'pro' } } });
  const client = ctx.client({ data: { app: 1 }, name: 'interop', headers: { Authorization: 'Bearer abc', 'X-Other': 'no' } });
  const connected = await connectAndWait(client);
  assert.deepEqual(connected.data, { hello: 'world' });
  const [req] = backend.to('/connect');
  assert.equal(req.body.client, connected.client);
  assert.equal(req.body.transport, 'websocket');
  assert.equal(req.body.protocol, 'json');
  assert.equal(req.body.encoding, 'json');
  assert.equal(req.body.name, 'interop');
  assert.deepEqual(req.body.data, { app: 1 });
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers.authorization, 'Bearer abc', 'an emulated header listed in emulated_headers is forwarded');
  assert.equal(req.headers['x-other'], undefined, 'an emulated header not listed is not');
});

ctx.test('connect: an error from the backend ends the connect, a disconnect closes with its code', async () => {
  backend.reset();
  backend.answer('/connect', { error: { code: 4000, message: 'not you' } });
  const refused = ctx.client();
  const disc = nextEvent(refused, 'disconnected', 10_000);
  refused.connect();
  assert.equal((await disc).code, 4000);

  backend.answer('/connect', { disconnect: { code: 4501, reason: 'go away' } });
  const ended = ctx.client();
  const gone = nextEvent(ended, 'disconnected', 10_000);
  ended.connect();
  const d = await gone;
  assert.equal(d.code, 4501);
  assert.equal(d.reason, 'go away');
});

ctx.test('connect: a failing backend (500, garbage, no answer in time) is internal error 100 and the client retries until it connects', async () => {
  for (const failure of [500, 'not json', 'hang', 'drop']) {
    backend.reset();
    backend.answer('/connect', failure);
    const client = ctx.client({ minReconnectDelay: 50, maxReconnectDelay: 100 });
    const error = nextEvent(client, 'error', 10_000);
    client.connect();
    const e = await error;
    assert.equal(e.error.code, 100, `${failure}: ${JSON.stringify(e)}`);
    assert.equal(client.state, 'connecting', `${failure}: the client retries`);
    backend.answer('/connect', { result: { user: 'bob' } });
    await waitFor(() => client.state === 'connected', 10_000, `${failure}: the retry connects`);
    client.disconnect();
  }
});

ctx.test('refresh: at expiry the refresh proxy extends the connection, and a later expired answer ends it', async () => {
  backend.reset();
  backend.answer('/connect', () => ({ result: { user: 'carol', expire_at: nowSeconds() + 2 } }));
  backend.answer('/refresh', () => ({ result: { expire_at: nowSeconds() + 2 } }));
  const client = ctx.client();
  await connectAndWait(client);
  await waitFor(() => backend.to('/refresh').length >= 2, 10_000, 'two refresh calls');
  assert.equal(client.state, 'connected');
  const [req] = backend.to('/refresh');
  assert.equal(req.body.user, 'carol');
  backend.answer('/refresh', { result: { expired: true } });
  // 3005 (expired) is one the SDK reconnects after
  const reconnecting = await nextEvent(client, 'connecting', 10_000);
  assert.equal(reconnecting.code, 3005, JSON.stringify(reconnecting));
});

ctx.test('subscribe: the backend allows with data, or refuses with its error', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'dave' } });
  backend.answer('/subscribe', (body) => (body.channel === 'px:open' ? { result: { data: { welcome: body.user } } }
    : { error: { code: 4003, message: 'closed room' } }));
  const client = ctx.client();
  await connectAndWait(client);
  const ok = await subscribeAndWait(client.newSubscription('px:open', { data: { want: 1 } }));
  assert.deepEqual(ok.data, { welcome: 'dave' });
  const [req] = backend.to('/subscribe');
  assert.equal(req.body.channel, 'px:open');
  assert.deepEqual(req.body.data, { want: 1 });

  const closed = client.newSubscription('px:closed');
  const unsub = nextEvent(closed, 'unsubscribed', 10_000);
  closed.subscribe();
  assert.equal((await unsub).code, 4003);
});

ctx.test('sub_refresh without a token: the sub_refresh proxy extends the subscription, or says it expired (110)', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'gina' } });
  backend.answer('/subscribe', () => ({ result: { expire_at: nowSeconds() + 60 } }));
  const raw = await ctx.raw();
  await raw.connect({});
  const sub = await raw.command({ subscribe: { channel: 'px:timed' } });
  assert.equal(sub.subscribe?.expires, true, JSON.stringify(sub));
  backend.answer('/sub_refresh', () => ({ result: { expire_at: nowSeconds() + 600 } }));
  const refreshed = await raw.command({ sub_refresh: { channel: 'px:timed' } });
  assert.equal(refreshed.sub_refresh?.expires, true, JSON.stringify(refreshed));
  assert.ok(refreshed.sub_refresh.ttl > 500, JSON.stringify(refreshed));
  const [req] = backend.to('/sub_refresh');
  assert.equal(req.body.channel, 'px:timed');
  assert.equal(req.body.user, 'gina');
  backend.answer('/sub_refresh', { result: { expired: true } });
  const expired = await raw.command({ sub_refresh: { channel: 'px:timed' } });
  assert.equal(expired.error?.code, 110, JSON.stringify(expired));
});

ctx.test('sub_refresh at a server-side subscription\'s expiry: the proxy extends it, or the connection closes with 3006', async () => {
  backend.reset();
  backend.answer('/connect', () => ({ result: { user: 'hal', subs: { 'px:srv': { expire_at: nowSeconds() + 1 } } } }));
  backend.answer('/sub_refresh', () => ({ result: { expire_at: nowSeconds() + 600 } }));
  const raw = await ctx.raw();
  const connected = await raw.connect({});
  assert.equal(connected.connect?.subs?.['px:srv']?.expires, undefined, 'the server refreshes it: the client is not told');
  const [req] = await waitFor(() => backend.to('/sub_refresh').length && backend.to('/sub_refresh'), 8000, 'the sub_refresh call');
  assert.equal(req.body.channel, 'px:srv');
  assert.equal(req.body.user, 'hal');
  assert.equal(raw.closed, null, 'the connection stays');

  backend.answer('/sub_refresh', { result: { expired: true } });
  const other = await ctx.raw();
  await other.connect({});
  await waitFor(() => other.closed, 8000, 'the close');
  assert.equal(other.closed.code, 3006);
});

ctx.test('publish: the backend rewrites the data that subscribers get, and sees the connection meta', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'erin', meta: { tier: 2 } } });
  backend.answer('/publish', (body) => ({ result: { data: { text: body.data.text.toUpperCase() } } }));
  const client = ctx.client();
  await connectAndWait(client);
  const sub = client.newSubscription('px:chat');
  await subscribeAndWait(sub);
  const pub = nextEvent(sub, 'publication', 10_000);
  await sub.publish({ text: 'hi' });
  assert.deepEqual((await pub).data, { text: 'HI' });
  const [req] = backend.to('/publish');
  assert.equal(req.body.user, 'erin');
  assert.deepEqual(req.body.meta, { tier: 2 });
});

ctx.test('rpc: the method goes to the rpc proxy; a backend timeout is error 100 and the connection stays', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'frank' } });
  backend.answer('/rpc', (body) => (body.method === 'slow' ? 'hang' : { result: { data: { echo: body.data, method: body.method } } }));
  const client = ctx.client();
  await connectAndWait(client);
  const r = await client.rpc('getUser', { id: 7 });
  assert.deepEqual(r.data, { echo: { id: 7 }, method: 'getUser' });
  await assert.rejects(client.rpc('slow', {}), (e) => e.code === 100);
  const again = await client.rpc('again', 1);
  assert.deepEqual(again.data, { echo: 1, method: 'again' });
  assert.equal(client.state, 'connected');
  await assert.rejects(client.rpc('other:ns', {}), (e) => e.code === 104);
});

ctx.test('metrics: each proxy call is timed and each failure counted, under Centrifugo\'s names', async () => {
  backend.reset();
  backend.answer('/connect', { result: { user: 'metered' } });
  const metric = async (name) => {
    const text = await (await fetch(`${ctx.server.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('type="connect"') && l.includes('protocol="http"') && l.includes('name="default"'));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  const calls = await metric('centrifugo_proxy_duration_seconds_count');
  const errors = await metric('centrifugo_proxy_errors_total');
  await connectAndWait(ctx.client());
  backend.answer('/connect', 500);
  const failing = ctx.client();
  failing.connect();
  await waitFor(async () => (await metric('centrifugo_proxy_errors_total')) === errors + 1, 5000, 'the failed call counted');
  failing.disconnect();
  assert.ok((await metric('centrifugo_proxy_duration_seconds_count')) >= calls + 2);
});
