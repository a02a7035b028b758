// Engine.IO protocol v3 (EIO=3, what Socket.IO 2.x clients speak) at the wire, against the raw echo endpoint.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEcho } from '../lib/targets.mjs';
import { PING_INTERVAL, PING_TIMEOUT, Wire, openPolling, request, sleep } from '../lib/wire.mjs';

let server;
let base;
let ws;
const path = '/engine.io/';
const url = (query) => `${base}${path}?EIO=3&${query}`;
const wsUrl = (query) => `${ws}${path}?EIO=3&${query}`;
// clients that cannot take binary ask for base64 with b64=1 on the handshake; the session remembers it
const open = (binary = false) => openPolling(base, path, 3, binary ? '' : '&b64=1');

before(async () => {
  server = await startEcho();
  base = server.http;
  ws = server.ws;
});
after(() => server.stop());

describe('Engine.IO v3 handshake', () => {
  it('opens a long-polling session in a length-prefixed payload', async () => {
    const r = await request(url('transport=polling'));
    assert.equal(r.status, 200);
    const colon = r.text.indexOf(':');
    const length = r.text.slice(0, colon);
    const packet = r.text.slice(colon + 1);
    assert.equal(length, String(packet.length));
    assert.equal(packet[0], '0');
    const value = JSON.parse(packet.slice(1));
    assert.deepEqual(Object.keys(value).sort(), ['maxPayload', 'pingInterval', 'pingTimeout', 'sid', 'upgrades']);
    assert.deepEqual(value.upgrades, ['websocket']);
    assert.equal(value.pingInterval, PING_INTERVAL);
    assert.equal(value.pingTimeout, PING_TIMEOUT);
    assert.equal(value.maxPayload, 1000000);
  });

  it('opens a WebSocket session that offers no upgrades', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    const value = JSON.parse((await socket.next()).slice(1));
    assert.deepEqual(value.upgrades, []);
    socket.close();
  });

  it('refuses a bad transport or a handshake that is not a GET', async () => {
    assert.equal((await request(`${base}${path}?EIO=3`)).status, 400);
    assert.equal((await request(url('transport=abc'))).status, 400);
    assert.equal((await request(url('transport=polling'), { method: 'POST' })).status, 400);
  });
});

describe('Engine.IO v3 messages over long-polling', () => {
  async function exchange(body, binary = false) {
    const sid = await open(binary);
    const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body });
    assert.equal(push.status, 200);
    assert.equal(push.text, 'ok');
    return request(url(`transport=polling&sid=${sid}`));
  }

  it('echoes one text packet', async () => {
    assert.equal((await exchange('6:4hello')).text, '6:4hello');
  });

  it('echoes several packets, each with its length', async () => {
    assert.equal((await exchange('6:4test16:4test26:4test3')).text, '6:4test16:4test26:4test3');
  });

  it('counts lengths in UTF-16 code units', async () => {
    assert.equal((await exchange('2:4€')).text, '2:4€');
  });

  it('echoes base64 binary packets to a client that asked for base64', async () => {
    assert.equal((await exchange('6:4hello10:b4AQIDBA==')).text, '6:4hello10:b4AQIDBA==');
  });

  it('answers a client that takes binary with an XHR2 binary payload', async () => {
    const poll = await exchange('6:4hello10:b4AQIDBA==', true);
    assert.equal(poll.type, 'application/octet-stream');
    assert.deepEqual([...poll.bytes], [0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4]);
  });

  it('reads an XHR2 binary payload', async () => {
    const sid = await open(true);
    const body = Uint8Array.from([0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4]);
    const push = await request(url(`transport=polling&sid=${sid}`), {
      method: 'POST', body, headers: { 'Content-Type': 'application/octet-stream' },
    });
    assert.equal(push.status, 200);
    const poll = await request(url(`transport=polling&sid=${sid}`));
    assert.deepEqual([...poll.bytes], [...body]);
  });

  it('closes the session on a payload it cannot read', async () => {
    const sid = await open();
    await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: 'abc' });
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });

  it('closes the session on two polls at once', async () => {
    const sid = await open();
    const [first, second] = await Promise.all([
      request(url(`transport=polling&sid=${sid}`)),
      sleep(20).then(() => request(url(`transport=polling&sid=${sid}&t=burst`))),
    ]);
    assert.equal(first.text, '1:1');
    assert.equal(second.status, 400);
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });
});

describe('Engine.IO v3 messages over WebSocket', () => {
  it('echoes a text packet', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    socket.send('4hello');
    assert.equal(await socket.next(), '4hello');
    socket.close();
  });

  it('echoes a binary packet, the type in its first byte', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    socket.send(Uint8Array.from([4, 1, 2, 3, 4]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 1, 2, 3, 4]));
    socket.close();
  });

  it('closes on a packet it cannot read', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    socket.send('abc');
    await socket.closedWithin();
  });
});

describe('Engine.IO v3 heartbeat (the client pings)', () => {
  it('answers pings over long-polling', async () => {
    const sid = await open();
    for (let i = 0; i < 3; i++) {
      assert.equal((await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '1:2' })).status, 200);
      assert.equal((await request(url(`transport=polling&sid=${sid}`))).text, '1:3');
    }
  });

  it('closes a polling session that stops pinging', async () => {
    const sid = await open();
    await sleep(PING_INTERVAL + PING_TIMEOUT + 100);
    const push = await request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '1:2' });
    assert.equal(push.status, 400);
  });

  it('answers pings over WebSocket', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    for (let i = 0; i < 3; i++) {
      socket.send('2');
      assert.equal(await socket.next(), '3');
    }
    socket.close();
  });

  it('closes a WebSocket session that does not ping', async () => {
    await new Wire(wsUrl('transport=websocket')).closedWithin(2000);
  });
});

describe('Engine.IO v3 close and upgrade', () => {
  it('ends a polling session on a close packet', async () => {
    const sid = await open();
    const [poll] = await Promise.all([
      request(url(`transport=polling&sid=${sid}`)),
      sleep(20).then(() => request(url(`transport=polling&sid=${sid}`), { method: 'POST', body: '1:1' })),
    ]);
    assert.equal(poll.text, '1:6');
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
  });

  it('closes a WebSocket session on a close packet', async () => {
    const socket = new Wire(wsUrl('transport=websocket'));
    await socket.next();
    socket.send('1');
    await socket.closedWithin();
  });

  it('upgrades from long-polling to WebSocket', async () => {
    const sid = await open();
    const socket = new Wire(wsUrl(`transport=websocket&sid=${sid}`));
    await socket.opened;
    socket.send('2probe');
    assert.equal(await socket.next(), '3probe');
    for (let i = 0; i < 2; i++) assert.equal((await request(url(`transport=polling&sid=${sid}`))).text, '1:6');
    socket.send('5');
    socket.send('4hello');
    assert.equal(await socket.next(), '4hello');
    assert.equal((await request(url(`transport=polling&sid=${sid}`))).status, 400);
    await new Wire(wsUrl(`transport=websocket&sid=${sid}`)).closedWithin();
    socket.close();
  });
});
