// Engine.IO protocol v4 (EIO=4) at the wire, against the raw Engine.IO echo endpoint of the example server.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEcho } from '../lib/targets.mjs';
import { PING_INTERVAL, PING_TIMEOUT, Wire, openPolling, request, sleep } from '../lib/wire.mjs';

let server;
let base;
let ws;
const path = '/engine.io/';
const url = (query) => `${base}${path}?EIO=4&${query}`;
const wsUrl = (query) => `${ws}${path}?EIO=4&${query}`;
const open = () => openPolling(base, path, 4);

before(async () => {
  server = await startEcho();
  base = server.http;
  ws = server.ws;
});
after(() => server.stop());

describe('Engine.IO v4 handshake', () => {
  it('opens a long-polling session with exactly the five documented fields', async () => {
    const r = await request(url('transport=polling'), { headers: { Origin: 'https://app.example.com' } });
    assert.equal(r.status, 200);
    assert.equal(r.type, 'text/plain; charset=UTF-8');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal(r.text[0], '0');
    const open = JSON.parse(r.text.slice(1));
    assert.deepEqual(Object.keys(open).sort(), ['maxPayload', 'pingInterval', 'pingTimeout', 'sid', 'upgrades']);
    assert.equal(typeof open.sid, 'string');
    assert.deepEqual(open.upgrades, ['websocket']);
    assert.equal(open.pingInterval, PING_INTERVAL);
    assert.equal(open.pingTimeout, PING_TIMEOUT);
    assert.equal(open.maxPayload, 1000000);
  });

  it('opens a WebSocket session that offers no upgrades', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    const first = await socket.next();
    assert.equal(first[0], '0');
    const open = JSON.parse(first.slice(1));
    assert.deepEqual(Object.keys(open).sort(), ['maxPayload', 'pingInterval', 'pingTimeout', 'sid', 'upgrades']);
    assert.deepEqual(open.upgrades, []);
    socket.close();
  });

  it('refuses a missing or unknown protocol version with 400', async () => {
    // stricter than the Node server with allowEIO3, which takes a missing EIO for 3, as the v4 suite demands
    for (const q of ['transport=polling', 'EIO=abc&transport=polling', 'EIO=5&transport=polling']) {
      const r = await request(`${base}${path}?${q.replace(/^EIO=4&/, '')}`);
      assert.equal(r.status, 400, q);
    }
    const r = await request(`${base}${path}?EIO=5&transport=polling`);
    assert.deepEqual(JSON.parse(r.text), { code: 5, message: 'Unsupported protocol version' });
  });

  it('refuses a missing or unknown transport with 400 "Transport unknown"', async () => {
    for (const q of ['', '&transport=abc']) {
      const r = await request(`${base}${path}?EIO=4${q}`);
      assert.equal(r.status, 400);
      assert.deepEqual(JSON.parse(r.text), { code: 0, message: 'Transport unknown' });
    }
  });

  it('refuses a handshake that is not a GET', async () => {
    const post = await request(url('transport=polling'), { method: 'POST' });
    assert.equal(post.status, 400);
    assert.deepEqual(JSON.parse(post.text), { code: 2, message: 'Bad handshake method' });
    const put = await request(url('transport=polling'), { method: 'PUT' });
    assert.equal(put.status, 400);
  });

  it('closes WebSocket handshakes with a bad version or transport', async () => {
    for (const u of [`${ws}${path}?transport=websocket`, `${ws}${path}?EIO=abc&transport=websocket`,
      `${ws}${path}?EIO=4`, `${ws}${path}?EIO=4&transport=abc`]) {
      await new Wire(u).closedWithin();
    }
  });

  it('answers a transport=websocket request without an upgrade with 400 "Bad request"', async () => {
    const r = await request(url('transport=websocket'));
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { code: 3, message: 'Bad request' });
  });

  it('answers an unknown sid with 400 "Session ID unknown"', async () => {
    const r = await request(url('transport=polling&sid=nope'));
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { code: 1, message: 'Session ID unknown' });
  });

  it('answers a CORS preflight', async () => {
    const res = await fetch(url('transport=polling'), {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
  });
});

