'use strict';
// socket.io 4.8 peer: WebSocket transport only (no polling, no upgrade), no compression, ws with bufferutil and
// utf-8-validate (socket.io's performance-tuning advice). A client emits `subscribe` {channel} and joins that
// room (acknowledged when the client asks for an ack); POST /api/publish emits ("message", channel, data) to
// the room, which socket.io encodes once for all its members.
const fs = require('fs');
const path = require('path');
const { Server } = require('socket.io');
const { createHttpServer, portArgument } = require('../http-api.js');

const port = portArgument();
let io;
const httpServer = createHttpServer((channel, data) => io.to(channel).emit('message', channel, data));
io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 1e6,
});
io.on('connection', (socket) => {
  socket.on('subscribe', (message, ack) => {
    if (message && typeof message.channel === 'string') socket.join(message.channel);
    if (typeof ack === 'function') ack();
  });
});
httpServer.listen(port, '127.0.0.1', () => console.log(`socket.io ${JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules/socket.io/package.json'))).version} peer on 127.0.0.1:${port}`));
