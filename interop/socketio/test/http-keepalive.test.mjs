// Long-polling through a keep-alive agent, as Node clients send it: node-fetch (which the official conformance
// suites use) asks for `Connection: close` on every request while Node's global agent pools sockets. The server
// must say `Connection: close` when it closes after an answer, or the agent reuses a dead socket ("socket hang up").

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startEcho } from '../lib/targets.mjs';

let server;
before(async () => {
  server = await startEcho();
});
after(() => server.stop());

/** One request through `agent`; the answer with the socket it travelled on. */
function send(agent, path, { method = 'GET', body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.http}${path}`, { agent, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), socket: req.socket }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function polling(agent, headers) {
  const open = await send(agent, '/engine.io/?EIO=4&transport=polling', { headers });
  assert.equal(open.status, 200, open.text);
  const sid = JSON.parse(open.text.slice(1)).sid;
  const url = `/engine.io/?EIO=4&transport=polling&sid=${sid}`;
  const answers = [open];
  for (let i = 0; i < 5; i++) {
    const post = await send(agent, url, { method: 'POST', body: `4hello ${i}`, headers });
    assert.equal(post.status, 200, post.text);
    assert.equal(post.text, 'ok');
    answers.push(post);
    // the echo comes back, perhaps beside heartbeat pings, which are answered as a client does
    for (let echoed = false; !echoed;) {
      const get = await send(agent, url, { headers });
      assert.equal(get.status, 200, get.text);
      answers.push(get);
      for (const packet of get.text.split('\x1e')) {
        if (packet === '2') answers.push(await send(agent, url, { method: 'POST', body: '3', headers }));
        else if (packet === `4hello ${i}`) echoed = true;
        else assert.fail(`unexpected packet ${JSON.stringify(packet)}`);
      }
    }
  }
  return answers;
}

describe('HTTP keep-alive with long-polling', () => {
  it('answers a request that asks for Connection: close with Connection: close, so a pooling agent does not reuse it', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answers = await polling(agent, { Connection: 'close' });
      for (const a of answers) assert.equal(a.headers.connection, 'close');
    } finally {
      agent.destroy();
    }
  });

  it('keeps a keep-alive connection open and reuses it for the next requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answers = await polling(agent, {});
      for (const a of answers) assert.equal(a.headers.connection, 'keep-alive');
      assert.equal(new Set(answers.map((a) => a.socket)).size, 1, 'every request on one socket');
    } finally {
      agent.destroy();
    }
  });
});
