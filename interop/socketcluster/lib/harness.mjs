// The SocketCluster suite's server, clients and waits: one server per test file (interop/lib/server.mjs),
// socketcluster-client sockets (20.x, and 14.x for protocol v1) that are disconnected after each test, a raw
// `ws` client for frames the clients hide, and every inbound frame of each client kept for failure reports.

import { after, afterEach, before, test } from 'node:test';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer } from '../../lib/server.mjs';
import { waitFor } from '../../lib/wait.mjs';

const require = createRequire(import.meta.url);
const scc = require('socketcluster-client');
const scc14 = require('socketcluster-client-v14');

/** serve --dev's HMAC secret: SocketCluster auth tokens are signed with the same key as Centrifugo's. */
export const DEV_SECRET = 'dev-secret';
export const SC_PATH = '/socketcluster/';
export const DEFAULT_TIMEOUT_MS = 5000;

let uniq = 0;
/** A channel name unique within this process, so the tests of one file never share channel state. */
export function uniqueChannel(prefix) {
  uniq += 1;
  return `${prefix}${process.pid}-${uniq}`;
}

/** Resolves with `promise` or rejects after `ms` with a message naming what did not happen. */
export function withTimeout(promise, what, ms = DEFAULT_TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

/** The packets of one SocketCluster frame: a batch (JSON array) is several; pings are kept as strings. */
export function packets(text) {
  if (text === '' || text === '#1' || text === '#2') return [text];
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    return [{ __unparsed: text }];
  }
}

/**
 * Registers the hooks of one server per file and returns a context:
 *   ctx.server            the running server (after `before`); ctx.server.scUrl its SocketCluster URL
 *   ctx.test(name, [options], fn)  a node:test test that prints the clients' frames and the server's output on failure
 *   ctx.client(options)   a socketcluster-client 20.x socket, disconnected after the test
 *   ctx.connected(options) the same, once its handshake is done (resolves with [socket, connect status])
 *   ctx.client14(options) a socketcluster-client 14.x socket (protocol v1)
 *   ctx.raw()             a RawSocket on the SocketCluster path
 *   ctx.track(close)      anything else to close after the test
 * `config` is laid over `serve --dev` (written to a file given with --config); `command` replaces the whole
 * command line (e.g. ['example', 'socketcluster-suite']). startServer gets the config too, so that a
 * SWITCHBOARD_CMD stand-in reads the same settings.
 */
