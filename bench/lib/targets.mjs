// Checks the targets written in bench/targets.json against an analysed run. A target whose subject
// could not be measured (not written yet, failed, wrong responses) is missed, never silently skipped;
// a target whose suite was not selected (--only) is reported as skipped.
import { findRow } from './analyse.mjs';
import { median, pairedRatios } from './stats.mjs';

/**
 * @param {any[]} targets entries of bench/targets.json
 * @param {any[]} suites analysed suite results of this run
 * @param {Set<string>} ranSuites ids of the suites this run selected
 */
export function checkTargets(targets, suites, ranSuites) {
  return targets.map((target) => {
    if (!ranSuites.has(target.suite)) return { ...target, status: 'skipped', actual: undefined };
    const { suite, row } = findRow(suites, target.suite, target.group, target.subject);
    if (!suite) return { ...target, status: 'missed', reason: 'the suite failed to run' };
    if (!row) return { ...target, status: 'missed', reason: `no row ${target.subject} in ${target.group}` };
    if (row.error) return { ...target, status: 'missed', reason: row.error };
    const actual = measure(target, suites, row);
    if (actual instanceof Error) return { ...target, status: 'missed', reason: actual.message };
    return { ...target, actual, status: meets(target, actual) ? 'met' : 'missed' };
  });
}

function measure(target, suites, row) {
  if (target.metric) {
    const value = row.metrics?.[target.metric];
    return value === undefined ? new Error(`${row.id} has no metric ${target.metric}`) : value;
  }
  const against = target.ratioTo ?? target.differenceTo;
  if (against === undefined) return median(row.samples ?? []);
  const other = findRow(suites, target.suite, target.group, against).row;
  if (!other?.samples)
    return new Error(`the reference ${against} was not measured: ${other?.error ?? 'missing'}`);
  if (!row.samples) return new Error(`${row.id} was not measured`);
  if (target.ratioTo) return median(pairedRatios(row.samples, other.samples));
  return median(row.samples.map((value, round) => value - (other.samples[round] ?? Number.NaN)));
}

function meets(target, actual) {
  if ('equals' in target) return actual === target.equals;
  if (typeof actual !== 'number' || !Number.isFinite(actual)) return false;
  if ('min' in target && !(actual >= target.min)) return false;
  if ('above' in target && !(actual > target.above)) return false;
  if ('max' in target && !(actual <= target.max)) return false;
  return true;
}

/** "≥ 0.9×", "> 1×", "≤ 10 ms", … for the report. */
export function describeLimit(target) {
  const unit = target.unit ?? (target.ratioTo ? '×' : '');
  const join = (value) => (unit === '×' ? `${value}×` : `${value}${unit ? ` ${unit}` : ''}`);
  if ('equals' in target) return `= ${target.equals}`;
  const parts = [];
  if ('min' in target) parts.push(`≥ ${join(target.min)}`);
  if ('above' in target) parts.push(`> ${join(target.above)}`);
  if ('max' in target) parts.push(`≤ ${join(target.max)}`);
  return parts.join(', ');
}
