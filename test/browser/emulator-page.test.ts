import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import { BotClient, createWebhookHandler } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing/index.js';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { toolAvailable } from '../support/index.js';

// Debian's Chromium, driven by playwright-core (no browser download).
const hasChromium = toolAvailable(CHROMIUM, 'the emulator browser tests', 'apt-get install chromium');

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/momotalk/webhook`;
}

describe.skipIf(!hasChromium)('emulator web page in headless Chromium', () => {
  let emulator: Emulator;
  let echoBot: Server;
  let echoUrl: string;
  let failingBot: Server;
  let failingUrl: string;
  let staleBot: Server;
  let staleUrl: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    emulator = await startEmulator();
    // The example echo bot, built from the SDK's public API.
    const handler = createWebhookHandler({
      secret: emulator.secret,
      botId: emulator.botId,
      client: new BotClient({ botId: emulator.botId, token: emulator.token, baseUrl: emulator.apiBaseUrl }),
    }).on('talk.message_created', (event, ctx) => ctx.reply(`Echo: ${event.message.body}`));
    echoBot = createServer(toNodeListener(handler));
    echoUrl = await listen(echoBot);
    failingBot = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"bot crashed"}');
    });
    failingUrl = await listen(failingBot);
    // A bot still running with the secret of an earlier emulator run.
    staleBot = createServer(toNodeListener(createWebhookHandler({ secret: 'emu_whsec_earlier_run' })));
    staleUrl = await listen(staleBot);
    emulator.setCallbackUrl(echoUrl);

    ({ context, page, profile } = await launchChromium('emulator'));
    await page.goto(emulator.pageUrl); // the page and its calls need the per-run access token
    await page.locator('body[data-ready="true"]').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await emulator?.close();
    echoBot?.close();
    failingBot?.close();
    staleBot?.close();
  });

  const deliveries = () => page.locator('#deliveries li.delivery');
  const botReplies = () => page.locator('#messages .msg.bot .text');

  it('type "hello" + Enter: the bot answers "Echo: hello" live, and the delivery is logged', async () => {
    await page.locator('#text').fill('hello');
    await page.locator('#text').press('Enter');
    await botReplies()
      .filter({ hasText: /^Echo: hello$/ })
      .waitFor();
    await expect.poll(() => page.locator('#messages .msg.user .text').allTextContents()).toEqual(['hello']);
    const first = deliveries().first();
    await expect.poll(() => first.getAttribute('data-ok')).toBe('true');
    expect(await first.locator('.pill').textContent()).toBe('200');
    expect(await first.locator('.type').textContent()).toBe('talk.message_created');
    expect(await page.locator('#text').inputValue()).toBe('');
    mkdirSync('.tmp', { recursive: true });
    await page.screenshot({ path: '.tmp/emulator-page.png' });
  });

  it('Redeliver sends the same event again; the SDK answers the duplicate without echoing twice', async () => {
    const eventLine = await deliveries().first().locator('.small').nth(1).textContent();
    const eventId = eventLine?.split(' ')[0];
    await deliveries().first().locator('button.redeliver').click();
    await expect.poll(() => deliveries().count()).toBe(2);
    const newest = deliveries().first();
    expect(await newest.getAttribute('data-ok')).toBe('true');
    expect(await newest.locator('.small').nth(1).textContent()).toContain(`${eventId} · attempt 2`);
    expect(emulator.deliveries.map((delivery) => delivery.event_id)).toEqual([eventId, eventId]);
    expect(await botReplies().allTextContents()).toEqual(['Echo: hello']);
  });

  it('a bot answering 500 shows as a failed delivery', async () => {
    await page.locator('#callback').fill(failingUrl);
    await page.locator('#callback').press('Enter');
    await expect.poll(() => emulator.callbackUrl).toBe(failingUrl);
    await page.locator('#text').fill('are you there?');
    await page.locator('#text').press('Enter');
    await expect.poll(() => deliveries().count()).toBe(3);
    const failed = deliveries().first();
    expect(await failed.getAttribute('class')).toContain('failed');
    expect(await failed.locator('.pill').textContent()).toBe('500');
    expect(await failed.locator('pre.response').textContent()).toBe('{"error":"bot crashed"}');
    expect(await page.locator('#status').textContent()).toContain('delivery failed');
    await page.screenshot({ path: '.tmp/emulator-page-failed.png' });
  });

  it('creates a room and a user, and the webhook test button reaches the bot', async () => {
    await page.locator('#callback').fill(echoUrl);
    await page.locator('#callback').press('Enter');
    await expect.poll(() => emulator.callbackUrl).toBe(echoUrl);
    await page.locator('#room-name').fill('Ops');
    await page.locator('#room-name').press('Enter');
    await page.locator('#chat-title', { hasText: '# Ops' }).waitFor();
    await page.locator('#user-name').fill('Bob');
    await page.locator('#user-name').press('Enter');
    await expect.poll(() => page.locator('#user').inputValue()).toBe('user_bob');
    await page.locator('#text').fill('deploy?');
    await page.locator('#text').press('Enter');
    await botReplies().filter({ hasText: 'Echo: deploy?' }).waitFor();
    expect(emulator.messages.at(-2)).toMatchObject({ sender_id: 'user_bob', body: 'deploy?', room_id: 124 });
    await page.locator('#webhook-test').click();
    await deliveries().filter({ hasText: 'webhook.test' }).first().waitFor();
    expect(await deliveries().first().getAttribute('data-ok')).toBe('true');
  });

  it('a refused delivery says which check failed and the fix', async () => {
    await page.locator('#callback').fill(staleUrl);
    await page.locator('#callback').press('Enter');
    await expect.poll(() => emulator.callbackUrl).toBe(staleUrl);
    const before = await deliveries().count();
    await page.locator('#webhook-test').click();
    await expect.poll(() => deliveries().count()).toBe(before + 1);
    const refused = deliveries().first();
    expect(await refused.locator('.pill').textContent()).toBe('401');
    const reason = await refused.locator('.refusal').textContent();
    expect(reason).toContain('Refused: invalid_signature: the signature does not match');
    expect(reason).toContain('new one on every start');
    expect(await page.locator('#status').textContent()).toContain('HTTP 401 invalid_signature');
  });

  it('a Bot API call the emulator refused shows why (a room it does not have)', async () => {
    const response = await fetch(`${emulator.apiBaseUrl}/bots/${emulator.botId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: 999, body: 'to nowhere' }),
    });
    expect(response.status).toBe(404);
    await page.locator('#status', { hasText: 'Bot API refused the bot (404 room_not_found)' }).waitFor();
    expect(await page.locator('#status').textContent()).toContain('Room 999 does not exist on this emulator');
  });
});
