// Protocol v1 test kit: a server for one test file, centrifuge-js 2.8.5 clients (JSON or Protobuf build) on an
// instrumented `ws` socket, and a raw v1 socket for exact frames. Clients and sockets are closed after each test.

import { after, afterEach, before } from 'node:test';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { connectionToken } from '../../lib/jwt.mjs';
import { freePort, startServer } from '../../lib/server.mjs';
import { waitFor } from '../../lib/wait.mjs';

const require = createRequire(import.meta.url);
/** centrifuge-js 2.8.5, the last protocol v1 client: JSON build and Protobuf build. */
export const Centrifuge = require('centrifuge');
export const CentrifugeProtobuf = require('centrifuge/dist/centrifuge.protobuf.js');
/** sockjs-client 1.6, which the 2.8.5 client is given for a SockJS URL (its `sockjs` option). */
export const SockJS = require('sockjs-client');

/** 2.8.5's own schema, to read binary frames as its Protobuf build reads them. */
const protobuf = require('protobufjs/light');
const schema = protobuf.Root.fromJSON(require('centrifuge/src/client.proto.json'));
const PbCommand = schema.lookupType('protocol.Command');
const PbReply = schema.lookupType('protocol.Reply');

/** The varint-delimited Commands (out) or Replies (in) of a binary frame, as plain objects. */
export function decodeBinary(dir, bytes) {
  const type = dir === 'out' ? PbCommand : PbReply;
  const reader = protobuf.Reader.create(bytes);
  const out = [];
  while (reader.pos < reader.len) out.push(type.toObject(type.decodeDelimited(reader), { defaults: true }));
  return out;
}

export const HMAC_SECRET = 'interop-v1-secret';
export const API_KEY = 'interop-v1-api-key';

/** A config with the namespace options a v1 client needs: it cannot ask for recovery or join/leave itself. */
export function v1Config(patch = (c) => c) {
  const config = {
    client: {
      token: { hmac_secret_key: HMAC_SECRET },
      allowed_origins: ['*'],
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
    },
    http_api: { key: API_KEY },
  };
  return patch(config) ?? config;
}

