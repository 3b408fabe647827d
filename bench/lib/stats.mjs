// Small statistics helpers: every figure in the report is a median over interleaved rounds, shown with
// the spread (min–max) across those rounds, so a noisy shared machine shows up as a wide spread rather
// than as a wrong number.

/** @param {number[]} values */
export function median(values) {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile of `values` (0 ≤ q ≤ 1); NaN for an empty list. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

/**
 * Median, min, max, quartiles and relative spread ((max − min) / median) of a series.
 * @param {number[]} values
 */
export function summarize(values) {
  const finite = values.filter((value) => Number.isFinite(value));
  const mid = median(finite);
  const min = finite.length > 0 ? Math.min(...finite) : Number.NaN;
  const max = finite.length > 0 ? Math.max(...finite) : Number.NaN;
  return {
    median: mid,
    min,
    max,
    p25: quantile(finite, 0.25),
    p75: quantile(finite, 0.75),
    n: finite.length,
    spread: mid === 0 ? Number.NaN : (max - min) / mid,
  };
}

/**
 * Round-by-round ratio a[i] / b[i]. Both series come from the same interleaved rounds, so each ratio
 * compares two measurements taken seconds apart under the same machine load.
 * @param {number[]} a
 * @param {number[]} b
 */
export function pairedRatios(a, b) {
  const length = Math.min(a.length, b.length);
  const ratios = [];
  for (let i = 0; i < length; i++) ratios.push(/** @type {number} */ (a[i]) / /** @type {number} */ (b[i]));
  return ratios;
}

/** The list rotated left by `by` places: round r starts with a different contestant each time. */
export function rotate(list, by) {
  const shift = list.length === 0 ? 0 : by % list.length;
  return [...list.slice(shift), ...list.slice(0, shift)];
}
