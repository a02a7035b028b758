import { useV1Server, connected, subscribed, once } from '/work/wt-v1/interop/v1/lib/v1.mjs';
import { test } from 'node:test';
const ctx = useV1Server();
test('smoke', async () => {
  const c = ctx.client('alice');
  const conn = await connected(c);
  console.log('connect', conn);
  const pubs = [];
  const { sub, ctx: sctx } = await subscribed(c, 'news', { publish: (p) => pubs.push(p) });
  console.log('subscribed', sctx);
  await ctx.server.api('publish', { channel: 'news', data: { text: 'hi' } });
  await new Promise(r => setTimeout(r, 300));
  console.log('pubs', pubs);
  await c.publish('news', { text: 'from client' });
  console.log('presence', JSON.stringify(await sub.presence()));
  console.log('history', JSON.stringify(await sub.history({ limit: 10 })));
  try { await c.rpc({}); } catch (e) { console.log('rpc err', e); }
  await c.ping?.();
  console.log(JSON.stringify(c.kit.frames, null, 0));
});
