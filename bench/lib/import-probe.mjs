// Cold import probe, run in a fresh process: prints how long `import(specifier)` took, measured in-process.
const specifier = process.argv[2];
const cpuBefore = process.threadCpuUsage();
const started = performance.now();
await import(specifier);
const ms = performance.now() - started;
const cpu = process.threadCpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
