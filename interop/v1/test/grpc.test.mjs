// Client protocol v1 over bidirectional gRPC (`proto.Centrifuge/Communicate`, grpc_bidi.enabled) with
// @grpc/grpc-js as a generic client: raw bytes on the call, each message one v1 Command or Reply encoded with
// protobufjs from the repository's own client_v1.proto (no varint length: gRPC frames each message).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../lib/server.mjs';
import { waitFor } from '../../lib/wait.mjs';
import { useV1Server, v1Config } from '../lib/v1.mjs';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');

const root = protobuf.loadSync(fileURLToPath(new URL(
  '../../../protocol-centrifugo/src/main/proto/client_v1.proto', import.meta.url)));
const V1 = (name) => root.lookupType(`centrifugal.centrifuge.protocol.v1.${name}`);
const T = (name) => root.lookupType(`centrifugal.centrifuge.protocol.${name}`);
const Command = V1('Command');
const Reply = V1('Reply');
const Push = V1('Push');
const METHOD = Command.lookupEnum('MethodType').values;
const PUSH = Push.lookupEnum('PushType').values;

const grpcPort = await freePort();
const ctx = useV1Server(v1Config((c) => ({ ...c, grpc_bidi: { enabled: true, address: '127.0.0.1', port: grpcPort } })));
const text = (bytes) => Buffer.from(bytes).toString('utf8');
const raw = (b) => b;

/** One Communicate call: replies decoded as they come, the end with its status and trailers. */
function communicate() {
  const client = new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  const call = client.makeBidiStreamRequest('/proto.Centrifuge/Communicate', raw, raw, new grpc.Metadata(),
    { deadline: Date.now() + 30_000 });
  const s = { call, replies: [], end: null, nextId: 1 };
  call.on('data', (bytes) => s.replies.push(Reply.toObject(Reply.decode(bytes), { defaults: true })));
  // an OK end is a 'status' event; any other is an 'error' carrying the same status fields
  call.on('status', (st) => { s.end = st; client.close(); });
  call.on('error', () => {});
  s.send = (method, type, params) => {
    const id = s.nextId++;
    const message = { id, method: METHOD[method] };
    if (type) message.params = T(type).encode(T(type).fromObject(params)).finish();
    call.write(Buffer.from(Command.encode(Command.fromObject(message)).finish()));
    return id;
  };
  s.reply = async (id) => {
    await waitFor(() => s.replies.find((r) => r.id === id) || s.end, 10_000, () => `the reply ${id}; got ${JSON.stringify(s.replies)}`);
    const r = s.replies.find((x) => x.id === id);
    assert.ok(r, `reply ${id} before the end ${JSON.stringify(s.end)}`);
    return r;
  };
  s.result = async (id, type) => {
    const r = await s.reply(id);
    assert.equal(r.error, null, `reply ${id} has no error`);
    return T(type).toObject(T(type).decode(r.result), { defaults: true });
  };
  s.pushes = () => s.replies.filter((r) => r.id === 0).map((r) => Push.toObject(Push.decode(r.result), { defaults: true }));
  s.publications = () => s.pushes().filter((p) => p.type === PUSH.PUBLICATION);
  s.ended = async () => {
    await waitFor(() => s.end, 10_000, 'the end of the stream');
    return { code: s.end.code, disconnect: s.end.metadata.get('disconnect')[0], disconnectCode: s.end.metadata.get('disconnect-code')[0] };
  };
  ctx.open.push({ close: () => call.cancel() });
  return s;
}

test('connects with a token, subscribes, gets publications as bare Reply pushes, publishes, reads presence and history, gets the RPC error, and is told the disconnect in trailers', async () => {
  const s = communicate();
  const conn = await s.result(s.send('CONNECT', 'ConnectRequest', { token: ctx.token('grpc-alice') }), 'ConnectResult');
  assert.equal(typeof conn.client, 'string');
  assert.notEqual(conn.client, '');

  await s.result(s.send('SUBSCRIBE', 'SubscribeRequest', { channel: 'grpc-news' }), 'SubscribeResult');
  await ctx.server.api('publish', { channel: 'grpc-news', data: { text: 'api' } });
  await waitFor(() => s.publications().length === 1, 5000, 'the API publication');
  const [push] = s.publications();
  // the namespace forces join/leave pushes for v1: the client's own join came first
  assert.equal(s.pushes()[0].type, PUSH.JOIN);
  assert.equal(push.channel, 'grpc-news');
  const pub = T('Publication').decode(push.data);
  assert.deepEqual(JSON.parse(text(pub.data)), { text: 'api' });
  assert.equal(Number(pub.offset), 1);

  await s.reply(s.send('PUBLISH', 'PublishRequest', { channel: 'grpc-news', data: Buffer.from('{"text":"mine"}') }));
  await waitFor(() => s.publications().length === 2, 5000, 'its own publication');
  const mine = T('Publication').decode(s.publications()[1].data);
  assert.deepEqual(JSON.parse(text(mine.data)), { text: 'mine' });
  assert.equal(mine.info.user, 'grpc-alice');

  const presence = await s.result(s.send('PRESENCE', 'PresenceRequest', { channel: 'grpc-news' }), 'PresenceResult');
  assert.deepEqual(Object.values(presence.presence).map((m) => m.user), ['grpc-alice']);
  const history = await s.result(s.send('HISTORY', 'HistoryRequest', { channel: 'grpc-news', limit: 10 }), 'HistoryResult');
  assert.deepEqual(history.publications.map((p) => JSON.parse(text(p.data)).text), ['api', 'mine']);

  const ping = await s.reply(s.send('PING'));
  assert.equal(ping.error, null);
  assert.equal(ping.result.length, 0, 'a ping is answered with its id alone');
  const rpc = await s.reply(s.send('RPC', 'RPCRequest', { data: Buffer.from('{}') }));
  assert.equal(rpc.error.code, 108);

  await ctx.server.api('disconnect', { user: 'grpc-alice', disconnect: { code: 4501, reason: 'go away' } });
  assert.deepEqual(await s.ended(), {
    code: grpc.status.OK, disconnect: '{"reason":"go away","reconnect":false}', disconnectCode: '4501',
  });
});

test('a message that is not a Command ends the stream with INVALID_ARGUMENT and the bad request advice', async () => {
  const s = communicate();
  s.call.write(Buffer.from([0xff, 0xff, 0xff]));
  assert.deepEqual(await s.ended(), {
    code: grpc.status.INVALID_ARGUMENT, disconnect: '{"reason":"bad request","reconnect":false}', disconnectCode: '3501',
  });
  assert.deepEqual(s.replies, []);
});

test('a token signed with another key ends the stream with the invalid token advice', async () => {
  const s = communicate();
  const { connectionToken } = await import('../../lib/jwt.mjs');
  s.send('CONNECT', 'ConnectRequest', { token: connectionToken('not-the-secret', 'grpc-eve') });
  assert.deepEqual(await s.ended(), {
    code: grpc.status.OK, disconnect: '{"reason":"invalid token","reconnect":false}', disconnectCode: '3500',
  });
});
