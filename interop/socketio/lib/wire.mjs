// Raw Engine.IO / Socket.IO at the wire: a WebSocket with a queue of received messages, and polling requests.

import assert from 'node:assert/strict';
import http from 'node:http';
import WebSocket from 'ws';

const openWires = new Set(); // every Wire not yet closed, for closeWires()

/** Closes every Wire still open: for afterEach, as a Wire keeps its heartbeat going after a failed test. */
export function closeWires() {
  for (const wire of openWires) wire.close();
}

/**
 * A WebSocket whose messages queue up until a test takes them; binary messages arrive as Buffers.
 *
 * By default it keeps the heartbeat going, so the server never closes it for want of one and a test is not
 * bound to finish within pingInterval + pingTimeout: with EIO=4 it answers the server's pings ("2") with "3",
 * with EIO=3 it pings ("2") itself once it has the open packet and takes the server's "3" answers. Those
 * heartbeat packets are not queued. `{ heartbeat: false }` gives the raw stream, for tests of the heartbeat.
 */
export class Wire {
  constructor(url, { heartbeat = true } = {}) {
    this.eio = new URL(url).searchParams.get('EIO') === '3' ? 3 : 4;
    this.heartbeat = heartbeat;
    this.pings = 0; // pings answered (EIO=4)
    this.pingWaiters = [];
    this.ws = new WebSocket(url);
    openWires.add(this);
    this.ws.binaryType = 'nodebuffer';
    this.queue = [];
    this.waiters = [];
    this.ws.on('message', (data, isBinary) => {
      const value = isBinary ? Buffer.from(data) : data.toString('utf8');
      if (this.heartbeat && this.onHeartbeat(value)) return;
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
    this.refused = new Promise((resolve) => {
      this.ws.once('unexpected-response', (req, res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode, type: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') });
          this.ws.terminate();
        });
      });
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => {
      openWires.delete(this);
      clearInterval(this.pinger);
      resolve({ code, reason: String(reason) });
    }));
  }

  /** True when `value` was a heartbeat packet, answered or taken here. */
  onHeartbeat(value) {
    if (this.eio === 4) {
      if (value !== '2') return false;
      this.ws.send('3');
      this.pings++;
      for (const w of this.pingWaiters.splice(0)) w();
      return true;
    }
    if (value === '3') return true;
    if (!this.pinger && typeof value === 'string' && value[0] === '0') {
      // more often than the pingInterval the server expects, so a late timer on a loaded machine is harmless
      const { pingInterval } = JSON.parse(value.slice(1));
      this.pinger = setInterval(() => this.ws.readyState === WebSocket.OPEN && this.ws.send('2'), pingInterval / 2);
      this.pinger.unref();
    }
    return false;
  }

  /** Resolves when the next server ping has been answered (EIO=4 with the heartbeat on). */
  pinged(timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ping within ${timeoutMs} ms`)), timeoutMs);
      this.pingWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
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

  /** The next message that is not an Engine.IO v4 ping ("2"), for sockets whose pings are not answered here. */
  async nextSkippingPings(timeoutMs = 3000) {
    for (;;) {
      const m = await this.next(timeoutMs);
      if (m !== '2') return m;
    }
  }

  /** { message } for the next message, or { close } if the socket closes first; an error after timeoutMs. */
  nextOrClose(timeoutMs = 5000) {
    if (this.queue.length) return Promise.resolve({ message: this.queue.shift() });
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      const done = (message) => {
        finish();
        resolve({ message });
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`neither a message nor the close within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(done);
      this.closed.then((close) => {
        finish();
        resolve({ close });
      });
    });
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

  /** The HTTP answer { status, type, text } that refused the WebSocket handshake; rejects if it opened. */
  refusal(timeoutMs = 5000) {
    return Promise.race([
      this.refused,
      this.opened.then(() => {
        this.close();
        throw new Error('the WebSocket handshake succeeded');
      }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
  }

  close() {
    this.ws.terminate();
  }
}

/**
 * Asserts that the server closes `socket` with a close frame before it sends anything more. Tests send a
 * request the server would answer (an echo) right after the bad input, so a server that ignored the bad input
 * fails here; the heartbeat is kept by the Wire, so it cannot be what closed the socket.
 */
export async function assertClosedWithoutAnswer(socket, timeoutMs = 5000) {
  const got = await socket.nextOrClose(timeoutMs);
  assert.equal(got.message, undefined, `answered instead of closing: ${got.message}`);
  // Switchboard closes with 1000; the Node server's ws closes with a frame that has no code, read as 1005
  assert.ok([1000, 1005].includes(got.close.code), `close code ${got.close.code}`);
  return got.close;
}

/** A polling request; the answer as { status, type, text, bytes }. A poll nobody answers fails after 10 s. */
export async function request(url, { method = 'GET', body, headers, signal = AbortSignal.timeout(10_000) } = {}) {
  const res = await fetch(url, { method, body, headers, signal });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: bytes.toString('utf8'), bytes };
}

/**
 * A GET on a connection of its own: `sent` resolves once the request has been written to that connection and
 * the server has since answered a request on another one, `answer` with { status, text }; abandon() drops
 * the connection unanswered, as a client that gives up its poll does. Unanswered, it fails after 10 s.
 * Two connections are read by different loops, so a request written first is not always read first: the GET
 * goes out on a connection already open and used (a fresh one must still be accepted and registered), and
 * the round trip after it gives the server's loops time to read it (a later POST was read first in 39% of
 * runs without either, 12% with the first, 0 of 600 with both).
 */
export function sentRequest(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (target) => {
    const req = http.get(target, { agent, timeout: 10_000 });
    req.once('timeout', () => req.destroy(new Error(`no answer to ${target} within 10 s`)));
    return req;
  };
  const answered = (req) => new Promise((resolve, reject) => {
    req.once('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.once('error', reject);
  });
  const request = answered(get(new URL('/', url))).then(() => get(url));
  const sent = request.then((req) => new Promise((resolve, reject) => {
    req.once('finish', resolve);
    req.once('error', reject);
  })).then(() => fetch(new URL('/', url))).then((res) => res.arrayBuffer());
  const answer = request.then(answered).finally(() => agent.destroy());
  sent.catch(() => {});
  answer.catch(() => {});
  return { sent, answer, abandon: () => request.then((req) => req.destroy()) };
}

/** Opens a long-polling session and returns its sid. v3 answers carry a length prefix. */
export async function openPolling(base, path, eio, extra = '') {
  const r = await request(`${base}${path}?EIO=${eio}&transport=polling${extra}`);
  if (r.status !== 200) throw new Error(`handshake answered ${r.status}: ${r.text}`);
  const packet = eio === 3 ? r.text.slice(r.text.indexOf(':') + 1) : r.text;
  return JSON.parse(packet.slice(1)).sid;
}

/**
 * How many times a test tries a run whose outcome hangs on which of two connections the server reads first
 * (or on a heartbeat falling due). A run that shows nothing is tried again; on a loaded machine most may.
 */
export const ORDERING_ATTEMPTS = 20;

export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 200;
