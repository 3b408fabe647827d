// One renderer for the generated pages: docs/benchmarks.md (`npm run bench`) and docs/reliability.md
// (`npm run test:long`) are Eta templates in docs/templates/ filled with a run's results. The templates hold
// the page; the helpers here only format numbers.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

const eta = new Eta({
  views: fileURLToPath(new URL('../docs/templates', import.meta.url)),
  autoEscape: false,
  // Markdown is whitespace-sensitive: only a tag ending in -%> eats the newline after it.
  autoTrim: false,
  cache: false,
});

/** Formatting helpers, given to every template as `it.f`. */
export const helpers = {
  /** 12,345 (en-US grouping); a missing value as an em dash. */
  n: (value) => (typeof value === 'number' ? value.toLocaleString('en-US') : String(value ?? '—')),
  /** Bytes as MiB with one decimal. */
  mib: (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`,
  /** `{ a: 1, b: 2 }` as `a×1, b×2`; `pick` reads each value. */
  counts: (record, pick = (value) => value, separator = ', ') =>
    Object.entries(record ?? {})
      .map(([key, value]) => `${key}×${pick(value)}`)
      .join(separator),
  /** An ISO date as `YYYY-MM-DD HH:MM`. */
  minute: (iso) => String(iso).slice(0, 16).replace('T', ' '),
};

/** Renders docs/templates/<name>.eta with `data` into `file` (runs of blank lines collapsed). */
export function renderDoc(name, data, file) {
  const text = eta.render(`./${name}`, { ...data, f: helpers });
  writeFileSync(file, `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`);
}
