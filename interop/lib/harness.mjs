// One server per test file, SDK/raw clients that are cleaned up after each test, and failure reports
// that carry the server's output and the client's protocol frames.

import { after, afterEach, before, test } from 'node:test';
import { Centrifuge } from 'centrifuge';
import { RawClient, formatFrames, instrumentedWebSocket } from './clients.mjs';
import { connectionToken } from './jwt.mjs';
import { freePort, startServer } from './server.mjs';
import { waitFor } from './wait.mjs';

export const HMAC_SECRET = 'interop-secret';
export const API_KEY = 'interop-api-key';

/** The config of the brief (Centrifugo v6 key names). Pass `patch` to change parts of it. */
export function defaultConfig(patch = (c) => c) {
  const config = {
    client: {
      token: { hmac_secret_key: HMAC_SECRET },
      allowed_origins: ['*'],
      allow_anonymous_connect_without_token: true,
      ping_interval: '25s',
      pong_timeout: '8s',
    },
    channel: {
      without_namespace: {
        presence: true,
        join_leave: true,
        force_push_join_leave: true,
        history_size: 100,
        history_ttl: '300s',
        force_recovery: true,
        allow_subscribe_for_client: true,
        allow_publish_for_client: true,
        allow_presence_for_subscriber: true,
        allow_history_for_subscriber: true,
      },
      namespaces: [{ name: 'private', presence: true }],
    },
    http_api: { key: API_KEY },
  };
  return patch(config) ?? config;
}

let uniq = 0;
/** A channel name unique within this process, so tests of one file never share channel state. */
export function uniqueChannel(prefix) {
  uniq += 1;
  return `${prefix}-${process.pid}-${uniq}`;
}

/**
 * Registers before/after hooks that run one server for the whole file, and returns a context:
 *   ctx.server          the running server (after `before`)
 *   ctx.test(name, [options], fn)   node:test test that prints server output + client frames on failure
 *   ctx.client(options) a Centrifuge client on ctx.server.url (instrumented ws), disconnected after the test
 *   ctx.raw()           a RawClient, closed after the test
 *   ctx.fileClient(...) like client() but kept until the end of the file
 *   ctx.setup(fn)       file-level setup run after the server started
 */
