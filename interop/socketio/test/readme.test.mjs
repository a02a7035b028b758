// Issue 15: the README's Socket.IO example runs as pasted against `serve --dev`: it joins news, and a publish
// from the server API reaches its 'message' handler as (channel, data).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devServerFor, readmeBlock, runSnippet } from '../../lib/readme.mjs';

const ctx = devServerFor(import.meta.url);

test('The README Socket.IO example joins news under --dev and prints what the server API publishes there', async () => {
  const example = readmeBlock('## Socket.IO', 'js');
  assert.match(example, /http:\/\/127\.0\.0\.1:8000/);
  const code = example.replaceAll('http://127.0.0.1:8000', `http://127.0.0.1:${ctx.server.port}`);
  let published = false;
  const output = await runSnippet(code, ctx.suiteDir, /news \{ text: 'hi' \}/, {
    onOutput: (text) => {
      if (!published && /subscribed/.test(text)) {
        published = true;
        ctx.server.api('publish', { channel: 'news', data: { text: 'hi' } }).catch(() => {});
      }
    },
  });
  assert.match(output, /^subscribed$/m);
});
