// The Pusher suite's server, clients and waits: one server per test file (interop/lib/server.mjs), pusher-js
// clients that are disconnected after each test, and the backend (the `pusher` library) pointed at the server.

import { after, afterEach, before } from 'node:test';
import Pusher from 'pusher';
import PusherJS from 'pusher-js';
import { startServer } from '../../lib/server.mjs';

export const APP = { id: 'app-id', key: 'app-key', secret: 'app-secret' };
/** 32 bytes, base64: the backend's master key for private-encrypted- channels (the server never sees it). */
export const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
export const DEFAULT_TIMEOUT_MS = 5000;

/** A standalone config with one Pusher app; `app` adds to or overrides the app's settings. */
export function pusherConfig(app = {}, patch = (c) => c) {
  const config = {
    client: { allowed_origins: ['*'] },
    pusher: {
      enabled: true,
      apps: [{ ...APP, enable_client_messages: true, enable_subscription_count: true, ...app }],
    },
  };
  return patch(config) ?? config;
}

let uniq = 0;
/** A channel name unique within this process, so the tests of one file never share channel state. */
export function uniqueChannel(prefix) {
  uniq += 1;
  return `${prefix}${process.pid}-${uniq}`;
}

/**
 * Registers the hooks of one server per file and returns a context: ctx.server (after `before`),
 * ctx.client(options) a pusher-js client disconnected after the test, ctx.backend(options) a `pusher` library
 * instance for the app, ctx.track(closeable) anything else to close after the test.
 * `config` may be a function (run in `before`) for configs that need a port known only then.
 */
