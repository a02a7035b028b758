// Protocol v1 at the wire: the seed's own example frames (seed 000, "Top level framing") sent as they are on a
// raw WebSocket, the version chosen by the URL or the first command, and bad input answered as Centrifuge did.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../../lib/wait.mjs';
import { useV1Server } from '../lib/v1.mjs';

const ctx = useV1Server();
const ADVICE_BAD_REQUEST = '{"reason":"bad request","reconnect":false}';

async function connectedRaw(query = '') {
  const raw = await ctx.raw(query);
  raw.send(JSON.stringify({ id: 1, params: { token: ctx.token('raw-user') } }));
  const [line] = await raw.lines(1);
  const reply = JSON.parse(line);
  assert.equal(reply.id, 1);
  assert.equal(typeof reply.result.client, 'string', `connect reply: ${line}`);
  raw.messages.length = 0;
  return raw;
}

test("the seed's two commands in one frame are answered as the seed shows", async () => {
  const raw = await connectedRaw();
  raw.send('{"id": 1, "method": 2, "params": {"channel": "ch1"}}\n{"id": 2, "method": 2, "params": {"channel": "ch2"}}');
  const lines = await raw.lines(2);
  // the seed: {"id": 1, "result": {}} and {"id": 2, "result": {}}
  assert.deepEqual(lines, ['{"id":1,"result":{}}', '{"id":2,"result":{}}']);
  assert.equal(raw.messages.length, 1, 'both replies in one frame, newline-separated');
});

test('a subscribe and a publication push travel in v1 shapes', async () => {
  const raw = await connectedRaw();
  raw.send('{"id":2,"method":1,"params":{"channel":"raw-news"}}');
  const [sub] = await raw.lines(1);
  assert.match(sub, /^\{"id":2,"result":\{"recoverable":true,"epoch":"[^"]+","positioned":true\}\}$/);
  // its own join (force_push_join_leave) follows the reply
  const join = await waitFor(() => raw.allLines().find((l) => l.includes('"type":1')), 5000, 'the join push');
  assert.match(join, /^\{"result":\{"type":1,"channel":"raw-news","data":\{"info":\{"user":"raw-user","client":"[^"]+"\}\}\}\}$/);
  await ctx.server.api('publish', { channel: 'raw-news', data: { text: 'hi' } });
  const pub = await waitFor(() => raw.allLines().find((l) => l.includes('"text"')), 5000, 'the publication push');
  assert.equal(pub, '{"result":{"channel":"raw-news","data":{"data":{"text":"hi"},"offset":1}}}');
});

test('ping is answered with the id alone', async () => {
  const raw = await connectedRaw();
  raw.send('{"id":5,"method":7}');
  assert.deepEqual(await raw.lines(1), ['{"id":5}']);
});

test('cf_protocol_version=v1 makes it v1 whatever the first command looks like', async () => {
  const raw = await ctx.raw('?cf_protocol_version=v1');
  // a v2 connect read as v1: a connect without params, so without token, refused in v1's form
  raw.send(JSON.stringify({ id: 1, connect: { token: ctx.token('v2-shaped') } }));
  assert.deepEqual(await raw.closeFrame(), { code: 3501, reason: ADVICE_BAD_REQUEST });

  const ok = await ctx.raw('?cf_protocol_version=v1');
  ok.send(JSON.stringify({ id: 1, params: { token: ctx.token('v1-user') } }));
  const [line] = await ok.lines(1);
  assert.match(line, /^\{"id":1,"result":\{"client":"[^"]+","version":"[^"]*","expires":true,"ttl":\d+\}\}$/);
});

test('cf_protocol_version=v2 makes it v2 whatever the first command looks like', async () => {
  const raw = await ctx.raw('?cf_protocol_version=v2');
  raw.send(JSON.stringify({ id: 1, params: { token: ctx.token('v1-shaped') } }));
  assert.deepEqual(await raw.lines(1), ['{"id":1,"error":{"code":104,"message":"method not found"}}']);
});

test('a v2 client still speaks v2 on the same endpoint', async () => {
  const raw = await ctx.raw();
  raw.send(JSON.stringify({ id: 1, connect: { token: ctx.token('v2-user') } }));
  const [line] = await raw.lines(1);
  const reply = JSON.parse(line);
  assert.equal(typeof reply.connect.client, 'string', line);
  assert.equal(reply.connect.pong, true);
});

test('an unknown method number is the error 104 and the connection stays', async () => {
  const raw = await connectedRaw();
  raw.send('{"id":3,"method":42,"params":{}}');
  assert.deepEqual(await raw.lines(1), ['{"id":3,"error":{"code":104,"message":"method not found"}}']);
  raw.messages.length = 0;
  raw.send('{"id":4,"method":7}');
  assert.deepEqual(await raw.lines(1), ['{"id":4}']);
  assert.equal(raw.closed, null);
});

for (const [name, frame] of [
  ['params that are not an object', '{"id":3,"method":1,"params":"news"}'],
  ['params of the wrong type', '{"id":3,"method":1,"params":{"channel":7}}'],
  ['a publish without params', '{"id":3,"method":3}'],
  ['a v2 command on a connection that began as v1', '{"id":3,"subscribe":{"channel":"news"}}'],
  ['a command without id', '{"method":7}'],
  ['a subscribe without channel', '{"id":3,"method":1,"params":{}}'],
  ['a frame that is not JSON', '{"id":3,"method":'],
]) {
  test(`${name} closes the connection with 3501 and a no-reconnect advice`, async () => {
    const raw = await connectedRaw();
    raw.send(frame);
    assert.deepEqual(await raw.closeFrame(), { code: 3501, reason: ADVICE_BAD_REQUEST });
    assert.deepEqual(raw.allLines(), [], 'no reply before the close');
  });
}

test('a first command that is not connect closes with 3501', async () => {
  const raw = await ctx.raw();
  raw.send('{"id":1,"method":1,"params":{"channel":"news"}}');
  assert.deepEqual(await raw.closeFrame(), { code: 3501, reason: ADVICE_BAD_REQUEST });
});

test('an unknown cf_protocol_version is refused with 3501', async () => {
  const raw = await ctx.raw('?cf_protocol_version=v3');
  const closed = await raw.closeFrame();
  assert.equal(closed.code, 3501);
});

test('an invalid token closes with 3500 and a no-reconnect advice', async () => {
  const raw = await ctx.raw();
  raw.send('{"id":1,"params":{"token":"not-a-jwt"}}');
  assert.deepEqual(await raw.closeFrame(), { code: 3500, reason: '{"reason":"invalid token","reconnect":false}' });
});
