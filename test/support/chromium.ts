// Headless Chromium for the browser tests (the emulator page, the command bot, the documentation site),
// launched one way: Debian's chromium through playwright-core, with a fresh profile and the flags that keep
// it from reaching for the network (this machine's closed network refuses its background connections).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Debian installs Chromium (`apt-get install chromium`; `.ci/run` does it). */
export const CHROMIUM = '/usr/bin/chromium';

/** A launched browser: its context, its first page, and the profile folder to remove afterwards. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly profile: string;
}

/**
 * Starts headless Chromium with a new profile in the temp folder (named after `name`) and returns its first
 * page, with `timeoutMs` as the page's default timeout.
 */
export async function launchChromium(
  name: string,
  { height = 800, timeoutMs = 10_000 }: { height?: number; timeoutMs?: number } = {},
): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), `momotalk-${name}-chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1360, height },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeoutMs);
  return { context, page, profile };
}
