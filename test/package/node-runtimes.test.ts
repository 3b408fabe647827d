import { describe } from 'vitest';
import { runCheckScript, testScriptChecks } from '../support/script-checks.js';

// Each ok/FAIL/SKIP line the script prints is one test below.
const run = await runCheckScript('scripts/runtimes/node.mjs');

describe('Node 22 and 24 against the packed tarball (scripts/runtimes/node.mjs)', () => {
  testScriptChecks(run);
});
