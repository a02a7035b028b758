// Socket.IO protocol v5 (EIO=4, socket.io-client 3.x/4.x) at the wire, against the example's echo namespaces.
// The Wire answers the server's pings, so only the input a test sends can end a connection; a test that
// expects the close sends an event after the bad input, which a server that went on reading would answer.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startEcho } from '../lib/targets.mjs';
import { Wire, assertClosedWithoutAnswer, closeWires, openPolling, request } from '../lib/wire.mjs';

const CONNECT_TIMEOUT = 1000; // the example's

let server;
const wsUrl = () => `${server.ws}/socket.io/?EIO=4&transport=websocket`;

before(async () => {
  server = await startEcho();
});
afterEach(closeWires);
after(() => server.stop());

async function engine() {
  const socket = new Wire(wsUrl());
  await socket.next(); // Engine.IO open
  return socket;
}

/** Connected to the main namespace, with the connect reply and the "auth" event taken. */
async function connected() {
  const socket = await engine();
  socket.send('40');
  await socket.next();
  await socket.next();
  return socket;
}

describe('Socket.IO v5 connect', () => {
  it('connects to the main namespace only when asked, answering with the socket id alone', async () => {
    const socket = await engine();
    socket.send('40');
    const reply = await socket.next();
    assert.equal(reply.slice(0, 2), '40');
    const handshake = JSON.parse(reply.slice(2));
    assert.deepEqual(Object.keys(handshake), ['sid']);
    assert.equal(typeof handshake.sid, 'string');
    assert.equal(await socket.next(), '42["auth",{}]');
    socket.close();
  });

  it('hands the auth payload to the namespace', async () => {
    const socket = await engine();
    socket.send('40{"token":"123"}');
    assert.deepEqual(Object.keys(JSON.parse((await socket.next()).slice(2))), ['sid']);
    assert.equal(await socket.next(), '42["auth",{"token":"123"}]');
    socket.close();
  });

  it('connects to a custom namespace, with or without a payload or a trailing comma', async () => {
    for (const [packet, auth] of [['40/custom,', '{}'], ['40/custom', '{}'], ['40/custom,{"token":"abc"}', '{"token":"abc"}']]) {
      const socket = await engine();
      socket.send(packet);
      const reply = await socket.next();
      assert.equal(reply.slice(0, 10), '40/custom,');
      assert.deepEqual(Object.keys(JSON.parse(reply.slice(10))), ['sid']);
      assert.equal(await socket.next(), `42/custom,["auth",${auth}]`);
      socket.close();
    }
  });

  it('refuses an unknown namespace with CONNECT_ERROR and keeps the connection', async () => {
    const socket = await engine();
    socket.send('40/random');
    assert.equal(await socket.next(), '44/random,{"message":"Invalid namespace"}');
    socket.send('40');
    assert.equal((await socket.next()).slice(0, 2), '40');
    socket.close();
  });

  it('gives each namespace its own socket id, distinct from the Engine.IO sid', async () => {
    const socket = new Wire(wsUrl());
    const eioSid = JSON.parse((await socket.next()).slice(1)).sid;
    socket.send('40');
    const main = JSON.parse((await socket.next()).slice(2)).sid;
    await socket.next();
    socket.send('40/custom,');
    const custom = JSON.parse((await socket.next()).slice(10)).sid;
    assert.notEqual(main, eioSid);
    assert.notEqual(main, custom);
    socket.close();
  });

  it('closes the connection on an invalid handshake', async () => {
    const socket = await engine();
    socket.send('4abc');
    socket.send('40');
    await assertClosedWithoutAnswer(socket);
  });

  it('closes the connection on an event before any CONNECT', async () => {
    const socket = await engine();
    socket.send('42["message","early"]');
    socket.send('40');
    await assertClosedWithoutAnswer(socket);
  });

  it('closes the connection on a second CONNECT to a joined namespace', async () => {
    const socket = await connected();
    socket.send('40');
    socket.send('42["message","after"]');
    await assertClosedWithoutAnswer(socket);
  });

  it('closes a connection that joins no namespace within the connect timeout', async () => {
    const start = performance.now();
    const socket = await engine();
    await assertClosedWithoutAnswer(socket, CONNECT_TIMEOUT + 5000);
    assert.ok(performance.now() - start >= CONNECT_TIMEOUT, `closed after ${performance.now() - start} ms`);
    assert.ok(socket.pings > 0, 'the heartbeat was kept meanwhile');
  });

  it('connects over long-polling too', async () => {
    const base = server.http;
    const sid = await openPolling(base, '/socket.io/', 4);
    const url = `${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    assert.equal((await request(url, { method: 'POST', body: '40' })).status, 200);
    const poll = await request(url);
    const [reply, auth] = poll.text.split('\x1e').filter((p) => p !== '2'); // a slow run may get the first ping
    assert.deepEqual(Object.keys(JSON.parse(reply.slice(2))), ['sid']);
    assert.equal(auth, '42["auth",{}]');
  });
});

describe('Socket.IO v5 disconnect', () => {
  it('leaves the main namespace but keeps the Engine.IO connection', async () => {
    const socket = await engine();
    socket.send('40');
    const first = JSON.parse((await socket.next()).slice(2)).sid;
    await socket.next();
    socket.send('41');
    socket.send('40'); // a second CONNECT to a namespace still joined would close the connection
    const again = await socket.next();
    assert.equal(again.slice(0, 2), '40', again);
    assert.notEqual(JSON.parse(again.slice(2)).sid, first);
    assert.equal(await socket.next(), '42["auth",{}]');
    socket.close();
  });

  it('leaves a custom namespace while the main one stays', async () => {
    const socket = await connected();
    socket.send('40/custom');
    await socket.next();
    await socket.next();
    socket.send('41/custom');
    socket.send('42["message","message to main namespace",1,2]');
    assert.equal(await socket.next(), '42["message-back","message to main namespace",1,2]');
    socket.send('42/custom,["message","gone"]'); // a packet for a namespace it left
    socket.send('42["message","after"]');
    await assertClosedWithoutAnswer(socket);
  });
});

describe('Socket.IO v5 events and acks', () => {
  it('echoes arguments re-serialised compactly, keys in order, numbers as JavaScript writes them', async () => {
    const socket = await connected();
    socket.send('42["message",1,"2",{"3":[true]}]');
    assert.equal(await socket.next(), '42["message-back",1,"2",{"3":[true]}]');
    socket.send('42[ "message" , 1.0 , 1e3 , 1.5e-7 , { "b" : 2 , "a" : null } , "\\u00e9\\n" ]');
    assert.equal(await socket.next(), '42["message-back",1,1000,1.5e-7,{"b":2,"a":null},"é\\n"]');
    socket.close();
  });

  it('echoes binary attachments in order', async () => {
    const socket = await connected();
    socket.send('452-["message",1,{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    socket.send(Uint8Array.from([1, 2, 3]));
    socket.send(Uint8Array.from([4, 5, 6]));
    assert.equal(await socket.next(),
      '452-["message-back",1,{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    assert.deepEqual(await socket.next(), Buffer.from([1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 5, 6]));
    socket.close();
  });

  it('acks an event with the same id', async () => {
    const socket = await connected();
    socket.send('42456["message-with-ack",1,"2",{"3":[false]}]');
    assert.equal(await socket.next(), '43456[1,"2",{"3":[false]}]');
    socket.close();
  });

  it('acks with binary as BINARY_ACK', async () => {
    const socket = await connected();
    socket.send('452-789["message-with-ack",1,{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    socket.send(Uint8Array.from([1, 2, 3]));
    socket.send(Uint8Array.from([4, 5, 6]));
    assert.equal(await socket.next(), '462-789[1,{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    assert.deepEqual(await socket.next(), Buffer.from([1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 5, 6]));
    socket.close();
  });

  it('asks the client for an ack and uses its answer', async () => {
    const socket = await connected();
    socket.send('42["emit-with-ack",1,"2",{"3":[true]}]');
    assert.equal(await socket.next(), '421["emit-with-ack",1,"2",{"3":[true]}]');
    socket.send('431[1,"2",{"3":[true]}]');
    assert.equal(await socket.next(), '42["emit-with-ack",1,"2",{"3":[true]}]');
    socket.close();
  });

  it('asks for an ack with binary and takes a binary answer', async () => {
    const socket = await connected();
    const DATA = '{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},"test"';
    socket.send(`452-["emit-with-ack",${DATA}]`);
    socket.send(Uint8Array.from([1, 2, 3]));
    socket.send(Uint8Array.from([4, 5, 6]));
    assert.equal(await socket.next(), `452-1["emit-with-ack",${DATA}]`);
    assert.deepEqual(await socket.next(), Buffer.from([1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 5, 6]));
    socket.send(`462-1[${DATA}]`);
    socket.send(Uint8Array.from([1, 2, 3]));
    socket.send(Uint8Array.from([4, 5, 6]));
    assert.equal(await socket.next(), `452-["emit-with-ack",${DATA}]`);
    assert.deepEqual(await socket.next(), Buffer.from([1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 5, 6]));
    socket.close();
  });

  it('ignores an ack nobody waits for', async () => {
    const socket = await connected();
    socket.send('4399["late"]');
    socket.send('42["message","still here"]');
    assert.equal(await socket.next(), '42["message-back","still here"]');
    socket.close();
  });
});

describe('Socket.IO v5 bad input', () => {
  for (const [name, packet] of [
    ['an unknown packet type', '4abc'],
    ['an event that is not an array', '42{}'],
    ['an ack id that is not a number', '42abc["message-with-ack",1,"2",{"3":[false]}]'],
    ['an event with a reserved name', '42["disconnect"]'],
    ['JSON with trailing garbage', '42["message"]x'],
    ['a CONNECT_ERROR from a client', '44{"message":"x"}'],
    ['more attachments than allowed', '4511-["message"]'],
  ]) {
    it(`closes the connection on ${name}`, async () => {
      const socket = await connected();
      socket.send(packet);
      socket.send('42["message","after"]');
      await assertClosedWithoutAnswer(socket);
    });
  }

  it('closes the connection on text where binary attachments were due', async () => {
    const socket = await connected();
    socket.send('451-["message",{"_placeholder":true,"num":0}]');
    socket.send('42["message","not the attachment"]');
    // a server that dropped the text would take this as the attachment and answer, as would one that read it
    socket.send(Uint8Array.from([7]));
    socket.send('42["message","after"]');
    await assertClosedWithoutAnswer(socket);
  });

  it('closes the connection on an attachment nobody announced', async () => {
    const socket = await connected();
    socket.send(Uint8Array.from([1, 2, 3]));
    socket.send('42["message","after"]');
    await assertClosedWithoutAnswer(socket);
  });

  it('waits for attachments that are slow to come, without answering early', async () => {
    const socket = await connected();
    socket.send('451-["message",{"_placeholder":true,"num":0}]');
    await socket.pinged(); // a heartbeat goes by, and nothing else comes meanwhile
    assert.deepEqual(socket.queue, []);
    socket.send(Uint8Array.from([7]));
    assert.equal(await socket.next(), '451-["message-back",{"_placeholder":true,"num":0}]');
    assert.deepEqual(await socket.next(), Buffer.from([7]));
    socket.close();
  });
});
