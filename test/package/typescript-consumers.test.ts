// TypeScript consumers of the packed tarball: the same user code (test/fixtures/consumers/types/*.ts, public
// types only, with type-level assertions and @ts-expect-error) type-checks under every module resolution
// users pick: node16 and nodenext, each as ESM and as CommonJS, and bundler; plus an edge project (bundler,
// no @types/node, skipLibCheck off) that uses only the edge-safe entries. Then the toolchain matrix: the
// same code with the newest `typescript` and with the newest and the oldest supported `@types/node`, and the
// repository's framework type tests (real Express, Fastify, Koa and node:http types) against both.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { notCheckedHere } from '../support/index.js';
import {
  absentExports,
  BIN,
  CONSUMER,
  exportSpecifiers,
  FIXTURES,
  prepareConsumer,
  ROOT,
  run,
} from './support/consumer.js';
import { installTypeMatrix, type TypeMatrix } from './support/type-matrix.js';

/** Entries an edge runtime (no node:*) can load; their types must not need @types/node. */
const EDGE_ENTRIES = ['momotalk-bot-sdk', 'momotalk-bot-sdk/kakao'];
/** Usage files that need Node (node:* imports, the Node adapters): left out of the edge project. */
const NODE_ONLY = /^(?:webhooks|node-)/;
const SOURCE = join(FIXTURES, 'types');
const TS_ROOT = join(CONSUMER, 'ts');
const REPO_TSC = join(BIN, 'tsc');
const strictness = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  isolatedModules: true,
};

const projects = [
  { dir: 'node16-esm', label: 'node16, ESM', type: 'module', module: 'node16', edge: false },
  { dir: 'node16-cjs', label: 'node16, CommonJS', type: 'commonjs', module: 'node16', edge: false },
  { dir: 'nodenext-esm', label: 'nodenext, ESM', type: 'module', module: 'nodenext', edge: false },
  { dir: 'nodenext-cjs', label: 'nodenext, CommonJS', type: 'commonjs', module: 'nodenext', edge: false },
  { dir: 'bundler', label: 'bundler', type: 'module', module: 'bundler', edge: false },
  { dir: 'edge', label: 'bundler, edge (no @types/node)', type: 'module', module: 'bundler', edge: true },
];
const files = readdirSync(SOURCE).sort();
let usage: string[] = [];
let root: Record<string, unknown>;

const entriesSource = (specifiers: readonly string[]) =>
  `// Every entry's types resolve in this mode.\n${specifiers
    .map((specifier, index) => `import * as entry${index} from '${specifier}';`)
    .join('\n')}\nexport const entries = [${specifiers.map((_, index) => `entry${index}`).join(', ')}];\n`;

/** A consumer project in .tmp: package.json of `type`, the usage files, entries.ts, tsconfig.json. */
function writeProject(
  dir: string,
  type: string,
  usageFiles: string[],
  specifiers: readonly string[],
  options: object,
) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type }));
  for (const file of usageFiles) writeFileSync(join(dir, file), readFileSync(join(SOURCE, file)));
  writeFileSync(join(dir, 'entries.ts'), entriesSource(specifiers));
  const compilerOptions = { target: 'es2022', noEmit: true, ...strictness, ...options };
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, files: ['entries.ts', ...usageFiles] }, null, 2),
  );
}

const errors = (result: { code: number; stdout: string; stderr: string }) => {
  const text = `${result.stdout}${result.stderr}`.trim();
  return result.code !== 0 || /error TS/.test(text) ? text || `exited ${result.code}` : '';
};

beforeAll(async () => {
  root = await prepareConsumer();
  usage = files.filter((file) => absentExports(readFileSync(join(SOURCE, file), 'utf8'), root).length === 0);
});

test.for(files)('types/%s: the package exports what it requires', (file, context) => {
  const absent = absentExports(readFileSync(join(SOURCE, file), 'utf8'), root);
  if (absent.length > 0)
    notCheckedHere(context, `types/${file}: the package does not export ${absent.join(', ')}`);
});

