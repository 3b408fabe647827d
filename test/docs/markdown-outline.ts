import { readFileSync } from 'node:fs';

/** What a translation must keep: the code blocks, byte for byte, and the heading structure. */
export interface MarkdownOutline {
  /** Front matter keys and values (`key: value` lines only), empty when there is none. */
  frontMatter: Record<string, string>;
  /** Every fenced block, its fence line and body as written. */
  codeBlocks: string[];
  /** Every heading outside code blocks: its level, text, and explicit `{#id}` if it has one. */
  headings: { level: number; text: string; id: string | undefined }[];
  /** The text outside code blocks and front matter. */
  prose: string;
}

/** Reads a Markdown page into the parts the en/ko parity check compares. */
export function readOutline(file: string): MarkdownOutline {
  const lines = readFileSync(file, 'utf8').split('\n');
  const frontMatter: Record<string, string> = {};
  let start = 0;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    for (const line of lines.slice(1, end)) {
      const match = /^([\w-]+):\s*(\S.*)$/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) frontMatter[match[1]] = match[2];
    }
    start = end + 1;
  }
  const codeBlocks: string[] = [];
  const headings: MarkdownOutline['headings'] = [];
  const prose: string[] = [];
  let fence: string | undefined;
  let block: string[] = [];
  for (const line of lines.slice(start)) {
    if (fence === undefined) {
      const open = /^(`{3,}|~{3,})/.exec(line)?.[1];
      if (open !== undefined) {
        fence = open;
        block = [line];
        continue;
      }
      const heading = /^(#{1,6}) (.+?)(?: \{#([\w-]+)\})?$/.exec(line);
      if (heading?.[1] !== undefined && heading[2] !== undefined) {
        headings.push({ level: heading[1].length, text: heading[2], id: heading[3] });
      }
      prose.push(line);
    } else {
      block.push(line);
      if (line.trim() === fence) {
        codeBlocks.push(block.join('\n'));
        fence = undefined;
      }
    }
  }
  return { frontMatter, codeBlocks, headings, prose: prose.join('\n') };
}

/** VitePress's heading anchor for a heading text (its `slugify`, from @mdit-vue/shared). */
export function headingSlug(text: string): string {
  return text
    .replace(/`/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}
