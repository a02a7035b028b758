// The README's examples, run as a user pastes them: the first fenced block of a language after a heading,
// written next to the suite's node_modules and run with node until its output shows what it promises.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { startServer } from './server.mjs';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/**
 * A `serve --dev` server for one test file (started before its tests, stopped after), and the folder of the
 * suite whose test file this is (its node_modules resolve the examples' imports): `testUrl` is import.meta.url.
 */
export function devServerFor(testUrl) {
  const ctx = { suiteDir: path.dirname(path.dirname(fileURLToPath(testUrl))), server: null };
  before(async () => {
    ctx.server = await startServer({}, { dev: true });
  });
  after(async () => {
    await ctx.server?.stop();
  });
  return ctx;
}

/** The body of the first ```lang block after the line `heading`; throws when the README has none. */
export function readmeBlock(heading, lang) {
  const text = readFileSync(README, 'utf8');
  const at = text.split('\n').findIndex((line) => line.trim() === heading);
  if (at < 0) throw new Error(`README.md has no heading ${JSON.stringify(heading)}`);
  const rest = text.split('\n').slice(at + 1).join('\n');
  const match = rest.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```'));
  if (!match) throw new Error(`no \`\`\`${lang} block after ${heading}`);
  return match[1];
}

/**
 * Runs `code` as an ES module from `suiteDir` (so its imports resolve there) and resolves with its output once
 * `expect` matches it; rejects with the output when it exits first or `timeoutMs` passes. Stops it either way.
 */
export async function runSnippet(code, suiteDir, expect, { timeoutMs = 20_000, onOutput } = {}) {
  const dir = await mkdtemp(path.join(suiteDir, '.readme-'));
  const file = path.join(dir, 'example.mjs');
  await writeFile(file, code);
  const child = spawn(process.execPath, [file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${expect} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
      const seen = (chunk) => {
        output += chunk.toString('utf8');
        onOutput?.(output);
        if (expect.test(output)) {
          clearTimeout(timer);
          resolve(output);
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (!expect.test(output)) reject(new Error(`the example exited (${code}) before ${expect}; output:\n${output}`));
      });
    });
  } finally {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}
