// Issue 15: the README's centrifuge example runs as pasted against `serve --dev` (it subscribes to chat:lobby,
// a namespace --dev does not list: --dev opens every namespace).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devServerFor, readmeBlock, runSnippet } from '../lib/readme.mjs';

const ctx = devServerFor(import.meta.url);

test('The README centrifuge example subscribes to chat:lobby under --dev and gets its own publication', async () => {
  const example = readmeBlock('## Connecting with `centrifuge` (browser or Node)', 'js');
  assert.match(example, /ws:\/\/127\.0\.0\.1:8000\//, 'the example should name the --dev address');
  // The one change: the port this test's server listens on instead of 8000.
  const code = example.replaceAll('ws://127.0.0.1:8000/', `ws://127.0.0.1:${ctx.server.port}/`);
  const output = await runSnippet(code, ctx.suiteDir, /got \{ text: 'hello' \} at offset \d+/);
  assert.doesNotMatch(output, /Error|error/);
});
