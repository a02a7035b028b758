// The servers the Socket.IO tests talk to.
//
//   startEcho()          `switchboard example socketio-echo`: what the conformance tests expect
//   startStandalone(cfg) `switchboard serve --config`: channels, tokens, the server API
//
// SIO_ECHO_URL=http://host:port points the conformance tests at a running server instead (for instance the
// Node reference server, to check that the tests expect what it does).

import { startServer } from '../../lib/server.mjs';

export async function startEcho() {
  if (process.env.SIO_ECHO_URL) {
    const http = process.env.SIO_ECHO_URL.replace(/\/$/, '');
    return { http, ws: http.replace(/^http/, 'ws'), stop: async () => {}, output: () => '' };
  }
  const server = await startServer(null, { command: ['example', 'socketio-echo'] });
  return { http: server.baseUrl, ws: server.baseUrl.replace(/^http/, 'ws'), stop: () => server.stop(), output: server.output };
}

export async function startStandalone(config) {
  const server = await startServer(config);
  server.http = server.baseUrl;
  server.ws = server.baseUrl.replace(/^http/, 'ws');
  return server;
}