export function useScServer({ config = null, command } = {}) {
  const ctx = { server: null, closers: [], entries: [], dir: null };

  before(async () => {
    let cmd = command;
    if (!cmd) {
      cmd = ['serve', '--dev'];
      if (config) {
        ctx.dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-sc-'));
        const file = path.join(ctx.dir, 'overrides.json');
        await writeFile(file, JSON.stringify(config, null, 2));
        cmd.push('--config', file);
      }
    }
    ctx.server = await startServer(config, { command: cmd });
    ctx.server.scUrl = `ws://127.0.0.1:${ctx.server.port}${SC_PATH}`;
  });

  afterEach(async () => {
    await closeAll(ctx.closers);
    ctx.entries = [];
  });

  after(async () => {
    await closeAll(ctx.closers);
    if (ctx.server) await ctx.server.stop();
    if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
  });

  const running = () => {
    if (!ctx.server) throw new Error('the server is not running (its start failed: see the before hook error)');
    return ctx.server;
  };

  ctx.track = (close) => ctx.closers.push(close);

  ctx.client = (options = {}, label = `sc#${ctx.entries.length + 1}`) => {
    const server = running();
    const socket = scc.create({
      hostname: '127.0.0.1',
      port: server.port,
      path: SC_PATH,
      autoReconnect: false,
      ackTimeout: DEFAULT_TIMEOUT_MS,
      connectTimeout: DEFAULT_TIMEOUT_MS,
      authTokenName: `sc.authToken.${label}`,
      ...options,
    });
    socket.frames = []; // every inbound frame, as packets
    socket.closes = []; // {event, code, reason}
    (async () => {
      for await (const { message } of socket.listener('message')) {
        for (const p of packets(String(message))) socket.frames.push(p);
      }
    })();
    for (const name of ['connectAbort', 'disconnect']) {
      (async () => {
        for await (const { code, reason } of socket.listener(name)) socket.closes.push({ event: name, code, reason });
      })();
    }
    ctx.entries.push({ label, socket, kind: 'v20' });
    ctx.closers.push(() => {
      socket.disconnect();
      socket.closeAllListeners();
      socket.closeAllChannels();
    });
    return socket;
  };

  ctx.connected = async (options = {}, label) => {
    const socket = ctx.client(options, label);
    const status = await connectStatus(socket);
    return [socket, status];
  };

  ctx.client14 = (options = {}, label = `sc14#${ctx.entries.length + 1}`) => {
    const server = running();
    const socket = scc14.create({
      hostname: '127.0.0.1',
      port: server.port,
      path: SC_PATH,
      autoReconnect: false,
      ackTimeout: DEFAULT_TIMEOUT_MS,
      connectTimeout: DEFAULT_TIMEOUT_MS,
      authTokenName: `sc14.authToken.${label}`,
      multiplex: false,
      ...options,
    });
    socket.frames = [];
    socket.on('message', (message) => {
      for (const p of packets(String(message))) socket.frames.push(p);
    });
    socket.on('error', () => {}); // recorded by the tests that care; an unhandled 'error' would throw
    ctx.entries.push({ label, socket, kind: 'v14' });
    ctx.closers.push(() => {
      socket.disconnect();
      socket.destroy?.();
    });
    return socket;
  };

  ctx.raw = async (options = {}) => {
    const socket = await RawSocket.open(running().scUrl, options);
    ctx.entries.push({ label: `raw#${ctx.entries.length + 1}`, socket, kind: 'raw' });
    ctx.closers.push(() => socket.close());
    return socket;
  };

  ctx.test = (name, options, fn) => {
    if (typeof options === 'function') {
      fn = options;
      options = {};
    }
    return test(name, { timeout: 30_000, ...options }, async (t) => {
      const mark = ctx.server ? ctx.server.mark() : 0;
      try {
        await fn(t);
      } catch (err) {
        const report = [`\n===== FAILED: ${name} =====`, `error: ${err && err.stack ? err.stack : err}`];
        for (const { label, socket, kind } of ctx.entries) {
          const frames = kind === 'raw' ? socket.received : socket.frames;
          report.push(`--- ${label} (${kind}): state=${socket.state ?? ''} closes=${JSON.stringify(socket.closes ?? socket.closed ?? null)}`);
          report.push((frames ?? []).slice(-40).map((f) => `<- ${JSON.stringify(f)}`).join('\n') || '(no frames)');
        }
        if (ctx.server) {
          const exit = ctx.server.exited();
          if (exit) report.push(`--- THE SERVER PROCESS HAS EXITED: ${JSON.stringify(exit)}`);
          report.push('--- server output during this test:');
          report.push(ctx.server.outputSince(mark) || '(nothing)');
        }
        report.push(`===== end of report for: ${name} =====\n`);
        process.stderr.write(report.join('\n') + '\n');
        throw err;
      }
    });
  };

  return ctx;
}

async function closeAll(list) {
  while (list.length) {
    const close = list.pop();
    try {
      await close();
    } catch {
      /* already closed */
    }
  }
}

/** The 'connect' status of a 20.x socket; rejects at once on connectAbort (with its code) or after the timeout. */
export function connectStatus(socket, ms = DEFAULT_TIMEOUT_MS) {
  return withTimeout(
    Promise.race([
      socket.listener('connect').once(),
      socket.listener('connectAbort').once().then(({ code, reason }) => {
        throw new Error(`connectAbort ${code} ${reason ?? ''}`);
      }),
    ]),
    'the socketcluster-client connect event',
    ms,
  );
}

/** Subscribes a 20.x socket and waits for 'subscribe'; rejects at once on 'subscribeFail' with its error. */
export async function subscribed(socket, name, options) {
  const channel = socket.subscribe(name, options);
  await withTimeout(
    Promise.race([
      channel.listener('subscribe').once(),
      channel.listener('subscribeFail').once().then(({ error }) => {
        throw new Error(`subscribeFail on ${name}: ${error?.name} ${error?.message}`);
      }),
    ]),
    `the subscription to ${name}`,
  );
  return channel;
}

