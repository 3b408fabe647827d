// Every English page in docs/ has a Korean twin in docs/ko/ (VitePress's locale folder) that keeps its code
// blocks byte for byte and its heading structure, so a guide changed in one language and not the other fails
// here. A page that a script regenerates (benchmarks, reliability) may instead have a short Korean summary that
// links the English tables: its front matter says `translation: summary`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingSlug, readOutline } from './markdown-outline.js';

const DOCS = 'docs';
const KO = join(DOCS, 'ko');
/** GitHub's folder index, not a page of the site (srcExclude in docs/.vitepress/config.mts). */
const NOT_PAGES = new Set(['README.md']);
const HANGUL = /[\uAC00-\uD7A3]/;

const pages = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.md') && !NOT_PAGES.has(file)) : [];
const english = pages(DOCS);

it('finds the English pages and the Korean folder', () => {
  expect(english).toContain('getting-started.md');
  expect(english).toContain('index.md');
  expect(existsSync(KO)).toBe(true);
});

it('every Korean page translates an English one (no orphans)', () => {
  expect(pages(KO).filter((file) => !english.includes(file))).toEqual([]);
});

describe.each(english)('docs/%s', (file) => {
  const en = readOutline(join(DOCS, file));
  const koFile = join(KO, file);

  it('has a Korean twin in docs/ko/', () => {
    expect(existsSync(koFile), `write ${koFile}`).toBe(true);
  });
  if (!existsSync(koFile)) return;
  const ko = readOutline(koFile);

  it('is written in Korean', () => {
    expect(HANGUL.test(ko.prose), `${koFile} has no Korean text`).toBe(true);
  });

  if (ko.frontMatter.translation === 'summary') {
    it('is a summary only because the English page is generated, and links it', () => {
      expect(en.prose.slice(0, 1200), `${file} is not generated: translate it in full`).toMatch(/generated/i);
      expect(ko.prose).toContain(`](../${file})`);
    });
    return;
  }

  it('has the same code blocks, byte for byte, in the same order', () => {
    expect(ko.codeBlocks).toEqual(en.codeBlocks);
  });

  it('has the same heading structure (count and levels)', () => {
    expect(ko.headings.map((heading) => heading.level)).toEqual(en.headings.map((heading) => heading.level));
  });

  it('keeps the English anchors where it names them, so links to a heading work in both languages', () => {
    for (const [index, heading] of ko.headings.entries()) {
      const original = en.headings[index];
      if (heading.id === undefined || original === undefined) continue;
      expect(heading.id, `${koFile}: "${heading.text}"`).toBe(original.id ?? headingSlug(original.text));
    }
  });
});
