// Turns raw per-round samples into the figures the report shows: median and spread of each contestant,
// its ratio to the floor (median of round-by-round ratios), and the SDK's ratio to each peer.
import { pairedRatios, summarize } from './stats.mjs';

/**
 * Adds `summary`, `vsFloor` and (on the group's primary SDK row) `vsRows` to every measured row.
 * @param {any} suite a suite result
 */
export function analyseSuite(suite) {
  for (const group of suite.groups ?? []) {
    const byId = new Map(group.rows.map((row) => [row.id, row]));
    const floor = group.floor ? byId.get(group.floor) : undefined;
    const primary = byId.get(group.primary ?? group.rows.find((row) => row.role === 'sdk')?.id);
    group.primary = primary?.id;
    for (const row of group.rows) {
      if (!row.samples || row.samples.length === 0) continue;
      row.summary = summarize(row.samples);
      if (floor?.samples && row !== floor) row.vsFloor = summarize(pairedRatios(row.samples, floor.samples));
      if (row.cpu?.length) {
        row.cpuSummary = summarize(row.cpu);
        if (floor?.cpu && row !== floor) row.cpuVsFloor = summarize(pairedRatios(row.cpu, floor.cpu));
      }
    }
    if (primary?.samples) {
      primary.vsRows = {};
      for (const row of group.rows) {
        if (row === primary || !row.samples) continue;
        const ratio = summarize(pairedRatios(primary.samples, row.samples));
        primary.vsRows[row.id] = ratio;
        row.sdkRatio = ratio;
      }
    }
  }
  return suite;
}

/** Looks up a row of an analysed suite. */
export function findRow(suites, suiteId, groupId, rowId) {
  const suite = suites.find((candidate) => candidate.id === suiteId);
  const group = suite?.groups?.find((candidate) => candidate.id === groupId);
  return { suite, group, row: group?.rows.find((candidate) => candidate.id === rowId) };
}
