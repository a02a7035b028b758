// Issue 15: the README's centrifuge example runs as pasted against `serve --dev` (it subscribes to chat:lobby,
// a namespace --dev does not list: --dev opens every namespace).

import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { readmeBlock, runSnippet } from '../lib/readme.mjs';
import { startServer } from '../lib/server.mjs';

const suiteDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
let server;

before(async () => {
  server = await startServer({}, { dev: true });
});

after(async () => {
  await server?.stop();
});

test('The README centrifuge example subscribes to chat:lobby under --dev and gets its own publication', async () => {
  const example = readmeBlock('## Connecting with `centrifuge` (browser or Node)', 'js');
  assert.match(example, /ws:\/\/127\.0\.0\.1:8000\//, 'the example should name the --dev address');
  // The one change: the port this test's server listens on instead of 8000.
  const code = example.replaceAll('ws://127.0.0.1:8000/', `ws://127.0.0.1:${server.port}/`);
  const output = await runSnippet(code, suiteDir, /got \{ text: 'hello' \} at offset \d+/);
  assert.doesNotMatch(output, /Error|error/);
});
