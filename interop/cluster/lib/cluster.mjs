// The cluster suite's setup: per test file one redis-server (./redis.mjs) and two or three Switchboard nodes
// on it (interop/lib/server.mjs, each `serve --dev` with a file that names the engine), clients of every
// protocol on any node, closed after each test, and failure reports with every node's output and the frames
// the Centrifugo clients exchanged.
//
//   const ctx = useCluster({ nodes: 3 });
//   ctx.nodes[0].api('publish', ...)           node A's server API
//   await ctx.centrifuge(ctx.nodes[1], 'bob')   a connected centrifuge-js client of node B as user bob
//   await ctx.restartNode(0)                    node A stopped and started again on its port
//
// Env: CLUSTER_ENGINE=memory runs the same nodes with the memory engine (nothing shared): the cross-node tests
// must fail then, which shows they can.

import { after, afterEach, before, test } from 'node:test';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { Centrifuge } from 'centrifuge';
import PusherJS from 'pusher-js';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { connectionToken, subscriptionToken } from '../../lib/jwt.mjs';
import { startServer } from '../../lib/server.mjs';
import { waitFor } from '../../lib/wait.mjs';
import { startRedis } from './redis.mjs';

const require = createRequire(import.meta.url);
const scc = require('socketcluster-client');

/** serve --dev's HMAC secret, for connection and subscription tokens of every protocol. */
export const DEV_SECRET = 'dev-secret';
/** serve --dev's Pusher app (Soketi's development app). */
export const PUSHER_APP = { id: 'app-id', key: 'app-key', secret: 'app-secret' };
export const ENGINE = process.env.CLUSTER_ENGINE || 'redis';
export const PRESENCE_TTL = '3s';
export const TIMEOUT_MS = 8000;
const LETTERS = 'ABCDEFGH';

/**
 * A namespace `chat` with presence, join/leave, history and recovery for users with a token (the dev preset's
 * channels without namespace are open to anonymous clients; presence and recovery are about users).
 */
export const CHAT_NAMESPACE = {
  name: 'chat',
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
};

let uniq = 0;
/** A channel name unique within this process. */
export function uniqueChannel(prefix) {
  uniq += 1;
  return `${prefix}${process.pid}-${uniq}`;
}

/**
 * Node `index`'s start: the config file laid over `serve --dev`, and environment variables. The last node of
 * three names its engine with SWITCHBOARD_ENGINE_* variables instead of the file, so both paths are used.
 */
export function nodeStart({ index, count, redisAddress, prefix, engine = ENGINE }) {
  const config = { node: { name: `node-${LETTERS[index].toLowerCase()}` }, channel: { namespaces: [CHAT_NAMESPACE] } };
  const env = {};
  const redis = { address: redisAddress, prefix, presence_ttl: PRESENCE_TTL };
  if (engine !== 'redis') {
    config.engine = { type: engine };
  } else if (count >= 3 && index === count - 1) {
    env.SWITCHBOARD_ENGINE_TYPE = 'redis';
    env.SWITCHBOARD_ENGINE_REDIS_ADDRESS = redis.address;
    env.SWITCHBOARD_ENGINE_REDIS_PREFIX = redis.prefix;
    env.SWITCHBOARD_ENGINE_REDIS_PRESENCE_TTL = redis.presence_ttl;
  } else {
    config.engine = { type: 'redis', redis };
  }
  return { config, env };
}

/**
 * Registers the hooks of one cluster per test file (`config` may change each node's config file) and returns a context:
 *   ctx.redis, ctx.prefix, ctx.nodes[i] (A, B, C: startServer results, each with .letter)
 *   ctx.test(name, [options], fn)   a node:test test that reports every node's output on failure
 *   ctx.centrifuge / ctx.pusher / ctx.socketIo / ctx.socketCluster (node, ...)   connected clients
 *   ctx.stopNode(i), ctx.startNode(i), ctx.restartNode(i)
 *   ctx.track(close)   anything else to close after the test
 */
