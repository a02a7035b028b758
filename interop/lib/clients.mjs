// Client-side helpers: a WebSocket class for centrifuge-js that records frames and can be "unplugged",
// and a raw protocol client (no SDK) for bad-input tests.

import WebSocket from 'ws';
import { waitFor } from './wait.mjs';

/** Splits a Centrifugo JSON frame (one or more newline-separated JSON objects) into values. */
export function decodeFrame(text) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { __unparsed: line };
      }
    });
}

/**
 * Returns { WebSocket, frames, sockets, network } where WebSocket is a `ws` subclass to pass as the
 * `websocket` option of Centrifuge. frames: [{ dir: 'in'|'out', msg, at }] (decoded JSON objects);
 * sockets: every socket created; network.offline = true makes new sockets dial a closed port (connection
 * refused) so the SDK cannot reconnect until it is set back to false; network.cut() terminates the open
 * socket without a close frame (like a dropped TCP connection).
 */
export function instrumentedWebSocket({ closedPort } = {}) {
  const frames = [];
  const sockets = [];
  const network = {
    offline: false,
    closedPort,
    current() {
      return sockets.filter((s) => s.readyState === WebSocket.OPEN).at(-1);
    },
    cut() {
      const s = network.current();
      if (s) s.terminate();
      return Boolean(s);
    },
  };
  class InstrumentedWebSocket extends WebSocket {
    constructor(url, protocols) {
      const target = network.offline ? `ws://127.0.0.1:${network.closedPort}/connection/websocket` : url;
      super(target, protocols);
      sockets.push(this);
      this.on('message', (data) => {
        for (const msg of decodeFrame(data.toString('utf8'))) frames.push({ dir: 'in', msg, at: Date.now() });
      });
    }

    send(data, ...rest) {
      if (typeof data === 'string') {
        for (const msg of decodeFrame(data)) frames.push({ dir: 'out', msg, at: Date.now() });
      }
      return super.send(data, ...rest);
    }
  }
  return { WebSocket: InstrumentedWebSocket, frames, sockets, network };
}

/** Formats recorded frames for failure messages. */
export function formatFrames(frames, max = 60) {
  const tail = frames.slice(-max);
  return tail.map((f) => `${f.dir === 'in' ? '<-' : '->'} ${JSON.stringify(f.msg)}`).join('\n');
}

/**
 * A raw client speaking the Centrifugo JSON protocol over `ws`, with no SDK in between.
 * It answers server pings ({}) with pongs ({}) like a real client.
 */
export class RawClient {
  static open(url, { timeoutMs = 5000, wsOptions = {}, autoPong = true } = {}) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, wsOptions);
      const client = new RawClient(ws, { autoPong });
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`raw websocket to ${url} did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(client);
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`raw websocket to ${url} failed: ${err.message}`));
      });
    });
  }

  constructor(ws, { autoPong = true } = {}) {
    this.ws = ws;
    this.autoPong = autoPong;
    this.pings = []; // arrival times of server pings ({})
    this.received = []; // decoded objects, in order
    this.closed = null; // { code, reason, at }
    this.errors = [];
    this.nextId = 1;
    ws.on('message', (data) => {
      for (const msg of decodeFrame(data.toString('utf8'))) {
        this.received.push(msg);
        if (msg && typeof msg === 'object' && !msg.__unparsed && Object.keys(msg).length === 0) {
          // Server ping -> pong.
          this.pings.push(Date.now());
          if (this.autoPong && ws.readyState === WebSocket.OPEN) ws.send('{}');
        }
      }
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8'), at: Date.now() };
    });
    ws.on('error', (err) => this.errors.push(err));
  }

  /** Sends an object (JSON encoded) or a string/Buffer as is. */
  send(payload) {
    this.ws.send(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
  }

  /** Sends {id, ...command} and returns the reply with that id; throws if the socket closes first. */
  async command(command, { timeoutMs = 5000 } = {}) {
    const id = this.nextId++;
    this.send({ id, ...command });
    return this.waitReply(id, { timeoutMs, command });
  }

  async waitReply(id, { timeoutMs = 5000, command } = {}) {
    await waitFor(
      () => this.received.some((m) => m && m.id === id) || this.closed,
      timeoutMs,
      () => `a reply with id ${id} to ${JSON.stringify(command)}; received so far: ${JSON.stringify(this.received)}`,
    );
    const reply = this.received.find((m) => m && m.id === id);
    if (!reply) {
      throw new Error(
        `the server closed the socket (code ${this.closed.code}, reason ${JSON.stringify(this.closed.reason)}) ` +
          `instead of replying to ${JSON.stringify(command)}`,
      );
    }
    return reply;
  }

  /** Connects (protocol v2 connect command) and returns the connect result; throws on an error reply. */
  async connect(params = {}) {
    const reply = await this.command({ connect: params });
    if (reply.error) throw new Error(`connect failed: ${JSON.stringify(reply.error)}`);
    return reply.connect;
  }

  /** Waits for the close and returns { code, reason }. */
  async waitClose({ timeoutMs = 5000, what = 'the server to close the socket' } = {}) {
    await waitFor(() => this.closed, timeoutMs, () => `${what}; received so far: ${JSON.stringify(this.received)}`);
    return this.closed;
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}
