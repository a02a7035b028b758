// Raw Pusher/Broadcastt frames over `ws`, for what the official client will not send or hides.

import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { DEFAULT_TIMEOUT_MS } from './harness.mjs';

/**
 * A WebSocket whose JSON frames queue up until a test takes them with next(). Every frame received is also
 * kept in `received` (parsed, or {unparsed: text}), and `closed` resolves with {code, reason}.
 */
export class Wire {
  static async open(url, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const wire = new Wire(url);
    await withTimeout(wire.opened, timeoutMs, `open ${url}`);
    return wire;
  }

  constructor(url) {
    this.url = url;
    this.ws = new WebSocket(url);
    this.received = [];
    this.queue = [];
    this.waiters = [];
    this.ws.on('message', (data) => {
      const text = data.toString('utf8');
      let msg;
      try {
        msg = JSON.parse(text);
      } catch {
        msg = { unparsed: text };
      }
      this.received.push(msg);
      this.queue.push(msg);
      this.drain();
    });
    this.ws.on('error', () => {}); // a refused handshake ends in 'close', which the tests read
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('close', () => reject(new Error(`${url} closed before it opened`)));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  drain() {
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i];
      const at = this.queue.findIndex(w.filter);
      if (at >= 0) {
        const [msg] = this.queue.splice(at, 1);
        this.waiters.splice(i--, 1);
        clearTimeout(w.timer);
        w.resolve(msg);
      }
    }
  }

  /** The next frame (taken from the queue) for which filter holds, or a rejection after timeoutMs. */
  next(filter = () => true, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const pred = typeof filter === 'string' ? (m) => m.event === filter : filter;
    return new Promise((resolve, reject) => {
      const waiter = { filter: pred, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms on ${this.url}; received: ${JSON.stringify(this.received)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
      this.drain();
    });
  }

  send(payload) {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  close() {
    this.ws.terminate();
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

/** key:hex(HMAC-SHA256(secret, socketId:channel[:channelData])), the private/presence channel signature. */
export function channelAuth(key, secret, socketId, channel, channelData) {
  const text = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return `${key}:${createHmac('sha256', secret).update(text).digest('hex')}`;
}

/** The socket id of a connection_established frame (either dialect), whose data is a JSON string. */
export function socketIdOf(frame) {
  return JSON.parse(frame.data).socket_id;
}
