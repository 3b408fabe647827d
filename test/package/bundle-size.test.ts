import { describe } from 'vitest';
import { runCheckScript, testScriptChecks } from '../support/script-checks.js';

// Each ok/FAIL/SKIP line the script prints is one test below.
const run = await runCheckScript('scripts/runtimes/bundle-size.mjs');

describe('edge bundles of the packed tarball within budget (scripts/runtimes/bundle-size.mjs)', () => {
  testScriptChecks(run);
});
