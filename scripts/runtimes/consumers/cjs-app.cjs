// A CommonJS bot (Node, Bun): `require`s the package by name and runs the shared scenario.
// Usage: <runtime> cjs-app.cjs <label> <loopback base URL>
'use strict';
const sdk = require('momotalk-bot-sdk');
const kit = require('momotalk-bot-sdk/testing');
const runScenario = require('./scenario.cjs');

const [label, baseUrl] = process.argv.slice(-2);
runScenario(sdk, { runtime: label, baseUrl }, kit).then(
  (report) => console.log(JSON.stringify(report)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
