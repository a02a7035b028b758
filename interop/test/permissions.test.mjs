// Done-means 8: private channels need a subscription token; plus Centrifugo's anonymous-client rules.

import assert from 'node:assert/strict';
import { HMAC_SECRET, connectAndWait, describeOutcome, subscribeAndWait, subscribeOutcome, uniqueChannel, useServer } from '../lib/harness.mjs';
import { subscriptionToken } from '../lib/jwt.mjs';
import { nextEvent, quietPeriod, record } from '../lib/wait.mjs';

const ctx = useServer();

ctx.test('A private channel subscription succeeds with a subscription token obtained through getToken', async () => {
  const ch = `private:${uniqueChannel('room')}`;
  const client = ctx.userClient('carol');
  await connectAndWait(client);
  const asked = [];
  const sub = client.newSubscription(ch, {
    getToken: async (c) => {
      asked.push(c.channel);
      return subscriptionToken(HMAC_SECRET, 'carol', c.channel);
    },
  });
  const subscribed = await subscribeAndWait(sub);
  assert.deepEqual(asked, [ch], 'getToken is asked once, for this channel');
  assert.equal(subscribed.channel, ch);
  assert.equal(sub.state, 'subscribed');
  // The subscribe command really carried the token.
  const cmd = client.frames.find((f) => f.dir === 'out' && f.msg.subscribe && f.msg.subscribe.channel === ch);
  assert.ok(cmd && cmd.msg.subscribe.token, `the subscribe command should carry the token: ${JSON.stringify(cmd && cmd.msg)}`);

  const pub = nextEvent(sub, 'publication', 10_000);
  await ctx.server.api('publish', { channel: ch, data: { secret: 42 } });
  assert.deepEqual((await pub).data, { secret: 42 });
});

ctx.test('A private channel subscription succeeds with a subscription token given as the token option', async () => {
  const ch = `private:${uniqueChannel('static')}`;
  const client = ctx.userClient('carol');
  await connectAndWait(client);
  const sub = client.newSubscription(ch, { token: subscriptionToken(HMAC_SECRET, 'carol', ch) });
  await subscribeAndWait(sub);
  assert.equal(sub.state, 'subscribed');
});

ctx.test('Subscribing to a private channel without a token fails with permission denied (103) and never fires subscribed', async () => {
  const ch = `private:${uniqueChannel('secret')}`;
  const client = ctx.userClient('dave');
  await connectAndWait(client);
  const sub = client.newSubscription(ch);
  const rec = record(sub, ['subscribing', 'subscribed', 'unsubscribed']);
  const outcome = await subscribeOutcome(client, sub);
  assert.equal(outcome.event, 'unsubscribed', `expected the subscription to end unsubscribed with 103, got ${describeOutcome(outcome)}`);
  const u = outcome.ctx;
  assert.equal(u.code, 103, `expected unsubscribed with code 103 (permission denied), got ${u.code} (${u.reason}); sub errors ${JSON.stringify(sub.errors)}`);
  assert.equal(sub.state, 'unsubscribed');
  // The server's reply to the subscribe command is the error itself.
  const cmd = client.frames.find((f) => f.dir === 'out' && f.msg.subscribe && f.msg.subscribe.channel === ch);
  const reply = client.frames.find((f) => f.dir === 'in' && f.msg.id === cmd.msg.id);
  assert.equal(reply.msg.error && reply.msg.error.code, 103, `subscribe reply: ${JSON.stringify(reply.msg)}`);
  // 103 is not temporary: the SDK gives up, no resubscribe, and the connection is unaffected.
  await quietPeriod(1000);
  assert.equal(rec.events.subscribed.length, 0, 'subscribed must never fire');
  assert.equal(sub.state, 'unsubscribed');
  assert.equal(client.state, 'connected');
  assert.equal(client.frames.filter((f) => f.dir === 'out' && f.msg.subscribe && f.msg.subscribe.channel === ch).length, 1, 'exactly one subscribe attempt');
});

ctx.test('A subscription token signed with the wrong secret is refused with permission denied (103)', async () => {
  const ch = `private:${uniqueChannel('forged')}`;
  const client = ctx.userClient('erin');
  await connectAndWait(client);
  const sub = client.newSubscription(ch, { token: subscriptionToken('not-the-interop-secret', 'erin', ch) });
  const outcome = await subscribeOutcome(client, sub);
  assert.equal(outcome.event, 'unsubscribed', `expected an error reply 103 (subscription unsubscribed), got ${describeOutcome(outcome)}`);
  const u = outcome.ctx;
  // Centrifugo v6 OnSubscribe: jwtverify.ErrInvalidToken -> centrifuge.ErrorPermissionDenied.
  assert.equal(u.code, 103, `expected 103 permission denied, got ${u.code} (${u.reason})`);
  assert.equal(client.state, 'connected');
});

ctx.test('A subscription token for another channel disconnects the client with 3500 invalid token', async () => {
  const ch = `private:${uniqueChannel('mine')}`;
  const client = ctx.userClient('erin');
  await connectAndWait(client);
  const sub = client.newSubscription(ch, { token: subscriptionToken(HMAC_SECRET, 'erin', 'private:someone-elses') });
  const outcome = await subscribeOutcome(client, sub);
  assert.equal(outcome.event, 'disconnected', `expected the connection to be closed with 3500, got ${describeOutcome(outcome)}`);
  const d = outcome.ctx;
  // Centrifugo v6 OnSubscribe: "token channel mismatch" -> centrifuge.DisconnectInvalidToken.
  assert.equal(d.code, 3500, `expected the connection to end with 3500 invalid token, got ${d.code} (${d.reason})`);
});

ctx.test('A subscription token of another user disconnects the client with 3500 invalid token', async () => {
  const ch = `private:${uniqueChannel('theirs')}`;
  const client = ctx.userClient('erin');
  await connectAndWait(client);
  const sub = client.newSubscription(ch, { token: subscriptionToken(HMAC_SECRET, 'frank', ch) });
  const outcome = await subscribeOutcome(client, sub);
  assert.equal(outcome.event, 'disconnected', `expected the connection to be closed with 3500, got ${describeOutcome(outcome)}`);
  const d = outcome.ctx;
  // Centrifugo v6 OnSubscribe: "token user mismatch" -> centrifuge.DisconnectInvalidToken.
  assert.equal(d.code, 3500, `expected 3500 invalid token, got ${d.code} (${d.reason})`);
});

ctx.test('An anonymous client cannot subscribe where only allow_subscribe_for_client is on (Centrifugo v6 needs allow_subscribe_for_anonymous)', async () => {
  const client = ctx.client();
  await connectAndWait(client);
  const sub = client.newSubscription(uniqueChannel('public'));
  const outcome = await subscribeOutcome(client, sub);
  assert.equal(outcome.event, 'unsubscribed', `expected an error reply 103, got ${describeOutcome(outcome)}`);
  const u = outcome.ctx;
  assert.equal(u.code, 103, `expected 103 permission denied, got ${u.code} (${u.reason})`);
  assert.equal(client.state, 'connected');
});