/** Splits a JSON frame into its lines' values. */
export function decodeLines(text) {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/**
 * A `ws` subclass for the 2.8.5 client that records text frames both ways and can cut the connection
 * without a close frame (a dropped TCP connection): kit.cut(); kit.offline keeps it from reconnecting.
 */
export function recordingWebSocket({ closedPort } = {}) {
  const kit = { frames: [], sockets: [], offline: false };
  class Recording extends WebSocket {
    constructor(url, protocols) {
      // offline: dial a closed port, so the client's reconnects fail until kit.offline is false again
      super(kit.offline ? `ws://127.0.0.1:${closedPort}/connection/websocket` : url, protocols);
      kit.sockets.push(this);
      this.on('message', (data, isBinary) => {
        if (!isBinary) for (const msg of decodeLines(data.toString('utf8'))) kit.frames.push({ dir: 'in', msg });
        else kit.frames.push({ dir: 'in', bytes: Buffer.from(data) });
      });
    }

    send(data, ...rest) {
      if (typeof data === 'string') for (const msg of decodeLines(data)) kit.frames.push({ dir: 'out', msg });
      else kit.frames.push({ dir: 'out', bytes: Buffer.from(data) });
      return super.send(data, ...rest);
    }
  }
  kit.WebSocket = Recording;
  kit.cut = () => {
    const s = kit.sockets.filter((x) => x.readyState === WebSocket.OPEN).at(-1);
    if (s) s.terminate();
    return Boolean(s);
  };
  return kit;
}

/**
 * A SockJS class for the 2.8.5 client that records its messages both ways (one SockJS message holds newline-joined
 * JSON) and can cut the session as a dropped network would: kit.cut() closes the client's side only (its request
 * is aborted, the server hears no close); kit.offline sends the next sessions to a closed port.
 */
export function recordingSockJS({ closedPort } = {}) {
  const kit = { frames: [], sockets: [], offline: false };
  class Recording extends SockJS {
    constructor(url, protocols, options) {
      super(kit.offline ? `http://127.0.0.1:${closedPort}/connection/sockjs` : url, protocols, options);
      kit.sockets.push(this);
      this.addEventListener('message', (e) => {
        for (const msg of decodeLines(e.data)) kit.frames.push({ dir: 'in', msg });
      });
    }

    send(data) {
      for (const msg of decodeLines(data)) kit.frames.push({ dir: 'out', msg });
      return super.send(data);
    }
  }
  kit.SockJS = Recording;
  kit.cut = () => {
    const s = kit.sockets.filter((x) => x.readyState === SockJS.OPEN).at(-1);
    if (s) s.close();
    return Boolean(s);
  };
  return kit;
}

/** A raw WebSocket: send text, read the next frames, see the close code and reason. */
export class RawSocket {
  static open(url, protocols, options) {
    const raw = new RawSocket(new WebSocket(url, protocols, options));
    return new Promise((resolve, reject) => {
      raw.ws.once('open', () => resolve(raw));
      raw.ws.once('error', reject);
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.messages = []; // { text | bytes }
    this.closed = null; // { code, reason }
    this.pings = 0; // WebSocket ping frames received (answered by ws unless autoPong is off)
    ws.on('ping', () => { this.pings += 1; });
    ws.on('message', (data, isBinary) => this.messages.push(isBinary ? { bytes: Buffer.from(data) } : { text: data.toString('utf8') }));
    ws.on('close', (code, reason) => { this.closed = { code, reason: reason.toString('utf8') }; });
    ws.on('error', () => {});
  }

  send(data) {
    this.ws.send(data);
  }

  /** The next `count` lines of text frames, exactly as sent, each line separately. */
  async lines(count, timeoutMs = 5000) {
    await waitFor(() => this.allLines().length >= count || this.closed, timeoutMs,
      () => `${count} lines; got ${JSON.stringify(this.allLines())}, closed ${JSON.stringify(this.closed)}`);
    return this.allLines().slice(0, count);
  }

  allLines() {
    return this.messages.filter((m) => m.text !== undefined).flatMap((m) => m.text.split('\n'));
  }

  async closeFrame(timeoutMs = 5000) {
    await waitFor(() => this.closed, timeoutMs, 'the close frame');
    return this.closed;
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** Resolves with the first argument of the next `name` event (2.8.5 emitters have on/removeListener). */
export function once(emitter, name, timeoutMs = 5000, filter = () => true) {
  return new Promise((resolve, reject) => {
    const on = (ctx) => {
      if (!filter(ctx)) return;
      clearTimeout(timer);
      emitter.removeListener(name, on);
      resolve(ctx);
    };
    const timer = setTimeout(() => {
      emitter.removeListener(name, on);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${name}'`));
    }, timeoutMs);
    emitter.on(name, on);
  });
}

/**
 * One server per test file and a context: ctx.server, ctx.client(user, options, { protobuf }) (a connected-on-
 * demand 2.8.5 client, with .kit for its frames), ctx.raw(query) (a RawSocket on /connection/websocket).
 */
export function useV1Server(config = v1Config()) {
  const ctx = { server: null, open: [] };
  before(async () => {
    ctx.closedPort = await freePort();
    ctx.server = await startServer(config);
  });
  afterEach(() => {
    for (const c of ctx.open.splice(0)) {
      try { c.disconnect ? c.disconnect() : c.close(); } catch { /* already gone */ }
    }
  });
  after(async () => {
    for (const c of ctx.open.splice(0)) {
      try { c.disconnect ? c.disconnect() : c.close(); } catch { /* already gone */ }
    }
    if (ctx.server) await ctx.server.stop();
  });
  ctx.token = (user, opts) => connectionToken(HMAC_SECRET, user, opts);
  ctx.client = (user, options = {}, { protobuf = false, query = '' } = {}) => {
    const kit = recordingWebSocket({ closedPort: ctx.closedPort });
    const Client = protobuf ? CentrifugeProtobuf : Centrifuge;
    const url = ctx.server.url + (protobuf ? '?format=protobuf' : '') + query;
    const client = new Client(url, { websocket: kit.WebSocket, minRetry: 100, maxRetry: 500, ...options });
    if (user !== null) client.setToken(ctx.token(user));
    client.kit = kit;
    client.on('error', () => {});
    ctx.open.push(client);
    return client;
  };
  /** A 2.8.5 client over SockJS restricted to one SockJS transport ('xhr-streaming', 'xhr-polling', ...). */
  ctx.sockjsClient = (user, transport, options = {}) => {
    const kit = recordingSockJS({ closedPort: ctx.closedPort });
    const url = `http://127.0.0.1:${ctx.server.port}/connection/sockjs`;
    const client = new Centrifuge(url, {
      sockjs: kit.SockJS, sockjsTransports: [transport], minRetry: 100, maxRetry: 500, ...options,
    });
    if (user !== null) client.setToken(ctx.token(user));
    client.kit = kit;
    client.on('error', () => {});
    ctx.open.push(client);
    return client;
  };
  ctx.raw = async (query = '', protocols, options) => {
    const raw = await RawSocket.open(ctx.server.url + query, protocols, options);
    ctx.open.push(raw);
    return raw;
  };
  return ctx;
}

export async function connected(client, timeoutMs = 10_000) {
  const ev = once(client, 'connect', timeoutMs);
  client.connect();
  return ev;
}

/** Subscribes and waits for the 'subscribe' event (or fails with the 'error' event's context). */
export function subscribed(client, channel, events = {}, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscribe ${channel}: timed out`)), timeoutMs);
    const sub = client.subscribe(channel, {
      ...events,
      subscribe: (ctx) => { clearTimeout(timer); events.subscribe?.(ctx); resolve({ sub, ctx }); },
      error: (ctx) => { clearTimeout(timer); events.error?.(ctx); reject(new Error(`subscribe ${channel}: ${JSON.stringify(ctx)}`)); },
    });
  });
}
