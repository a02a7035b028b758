// Broadcastt at the wire (raw `ws`: there is no Node-friendly client), as the seed document and broadcastt-js
// 0.2.3 have it: /app/{key} without a query string (the seed) and /apps/{key} (the client's URL), the
// broadcastt: and broadcastt_internal: prefixes, and `data` always a string holding JSON, since the client
// runs JSON.parse(payload.data) on every frame before it looks at the event.

import assert from 'node:assert/strict';
import { test as nodeTest } from 'node:test';
import { APP, subscribed, uniqueChannel, usePusherServer } from '../lib/harness.mjs';
import { signedFetch } from '../lib/signing.mjs';
import { Wire, channelAuth, socketIdOf } from '../lib/wire.mjs';

const ctx = usePusherServer();

const URLS = {
  'the seed\'s /app/{key}': () => `ws://127.0.0.1:${ctx.server.port}/app/${APP.key}`,
  'broadcastt-js\'s /apps/{key}': () => `ws://127.0.0.1:${ctx.server.port}/apps/${APP.key}`,
};

let opened = [];

/** Opens a Broadcastt connection and takes its handshake; every frame it gets is checked after the test. */
async function open(url) {
  const wire = await Wire.open(url);
  ctx.track(() => wire.close());
  opened.push(wire);
  const established = await wire.next();
  assert.equal(established.event, 'broadcastt:connection_established', JSON.stringify(established));
  return { wire, established, socketId: socketIdOf(established) };
}

/** What broadcastt-js needs of every frame: a broadcastt* event (or a channel event) and data a JSON string. */
function assertBroadcasttFrames(wire) {
  for (const frame of wire.received) {
    assert.equal(typeof frame.data, 'string', `data not a string in ${JSON.stringify(frame)}`);
    assert.doesNotThrow(() => JSON.parse(frame.data), `data not JSON in ${JSON.stringify(frame)}`);
    assert.ok(!frame.event.startsWith('pusher'), `a pusher event on a Broadcastt connection: ${JSON.stringify(frame)}`);
  }
}

/** A test whose Broadcastt connections must have received only frames broadcastt-js can read. */
function test(name, fn) {
  nodeTest(name, async (t) => {
    opened = [];
    await fn(t);
    for (const wire of opened) assertBroadcasttFrames(wire);
  });
}

for (const [label, url] of Object.entries(URLS)) {
  test(`${label}: connection_established with data a JSON string {socket_id, activity_timeout}`, async () => {
    const { established } = await open(url());
    assert.equal(typeof established.data, 'string');
    const data = JSON.parse(established.data);
    assert.deepEqual(Object.keys(data).sort(), ['activity_timeout', 'socket_id']);
    assert.match(data.socket_id, /^\d+\.\d+$/);
    assert.ok(Number.isInteger(data.activity_timeout) && data.activity_timeout > 0, established.data);
  });

  test(`${label}: broadcastt:ping is answered with broadcastt:pong, data "{}"`, async () => {
    const { wire } = await open(url());
    wire.send({ event: 'broadcastt:ping', data: {} });
    const pong = await wire.next();
    assert.deepEqual(pong, { event: 'broadcastt:pong', data: '{}' });
  });

  test(`${label}: subscribe, subscription_succeeded, and published events with data a JSON string`, async () => {
    const { wire } = await open(url());
    const channel = uniqueChannel('bt-news-');
    wire.send({ event: 'broadcastt:subscribe', data: { channel } });
    const ok = await wire.next();
    assert.equal(ok.event, 'broadcastt_internal:subscription_succeeded', JSON.stringify(ok));
    assert.equal(ok.channel, channel);
    assert.equal(typeof ok.data, 'string');
    JSON.parse(ok.data);

    const backend = ctx.backend();
    await backend.trigger(channel, 'obj', { a: 1, b: [true, null] });
    const obj = await wire.next('obj');
    assert.equal(obj.channel, channel);
    assert.deepEqual(JSON.parse(obj.data), { a: 1, b: [true, null] });

    // a backend payload that is not JSON goes out quoted, so that JSON.parse gives it back
    await backend.trigger(channel, 'text', 'hello there');
    const text = await wire.next('text');
    assert.equal(text.data, '"hello there"');
    assert.equal(JSON.parse(text.data), 'hello there');

    await backend.trigger(channel, 'number', '42');
    assert.equal(JSON.parse((await wire.next('number')).data), 42);
  });
}

test('broadcastt:unsubscribe stops the events of that channel', async () => {
  const { wire } = await open(URLS['broadcastt-js\'s /apps/{key}']());
  const gone = uniqueChannel('bt-gone-');
  const kept = uniqueChannel('bt-kept-');
  for (const channel of [gone, kept]) {
    wire.send({ event: 'broadcastt:subscribe', data: { channel } });
    await wire.next((m) => m.event === 'broadcastt_internal:subscription_succeeded' && m.channel === channel);
  }
  wire.send({ event: 'broadcastt:unsubscribe', data: { channel: gone } });
  // the unsubscribe has no answer: a ping after it comes back once it has been read
  wire.send({ event: 'broadcastt:ping', data: {} });
  await wire.next('broadcastt:pong');
  const backend = ctx.backend();
  await backend.trigger(gone, 'late', {});
  await backend.trigger(kept, 'after', {});
  await wire.next('after');
  assert.equal(wire.received.filter((m) => m.event === 'late').length, 0);
});

