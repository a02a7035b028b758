// A loopback HTTP receiver for the server's webhooks, checking every body as a backend would (the `pusher`
// library's webhook().isValid()).

import http from 'node:http';
import { waitFor } from '../../lib/wait.mjs';

/**
 * Listens on 127.0.0.1 (a free port). Every POST is kept as {path, headers, body, valid, events}; `validate`
 * is called with {headers, rawBody} and returns whether the body is signed by the app.
 */
export async function startReceiver(validate) {
  const bodies = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let parsed = null;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        /* kept as is: such a body is not valid */
      }
      bodies.push({
        path: req.url,
        method: req.method,
        headers: req.headers,
        rawBody,
        valid: validate({ headers: req.headers, rawBody }),
        timeMs: parsed?.time_ms,
        events: Array.isArray(parsed?.events) ? parsed.events : [],
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    bodies,
    /** Every event received at `path` (all paths when omitted), in arrival order. */
    events(path) {
      return bodies.filter((b) => path === undefined || b.path === path).flatMap((b) => b.events);
    },
    /** The first event at `path` matching `filter`, waiting up to timeoutMs for it. */
    async event(path, filter, timeoutMs = 5000) {
      return waitFor(() => this.events(path).find(filter), timeoutMs,
        () => `a webhook event at ${path}; got ${JSON.stringify(this.events(path))}`);
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
