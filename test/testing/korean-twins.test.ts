import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every guide in docs/ko/ is the Korean twin of the guide with the same name in docs/: its code blocks (any
// language) are the English page's, byte for byte and in the same order, so the two cannot drift apart.
const twins = existsSync('docs/ko') ? readdirSync('docs/ko').filter((name) => name.endsWith('.md')) : [];

function fencedBlocks(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/^```[^\n]*\n[\s\S]*?^```$/gm)].map((match) => match[0]);
}

describe('Korean guides (docs/ko) and their English twins', () => {
  it('has at least the bot layer guide', () => {
    expect(twins).toContain('bot.md');
  });

  for (const name of twins) {
    it(`docs/ko/${name} has the code blocks of docs/${name}`, () => {
      expect(existsSync(`docs/${name}`), `docs/${name} is missing`).toBe(true);
      // Some guides (benchmarks, reliability, security) have no code blocks: then the twin has none either.
      const english = fencedBlocks(`docs/${name}`);
      expect(fencedBlocks(`docs/ko/${name}`)).toEqual(english);
    });
  }
});