export function useServer(config = defaultConfig()) {
  const ctx = {
    server: null,
    closedPort: null,
    perTest: [], // { kind, client, ws?, label }
    perFile: [],
    setups: [],
  };

  // One before hook for everything: Node 20 runs several root-level before hooks of a file concurrently.
  before(async () => {
    ctx.closedPort = await freePort();
    ctx.server = await startServer(config);
    for (const fn of ctx.setups) await fn();
  });

  /** Registers file-level setup that runs once the server is up (instead of another before hook). */
  ctx.setup = (fn) => ctx.setups.push(fn);

  afterEach(async () => {
    await closeAll(ctx.perTest);
    ctx.perTest = [];
  });

  after(async () => {
    await closeAll(ctx.perTest);
    await closeAll(ctx.perFile);
    if (ctx.server) {
      const exit = await ctx.server.stop();
      if (process.env.INTEROP_VERBOSE) process.stderr.write(`[interop] server exited: ${JSON.stringify(exit)}\n`);
    }
  });

  const makeClient = (list, options = {}, { label, url } = {}) => {
    if (!ctx.server) throw new Error('the server is not running (its start failed: see the before hook error)');
    const inst = instrumentedWebSocket({ closedPort: ctx.closedPort });
    const client = new Centrifuge(url ?? ctx.server.url, {
      websocket: inst.WebSocket,
      debug: Boolean(process.env.INTEROP_DEBUG),
      ...options,
    });
    // Errors of handlers must not go unnoticed, and an 'error' event without listener must not throw.
    client.errors = [];
    client.on('error', (e) => client.errors.push(e));
    // Same for subscriptions: an 'error' event without a listener would throw inside the SDK.
    const newSubscription = client.newSubscription.bind(client);
    client.newSubscription = (channel, subOptions) => {
      const sub = newSubscription(channel, subOptions);
      sub.errors = [];
      sub.on('error', (e) => sub.errors.push(e));
      return sub;
    };
    const entry = { kind: 'sdk', client, inst, label: label ?? `client#${list.length + 1}` };
    list.push(entry);
    client.frames = inst.frames;
    client.network = inst.network;
    client.sockets = inst.sockets;
    client.label = entry.label;
    return client;
  };

  ctx.client = (options, meta) => makeClient(ctx.perTest, options, meta);
  ctx.fileClient = (options, meta) => makeClient(ctx.perFile, options, meta);
  /**
   * A client authenticated as `user` with a connection token. Note: in Centrifugo v6 the brief's
   * allow_subscribe_for_client / allow_publish_for_client only cover clients with a non-empty user id
   * (anonymous ones would also need allow_*_for_anonymous), so tests that subscribe use these clients.
   */
  ctx.userClient = (user, options = {}, meta = {}) =>
    makeClient(ctx.perTest, { token: connectionToken(HMAC_SECRET, user), ...options }, { label: user, ...meta });
  ctx.raw = async (options) => {
    if (!ctx.server) throw new Error('the server is not running (its start failed: see the before hook error)');
    const raw = await RawClient.open(ctx.server.url, options);
    ctx.perTest.push({ kind: 'raw', client: raw, label: `raw#${ctx.perTest.length + 1}` });
    return raw;
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
        for (const entry of [...ctx.perFile, ...ctx.perTest]) {
          if (entry.kind === 'sdk') {
            report.push(`--- ${entry.label}: state=${entry.client.state}, frames (last 60):`);
            report.push(formatFrames(entry.inst.frames) || '(none)');
          } else {
            report.push(`--- ${entry.label}: received ${JSON.stringify(entry.client.received)}; closed ${JSON.stringify(entry.client.closed)}`);
          }
        }
        if (ctx.server) {
          const exit = ctx.server.exited();
          if (exit) report.push(`--- THE SERVER PROCESS HAS EXITED: ${JSON.stringify(exit)}`);
          report.push(`--- server output during this test:`);
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
  const sockets = [];
  for (const entry of list) {
    try {
      if (entry.kind === 'sdk') {
        entry.client.removeAllListeners();
        entry.client.on('error', () => {});
        entry.client.disconnect();
        sockets.push(...entry.inst.sockets);
      } else {
        entry.client.close();
      }
    } catch {
      /* best effort */
    }
  }
  // Let the close handshakes finish (bounded), then cut whatever is left.
  const open = (s) => s.readyState === s.CONNECTING || s.readyState === s.OPEN || s.readyState === s.CLOSING;
  try {
    await waitFor(() => !sockets.some(open), 1000, 'client sockets to close');
  } catch {
    for (const s of sockets) if (open(s)) s.terminate();
  }
}

/**
 * connect() and wait for 'connected'; rejects at once if the client goes 'disconnected' instead, and after
 * timeoutMs otherwise, with the client's 'error' events in the message.
 */
export function connectAndWait(client, timeoutMs = 10_000) {
  return settleOn(client, () => client.connect(), 'connected', 'disconnected', timeoutMs, 'the client to connect');
}

/** subscribe() and wait for 'subscribed'; rejects at once on 'unsubscribed'. */
export function subscribeAndWait(sub, timeoutMs = 10_000) {
  return settleOn(sub, () => sub.subscribe(), 'subscribed', 'unsubscribed', timeoutMs, `the subscription to ${sub.channel}`);
}

function settleOn(emitter, action, okEvent, failEvent, timeoutMs, what) {
  const errors = [];
  return new Promise((resolve, reject) => {
    const onError = (e) => errors.push(e);
    const onOk = (c) => finish(resolve, c);
    const onFail = (c) =>
      finish(
        reject,
        new Error(`${what} ended in '${failEvent}' (code ${c.code}, reason ${JSON.stringify(c.reason)}) instead of '${okEvent}'; error events: ${JSON.stringify(errors)}`),
      );
    const timer = setTimeout(
      () => finish(reject, new Error(`${what}: no '${okEvent}' within ${timeoutMs} ms (state ${emitter.state}); error events: ${JSON.stringify(errors)}`)),
      timeoutMs,
    );
    function finish(fn, value) {
      clearTimeout(timer);
      emitter.off(okEvent, onOk);
      emitter.off(failEvent, onFail);
      emitter.off('error', onError);
      fn(value);
    }
    emitter.on('error', onError);
    emitter.on(okEvent, onOk);
    emitter.on(failEvent, onFail);
    action();
  });
}

/**
 * Calls sub.subscribe() and resolves with what ended the attempt: { event: 'subscribed' | 'unsubscribed' |
 * 'disconnected', ctx } ('disconnected' when the server closed the whole connection instead of replying).
 */
export function subscribeOutcome(client, sub, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const handlers = {};
    const finish = (value, isError) => {
      clearTimeout(timer);
      for (const [target, name, fn] of Object.values(handlers)) target.off(name, fn);
      if (isError) reject(value);
      else resolve(value);
    };
    const watch = (target, name) => {
      const fn = (ctx) => finish({ event: name, ctx });
      handlers[name] = [target, name, fn];
      target.on(name, fn);
    };
    const timer = setTimeout(
      () => finish(new Error(`subscribe to ${sub.channel}: no subscribed/unsubscribed/disconnected within ${timeoutMs} ms (sub ${sub.state}, client ${client.state})`), true),
      timeoutMs,
    );
    watch(sub, 'subscribed');
    watch(sub, 'unsubscribed');
    watch(client, 'disconnected');
    sub.subscribe();
  });
}

/** Human-readable outcome for assertion messages. */
export function describeOutcome(o) {
  return `${o.event}${o.ctx && o.ctx.code !== undefined ? ` with code ${o.ctx.code} (${o.ctx.reason})` : ''}`;
}
