// Stopping the server (SIGTERM): clients are told to reconnect, and the process exits by itself.

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, useServer } from '../lib/harness.mjs';
import { connectionToken } from '../lib/jwt.mjs';
import { nextEvent } from '../lib/wait.mjs';

const ctx = useServer();

ctx.test('On SIGTERM the server disconnects clients with 3001 shutdown so that they reconnect, and exits within 5 seconds', async () => {
  const client = ctx.userClient('leaver', { minReconnectDelay: 5000, maxReconnectDelay: 10000 });
  await connectAndWait(client);
  const raw = await ctx.raw();
  await raw.connect({ token: connectionToken(HMAC_SECRET, 'raw-leaver') });
  const connecting = nextEvent(client, 'connecting', 10_000);
  const started = Date.now();
  const exit = await ctx.server.stop();
  assert.notEqual(exit && exit.signal, 'SIGKILL', `the server had to be killed: it did not exit within 5 s of SIGTERM (${JSON.stringify(exit)})`);
  assert.ok(Date.now() - started < 5500, 'exited within 5 s');
  const c = await connecting;
  const rawClose = await raw.waitClose({ what: 'the raw socket to be closed by the shutdown' });
  // centrifuge: DisconnectShutdown = {3001, "shutdown"}; codes below 3500 make the SDK reconnect.
  assert.equal(c.code, 3001, `connecting code: expected 3001 shutdown, got ${c.code} (${c.reason}); the raw socket saw close ${JSON.stringify(rawClose)}; server exit ${JSON.stringify(exit)}`);
  assert.equal(rawClose.code, 3001, `raw socket close: ${JSON.stringify(rawClose)}`);
});
