// `npm start -- command-bot` end to end, as a person would try it: scripts/start.mjs starts the emulator
// and examples/command-bot.mjs (the bot layer through the built package's public entries), and headless
// Chromium types /help, /echo and 안녕 on the emulator's page and reads the bot's answers there.
import { mkdirSync, rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { toolAvailable } from '../support/index.js';
import { type NpmStart, startNpmStart } from '../support/npm-start.js';

const hasChromium = toolAvailable(CHROMIUM, 'the command bot browser test', 'apt-get install chromium');

describe.skipIf(!hasChromium)('npm start -- command-bot, on the emulator page in headless Chromium', () => {
  let started: NpmStart | undefined;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    started = await startNpmStart(['command-bot']);
    expect(started.output.join('\n')).toMatch(/and type \/help/);
    ({ context, page, profile } = await launchChromium('command-bot'));
    await page.goto(started.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await started?.stop();
  });

  const botReplies = () => page.locator('#messages .msg.bot .text');

  async function say(text: string): Promise<string> {
    const before = await botReplies().count();
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Enter');
    // Waits up to the page's default timeout (10 s): a loaded machine can take over a second to answer.
    await botReplies().nth(before).waitFor();
    return (await botReplies().nth(before).textContent()) ?? '';
  }

  it('/help lists the commands, /echo says its argument back, 안녕 is heard, anything else gets a pointer to /help', async () => {
    expect(await say('/help')).toBe(
      'Commands:\n/help - this list\n/echo <text> - I say it back\n안녕 - a greeting in Korean',
    );
    expect(await say('/echo 반가워요 world')).toBe('반가워요 world');
    expect(await say('/ECHO')).toBe('Usage: /echo <text>');
    expect(await say('안녕')).toBe('안녕하세요! 명령어는 /help 로 볼 수 있어요.');
    expect(await say('what can you do?')).toBe('I don\'t know "what can you do?". Try /help.');
    mkdirSync('.tmp', { recursive: true });
    await page.screenshot({ path: '.tmp/emulator-command-bot.png' });
  });

  it('the logging middleware wrote one line per update, after the handlers', async () => {
    await expect
      .poll(
        () =>
          (started?.output ?? []).filter((line) => line.startsWith('[command-bot] talk.message_created'))
            .length,
        {
          timeout: 10_000,
        },
      )
      .toBe(5);
    expect(started?.output).toContainEqual(
      expect.stringMatching(/^\[command-bot\] talk\.message_created "\/help" from user_alice: \d+\.\d ms$/),
    );
  });
});