export function useCluster({ nodes = 3, config: patch = (c) => c } = {}) {
  const ctx = { redis: null, prefix: `sbtest-${process.pid}-${Date.now()}`, nodes: [], starts: [], closers: [], clients: [] };

  before(async () => {
    ctx.redis = await startRedis();
    for (let i = 0; i < nodes; i++) {
      const start = nodeStart({ index: i, count: nodes, redisAddress: ctx.redis.address, prefix: ctx.prefix });
      ctx.starts.push({ ...start, config: patch(start.config) ?? start.config });
    }
    // One after another: two cores, and a node that fails to start says why before the next one starts.
    for (let i = 0; i < nodes; i++) await ctx.startNode(i);
  });

  afterEach(async () => {
    await closeAll(ctx.closers);
    ctx.clients = [];
  });

  after(async () => {
    await closeAll(ctx.closers);
    for (const node of ctx.nodes) if (node) await node.stop();
    if (ctx.redis) await ctx.redis.stop();
  });

  ctx.track = (close) => ctx.closers.push(close);

  /** Starts node i (again) with its config; on its former port when it ran before. */
  ctx.startNode = async (i) => {
    const { config, env } = ctx.starts[i];
    const port = ctx.nodes[i]?.port;
    const node = await startServer(config, { dev: true, env, port });
    node.letter = LETTERS[i];
    node.scUrl = `ws://127.0.0.1:${node.port}/socketcluster/`;
    ctx.nodes[i] = node;
    return node;
  };

  ctx.stopNode = async (i) => ctx.nodes[i].stop();

  ctx.restartNode = async (i) => {
    await ctx.stopNode(i);
    return ctx.startNode(i);
  };

  /**
   * A connected centrifuge-js client of `node`, as `user` (a connection token) or anonymous (user null).
   * `client.moveTo(other)` makes its next (re)connection go to another node.
   */
  ctx.centrifuge = async (node, user = null, options = {}) => {
    const frames = [];
    let target = null;
    class RecordingWebSocket extends WebSocket {
      constructor(url, protocols) {
        super(target ? target.url : url, protocols);
        this.on('message', (d) => frames.push(`<- ${d}`));
      }

      send(data, ...rest) {
        frames.push(`-> ${data}`);
        return super.send(data, ...rest);
      }
    }
    const client = new Centrifuge(node.url, {
      websocket: RecordingWebSocket,
      ...(user ? { token: connectionToken(DEV_SECRET, user) } : {}),
      ...options,
    });
    client.on('error', () => {});
    client.moveTo = (other) => {
      target = other;
    };
    ctx.clients.push({ label: `centrifuge ${user ?? 'anonymous'}@${node.letter}`, frames });
    ctx.track(() => client.disconnect());
    const up = new Promise((resolve, reject) => {
      client.once('connected', resolve);
      client.once('disconnected', (c) => reject(new Error(`centrifuge-js at node ${node.letter} disconnected: ${JSON.stringify(c)}`)));
    });
    client.connect();
    await withTimeout(up, `centrifuge-js connected to node ${node.letter}`);
    return client;
  };

  /** A pusher-js client of `node` on the dev app; private and presence channels are signed here as the app's backend would. */
  ctx.pusher = async (node, user = null) => {
    const client = new PusherJS(PUSHER_APP.key, {
      cluster: 'mt1', // required by pusher-js 8 even with wsHost
      wsHost: '127.0.0.1',
      wsPort: node.port,
      wssPort: node.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      enableStats: false,
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          const member = user ?? { id: `u-${socketId}` };
          const data = channelName.startsWith('presence-') ? JSON.stringify({ user_id: member.id, user_info: member.info ?? {} }) : undefined;
          callback(null, pusherChannelAuth(socketId, channelName, data));
        },
      },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => {
          const userData = JSON.stringify({ id: (user ?? { id: `u-${socketId}` }).id });
          const signed = `${socketId}::user::${userData}`;
          callback(null, { auth: `${PUSHER_APP.key}:${createHmac('sha256', PUSHER_APP.secret).update(signed).digest('hex')}`, user_data: userData });
        },
      },
    });
    client.errors = [];
    client.connection.bind('error', (e) => client.errors.push(e));
    ctx.track(() => client.disconnect());
    await withTimeout(new Promise((resolve, reject) => {
      client.connection.bind('connected', resolve);
      client.connection.bind('failed', () => reject(new Error('pusher-js: connection failed')));
    }), `pusher-js connected to node ${node.letter}`);
    return client;
  };

  /** A socket.io-client socket of `node` on the default namespace (WebSocket only, no reconnection). */
  ctx.socketIo = async (node) => {
    const socket = io(node.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
    ctx.track(() => socket.close());
    await withTimeout(new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    }), `socket.io-client connected to node ${node.letter}`);
    return socket;
  };

  /** A socketcluster-client 20.x socket of `node`, once its handshake is done. */
  ctx.socketCluster = async (node) => {
    const socket = scc.create({
      hostname: '127.0.0.1',
      port: node.port,
      path: '/socketcluster/',
      autoReconnect: false,
      ackTimeout: TIMEOUT_MS,
      connectTimeout: TIMEOUT_MS,
      authTokenName: `sc.authToken.${uniqueChannel('t')}`,
    });
    ctx.track(() => {
      socket.disconnect();
      socket.closeAllListeners();
      socket.closeAllChannels();
    });
    await withTimeout(Promise.race([
      socket.listener('connect').once(),
      socket.listener('connectAbort').once().then(({ code, reason }) => {
        throw new Error(`socketcluster-client: connectAbort ${code} ${reason ?? ''}`);
      }),
    ]), `socketcluster-client connected to node ${node.letter}`);
    return socket;
  };

  ctx.test = (name, options, fn) => {
    if (typeof options === 'function') {
      fn = options;
      options = {};
    }
    return test(name, { timeout: 60_000, ...options }, async (t) => {
      const marks = ctx.nodes.map((n) => (n ? n.mark() : 0));
      try {
        await fn(t);
      } catch (err) {
        if (options.todo && !process.env.INTEROP_VERBOSE) {
          process.stderr.write(`[todo, failing as expected: ${options.todo}] ${name}: ${err && err.message}\n`);
          throw err;
        }
        const report = [`\n===== FAILED: ${name} (engine ${ENGINE}) =====`, `error: ${err && err.stack ? err.stack : err}`];
        for (const { label, frames } of ctx.clients) {
          report.push(`--- ${label}, frames (last 40):`, frames.slice(-40).join('\n') || '(none)');
        }
        ctx.nodes.forEach((node, i) => {
          if (!node) return;
          const exit = node.exited();
          report.push(`--- node ${node.letter} (port ${node.port})${exit ? ` HAS EXITED: ${JSON.stringify(exit)}` : ''}, output during this test:`);
          report.push(node.outputSince(marks[i] ?? 0) || '(nothing)');
        });
        if (ctx.redis) report.push(`--- redis-server ${ctx.redis.address}${ctx.redis.exited() ? ' HAS EXITED' : ''}`);
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
    try {
      await list.pop()();
    } catch {
      /* already closed */
    }
  }
}

/** Pusher's channel authorization: `key:HMAC-SHA256(secret, socket_id:channel[:channel_data])`. */
export function pusherChannelAuth(socketId, channel, channelData) {
  const signed = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  const auth = `${PUSHER_APP.key}:${createHmac('sha256', PUSHER_APP.secret).update(signed).digest('hex')}`;
  return channelData === undefined ? { auth } : { auth, channel_data: channelData };
}

/** A subscription token of the dev secret, for Pusher's private- channels joined from Centrifugo. */
export function devSubscriptionToken(user, channel) {
  return subscriptionToken(DEV_SECRET, user, channel);
}

/** Resolves with `promise` or rejects after `ms` with a message naming what did not happen. */
export function withTimeout(promise, what, ms = TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

/** Waits until `list` holds a value deep-equal to `data`. */
export async function arrives(list, data, what, ms = TIMEOUT_MS) {
  const same = (v) => JSON.stringify(v) === JSON.stringify(data);
  await waitFor(() => list.some(same), ms, () => `${what}: ${JSON.stringify(data)}; received so far: ${JSON.stringify(list)}`);
}

/** A centrifuge-js subscription once subscribed; `sub.seen` collects publication data, `sub.pubs` whole publications. */
export async function centrifugeSubscribed(client, channel, options = {}) {
  const sub = client.newSubscription(channel, options);
  sub.on('error', () => {});
  sub.seen = [];
  sub.pubs = [];
  sub.on('publication', (p) => {
    sub.seen.push(p.data);
    sub.pubs.push(p);
  });
  const ok = new Promise((resolve, reject) => {
    sub.once('subscribed', resolve);
    sub.once('unsubscribed', (c) => reject(new Error(`centrifuge-js: unsubscribed from ${channel}: ${JSON.stringify(c)}`)));
  });
  sub.subscribe();
  sub.firstSubscribed = await withTimeout(ok, `centrifuge-js subscribed to ${channel}`);
  return sub;
}

/** A pusher-js channel once subscription_succeeded; `channel.seen` collects the data of every non-pusher: event. */
export async function pusherSubscribed(client, name) {
  const channel = client.subscribe(name);
  channel.seen = [];
  channel.events = [];
  channel.bind_global((event, data) => {
    if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
    channel.seen.push(data);
    channel.events.push({ event, data });
  });
  channel.succeeded = await withTimeout(new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', (e) => reject(new Error(`pusher-js: subscription_error on ${name}: ${JSON.stringify(e)}`)));
  }), `pusher-js subscribed to ${name}`);
  return channel;
}

/** Subscribes a socket.io-client socket to a channel with Laravel Echo's `subscribe`; returns the data it then receives there. */
export async function socketIoSubscribed(socket, name) {
  const seen = [];
  socket.onAny((event, channel, data) => {
    if (channel === name) seen.push(data);
  });
  const ack = await socket.timeout(TIMEOUT_MS).emitWithAck('subscribe', { channel: name });
  if (ack !== null) throw new Error(`socket.io subscribe ${name} acknowledged ${JSON.stringify(ack)}`);
  return seen;
}

/** Subscribes a socketcluster-client socket; returns the data the channel then delivers. */
export async function scSubscribed(socket, name) {
  const channel = socket.subscribe(name);
  await withTimeout(Promise.race([
    channel.listener('subscribe').once(),
    channel.listener('subscribeFail').once().then(({ error }) => {
      throw new Error(`socketcluster-client: subscribeFail on ${name}: ${error?.name} ${error?.message}`);
    }),
  ]), `socketcluster-client subscribed to ${name}`);
  const seen = [];
  (async () => {
    for await (const data of channel) seen.push(data);
  })();
  return seen;
}

/** A GET on a node's Pusher HTTP API, signed for the dev app; the parsed JSON. */
export function pusherApiGet(node, path, params = {}) {
  return pusherApi(node, 'GET', path, { params });
}

/**
 * A request to a node's Pusher HTTP API signed for the dev app (auth_signature over METHOD\nPATH\nsorted query,
 * body_md5 for a body); the parsed JSON answer, or an error unless HTTP 200.
 */
export async function pusherApi(node, method, path, { params = {}, body } = {}) {
  const query = { auth_key: PUSHER_APP.key, auth_timestamp: String(Math.floor(Date.now() / 1000)), auth_version: '1.0', ...params };
  if (body !== undefined) query.body_md5 = createHash('md5').update(body).digest('hex');
  const qs = Object.keys(query).sort().map((k) => `${k}=${query[k]}`).join('&');
  const signature = createHmac('sha256', PUSHER_APP.secret).update(`${method}\n${path}\n${qs}`).digest('hex');
  const res = await fetch(`${node.baseUrl}${path}?${qs}&auth_signature=${signature}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path} on node ${node.letter}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}
