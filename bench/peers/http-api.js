'use strict';
// The HTTP side every Node peer shares: GET /health, and POST /api/publish with {"channel":..,"data":..}
// answered like Switchboard's server API ({"result":{}}), so one load generator publishes to all of them.
const http = require('http');

function createHttpServer(publish) {
  return http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/api/publish') {
      res.writeHead(404);
      res.end();
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return reply(res, 400, '{"error":{"code":107,"message":"bad request"}}');
      }
      if (!body || typeof body.channel !== 'string') {
        return reply(res, 400, '{"error":{"code":107,"message":"channel required"}}');
      }
      publish(body.channel, body.data);
      reply(res, 200, '{"result":{}}');
    });
  });
}

function reply(res, status, text) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function portArgument() {
  const port = Number(process.argv[2] || process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) {
    console.error('usage: node server.js PORT');
    process.exit(2);
  }
  return port;
}

module.exports = { createHttpServer, portArgument };
