// client.concurrency with the centrifuge-js SDK and a backend that answers RPCs slowly: at most that many commands
// of one connection wait on their reply at once, and the rest wait their turn.

import assert from 'node:assert/strict';
import { after } from 'node:test';
import { connectAndWait, defaultConfig, useServer } from '../lib/harness.mjs';
import { startBackend } from '../lib/backend.mjs';
import { waitFor } from '../lib/wait.mjs';

const backend = await startBackend();
after(() => backend.stop());

const ctx = useServer(
  defaultConfig((c) => {
    c.client.concurrency = 2;
    c.rpc = { proxy: { endpoint: `${backend.url}/rpc`, timeout: '2s' }, without_namespace: { proxy_enabled: true } };
    return c;
  }),
);

ctx.test('two RPCs reach the backend at once; the third waits until one of them is answered', async () => {
  backend.reset();
  backend.answer('/rpc', (body) => (body.method === 'slow' ? 'hang' : { result: { data: { method: body.method } } }));
  const client = ctx.client();
  await connectAndWait(client);
  const started = Date.now();
  const calls = [client.rpc('slow', {}), client.rpc('slow', {}), client.rpc('fast', {})].map((p) =>
    p.then((r) => ({ ok: r.data, at: Date.now() - started }), (e) => ({ error: e.code })));
  await waitFor(() => backend.to('/rpc').length === 2, 5000, 'two RPCs at the backend');
  assert.deepEqual(backend.to('/rpc').map((r) => r.body.method), ['slow', 'slow'], 'the third waits');
  const results = await Promise.all(calls); // the slow ones time out (100), then the fast one runs
  assert.deepEqual(results.map((r) => r.error ?? r.ok.method), [100, 100, 'fast']);
  assert.equal(backend.to('/rpc').length, 3);
  assert.ok(results[2].at >= 1500, `the fast RPC waited for a slot (answered after ${results[2].at} ms)`);
});