describe('TypeScript 6, every module resolution', () => {
  let output: string[] = [];
  // One `tsc --build` over the six projects parses the shared files (lib, @types/node, the package's
  // declarations) once: about half the CPU of six separate runs.
  beforeAll(async () => {
    rmSync(TS_ROOT, { recursive: true, force: true });
    for (const project of projects) {
      writeProject(
        join(TS_ROOT, project.dir),
        project.type,
        project.edge ? usage.filter((file) => !NODE_ONLY.test(file)) : usage,
        project.edge ? EDGE_ENTRIES : exportSpecifiers,
        {
          module: project.module === 'bundler' ? 'esnext' : project.module,
          moduleResolution: project.module,
          lib: project.edge ? ['es2022', 'dom'] : ['es2023', 'dom'],
          types: project.edge ? [] : ['node'],
          // The edge project also checks the shipped .d.ts files (cheap without @types/node); the others
          // check the user's code the way most projects do (`tsc --init` sets skipLibCheck).
          skipLibCheck: !project.edge,
          composite: true,
          tsBuildInfoFile: `../.buildinfo/${project.dir}.tsbuildinfo`,
        },
      );
    }
    const references = projects.map((project) => ({ path: project.dir }));
    writeFileSync(join(TS_ROOT, 'tsconfig.json'), JSON.stringify({ files: [], references }));
    const result = await run(REPO_TSC, ['--build', 'tsconfig.json', '--pretty', 'false'], { cwd: TS_ROOT });
    output = `${result.stdout}${result.stderr}`.trim().split('\n').filter(Boolean);
    const unattributed = output.filter(
      (line) => !projects.some((project) => line.includes(`${project.dir}/`)),
    );
    if (result.code !== 0 && (output.length === 0 || unattributed.some((line) => /error TS/.test(line)))) {
      throw new Error(`tsc --build exited ${result.code}:\n${unattributed.join('\n') || result.stderr}`);
    }
  });

  test.each(projects)('$label: every entry and the usage files type-check', (project) => {
    expect(usage.length).toBeGreaterThan(0);
    expect(
      output.filter((line) => line.startsWith(`${project.dir}/`) || line.includes(`/ts/${project.dir}/`)),
    ).toEqual([]);
  });
});

describe('toolchain matrix: newest TypeScript, newest and oldest @types/node', () => {
  let matrix: TypeMatrix | undefined;
  let unavailable = '';
  beforeAll(async () => {
    try {
      matrix = await installTypeMatrix();
      console.log(
        `type matrix: TypeScript ${matrix.versions.typescript}, @types/node ${matrix.versions.newest} and ${matrix.versions.oldest}`,
      );
    } catch (error) {
      unavailable = `toolchain matrix: ${(error as Error).message.split('\n')[0]} (is the npm registry reachable?)`;
    }
  });

  const variants = [
    {
      dir: 'matrix-newest',
      label: 'newest TypeScript, newest @types/node (nodenext, ESM)',
      newestTsc: true,
      types: 'newest',
      type: 'module',
      module: 'nodenext',
    },
    {
      dir: 'matrix-newest-types',
      label: 'TypeScript 6, newest @types/node (nodenext, CommonJS)',
      newestTsc: false,
      types: 'newest',
      type: 'commonjs',
      module: 'nodenext',
    },
    {
      dir: 'matrix-oldest-types',
      label: 'TypeScript 6, oldest @types/node (node16, ESM)',
      newestTsc: false,
      types: 'oldest',
      type: 'module',
      module: 'node16',
    },
  ] as const;
  test.for(variants)('$label: the consumer code type-checks', async (variant, context) => {
    if (!matrix) return notCheckedHere(context, unavailable);
    const dir = join(TS_ROOT, variant.dir);
    writeProject(dir, variant.type, usage, exportSpecifiers, {
      module: variant.module,
      moduleResolution: variant.module,
      lib: ['es2023', 'dom'],
      types: ['node'],
      typeRoots: [matrix.typeRoots[variant.types]],
      skipLibCheck: true,
    });
    const tsc = variant.newestTsc ? matrix.tsc : REPO_TSC;
    expect(errors(await run(tsc, ['-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir }))).toBe('');
  });

  // The adapters' structural request types must accept the real IncomingMessage, Express, Fastify and Koa
  // requests of every supported @types/node.
  const frameworks = [
    { label: 'newest TypeScript, newest @types/node', newestTsc: true, types: 'newest' },
    { label: 'TypeScript 6, newest @types/node', newestTsc: false, types: 'newest' },
    { label: 'TypeScript 6, oldest @types/node', newestTsc: false, types: 'oldest' },
  ] as const;
  test.for(frameworks)(
    '$label: test/adapters/framework-types.test.ts type-checks',
    async (variant, context) => {
      if (!matrix) return notCheckedHere(context, unavailable);
      const config = join(
        TS_ROOT,
        `framework-${variant.types}-${variant.newestTsc ? 'latest' : 'ts6'}.tsconfig.json`,
      );
      const tsconfig = {
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { typeRoots: [matrix.typeRoots[variant.types]] },
        files: [join(ROOT, 'test/adapters/framework-types.test.ts')],
        include: [],
      };
      writeFileSync(config, JSON.stringify(tsconfig, null, 2));
      const tsc = variant.newestTsc ? matrix.tsc : REPO_TSC;
      expect(errors(await run(tsc, ['-p', config, '--pretty', 'false'], { cwd: ROOT }))).toBe('');
    },
  );
});
