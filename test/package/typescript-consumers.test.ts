import { describe } from 'vitest';
import { runCheckScript, testScriptChecks } from '../support/script-checks.js';

// Each ok/FAIL/SKIP line the script prints is one test below.
const run = await runCheckScript('scripts/runtimes/types.mjs');

describe('TypeScript consumers of the packed tarball (scripts/runtimes/types.mjs)', () => {
  testScriptChecks(run);
});
