import { posix } from 'node:path';
import type { MarkdownRenderer } from 'vitepress';

type Env = { relativePath?: string };

/**
 * Every TypeScript block of a guide is checked by twoslash, without `twoslash` in each fence: the Markdown
 * stays plain for GitHub and for the tests that run guides as written. TypeDoc's pages are left alone: their
 * @example blocks are checked by scripts/check-jsdoc-examples.mjs, and many are fragments.
 */
export function twoslashEveryTsBlock(md: MarkdownRenderer): void {
  md.core.ruler.push('twoslash-every-ts-block', (state) => {
    if (String((state.env as Env).relativePath ?? '').startsWith('api/')) return;
    for (const token of state.tokens) {
      if (token.type === 'fence' && /^(ts|tsx)\b/.test(token.info) && !/\btwoslash\b/.test(token.info)) {
        token.info = `${token.info} twoslash`;
      }
    }
  });
}

/**
 * A guide's relative link to a repository file outside docs/ (`../bench/README.md`) works on GitHub but
 * points nowhere on the site: there it becomes the file's path, marked, instead of a broken link.
 */
export function repositoryLinksAsPaths(md: MarkdownRenderer): void {
  md.core.ruler.push('repository-links-as-paths', (state) => {
    const page = String((state.env as Env).relativePath ?? '');
    for (const block of state.tokens) {
      const open: boolean[] = [];
      for (const token of block.children ?? []) {
        if (token.type === 'link_open') {
          const href = token.attrGet('href') ?? '';
          const target = /^[a-z][a-z0-9+.-]*:|^[#/]/i.test(href)
            ? undefined
            : posix.normalize(posix.join(posix.dirname(page), href.split('#')[0] ?? ''));
          const outside = target?.startsWith('../') === true;
          open.push(outside);
          if (outside) {
            const path = (target ?? '').replace(/^(\.\.\/)+/, '');
            token.type = 'html_inline';
            token.tag = '';
            token.content = `<span class="repository-path" title="${md.utils.escapeHtml(`${path} in the repository`)}">`;
          }
        } else if (token.type === 'link_close' && open.pop() === true) {
          token.type = 'html_inline';
          token.tag = '';
          token.content = '</span>';
        }
      }
    }
  });
}
