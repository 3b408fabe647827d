// The emulator page shows each delivery's trace: `npm start` (scripts/start.mjs) runs the emulator and
// examples/echo-bot.mjs in another process with emulatorTelemetry() on; headless Chromium says hello on the
// page and reads the bot's spans, with their durations, under that delivery. A second emulator, in this
// process, gets a hostile trace to show that the page inserts span names as text, never as HTML.
import { mkdirSync, rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/testing/index.js';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { toolAvailable } from '../support/index.js';
import { type NpmStart, startNpmStart } from '../support/npm-start.js';

const hasChromium = toolAvailable(CHROMIUM, 'the emulator trace view test', 'apt-get install chromium');
const DURATION = /^\d+(\.\d)? ms$/;

describe.skipIf(!hasChromium)(
  'the emulator page shows each delivery’s trace (npm start, headless Chromium)',
  () => {
    let started: NpmStart | undefined;
    let profile: string;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      started = await startNpmStart();
      expect(started.output.join('\n')).toMatch(/and say hello/);
      ({ context, page, profile } = await launchChromium('emulator-traces'));
      await page.goto(started.pageUrl);
      await page.locator('body[data-ready="true"]').waitFor();
    });

    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
      await started?.stop();
    });

    it('type "hello": the delivery shows read, verify, parse, claim, handler and send with durations', async () => {
      await page.locator('#text').fill('hello');
      await page.locator('#text').press('Enter');
      await page.locator('#messages .msg.bot .text', { hasText: /^Echo: hello$/ }).waitFor();
      const delivery = page.locator('#deliveries li.delivery').first();
      const trace = delivery.locator('.trace[data-kind="delivery"]');
      await trace.locator('.span-row[data-name="send"]').waitFor();
      expect(
        await trace
          .locator('.span-row')
          .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.name)),
      ).toEqual(['read', 'verify', 'parse', 'claim', 'handler', 'send']);
      for (const ms of await trace.locator('.span-ms').allTextContents()) expect(ms).toMatch(DURATION);
      expect(await trace.locator('.trace-head').textContent()).toMatch(/^bot trace · \d+(\.\d)? ms · 200$/);
      expect(await trace.locator('.span-row[data-name="handler"] .span-name').textContent()).toBe(
        'handler on:message:TEXT',
      );
      expect(await trace.locator('.span-row[data-name="send"] .span-name').textContent()).toBe('send · 201');
      expect(await trace.locator('.span-row.error').count()).toBe(0);
      mkdirSync('.tmp', { recursive: true });
      await page.screenshot({ path: '.tmp/emulator-traces.png' });
    });

    it('Redeliver: the duplicate runs no handler and has no trace; the first attempt keeps its own', async () => {
      await page.locator('#deliveries li.delivery').first().locator('button.redeliver').click();
      await expect.poll(() => page.locator('#deliveries li.delivery').count()).toBe(2);
      // The next message's trace shows up, so any report of the duplicate would have arrived before it.
      await page.locator('#text').fill('again');
      await page.locator('#text').press('Enter');
      await page.locator('#deliveries li.delivery').first().locator('.span-row[data-name="send"]').waitFor();
      const [next, duplicate, first] = [0, 1, 2].map((n) => page.locator('#deliveries li.delivery').nth(n));
      expect(await next?.locator('.trace').count()).toBe(1);
      expect(await duplicate?.locator('.small').nth(1).textContent()).toContain('attempt 2');
      expect(await duplicate?.locator('.trace').count()).toBe(0);
      expect(await first?.locator('.trace .span-row').count()).toBe(6);
    });
  },
);

describe.skipIf(!hasChromium)('a hostile trace is shown as text', () => {
  let emulator: Emulator;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    emulator = await startEmulator({ token: 'emu_tok_hostile' });
    ({ context, page, profile } = await launchChromium('emulator-traces-hostile'));
    await page.goto(emulator.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await emulator?.close();
  });

  it('a span name with markup is inserted as text: no element, no script', async () => {
    const delivery = await emulator.sendWebhookTest(); // no callback URL: a failed delivery to hang it on
    const name = '<img src=x onerror="document.body.dataset.pwned=1">';
    const response = await fetch(`${emulator.url}/emulator/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer emu_tok_hostile' },
      body: JSON.stringify({
        trace_id: 'trc_x',
        event_id: delivery.event_id,
        kind: 'delivery',
        started_at: delivery.sent_at,
        duration_ms: 2,
        status: '<b>500</b>',
        spans: [{ name, start_ms: 0, duration_ms: 1, status: 'error', result: '<script>x()</script>' }],
      }),
    });
    expect(response.status).toBe(202);
    const row = page.locator('#deliveries li.delivery .span-row').first();
    await row.waitFor();
    expect(await row.locator('.span-name').textContent()).toBe(`${name} · <script>x()</script>`);
    expect(await page.locator('#deliveries img, #deliveries script, #deliveries b').count()).toBe(0);
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
  });
});
