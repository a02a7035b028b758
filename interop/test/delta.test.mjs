// Fossil delta compression with the real client: centrifuge-js negotiates delta: 'fossil', applies the
// patches itself, and must see exactly the documents that were published, with fewer bytes on the wire.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connectAndWait, defaultConfig, subscribeAndWait, useServer } from '../lib/harness.mjs';
import { waitFor } from '../lib/wait.mjs';

const ctx = useServer(defaultConfig((c) => {
  c.channel.namespaces.push({
    name: 'doc', history_size: 10, history_ttl: '300s', force_recovery: true, delta_publish: true,
    allowed_delta_types: ['fossil'], allow_subscribe_for_client: true, allow_history_for_subscriber: true,
  });
  // delta only for publishes that ask for it ("delta": true through the API)
  c.channel.namespaces.push({
    name: 'asked', history_size: 10, history_ttl: '300s', force_recovery: true,
    allowed_delta_types: ['fossil'], allow_subscribe_for_client: true,
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

/** A document of random hex strings: no run of 16 bytes in common with doc(), so a patch is all insert. */
function noise(seed, version) {
  return { noise: Array.from({ length: 40 }, (_, i) => createHash('sha256').update(`${seed}-${i}`).digest('hex')), version };
}

ctx.test('A publication whose Fossil patch would be larger than its data arrives in full, and the next patches apply to it', { timeout: 60_000 }, async () => {
  const client = ctx.userClient('fallback-user');
  await connectAndWait(client);
  const sub = client.newSubscription('asked:board', { delta: 'fossil' });
  const got = [];
  sub.on('publication', (p) => got.push(p.data));
  await subscribeAndWait(sub);

  // doc(2) patches doc(1); noise('a', 0) shares nothing with doc(2), so its patch would be its whole data plus
  // the patch's header and checksum; noise('a', 1..2) then patch it.
  const sent = [doc(1), doc(2), noise('a', 0), noise('a', 1), noise('a', 2)];
  for (const data of sent) {
    const res = await ctx.server.api('publish', { channel: 'asked:board', data, delta: true });
    assert.ok(res.result, JSON.stringify(res));
  }
  await waitFor(() => got.length === sent.length, 10_000, () => `all ${sent.length} documents; got ${got.length}`);
  assert.deepEqual(got, sent, 'the client rebuilds exactly what was published');

  const wire = client.frames.filter((f) => f.dir === 'in' && f.msg.push && f.msg.push.channel === 'asked:board' && f.msg.push.pub)
    .map((f) => f.msg.push.pub);
  assert.deepEqual(wire.map((p) => p.offset), [1, 2, 3, 4, 5]);
  assert.deepEqual(wire.map((p) => p.delta === true), [false, true, false, true, true],
    `full, patch, full (the patch would be larger), patch, patch: ${JSON.stringify(wire.map((p) => ({ offset: p.offset, delta: p.delta, bytes: p.data.length })))}`);
  // The fallback carries the document itself (a JSON string, as for every publication of a JSON delta subscription).
  assert.equal(typeof wire[2].data, 'string');
  assert.deepEqual(JSON.parse(wire[2].data), sent[2]);
  for (const i of [3, 4]) {
    assert.ok(wire[i].data.length * 4 < JSON.stringify(sent[i]).length, `publication ${i + 1} travels as a small patch: ${wire[i].data.length} bytes`);
  }
});

ctx.test('A publication with skip_history reaches a delta subscription in full, and the client rebuilds the ones after it', { timeout: 60_000 }, async () => {
  const client = ctx.userClient('skip-delta-user');
  await connectAndWait(client);
  const sub = client.newSubscription('asked:skip', { delta: 'fossil' });
  const got = [];
  sub.on('publication', (p) => got.push(p.data));
  await subscribeAndWait(sub);
  const sent = [doc(1), doc(2), doc(3), doc(4), doc(5)];
  for (const [i, data] of sent.entries()) {
    // doc(3) stays out of the history, so doc(4)'s patch against the stream (doc(2)) does not fit what the client holds
    await ctx.server.api('publish', { channel: 'asked:skip', data, delta: true, skip_history: i === 2 });
  }
  await waitFor(() => got.length === sent.length, 10_000, () => `all ${sent.length} documents; got ${got.length}`);
  assert.deepEqual(got, sent, 'the client rebuilds exactly what was published');
  const wire = client.frames.filter((f) => f.dir === 'in' && f.msg.push && f.msg.push.channel === 'asked:skip' && f.msg.push.pub)
    .map((f) => f.msg.push.pub);
  assert.deepEqual(wire.map((p) => [p.offset, p.delta === true]), [[1, false], [2, true], [undefined, false], [3, false], [4, true]]);
  assert.ok(!client.frames.some((f) => f.dir === 'in' && f.msg.push && f.msg.push.unsubscribe), 'no unsubscribe push');
});
