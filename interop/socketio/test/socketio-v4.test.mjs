// Socket.IO protocol v4 (EIO=3, socket.io-client 2.x) at the wire: connected to "/" without asking, auth as a
// query string in the namespace, CONNECT replies without a payload, binary frames with a type byte.
// The Wire pings as a v3 client does, so only the input a test sends can end a connection; a test that
// expects the close sends an event after the bad input, which a server that went on reading would answer.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startEcho } from '../lib/targets.mjs';
import { Wire, assertClosedWithoutAnswer, closeWires, openPolling, request } from '../lib/wire.mjs';

let server;
const wsUrl = () => `${server.ws}/socket.io/?EIO=3&transport=websocket`;

before(async () => {
  server = await startEcho();
});
afterEach(closeWires);
after(() => server.stop());

/** Connected to "/" (the server does it), with the open packet, the CONNECT and the "auth" event taken. */
async function connected() {
  const socket = new Wire(wsUrl());
  await socket.next();
  assert.equal(await socket.next(), '40');
  assert.equal(await socket.next(), '42["auth",{}]');
  return socket;
}

describe('Socket.IO v4 connect', () => {
  it('connects the main namespace at once and takes events there', async () => {
    const socket = await connected();
    socket.send('42["message","message to main namespace"]');
    assert.equal(await socket.next(), '42["message-back","message to main namespace"]');
    socket.close();
  });

  it('sends the implicit CONNECT in the first poll after the handshake', async () => {
    const base = server.http;
    const sid = await openPolling(base, '/socket.io/', 3, '&b64=1');
    const url = `${base}/socket.io/?EIO=3&transport=polling&sid=${sid}`;
    assert.equal((await request(url, { method: 'POST', body: '1:2' })).status, 200);
    assert.equal((await request(url)).text, '2:4013:42["auth",{}]1:3');
  });

  it('connects a custom namespace, reading auth from its query string', async () => {
    const socket = await connected();
    socket.send('40/custom?token=abc,');
    assert.equal(await socket.next(), '40/custom,');
    assert.equal(await socket.next(), '42/custom,["auth",{"token":"abc"}]');
    socket.close();
  });

  it('refuses an unknown namespace with CONNECT_ERROR', async () => {
    const socket = await connected();
    socket.send('40/random');
    assert.equal(await socket.next(), '44/random,{"message":"Invalid namespace"}');
    socket.close();
  });

  it('closes the connection on an invalid packet', async () => {
    const socket = await connected();
    socket.send('4abc');
    socket.send('42["message","after"]');
    await assertClosedWithoutAnswer(socket);
  });

  it('leaves a custom namespace while the main one stays', async () => {
    const socket = await connected();
    socket.send('40/custom');
    await socket.next();
    await socket.next();
    socket.send('41/custom');
    socket.send('42["message","message to main namespace"]');
    assert.equal(await socket.next(), '42["message-back","message to main namespace"]');
    socket.close();
  });
});

describe('Socket.IO v4 events and acks', () => {
  it('echoes a plain-text event', async () => {
    const socket = await connected();
    socket.send('42["message",1,"2",{"3":[true]}]');
    assert.equal(await socket.next(), '42["message-back",1,"2",{"3":[true]}]');
    socket.close();
  });

  it('echoes binary attachments framed with the message type byte', async () => {
    const socket = await connected();
    socket.send('452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    socket.send(Uint8Array.from([4, 1, 2, 3]));
    socket.send(Uint8Array.from([4, 4, 5, 6]));
    assert.equal(await socket.next(), '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    assert.deepEqual(await socket.next(), Buffer.from([4, 1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 4, 5, 6]));
    socket.close();
  });

  it('acks with the same id, binary as BINARY_ACK', async () => {
    const socket = await connected();
    socket.send('42456["message-with-ack",1,"2",{"3":[false]}]');
    assert.equal(await socket.next(), '43456[1,"2",{"3":[false]}]');
    socket.send('452-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    socket.send(Uint8Array.from([4, 1, 2, 3]));
    socket.send(Uint8Array.from([4, 4, 5, 6]));
    assert.equal(await socket.next(), '462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    assert.deepEqual(await socket.next(), Buffer.from([4, 1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 4, 5, 6]));
    socket.close();
  });

  for (const [name, packet] of [
    ['an unknown packet type', '4abc'],
    ['an event that is not an array', '42{}'],
    ['an ack id that is not a number', '42abc["message-with-ack",1,"2",{"3":[false]}]'],
  ]) {
    it(`closes the connection on ${name}`, async () => {
      const socket = await connected();
      socket.send(packet);
      socket.send('42["message","after"]');
      await assertClosedWithoutAnswer(socket);
    });
  }
});
