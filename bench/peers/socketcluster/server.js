'use strict';
// socketcluster-server 20 peer: its defaults (ws with bufferutil and utf-8-validate, no compression, no
// batching, which would add up to 50 ms of latency). Clients #subscribe through SocketCluster's own protocol;
// POST /api/publish goes to exchange.transmitPublish, SocketCluster's server-side publish.
const socketClusterServer = require('socketcluster-server');
const { createHttpServer, portArgument } = require('../http-api.js');

const port = portArgument();
let agServer;
const httpServer = createHttpServer((channel, data) => agServer.exchange.transmitPublish(channel, data));
agServer = socketClusterServer.attach(httpServer, { perMessageDeflate: false });
httpServer.listen(port, '127.0.0.1', () =>
  console.log(`socketcluster-server ${require('socketcluster-server/package.json').version} peer on 127.0.0.1:${port}`));