/** Everything a 20.x channel delivers, as it comes: seen[] and next() (the next one not yet taken). */
export function collect(channel) {
  const seen = [];
  let taken = 0;
  (async () => {
    for await (const data of channel) seen.push(data);
  })();
  return {
    seen,
    async next(what = `a publication on ${channel.name}`, ms = DEFAULT_TIMEOUT_MS) {
      await waitFor(() => seen.length > taken, ms, () => `${what} (seen so far: ${JSON.stringify(seen)})`);
      return seen[taken++];
    },
  };
}

/** The #publish packets a client received on `channel` (from its raw frames). */
export function publishFrames(socket, channel) {
  return socket.frames.filter((p) => p && p.event === '#publish' && p.data && p.data.channel === channel);
}

/** The 'error' a promise rejects with (fails the test if it resolves). */
export async function rejection(promise, what) {
  try {
    const value = await promise;
    throw Object.assign(new Error(`${what} resolved with ${JSON.stringify(value)} instead of failing`), { resolved: true });
  } catch (err) {
    if (err.resolved) throw err;
    return err;
  }
}

/**
 * A raw SocketCluster client over `ws`: sends packets, keeps every inbound packet, answers pings (v2 '' or
 * v1 '#1') when `autoPong` is on and the handshake has been sent.
 */
export class RawSocket {
  static open(url, { timeoutMs = DEFAULT_TIMEOUT_MS, autoPong = true } = {}) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new RawSocket(ws, autoPong);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`raw websocket to ${url} did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`raw websocket to ${url} failed: ${err.message}`));
      });
      ws.once('unexpected-response', (req, res) => {
        clearTimeout(timer);
        reject(Object.assign(new Error(`raw websocket to ${url}: HTTP ${res.statusCode}`), { status: res.statusCode }));
      });
    });
  }

  constructor(ws, autoPong) {
    this.ws = ws;
    this.autoPong = autoPong;
    this.handshakeSent = false;
    this.received = [];
    this.pings = [];
    this.closed = null;
    this.nextCid = 1;
    ws.on('message', (data) => {
      const text = data.toString('utf8');
      for (const p of packets(text)) {
        this.received.push(p);
        if (p === '' || p === '#1') {
          this.pings.push({ text: p, at: Date.now() });
          if (this.autoPong && this.handshakeSent && ws.readyState === WebSocket.OPEN) ws.send(p === '' ? '' : '#2');
        }
      }
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8'), at: Date.now() };
    });
    ws.on('error', () => {});
  }

  send(payload) {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  /** Sends {event, data, cid} and returns the response packet with that rid (throws if the socket closes first). */
  async invoke(event, data, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const cid = this.nextCid++;
    if (event === '#handshake') this.handshakeSent = true;
    this.send(data === undefined ? { event, cid } : { event, data, cid });
    await waitFor(
      () => this.received.some((p) => p && p.rid === cid) || this.closed,
      timeoutMs,
      () => `a response with rid ${cid} to ${event}; received so far: ${JSON.stringify(this.received)}`,
    );
    const reply = this.received.find((p) => p && p.rid === cid);
    if (!reply) throw new Error(`the server closed the socket (${JSON.stringify(this.closed)}) instead of answering ${event}`);
    return reply;
  }

  /** Waits for a received packet matching `predicate` and returns it (pings are '' and '#1', so not by truthiness). */
  async waitFor(predicate, what, timeoutMs = DEFAULT_TIMEOUT_MS) {
    await waitFor(() => this.received.some(predicate), timeoutMs, () => `${what}; received so far: ${JSON.stringify(this.received)}`);
    return this.received.find(predicate);
  }

  async waitClose(timeoutMs = DEFAULT_TIMEOUT_MS) {
    await waitFor(() => this.closed, timeoutMs, () => `the server to close the socket; received so far: ${JSON.stringify(this.received)}`);
    return this.closed;
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}
