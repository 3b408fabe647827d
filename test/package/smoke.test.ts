import { describe } from 'vitest';
import { runCheckScript, testScriptChecks } from '../support/script-checks.js';

// Each ok/FAIL/SKIP line the script prints is one test below.
const run = await runCheckScript('scripts/smoke-test.mjs');

describe('import and require of every built entry (scripts/smoke-test.mjs)', () => {
  testScriptChecks(run);
});
