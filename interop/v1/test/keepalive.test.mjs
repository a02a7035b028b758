// A v1 connection's keepalive from the server's side: v1 has no ping message from the server, so the server
// sends WebSocket ping frames every client.ping_interval and closes with 3012 when no pong frame comes back
// within client.pong_timeout. v2 connections keep their ping messages and get no ping frames.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../../lib/wait.mjs';
import { connected, useV1Server, v1Config } from '../lib/v1.mjs';

const ctx = useV1Server(v1Config((c) => {
  c.client.ping_interval = '1s';
  c.client.pong_timeout = '500ms';
  return c;
}));

async function v1Raw(options) {
  const raw = await ctx.raw('', undefined, options);
  raw.send(JSON.stringify({ id: 1, params: { token: ctx.token('keepalive') } }));
  await raw.lines(1);
  return raw;
}

test('a v1 connection gets WebSocket pings and stays while its WebSocket answers them', async () => {
  const raw = await v1Raw();
  await waitFor(() => raw.pings >= 3, 10_000, 'three ping frames');
  assert.equal(raw.closed, null);
  assert.deepEqual(raw.allLines().slice(1), [], 'no ping message');
});

test('a v1 connection whose WebSocket does not answer pings is closed with 3012 and a reconnect advice', async () => {
  const raw = await v1Raw({ autoPong: false });
  assert.deepEqual(await raw.closeFrame(10_000), { code: 3012, reason: '{"reason":"no pong","reconnect":true}' });
  assert.ok(raw.pings >= 1);
});

test('the 2.8.5 client stays connected across many server ping frames', async () => {
  const c = ctx.client('keepalive-sdk', { ping: false }); // only the server's keepalive
  await connected(c);
  const socket = c.kit.sockets[0];
  let pings = 0;
  socket.on('ping', () => { pings += 1; });
  await waitFor(() => pings >= 3, 10_000, 'three ping frames');
  assert.equal(c.isConnected(), true);
});

test('a v2 connection keeps its ping messages and gets no ping frames', async () => {
  const raw = await ctx.raw();
  raw.send(JSON.stringify({ id: 1, connect: { token: ctx.token('v2-keepalive') } }));
  await raw.lines(1);
  await waitFor(() => raw.allLines().includes('{}'), 10_000, 'a v2 ping message');
  raw.send('{}');
  assert.equal(raw.pings, 0);
});
