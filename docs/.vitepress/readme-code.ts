import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoslasher } from 'twoslash';
import type { CompilerOptions } from 'typescript';

/** The project READMEs: not pages of the site (GitHub and npm show them), but their code is checked alike. */
export const READMES = ['README.md', 'README.ko.md'];

/**
 * Checks every ```ts block of README.md and README.ko.md with the twoslasher and the compiler options the
 * site's pages use, so a README block that does not compile fails `npm run docs` like a guide's does.
 *
 * @throws Error naming the file and line of the first block that does not compile.
 */
export async function checkReadmeCode(root: string, compilerOptions: CompilerOptions): Promise<void> {
  const twoslasher = createTwoslasher({ compilerOptions });
  for (const file of READMES) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/^```(ts|tsx)\b[^\n]*\n([\s\S]*?)^```/gm)) {
      const line = text.slice(0, match.index).split('\n').length;
      try {
        twoslasher(match[2] ?? '', match[1] ?? 'ts');
      } catch (error) {
        throw new Error(`${file}:${line}: this code block does not compile`, { cause: error });
      }
    }
  }
}