describe('Engine.IO v4 messages over long-polling', () => {
  async function exchange(body) {
    const sid = await open();
    const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body });
    assert.equal(push.status, 200);
    assert.equal(push.text, 'ok');
    const poll = await request(url(`transport=polling&sid=${sid}`));
    assert.equal(poll.status, 200);
    return poll.text;
  }

  it('echoes one text packet', async () => {
    assert.equal(await exchange('4hello'), '4hello');
  });

  it('echoes several packets joined by the record separator', async () => {
    assert.equal(await exchange('4test1\x1e4test2\x1e4test3'), '4test1\x1e4test2\x1e4test3');
  });

  it('echoes text and base64 binary packets', async () => {
    assert.equal(await exchange('4hello\x1ebAQIDBA=='), '4hello\x1ebAQIDBA==');
  });

  it('closes the session on a packet it cannot read', async () => {
    // the Node server answers this POST with 200 (its suite does not check); 400 says what went wrong
    const sid = await open();
    const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: 'abc' });
    assert.equal(push.status, 400);
    const poll = await request(url(`transport=polling&sid=${sid}`));
    assert.equal(poll.status, 400);
  });

  it('refuses a binary body from a v4 client and closes the session', async () => {
    const sid = await open();
    const push = await request(url(`transport=polling&sid=${sid}`), {
      method: 'POST', body: '4hello', headers: { 'Content-Type': 'application/octet-stream' },
    });
    assert.equal(push.status, 400);
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });

  it('closes the session on two polls at once', async () => {
    const sid = await open();
    const [first, second] = await Promise.all([
      request(url(`transport=polling&sid=${sid}`)),
      sleep(20).then(() => request(url(`transport=polling&sid=${sid}&t=burst`))),
    ]);
    assert.equal(first.status, 200);
    assert.equal(first.text, '1');
    assert.equal(second.status, 400);
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });

  it('closes the session when the client abandons its poll', async () => {
    const sid = await open();
    const controller = new AbortController();
    const abandoned = request(url(`transport=polling&sid=${sid}`), { signal: controller.signal }).catch(() => null);
    await sleep(50);
    controller.abort();
    await abandoned;
    await sleep(50);
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });

  it('answers a body over maxPayload with 413 and closes the session', async () => {
    const sid = await open();
    const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '4' + 'x'.repeat(1_000_001) });
    assert.equal(push.status, 413);
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });
});

describe('Engine.IO v4 messages over WebSocket', () => {
  async function connected() {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next(); // open packet
    return socket;
  }

  it('echoes a text packet', async () => {
    const socket = await connected();
    socket.send('4hello');
    assert.equal(await socket.nextSkippingPings(), '4hello');
    socket.close();
  });

  it('echoes a binary packet as raw bytes', async () => {
    const socket = await connected();
    socket.send(Uint8Array.from([1, 2, 3, 4]));
    assert.deepEqual(await socket.nextSkippingPings(), Buffer.from([1, 2, 3, 4]));
    socket.close();
  });

  it('closes on a packet it cannot read', async () => {
    const socket = await connected();
    socket.send('abc');
    await socket.closedWithin();
  });

  it('closes on a ping from the client, which pings only in v3', async () => {
    const socket = await connected();
    socket.send('2');
    await socket.closedWithin();
  });

  it('closes with 1009 on a frame over maxPayload', async () => {
    const socket = await connected();
    socket.send('4' + 'x'.repeat(1_000_001));
    const { code } = await socket.closedWithin();
    assert.equal(code, 1009);
  });
});

describe('Engine.IO v4 heartbeat', () => {
  it('pings over long-polling and keeps the session while pongs come back', async () => {
    const sid = await open();
    for (let i = 0; i < 3; i++) {
      const poll = await request(url(`transport=polling&sid=${sid}`));
      assert.equal(poll.text, '2');
      const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '3' });
      assert.equal(push.status, 200);
    }
  });

  it('closes a polling session within pingInterval + pingTimeout when no pong comes', async () => {
    const sid = await open();
    await sleep(PING_INTERVAL + PING_TIMEOUT + 30);
    const poll = await request(url(`transport=polling&sid=${sid}`));
    assert.ok(poll.status === 400 || (poll.status === 200 && poll.text === '1'), `${poll.status} ${poll.text}`);
  });

  it('pings over WebSocket and keeps the session while pongs come back', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    for (let i = 0; i < 3; i++) {
      assert.equal(await socket.next(), '2');
      socket.send('3');
    }
    socket.close();
  });

  it('closes a WebSocket session that does not answer pings', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.closedWithin(2000);
  });
});

