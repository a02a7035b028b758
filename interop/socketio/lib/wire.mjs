// Raw Engine.IO / Socket.IO at the wire: a WebSocket with a queue of received messages, and polling requests.

import WebSocket from 'ws';

/** A WebSocket whose messages queue up until a test takes them; binary messages arrive as Buffers. */
export class Wire {
  constructor(url) {
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'nodebuffer';
    this.queue = [];
    this.waiters = [];
    this.ws.on('message', (data, isBinary) => {
      const value = isBinary ? Buffer.from(data) : data.toString('utf8');
      const waiter = this.waiters.shift();
      if (waiter) waiter(value);
      else this.queue.push(value);
    });
    this.ws.on('error', () => {}); // refused handshakes end in 'close', which is what the tests look at
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('close', () => reject(new Error(`WebSocket ${url} closed before it opened`)));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** The next message, or an error after timeoutMs. */
  next(timeoutMs = 3000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(done);
    });
  }

  /** The next message that is not an Engine.IO v4 ping ("2"). */
  async nextSkippingPings(timeoutMs = 3000) {
    for (;;) {
      const m = await this.next(timeoutMs);
      if (m !== '2') return m;
    }
  }

  send(data) {
    this.ws.send(data);
  }

  /** Resolves with the close, or rejects if the socket is still open after timeoutMs. */
  closedWithin(timeoutMs = 3000) {
    return Promise.race([
      this.closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs)),
    ]);
  }

  close() {
    this.ws.terminate();
  }
}

/** A polling request; the answer as { status, type, text, bytes }. */
export async function request(url, { method = 'GET', body, headers, signal } = {}) {
  const res = await fetch(url, { method, body, headers, signal });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: bytes.toString('utf8'), bytes };
}

/** Opens a long-polling session and returns its sid. v3 answers carry a length prefix. */
export async function openPolling(base, path, eio, extra = '') {
  const r = await request(`${base}${path}?EIO=${eio}&transport=polling${extra}`);
  if (r.status !== 200) throw new Error(`handshake answered ${r.status}: ${r.text}`);
  const packet = eio === 3 ? r.text.slice(r.text.indexOf(':') + 1) : r.text;
  return JSON.parse(packet.slice(1)).sid;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 200;
