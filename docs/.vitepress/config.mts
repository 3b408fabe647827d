import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformerTwoslash } from '@shikijs/vitepress-twoslash';
import { type DefaultTheme, defineConfig } from 'vitepress';
import { writeKoreanApiRedirects } from './api-redirects.js';
import { sidebar } from './guides.js';
import { repositoryLinksAsPaths, twoslashEveryTsBlock } from './markdown-rules.js';
import { checkReadmeCode } from './readme-code.js';
import { docCompilerOptions } from './twoslash.js';

const docsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(docsDir);
const compilerOptions = docCompilerOptions(root);

// TypeDoc (typedoc-vitepress-theme) writes the API sidebar before `vitepress build` runs (`npm run docs`).
const apiSidebarFile = join(docsDir, 'api', 'typedoc-sidebar.json');
const apiSidebar: DefaultTheme.SidebarItem[] = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : [];

type TwoslashTypesCache = NonNullable<NonNullable<Parameters<typeof transformerTwoslash>[0]>['typesCache']>;
type TwoslashShikiReturn = Parameters<TwoslashTypesCache['write']>[1];

const en = { dir: '', base: '/', guides: 'Guides', api: 'API reference' };
const ko = { dir: 'ko', base: '/ko/', guides: '가이드', api: 'API 레퍼런스 (영문)' };

export default defineConfig({
  title: 'momotalk-bot-sdk',
  description: 'TypeScript SDK for MoMoTalk chat bots',
  cleanUrls: true,
  lastUpdated: false,
  // docs/README.md is the folder index GitHub shows; the site's index is index.md.
  srcExclude: ['README.md', 'ko/README.md'],
  locales: {
    root: {
      label: 'English',
      lang: 'en',
      themeConfig: {
        nav: [
          { text: 'Guides', link: '/getting-started' },
          { text: 'API', link: '/api/' },
        ],
        sidebar: sidebar(docsDir, en, apiSidebar),
      },
    },
    ko: {
      label: '한국어',
      lang: 'ko',
      description: 'MoMoTalk 챗봇을 위한 TypeScript SDK',
      themeConfig: {
        nav: [
          { text: '가이드', link: '/ko/getting-started' },
          { text: 'API', link: '/api/' },
        ],
        sidebar: sidebar(docsDir, ko, apiSidebar),
        outline: { label: '이 페이지의 내용' },
        docFooter: { prev: '이전', next: '다음' },
        darkModeSwitchLabel: '테마',
        sidebarMenuLabel: '메뉴',
        returnToTopLabel: '맨 위로',
        langMenuLabel: '언어',
      },
    },
  },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        locales: {
          ko: {
            translations: {
              button: { buttonText: '검색', buttonAriaLabel: '검색' },
              modal: {
                noResultsText: '결과가 없습니다',
                resetButtonTitle: '지우기',
                footer: { selectText: '선택', navigateText: '이동', closeText: '닫기' },
              },
            },
          },
        },
      },
    },
  },
  markdown: {
    config(md) {
      twoslashEveryTsBlock(md);
      repositoryLinksAsPaths(md);
    },
    codeTransformers: [
      transformerTwoslash({
        langs: ['ts', 'tsx'],
        // A block that does not compile fails the build.
        throws: true,
        twoslashOptions: { compilerOptions },
        typesCache: buildCache(),
      }),
    ],
  },
  async buildEnd(site) {
    await checkReadmeCode(root, compilerOptions);
    writeKoreanApiRedirects(site.outDir);
  },
});

/**
 * Twoslash results kept for one build only: the Korean twin of a guide repeats its code blocks, so each
 * block is compiled once. Nothing is written to disk, so a later build always sees the current sources.
 */
function buildCache(): TwoslashTypesCache {
  const results = new Map<string, TwoslashShikiReturn>();
  return {
    read: (code: string) => results.get(code) ?? null,
    write: (code: string, data: TwoslashShikiReturn) => {
      results.set(code, data);
    },
  };
}
