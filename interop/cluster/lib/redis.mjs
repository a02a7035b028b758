// A real redis-server for one test file: started on a free loopback port with persistence off, ready once it
// answers PING over TCP, stopped with SIGTERM (SIGKILL after a grace). `command()` sends one command over a
// fresh connection and returns the decoded RESP2 reply, for assertions about what the engine wrote.
//
//   const redis = await startRedis();
//   redis.address   -> '127.0.0.1:<port>'
//   await redis.command('KEYS', 'prefix*')
//   await redis.stop();
//
// Env: REDIS_SERVER  the redis-server binary (default: redis-server from PATH).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/server.mjs';
import { waitFor } from '../../lib/wait.mjs';

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const COMMAND_TIMEOUT_MS = 5_000;

/** Starts redis-server on 127.0.0.1 and a free port (or `port`, to restart one) and waits for its PONG. */
export async function startRedis({ port: fixedPort } = {}) {
  const port = fixedPort ?? (await freePort());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-redis-'));
  const bin = process.env.REDIS_SERVER || 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  let log = `$ ${bin} ${args.map((a) => (a === '' ? "''" : a)).join(' ')}\n`;
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exit = null;
  let spawnError = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exit = { code, signal }))));
  child.on('error', (err) => {
    spawnError = err;
    log += `[interop] could not start ${bin}: ${err.message}\n`;
  });
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const killOnExit = () => exit === null && child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const redis = {
    port,
    address: `127.0.0.1:${port}`,
    output: () => log,
    exited: () => exit,
    command: (...words) => command(port, words),
    async stop() {
      process.off('exit', killOnExit);
      if (exit === null && !spawnError) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
      return exit;
    },
  };

  try {
    await waitFor(
      async () => {
        if (spawnError || exit) throw new Error('stopped');
        return (await command(port, ['PING'], 500)) === 'PONG';
      },
      START_TIMEOUT_MS,
      () => `redis-server on port ${port} to answer PING`,
      { intervalMs: 50 },
    );
  } catch (err) {
    await redis.stop();
    throw new Error(`${err.message}\nredis-server output:\n${log}`);
  }
  return redis;
}

/** Sends one command (RESP2 array of bulk strings) and resolves with its reply; an error reply rejects. */
export function command(port, words, timeoutMs = COMMAND_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    const done = (fn, value) => {
      clearTimeout(timer);
      socket.destroy();
      fn(value);
    };
    const timer = setTimeout(() => done(reject, new Error(`redis ${words[0]}: no reply within ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', (err) => done(reject, err));
    socket.on('connect', () => {
      const parts = [`*${words.length}\r\n`];
      for (const w of words) parts.push(`$${Buffer.byteLength(String(w))}\r\n${w}\r\n`);
      socket.write(parts.join(''));
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseReply(buffer, 0);
      if (!parsed) return; // incomplete: wait for more
      if (parsed.value instanceof Error) done(reject, parsed.value);
      else done(resolve, parsed.value);
    });
  });
}

/** One RESP2 reply at `at`: { value, end } or null when the buffer holds only part of it. */
function parseReply(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(`redis: ${line}`), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (!item) return null;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      return { value: new Error(`redis: unexpected reply ${JSON.stringify(buf.toString('utf8', at, eol))}`), end: next };
  }
}
