// Cold import probe, run in a fresh process: prints how long `import(specifier)` took, measured in-process.
const specifier = process.argv[2];
const started = performance.now();
await import(specifier);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
