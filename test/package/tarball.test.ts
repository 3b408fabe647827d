import { describe } from 'vitest';
import { runCheckScript, testScriptChecks } from '../support/script-checks.js';

// Each ok/FAIL/SKIP line the script prints is one test below.
const run = await runCheckScript('scripts/runtimes/tarball.mjs');

describe('the packed tarball: contents, size, references (scripts/runtimes/tarball.mjs)', () => {
  testScriptChecks(run);
});