describe('Engine.IO v4 close', () => {
  it('ends a polling session on a close packet, answering the pending poll with noop', async () => {
    const sid = await open();
    const [poll] = await Promise.all([
      request(url(`transport=polling&sid=${sid}`)),
      sleep(20).then(() => request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '1' })),
    ]);
    assert.equal(poll.status, 200);
    assert.equal(poll.text, '6');
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });

  it('closes a WebSocket session on a close packet', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    socket.send('1');
    await socket.closedWithin();
  });
});

describe('Engine.IO v4 upgrade', () => {
  /** A polling session and a WebSocket for it whose probe was answered. */
  async function probed() {
    const sid = await open();
    const socket = new Wire(wsUrl(`transport=websocket&sid=${sid}`));
    await socket.opened;
    socket.send('2probe');
    assert.equal(await socket.next(), '3probe');
    return { sid, socket };
  }

  /** Completes the upgrade and checks the WebSocket carries messages. */
  async function completeAndEcho(socket) {
    socket.send('5');
    socket.send('4hello');
    assert.equal(await socket.nextSkippingPings(), '4hello');
    socket.close();
  }

  it('upgrades from long-polling to WebSocket with the probe', async () => {
    const { sid, socket } = await probed();
    const poll = await request(url(`transport=polling&sid=${sid}`));
    assert.equal(poll.text, '6');
    await completeAndEcho(socket);
  });

  it('ends every poll of an upgrading session with noop', async () => {
    const { sid, socket } = await probed();
    for (let i = 0; i < 3; i++) {
      const poll = await request(url(`transport=polling&sid=${sid}`));
      assert.ok(['6', '2'].includes(poll.text), poll.text); // a heartbeat may fall due meanwhile
    }
    await completeAndEcho(socket);
  });

  it('answers the pending poll with noop when the probe arrives', async () => {
    const sid = await open();
    const pending = request(url(`transport=polling&sid=${sid}`));
    await sleep(30);
    const socket = new Wire(wsUrl(`transport=websocket&sid=${sid}`));
    await socket.opened;
    socket.send('2probe');
    assert.equal(await socket.next(), '3probe');
    assert.equal((await pending).text, '6');
    socket.close();
  });

  it('refuses HTTP requests with the sid once upgraded', async () => {
    const sid = await open();
    const socket = new Wire(wsUrl(`transport=websocket&sid=${sid}`));
    await socket.opened;
    socket.send('2probe');
    socket.send('5');
    assert.equal(await socket.next(), '3probe');
    socket.send('4upgraded'); // its echo proves the upgrade done, however slow the first run is
    assert.equal(await socket.nextSkippingPings(), '4upgraded');
    const poll = await request(url(`transport=polling&sid=${sid}`));
    assert.equal(poll.status, 400, poll.text);
    socket.send('4hello');
    assert.equal(await socket.nextSkippingPings(), '4hello');
    socket.close();
  });

  it('opens, then closes, a second WebSocket for an upgraded sid, and keeps the first', async () => {
    const sid = await open();
    const socket = new Wire(wsUrl(`transport=websocket&sid=${sid}`));
    await socket.opened;
    socket.send('2probe');
    socket.send('5');
    assert.equal(await socket.next(), '3probe');
    socket.send('4upgraded');
    assert.equal(await socket.nextSkippingPings(), '4upgraded');
    // as the reference server does: the handshake completes, then the server closes that socket
    const second = new Wire(wsUrl(`transport=websocket&sid=${sid}`));
    await second.opened;
    const { code } = await second.closedWithin();
    assert.equal(code, 1000);
    socket.send('4hello');
    assert.equal(await socket.nextSkippingPings(), '4hello');
    socket.close();
  });

  it('delivers over the WebSocket what was buffered during the upgrade', async () => {
    const { sid, socket } = await probed();
    const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '4during' });
    assert.equal(push.status, 200);
    socket.send('5');
    assert.equal(await socket.nextSkippingPings(), '4during');
    socket.close();
  });
});
