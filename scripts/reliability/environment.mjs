// Where a reliability figure was measured, recorded beside it in every report.
import { cpus } from 'node:os';

export function environment() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  };
}
