import { describe } from 'vitest';
import { runCheckScript, testScriptChecks } from '../support/script-checks.js';

// Each ok/FAIL/SKIP line the script prints is one test below.
const run = await runCheckScript('scripts/runtimes/edge.mjs');

describe('Bun, Deno and workerd against the packed tarball (scripts/runtimes/edge.mjs)', () => {
  testScriptChecks(run);
});