test('private and presence channels: signed like Pusher\'s, presence data and member events as JSON strings', async () => {
  const { wire, socketId } = await open(URLS['broadcastt-js\'s /apps/{key}']());
  const priv = uniqueChannel('private-bt-');
  wire.send({ event: 'broadcastt:subscribe', data: { channel: priv, auth: channelAuth(APP.key, 'wrong-secret', socketId, priv) } });
  const refused = await wire.next((m) => m.channel === priv || m.event === 'broadcastt:error');
  assert.notEqual(refused.event, 'broadcastt_internal:subscription_succeeded', JSON.stringify(refused));
  assert.ok(!refused.event.startsWith('pusher'), JSON.stringify(refused));

  wire.send({ event: 'broadcastt:subscribe', data: { channel: priv, auth: channelAuth(APP.key, APP.secret, socketId, priv) } });
  const ok = await wire.next((m) => m.event === 'broadcastt_internal:subscription_succeeded' && m.channel === priv);
  assert.equal(typeof ok.data, 'string');

  const presence = uniqueChannel('presence-bt-');
  const channelData = JSON.stringify({ user_id: 'bt-user', user_info: { name: 'B' } });
  wire.send({
    event: 'broadcastt:subscribe',
    data: { channel: presence, auth: channelAuth(APP.key, APP.secret, socketId, presence, channelData), channel_data: channelData },
  });
  const joined = await wire.next((m) => m.event === 'broadcastt_internal:subscription_succeeded' && m.channel === presence);
  assert.deepEqual(JSON.parse(joined.data), { presence: { ids: ['bt-user'], hash: { 'bt-user': { name: 'B' } }, count: 1 } });

  // a pusher-js member joins and leaves: member_added / member_removed with JSON-string data
  const other = await ctx.connected({ user: { id: 'pjs-user', info: { n: 2 } } });
  await subscribed(other, presence);
  const added = await wire.next('broadcastt_internal:member_added');
  assert.deepEqual(JSON.parse(added.data), { user_id: 'pjs-user', user_info: { n: 2 } });
  other.disconnect();
  const removed = await wire.next('broadcastt_internal:member_removed');
  assert.deepEqual(JSON.parse(removed.data), { user_id: 'pjs-user' });
});

test('an unknown app key gets broadcastt:error 4001 (data a JSON string) before the close with the same code', async () => {
  const wire = await Wire.open(`ws://127.0.0.1:${ctx.server.port}/apps/no-such-key`);
  ctx.track(() => wire.close());
  opened.push(wire);
  const error = await wire.next();
  assert.equal(error.event, 'broadcastt:error', JSON.stringify(error));
  assert.equal(JSON.parse(error.data).code, 4001, JSON.stringify(error));
  assert.equal((await wire.closed).code, 4001);
});

test('Broadcastt\'s REST API: POST /apps/{id}/event and the batch at /apps/{id}/events', async () => {
  const { wire } = await open(URLS['broadcastt-js\'s /apps/{key}']());
  const channel = uniqueChannel('bt-rest-');
  wire.send({ event: 'broadcastt:subscribe', data: { channel } });
  await wire.next('broadcastt_internal:subscription_succeeded');

  const single = JSON.stringify({ name: 'single', data: '{"one":1}', channels: [channel] });
  const res = await signedFetch(ctx.server.baseUrl, 'POST', `/apps/${APP.id}/event`, { body: single });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(JSON.parse((await wire.next('single')).data), { one: 1 });

  const batch = JSON.stringify({ batch: [{ channel, name: 'b1', data: '1' }, { channel, name: 'b2', data: 'two' }] });
  const res2 = await signedFetch(ctx.server.baseUrl, 'POST', `/apps/${APP.id}/events`, { body: batch });
  assert.equal(res2.status, 200, res2.text);
  assert.equal(JSON.parse((await wire.next('b1')).data), 1);
  assert.equal(JSON.parse((await wire.next('b2')).data), 'two');
});

test('a broadcastt-js client event (no channel field) is refused with broadcastt:error and the connection stays', async () => {
  const { wire, socketId } = await open(URLS['broadcastt-js\'s /apps/{key}']());
  const priv = uniqueChannel('private-bt-client-');
  wire.send({ event: 'broadcastt:subscribe', data: { channel: priv, auth: channelAuth(APP.key, APP.secret, socketId, priv) } });
  await wire.next('broadcastt_internal:subscription_succeeded');
  // PrivateChannel.send(event, data) in broadcastt-js 0.2.3 sends exactly this
  wire.send({ event: 'client-typing', data: { who: 'me' } });
  const error = await wire.next('broadcastt:error');
  assert.ok(JSON.parse(error.data).code >= 4300, error.data);
  wire.send({ event: 'broadcastt:ping', data: {} });
  await wire.next('broadcastt:pong');
});
