// The bot on Deno, through an `npm:` specifier (resolved from the consumer's node_modules, where the
// packed tarball is installed). Usage: deno run --allow-net=127.0.0.1 deno-app.mjs <label> <base URL>
import * as sdk from 'npm:momotalk-bot-sdk';
import * as kit from 'npm:momotalk-bot-sdk/testing';
import runScenario from './scenario.cjs';

const [label, baseUrl] = Deno.args;
console.log(JSON.stringify(await runScenario(sdk, { runtime: label, baseUrl }, kit)));
