// Runs one suite in its own process (so suites never share a warmed-up heap or JIT state) and hands the
// result back to bench/run.mjs over IPC. Usage: node bench/lib/suite-runner.mjs <suite> '<options json>'
const [suiteName, optionsJson = '{}'] = process.argv.slice(2);
const suite = await import(`../suites/${suiteName}.mjs`);
const options = JSON.parse(optionsJson);
try {
  const result = await suite.run(options);
  process.send?.({ result });
} catch (error) {
  process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
}
process.disconnect?.();
