// The twoslash setup the documentation site builds with (docs/.vitepress/twoslash.ts) and the README check
// that runs at the end of the build (docs/.vitepress/readme-code.ts): a block that does not compile must fail,
// and `momotalk-bot-sdk` imports must resolve to this repository's sources with their real types.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoslasher } from 'twoslash';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReadmeCode } from '../../docs/.vitepress/readme-code.js';
import { docCompilerOptions } from '../../docs/.vitepress/twoslash.js';

const root = process.cwd();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
};
const compilerOptions = docCompilerOptions(root);
const twoslasher = createTwoslasher({ compilerOptions });
const COMPILES = [
  "import { createWebhookHandler } from 'momotalk-bot-sdk';",
  "import { toNodeListener } from 'momotalk-bot-sdk/node';",
  'export const listener = toNodeListener(createWebhookHandler({ secret: "s" }));',
].join('\n');
const DOES_NOT_COMPILE = [
  "import { createWebhookHandler } from 'momotalk-bot-sdk';",
  "createWebhookHandler({ secret: 's' }).on('talk.message_create', () => {});",
].join('\n');

describe('docCompilerOptions', () => {
  it('maps every package export to its source file', () => {
    const subpaths = Object.keys(pkg.exports).filter((subpath) => subpath !== './package.json');
    const names = subpaths.map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
    expect(Object.keys(compilerOptions.paths ?? {}).sort()).toEqual(names.sort());
    for (const [name, [source]] of Object.entries(compilerOptions.paths ?? {}) as [string, string[]][]) {
      expect(existsSync(source ?? ''), `${name} -> ${source}`).toBe(true);
    }
  });
});

describe('twoslash with the site settings', () => {
  it('compiles a block and gives the types an editor shows', () => {
    const result = twoslasher(COMPILES, 'ts');
    const hover = result.hovers.find((node) => node.target === 'createWebhookHandler');
    expect(hover?.text).toContain(
      'function createWebhookHandler(options?: WebhookHandlerOptions): WebhookHandler',
    );
  }, 120_000);

  it('throws on a block that does not compile (a misspelt event type)', () => {
    expect(() => twoslasher(DOES_NOT_COMPILE, 'ts')).toThrow(/talk\.message_create/);
  }, 120_000);
});

describe('checkReadmeCode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'momotalk-readme-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const readme = (code: string) =>
    `# Title\n\nText.\n\n\`\`\`sh\nnpm test\n\`\`\`\n\n\`\`\`ts\n${code}\n\`\`\`\n`;

  it('passes READMEs whose TypeScript blocks compile', async () => {
    writeFileSync(join(dir, 'README.md'), readme(COMPILES));
    writeFileSync(join(dir, 'README.ko.md'), readme(COMPILES));
    await expect(checkReadmeCode(dir, compilerOptions)).resolves.toBeUndefined();
  }, 120_000);

  it('fails on a README block that does not compile, naming the file and line', async () => {
    writeFileSync(join(dir, 'README.md'), readme(COMPILES));
    writeFileSync(join(dir, 'README.ko.md'), readme(DOES_NOT_COMPILE));
    await expect(checkReadmeCode(dir, compilerOptions)).rejects.toThrow(
      'README.ko.md:9: this code block does not compile',
    );
  }, 120_000);
});
