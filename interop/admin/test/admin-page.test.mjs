// The admin page at /admin in headless Chromium (Debian's package, driven by playwright-core): a wrong password
// is refused; the right one shows the node's figures, the channel list, a channel's presence and history; a
// publication sent from the page reaches a centrifuge client; "Disconnect" ends that user's connection.
//
// Env: CHROMIUM_PATH (default /usr/bin/chromium); ADMIN_SCREENSHOT=<file.png> saves the signed-in page there (and
// the refused sign-in beside it, <file>-sign-in.png).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Centrifuge } from 'centrifuge';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { connectionToken } from '../../lib/jwt.mjs';
import { startServer } from '../../lib/server.mjs';
import { nextEvent, waitFor } from '../../lib/wait.mjs';

const PASSWORD = 'correct horse battery';
const TOKEN_SECRET = 'client-secret';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// As root in a closed network: no sandbox, and nothing that phones home at start.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (run-tests does)`);
  server = await startServer({
    client: { token: { hmac_secret_key: TOKEN_SECRET }, allowed_origins: ['*'] },
    http_api: { key: 'api-key' },
    channel: {
      without_namespace: { allow_subscribe_for_client: true, presence: true, history_size: 10, history_ttl: '300s' },
    },
    admin: { enabled: true, password: PASSWORD, secret: 'admin-secret' },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openAdminPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Chromium logs every 401 answer as an error; the tests check those answers themselves
    if (msg.type() === 'error' && !msg.text().includes('status of 401')) problems.push(`console: ${msg.text()}`);
  });
  await page.goto(`${server.baseUrl}/admin`);
  await page.locator('#password').waitFor({ state: 'visible' });
  return { page, context, problems };
}

async function signIn(page, password) {
  await page.fill('#password', password);
  await page.click('#sign-in');
}

const textOf = (page, selector) => page.locator(selector).innerText();

async function connectedClient(user) {
  const client = new Centrifuge(server.url, {
    websocket: WebSocket,
    token: connectionToken(TOKEN_SECRET, user),
  });
  client.on('error', () => {});
  const connected = nextEvent(client, 'connected');
  client.connect();
  await connected;
  return client;
}

test('a wrong password is refused and the page stays on the sign-in form', async () => {
  const { page, context, problems } = await openAdminPage();
  try {
    assert.equal(new URL(page.url()).pathname, '/admin/');
    const answer = page.waitForResponse((r) => r.url().endsWith('/admin/auth'));
    await signIn(page, 'not the password');
    assert.equal((await answer).status(), 401);
    await waitFor(async () => (await textOf(page, '#sign-in-error')) === 'Wrong password.', 5000, 'the refusal shown');
    assert.equal(await page.locator('#main-view').isVisible(), false);
    if (process.env.ADMIN_SCREENSHOT) {
      await page.screenshot({ path: process.env.ADMIN_SCREENSHOT.replace(/(\.png)?$/, '-sign-in.png') });
    }
    const node = await page.evaluate(async () => (await fetch('node')).status);
    assert.equal(node, 401, 'the node figures need a token');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('signed in, the page shows the node, publishes to a subscriber, shows the channel and disconnects the user', async () => {
  const client = await connectedClient('alice');
  const { page, context, problems } = await openAdminPage();
  try {
    const sub = client.newSubscription('news');
    const subscribed = nextEvent(sub, 'subscribed');
    sub.subscribe();
    await subscribed;

    await signIn(page, PASSWORD);
    await page.locator('#main-view').waitFor({ state: 'visible' });
    await waitFor(async () => (await textOf(page, '#figure-clients')) === '1', 10_000, 'one client shown');
    assert.equal(await textOf(page, '#figure-users'), '1');
    assert.equal(await textOf(page, '#figure-channels'), '1');
    assert.equal(await textOf(page, '#figure-subs'), '1');
    assert.match(await textOf(page, '#figure-uptime'), /^\d+[smhd]/);
    const centrifugoRow = page.locator('#protocols-table tbody tr', { hasText: 'centrifugo' });
    assert.deepEqual(await centrifugoRow.locator('td').allInnerTexts(), ['centrifugo', '1', '1']);
    assert.match(await textOf(page, '#memory-table'), /Heap used\s+\d/);

    // the channel list and its filter
    const newsRow = page.locator('#channels-table tbody tr', { hasText: 'news' });
    await newsRow.waitFor();
    assert.deepEqual(await newsRow.locator('td').allInnerTexts(), ['news', '1']);
    await page.fill('#channel-filter', 'nomatch');
    await waitFor(async () => (await newsRow.count()) === 0, 5000, 'news filtered out');
    await page.fill('#channel-filter', 'NEW');
    await newsRow.waitFor();

    // publish from the page, received by the centrifuge client
    const publication = nextEvent(sub, 'publication', 10_000);
    await page.fill('#publish-channel', 'news');
    await page.fill('#publish-data', '{"text": "from the admin page"}');
    await page.click('#publish-button');
    assert.deepEqual((await publication).data, { text: 'from the admin page' });
    await waitFor(async () => (await textOf(page, '#publish-result')).startsWith('Published to news'), 5000,
      'the publish result shown');

    // one channel: presence and history
    await newsRow.click();
    const presenceRow = page.locator('#presence-table tbody tr', { hasText: 'alice' });
    await presenceRow.waitFor();
    await page.locator('#history-table tbody tr', { hasText: 'from the admin page' }).waitFor();

    if (process.env.ADMIN_SCREENSHOT) await page.screenshot({ path: process.env.ADMIN_SCREENSHOT, fullPage: true });

    // disconnect the user, after the page's confirmation
    page.once('dialog', (dialog) => dialog.accept());
    const disconnected = nextEvent(client, 'disconnected', 10_000);
    await page.fill('#disconnect-user', 'alice');
    await page.click('#disconnect-button');
    assert.equal((await disconnected).code, 3503);
    await waitFor(async () => (await textOf(page, '#disconnect-result')) === 'Disconnected user alice.', 5000,
      'the disconnect result shown');
    assert.deepEqual(problems, []);
  } finally {
    client.disconnect();
    await context.close();
  }
});

test('signing out forgets the token', async () => {
  const { page, context } = await openAdminPage();
  try {
    await signIn(page, PASSWORD);
    await page.locator('#main-view').waitFor({ state: 'visible' });
    await page.click('#sign-out');
    await page.locator('#sign-in-view').waitFor({ state: 'visible' });
    await page.reload();
    await page.locator('#sign-in-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#main-view').isVisible(), false);
  } finally {
    await context.close();
  }
});
