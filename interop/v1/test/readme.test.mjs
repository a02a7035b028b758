// The README's centrifuge-js 2.x example runs as pasted against `serve --dev`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devServerFor, readmeBlock, runSnippet } from '../../lib/readme.mjs';

const ctx = devServerFor(import.meta.url);

test('The README centrifuge 2.x example subscribes under --dev and gets its own publication', async () => {
  const example = readmeBlock('### Older clients: centrifuge-js 2.x (client protocol v1)', 'js');
  assert.match(example, /ws:\/\/127\.0\.0\.1:8000\//);
  const code = example.replaceAll('ws://127.0.0.1:8000/', `ws://127.0.0.1:${ctx.server.port}/`);
  const output = await runSnippet(code, ctx.suiteDir, /got \{ text: 'hello' \} at offset \d+/);
  assert.doesNotMatch(output, /Error|error/);
});

test('The README SockJS example gets its own publication over SockJS under --dev', async () => {
  const example = readmeBlock('### SockJS', 'js');
  assert.match(example, /http:\/\/127\.0\.0\.1:8000\/connection\/sockjs/);
  const code = example.replaceAll('http://127.0.0.1:8000/', `http://127.0.0.1:${ctx.server.port}/`);
  const output = await runSnippet(code, ctx.suiteDir, /got \{ text: 'hello' \} over SockJS/);
  assert.doesNotMatch(output, /Error|error/);
});
