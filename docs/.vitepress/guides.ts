import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DefaultTheme } from 'vitepress';

/**
 * The order guides appear in the sidebar. A guide not listed here is still picked up (every
 * `docs/*.md` and `docs/ko/*.md` is), and goes after these in file-name order: add a new guide's
 * name here only to place it.
 */
export const GUIDE_ORDER = [
  'getting-started',
  'receiving-webhooks',
  'handling-events',
  'sending-messages',
  'bot',
  'sessions',
  'secret-rotation',
  'testing',
  'scaling',
  'observability',
  'kakao',
  'cli',
  'security',
  'runtimes',
  'benchmarks',
  'reliability',
];

/** Files in a locale folder that are not guides: the landing page and GitHub's folder index. */
const NOT_GUIDES = new Set(['index', 'README']);

/** The guide names (file names without `.md`) in `dir`, in sidebar order. */
export function guideNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -3))
    .filter((name) => !NOT_GUIDES.has(name));
  const rank = (name: string) => {
    const index = GUIDE_ORDER.indexOf(name);
    return index === -1 ? GUIDE_ORDER.length : index;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A page's first `# ` heading, for its sidebar entry (the file name when it has none). */
export function pageTitle(file: string): string {
  const match = /^# (.+)$/m.exec(readFileSync(file, 'utf8'));
  return match?.[1]?.replace(/`/g, '').trim() ?? file;
}

/** The sidebar of one locale: its guides, then the API reference TypeDoc wrote (English only). */
export function sidebar(
  docsDir: string,
  locale: { dir: string; base: string; guides: string; api: string },
  api: DefaultTheme.SidebarItem[],
): DefaultTheme.SidebarItem[] {
  const dir = join(docsDir, locale.dir);
  return [
    {
      text: locale.guides,
      items: guideNames(dir).map((name) => ({
        text: pageTitle(join(dir, `${name}.md`)),
        link: `${locale.base}${name}`,
      })),
    },
    { text: locale.api, link: '/api/', collapsed: true, items: api },
  ];
}
