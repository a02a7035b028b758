// A small application backend for proxy tests: records every proxy request and answers it with what the
// test set for its path (an object sent as JSON, a status code, or 'hang' / 'drop').

import http from 'node:http';

export async function startBackend() {
  const requests = [];
  const answers = new Map();
  const hanging = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      requests.push({ path: req.url, headers: req.headers, body });
      const answer = answers.get(req.url) ?? { result: {} };
      const reply = typeof answer === 'function' ? answer(body) : answer;
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      if (typeof reply === 'number') {
        res.writeHead(reply, { 'content-type': 'text/plain' }).end('backend says no');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(typeof reply === 'string' ? reply : JSON.stringify(reply));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    /** Sets the answer for a path ('/connect'): a reply object, a function of the request body, a status, 'hang' or 'drop'. */
    answer(path, reply) {
      answers.set(path, reply);
    },
    /** The requests to a path so far. */
    to(path) {
      return requests.filter((r) => r.path === path);
    },
    reset() {
      requests.length = 0;
      answers.clear();
    },
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
