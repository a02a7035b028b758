// Three nodes on one Redis: a publication made on node A (server API, or a client's own publish) reaches
// subscribers connected to nodes B and C, on every protocol. Each node subscribes to the channel in Redis
// PUB/SUB, so nothing here works with the memory engine (CLUSTER_ENGINE=memory: every test fails).

import assert from 'node:assert/strict';
import {
  arrives, centrifugeSubscribed, devSubscriptionToken, pusherSubscribed, scSubscribed, socketIoSubscribed, uniqueChannel,
  useCluster,
} from '../lib/cluster.mjs';

const ctx = useCluster({ nodes: 3 });
const [A, B, C] = [0, 1, 2];
const node = (i) => ctx.nodes[i];

ctx.test('a server API publish on A reaches Centrifugo subscribers on B and C', async () => {
  const ch = uniqueChannel('api-cf-');
  const onB = await centrifugeSubscribed(await ctx.centrifuge(node(B)), ch);
  const onC = await centrifugeSubscribed(await ctx.centrifuge(node(C)), ch);
  const data = { via: 'api', on: 'A', n: 1 };
  const res = await node(A).api('publish', { channel: ch, data });
  assert.ok(res.result, JSON.stringify(res));
  await arrives(onB.seen, data, 'the publication at B');
  await arrives(onC.seen, data, 'the publication at C');
});

ctx.test('a Pusher API trigger on A reaches pusher-js subscribers on B and C with its event name', async () => {
  const ch = uniqueChannel('api-pusher-');
  const onB = await pusherSubscribed(await ctx.pusher(node(B)), ch);
  const onC = await pusherSubscribed(await ctx.pusher(node(C)), ch);
  const data = { via: 'pusher-api', n: 2 };
  // the Centrifugo server API with tags.event is the same publication as a Pusher trigger (cross-protocol suites)
  await node(A).api('publish', { channel: ch, data, tags: { event: 'moved' } });
  await arrives(onB.events, { event: 'moved', data }, 'the event at B');
  await arrives(onC.events, { event: 'moved', data }, 'the event at C');
});

ctx.test('a server API publish on A reaches SocketCluster subscribers on B and C', async () => {
  const ch = uniqueChannel('api-sc-');
  const onB = await scSubscribed(await ctx.socketCluster(node(B)), ch);
  const onC = await scSubscribed(await ctx.socketCluster(node(C)), ch);
  const data = { via: 'api', n: 3 };
  await node(A).api('publish', { channel: ch, data });
  await arrives(onB, data, 'the publication at B');
  await arrives(onC, data, 'the publication at C');
});

ctx.test('a server API publish on A reaches Socket.IO sockets subscribed to the channel (a room is a core channel) on B and C', async () => {
  const ch = uniqueChannel('api-sio-');
  const onB = await socketIoSubscribed(await ctx.socketIo(node(B)), ch);
  const onC = await socketIoSubscribed(await ctx.socketIo(node(C)), ch);
  const data = { via: 'api', n: 4 };
  await node(A).api('publish', { channel: ch, data });
  await arrives(onB, data, 'the event at B');
  await arrives(onC, data, 'the event at C');
});

ctx.test('a centrifuge-js publish on A reaches a SocketCluster subscriber on B and a Pusher one on C', async () => {
  const ch = uniqueChannel('cf-pub-');
  const onB = await scSubscribed(await ctx.socketCluster(node(B)), ch);
  const onC = await pusherSubscribed(await ctx.pusher(node(C)), ch);
  const publisher = await ctx.centrifuge(node(A));
  const data = { via: 'centrifuge publish', n: 5 };
  await publisher.publish(ch, data);
  await arrives(onB, data, 'the publication at the SocketCluster subscriber on B');
  await arrives(onC.seen, data, 'the publication at the Pusher subscriber on C');
});

ctx.test('a SocketCluster #publish on A reaches a Centrifugo subscriber on B and a Socket.IO one on C', async () => {
  const ch = uniqueChannel('sc-pub-');
  const onB = await centrifugeSubscribed(await ctx.centrifuge(node(B)), ch);
  const onC = await socketIoSubscribed(await ctx.socketIo(node(C)), ch);
  const publisher = await ctx.socketCluster(node(A));
  const data = { via: 'socketcluster publish', n: 6 };
  await publisher.invokePublish(ch, data);
  await arrives(onB.seen, data, 'the publication at the Centrifugo subscriber on B');
  await arrives(onC, data, 'the publication at the Socket.IO subscriber on C');
});

ctx.test('a Socket.IO client event on A reaches a Centrifugo subscriber on B and a SocketCluster one on C', async () => {
  const ch = uniqueChannel('sio-pub-');
  const onB = await centrifugeSubscribed(await ctx.centrifuge(node(B)), ch);
  const onC = await scSubscribed(await ctx.socketCluster(node(C)), ch);
  const sender = await ctx.socketIo(node(A));
  await socketIoSubscribed(sender, ch);
  const data = { via: 'socket.io client event', n: 7 };
  const ack = await sender.timeout(8000).emitWithAck('client event', { channel: ch, event: 'client-moved', data });
  assert.equal(ack, null);
  await arrives(onB.seen, data, 'the publication at the Centrifugo subscriber on B');
  await arrives(onC, data, 'the publication at the SocketCluster subscriber on C');
});

ctx.test('a Pusher client event on a private channel on A reaches pusher-js on B and a Centrifugo subscriber with a subscription token on C', async () => {
  const ch = uniqueChannel('private-client-');
  const sender = await ctx.pusher(node(A));
  const senderChannel = await pusherSubscribed(sender, ch);
  const onB = await pusherSubscribed(await ctx.pusher(node(B)), ch);
  const cf = await ctx.centrifuge(node(C), 'carol');
  const onC = await centrifugeSubscribed(cf, ch, { token: devSubscriptionToken('carol', ch) });
  const data = { via: 'pusher client event', n: 8 };
  assert.equal(senderChannel.trigger('client-moved', data), true, 'pusher-js sent the client event');
  await arrives(onB.events, { event: 'client-moved', data }, 'the client event at the pusher-js subscriber on B');
  await arrives(onC.seen, data, 'the client event at the Centrifugo subscriber on C');
});
