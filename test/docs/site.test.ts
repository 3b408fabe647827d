// The documentation site as a reader gets it: `npm run docs` (TypeDoc's API pages, then `vitepress build`,
// whose twoslash pass fails on a code block that does not compile and whose dead-link check fails on a missing
// page) is run once, the output is served over loopback and opened in headless Chromium in both locales. A crawl
// of every built page then checks that each internal link, anchor included, lands somewhere.
// DOCS_SITE_PREBUILT=1 skips the build and opens docs/.vitepress/dist as it is (to iterate on these tests after
// an `npm run docs`); CI never sets it.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, posix, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { toolAvailable } from '../support/index.js';
import { serveSite, siteFile } from './static-server.js';

const hasChromium = toolAvailable(CHROMIUM, 'the documentation site tests', 'apt-get install chromium');
const DIST = join(process.cwd(), 'docs', '.vitepress', 'dist');
/** Runs a build step without blocking the event loop; resolves with its exit code and output. */
function runCommand(
  file: string,
  args: string[],
  timeout: number,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}`.trim() });
      },
    );
  });
}

/** The build takes minutes on a busy 2-core machine (twoslash compiles every block against the sources). */
const BUILD_TIMEOUT = 1_200_000;

describe.skipIf(!hasChromium)('the documentation site (npm run docs), in headless Chromium', () => {
  let build: { code: number; output: string };
  let server: Server | undefined;
  let origin: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const prebuilt = process.env.DOCS_SITE_PREBUILT === '1' && !process.env.CI;
    const typedoc = prebuilt
      ? { code: 0, output: '' }
      : await runCommand(process.execPath, ['node_modules/typedoc/bin/typedoc'], BUILD_TIMEOUT);
    build =
      typedoc.code !== 0 || prebuilt
        ? typedoc
        : await runCommand(
            process.execPath,
            ['node_modules/vitepress/bin/vitepress.js', 'build', 'docs'],
            BUILD_TIMEOUT,
          );
    if (build.code !== 0) return;
    ({ origin, server } = await serveSite(DIST));
    ({ context, page, profile } = await launchChromium('docs', { height: 900, timeoutMs: 15_000 }));
  }, 2 * BUILD_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    server?.close();
  });

  it('builds: TypeDoc validation, every code block compiles, no dead link', () => {
    expect(build.code, build.output.split('\n').slice(-60).join('\n')).toBe(0);
  });

  async function open(path: string): Promise<void> {
    const response = await page.goto(`${origin}${path}`);
    expect(response?.status(), path).toBe(200);
    await page.locator('.VPContent').waitFor();
  }

  describe.each([
    {
      locale: 'en',
      home: '/',
      what: 'MoMoTalk chat bots in TypeScript',
      start: 'Get started',
      guide: '/getting-started',
      guideTitle: 'Getting started',
    },
    {
      locale: 'ko',
      home: '/ko/',
      what: 'TypeScript로 만드는 MoMoTalk 챗봇',
      start: '시작하기',
      guide: '/ko/getting-started',
      guideTitle: '시작하기',
    },
  ])('$locale', ({ locale, home, what, start, guide, guideTitle }) => {
    it('the landing page says what this is, how to start, and shows the two commands', async () => {
      expect(build.code).toBe(0);
      await open(home);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.locator('.VPHero .text').textContent()).toContain(what);
      expect(await page.locator('.VPHero .actions').textContent()).toContain(start);
      const commands = await page.locator('.vp-doc pre').allTextContents();
      expect(commands.join('\n')).toContain('npm install && npm start');
      expect(commands.join('\n')).toContain('npm install && npm test');
      expect(await page.locator('.VPFeature').count()).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: `.tmp/docs-home-${locale}.png` });
    });

    it('a guide opens with its sidebar, which lists the API reference', async () => {
      expect(build.code).toBe(0);
      await open(guide);
      expect(await page.locator('.vp-doc h1').first().textContent()).toContain(guideTitle);
      const sidebar = page.locator('.VPSidebar');
      expect(await sidebar.locator(`a[href="${guide}"]`).count()).toBe(1);
      expect(await sidebar.locator('a[href="/api/"]').count()).toBe(1);
    });

    it('hovering a name in a code block shows its type, as an editor would (twoslash)', async () => {
      expect(build.code).toBe(0);
      await open(guide);
      const name = page.locator('.vp-doc .twoslash-hover', { hasText: /^createWebhookHandler$/ }).first();
      await name.scrollIntoViewIfNeeded();
      await name.hover();
      const popup = page.locator('.v-popper__popper--shown');
      await popup.waitFor();
      expect(await popup.textContent()).toMatch(
        /function createWebhookHandler\(options\?: WebhookHandlerOptions\)/,
      );
      await page.screenshot({ path: `.tmp/docs-twoslash-${locale}.png` });
    });

    it('searching "verifyWebhook" finds this locale\'s pages', async () => {
      expect(build.code).toBe(0);
      await open(guide);
      await page.locator('.VPNavBarSearch button').click();
      await page.locator('#localsearch-input').fill('verifyWebhook');
      const results = page.locator('.VPLocalSearchBox .results a.result');
      await results.first().waitFor();
      const hrefs = await results.evaluateAll((links) =>
        links.map((link) => link.getAttribute('href') ?? ''),
      );
      expect(hrefs.length).toBeGreaterThan(0);
      const inLocale = (href: string) =>
        locale === 'ko' ? href.startsWith('/ko/') : !href.startsWith('/ko/');
      expect(hrefs.filter(inLocale), hrefs.join('\n')).toEqual(hrefs);
      expect(hrefs.some((href) => href.includes('security') || href.includes('receiving-webhooks'))).toBe(
        true,
      );
      await page.keyboard.press('Escape');
    });

    it('the API page of createWebhookHandler opens, with its @example (the Korean path leads to the English page)', async () => {
      expect(build.code).toBe(0);
      const api = '/api/index/functions/createWebhookHandler';
      await page.goto(`${origin}${locale === 'ko' ? `/ko${api}` : api}`);
      await page.waitForURL((url) => url.pathname === api);
      await page.locator('.VPContent').waitFor();
      expect(await page.locator('.vp-doc h1').textContent()).toContain('createWebhookHandler');
      expect(await page.locator('.vp-doc h2', { hasText: 'Examples' }).count()).toBe(1);
      expect(await page.locator('.vp-doc pre').first().textContent()).toContain('createWebhookHandler({');
      expect(await page.locator('.VPSidebar a[href*="createWebhookHandler"]').count()).toBeGreaterThan(0);
    });
  });

  it('every internal link of every built page lands on a page, and on its anchor', () => {
    expect(build.code).toBe(0);
    const pages = htmlFiles(DIST);
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string) => {
      let found = ids.get(file);
      if (found === undefined) {
        found = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''));
        ids.set(file, found);
      }
      return found;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of pages) {
      const url = `/${relative(DIST, file).split('\\').join('/')}`.replace(/(index)?\.html$/, '');
      const html = readFileSync(file, 'utf8');
      for (const match of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
        const href = (match[1] ?? '').replace(/&amp;/g, '&');
        if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) continue; // another site, mailto:
        const [path = '', hash] = href.split('#');
        const target = path === '' ? file : siteFile(DIST, posix.resolve(posix.dirname(`${url}x`), path));
        checked += 1;
        if (target === undefined) broken.push(`${url}: ${href} (no page)`);
        else if (hash && !idsOf(target).has(decodeURIComponent(hash)))
          broken.push(`${url}: ${href} (no anchor)`);
      }
    }
    expect(pages.length).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(1000);
    expect(broken).toEqual([]);
  });
});

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}