export function usePusherServer(config = pusherConfig, { command } = {}) {
  const ctx = { server: null, closers: [], fileClosers: [] };

  before(async () => {
    const cfg = typeof config === 'function' ? await config() : config;
    ctx.server = await startServer(cfg, { command });
    ctx.host = '127.0.0.1';
  });

  afterEach(async () => {
    await closeAll(ctx.closers);
  });

  after(async () => {
    await closeAll(ctx.closers);
    await closeAll(ctx.fileClosers);
    if (ctx.server) await ctx.server.stop();
  });

  ctx.track = (close, { perFile = false } = {}) => (perFile ? ctx.fileClosers : ctx.closers).push(close);

  ctx.backend = (options = {}) =>
    new Pusher({
      appId: APP.id,
      key: APP.key,
      secret: APP.secret,
      host: '127.0.0.1',
      port: String(ctx.server.port),
      useTLS: false,
      encryptionMasterKeyBase64: MASTER_KEY,
      timeout: 10_000,
      ...options,
    });

  /**
   * A pusher-js client on the server's WebSocket, authorizing channels and sign-ins with `backend` (default: the
   * app's own) through customHandlers. `user` is the presence/sign-in user ({id, info, watchlist}), by default
   * one per socket id.
   */
  ctx.client = ({ backend = ctx.backend(), user, key = APP.key, ...options } = {}) => {
    const userOf = (socketId) => user ?? { id: `u-${socketId}`, info: { socket: socketId } };
    const client = new PusherJS(key, {
      cluster: 'mt1', // required by pusher-js 8 even with wsHost
      wsHost: '127.0.0.1',
      wsPort: ctx.server.port,
      wssPort: ctx.server.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      enableStats: false,
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          try {
            const u = userOf(socketId);
            const data = channelName.startsWith('presence-') ? { user_id: u.id, user_info: u.info } : undefined;
            callback(null, backend.authorizeChannel(socketId, channelName, data));
          } catch (err) {
            callback(err, null);
          }
        },
      },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => {
          try {
            const u = userOf(socketId);
            const userData = { id: u.id };
            if (u.info) userData.user_info = u.info;
            if (u.watchlist) userData.watchlist = u.watchlist;
            callback(null, backend.authenticateUser(socketId, userData));
          } catch (err) {
            callback(err, null);
          }
        },
      },
      ...options,
    });
    ctx.closers.push(() => client.disconnect());
    return client;
  };

  /**
   * Triggers a marker event on `channelName` and waits until every given pusher-js channel hears it: whatever
   * the server sent those subscribers before has arrived by then (for checking that something did not).
   */
  ctx.barrier = async (channelName, ...channels) => {
    const name = `marker-${Math.random().toString(36).slice(2)}`;
    const heard = channels.map((ch) => bound(ch, name));
    await ctx.backend().trigger(channelName, name, {});
    await Promise.all(heard);
  };

  /** A connected pusher-js client. */
  ctx.connected = async (options) => {
    const client = ctx.client(options);
    await connected(client);
    return client;
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

/**
 * The next `event` bound on `target` (a pusher-js client, channel, connection or user) whose data passes
 * `filter` (with `meta`, {data, metadata}: a channel event's user_id); rejects after timeoutMs. Create it before the action that causes the event.
 */
export function bound(target, event, { timeoutMs = DEFAULT_TIMEOUT_MS, filter = () => true, meta = false } = {}) {
  return new Promise((resolve, reject) => {
    const handler = (data, metadata) => {
      if (!filter(data, metadata)) return;
      clearTimeout(timer);
      target.unbind(event, handler);
      resolve(meta ? { data, metadata } : data);
    };
    const timer = setTimeout(() => {
      target.unbind(event, handler);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    target.bind(event, handler);
  });
}

/** Resolves with the events bound on target until stop(); for checking that something did not arrive. */
export function collect(target, event) {
  const seen = [];
  const handler = (data) => seen.push(data);
  target.bind(event, handler);
  return { seen, stop: () => target.unbind(event, handler) };
}

/** Waits for a pusher-js client to reach `connected`; fails at once on `failed`/`unavailable`. */
export function connected(client, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return state(client, ['connected'], timeoutMs, ['failed', 'unavailable']);
}

/** Waits until the client's connection state is one of `states`. */
export function state(client, states, timeoutMs = DEFAULT_TIMEOUT_MS, failOn = []) {
  const conn = client.connection;
  if (states.includes(conn.state)) return Promise.resolve(conn.state);
  return new Promise((resolve, reject) => {
    const handler = ({ current }) => {
      if (states.includes(current)) done(null, current);
      else if (failOn.includes(current)) done(new Error(`connection went ${current} waiting for ${states}`));
    };
    const timer = setTimeout(() => done(new Error(`state still ${conn.state} after ${timeoutMs} ms, waited for ${states}`)), timeoutMs);
    const done = (err, value) => {
      clearTimeout(timer);
      conn.unbind('state_change', handler);
      if (err) reject(err);
      else resolve(value);
    };
    conn.bind('state_change', handler);
  });
}

/** Subscribes and waits for pusher:subscription_succeeded (its data: presence Members); throws on an error. */
export function subscribed(client, channelName, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const channel = client.subscribe(channelName);
  return new Promise((resolve, reject) => {
    const done = (err) => {
      clearTimeout(timer);
      channel.unbind('pusher:subscription_succeeded', onOk);
      channel.unbind('pusher:subscription_error', onError);
      if (err) reject(err);
      else resolve(channel);
    };
    const onOk = () => done();
    const onError = (e) => done(new Error(`subscribing ${channelName} failed: ${JSON.stringify(e)}`));
    const timer = setTimeout(() => done(new Error(`no subscription_succeeded for ${channelName} within ${timeoutMs} ms`)), timeoutMs);
    channel.bind('pusher:subscription_succeeded', onOk);
    channel.bind('pusher:subscription_error', onError);
  });
}

/** Status of a `pusher` library call: 200 for a resolved one, the RequestError's status for a refused one. */
export async function statusOf(promise) {
  try {
    const res = await promise;
    await res.text();
    return res.status;
  } catch (err) {
    if (err.status === undefined) throw err;
    return err.status;
  }
}

/** The parsed JSON body of a `pusher` library call. */
export async function json(promise) {
  const res = await promise;
  return JSON.parse(await res.text());
}
