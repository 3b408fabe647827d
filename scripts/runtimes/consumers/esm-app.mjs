// An ESM bot (Node, Bun): `import`s the package by name and runs the shared scenario.
// Usage: <runtime> esm-app.mjs <label> <loopback base URL>
import { createRequire } from 'node:module';
import * as sdk from 'momotalk-bot-sdk';
import * as kit from 'momotalk-bot-sdk/testing';
import runScenario from './scenario.cjs';

const [label, baseUrl] = process.argv.slice(-2);
const report = await runScenario(sdk, { runtime: label, baseUrl }, kit);

// Dual-package hazard: on Node the CommonJS copy loaded by `require` in the same process is a second
// instance; the error guards must still recognise its errors (they check a Symbol.for brand, not instanceof).
const cjs = createRequire(import.meta.url)('momotalk-bot-sdk');
report.checks['guards across the ESM and CJS copies'] =
  sdk.isMoMoTalkError(new cjs.MoMoTalkError('x')) && cjs.isMoMoTalkError(new sdk.MoMoTalkError('x'))
    ? 'ok'
    : 'an error from one copy is not recognised by the other';

console.log(JSON.stringify(report));
