// Fossil delta compression with the real client: centrifuge-js negotiates delta: 'fossil', applies the
// patches itself, and must see exactly the documents that were published, with fewer bytes on the wire.

import assert from 'node:assert/strict';
import { connectAndWait, defaultConfig, subscribeAndWait, useServer } from '../lib/harness.mjs';
import { waitFor } from '../lib/wait.mjs';

const ctx = useServer(defaultConfig((c) => {
  c.channel.namespaces.push({
    name: 'doc', history_size: 10, history_ttl: '300s', force_recovery: true, delta_publish: true,
    allowed_delta_types: ['fossil'], allow_subscribe_for_client: true, allow_history_for_subscriber: true,
  });
  return c;
}));

function doc(version) {
  return { version, items: Array.from({ length: 60 }, (_, i) => ({ id: i, name: `item ${i}`, done: i < version })) };
}

const wireBytes = (client) => client.frames.filter((f) => f.dir === 'in' && f.msg.push && f.msg.push.pub)
  .reduce((n, f) => n + JSON.stringify(f.msg).length, 0);

ctx.test('centrifuge-js rebuilds every document from Fossil deltas and the wire carries far fewer bytes', { timeout: 60_000 }, async () => {
  const withDelta = ctx.userClient('delta-user');
  const plain = ctx.userClient('plain-user');
  await connectAndWait(withDelta);
  await connectAndWait(plain);
  const subDelta = withDelta.newSubscription('doc:board', { delta: 'fossil' });
  const subPlain = plain.newSubscription('doc:board');
  const gotDelta = [];
  const gotPlain = [];
  subDelta.on('publication', (p) => gotDelta.push(p.data));
  subPlain.on('publication', (p) => gotPlain.push(p.data));
  await subscribeAndWait(subDelta);
  await subscribeAndWait(subPlain);

  const sent = [];
  for (let v = 1; v <= 8; v++) {
    sent.push(doc(v));
    const res = await ctx.server.api('publish', { channel: 'doc:board', data: doc(v) });
    assert.ok(res.result, JSON.stringify(res));
  }
  await waitFor(() => gotDelta.length === 8 && gotPlain.length === 8, 10_000, 'all 8 documents on both clients');
  assert.deepEqual(gotDelta, sent, 'the delta client rebuilds exactly what was published');
  assert.deepEqual(gotPlain, sent);

  const deltas = withDelta.frames.filter((f) => f.dir === 'in' && f.msg.push && f.msg.push.pub && f.msg.push.pub.delta);
  assert.equal(deltas.length, 7, 'every publication after the first travels as a delta');
  assert.ok(wireBytes(withDelta) * 3 < wireBytes(plain),
    `delta bytes ${wireBytes(withDelta)} should be well under a third of plain bytes ${wireBytes(plain)}`);
});
