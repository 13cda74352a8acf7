// How the coverage answer counts people (README "Gap analysis", the reach rule), read for display:
// a settlement's verdict, the share of its people within reach as a whole percentage, and the share of
// all counted people each rule counted. Pure functions (no i18n), so that the unit tests can run them.
// The shapes are the parts of the answer's rows these functions read (api/analysis.ts CoverageSettlement
// and CoverageTotals fit them; a status or rule the server adds and these lack fails the type check
// where a row is passed in).

export type Status = 'covered' | 'partly' | 'not-covered' | 'no-data';
export type Rule = 'cells' | 'buildings' | 'area' | 'point';
export interface ReachRow {
  status: Status; covered: boolean; distanceM: number | null;
  nearest: { radiusM: number } | null;
  reach: { rule: Rule; share: number; flagged: boolean } | null;
}
export type RuleTally = Record<Rule, { settlements: number; population: number }>;
/** The rules in the order the panel lists them (best data first). */
export const RULES: readonly Rule[] = ['cells', 'buildings', 'area', 'point'];
export const STATUSES: readonly Status[] = ['covered', 'partly', 'not-covered', 'no-data'];

/** The row's verdict ('no-data' when there is no distance and no reach, as an older answer without `status` had none). */
export function statusOf(s: Pick<ReachRow, 'status' | 'covered'>): Status {
  const st = (s as { status?: Status }).status;
  if (st && STATUSES.includes(st)) return st;
  return s.covered ? 'covered' : 'not-covered';
}

/**
 * A share (0–1) as a whole percentage for a reader: a partly reached settlement never reads 0 % or
 * 100 % (it is neither), so its share is kept within 1–99.
 */
export function sharePercent(share: number, partly = false): number {
  const p = Math.round(Math.min(1, Math.max(0, share)) * 100);
  return partly ? Math.min(99, Math.max(1, p)) : p;
}

/**
 * The share of the counted people each rule counted, as whole percentages that add up to 100 (largest
 * remainder); all zero when nobody is counted.
 */
export function ruleShares(byRule: RuleTally): Record<Rule, number> {
  const pops = RULES.map((r) => Math.max(0, byRule[r]?.population ?? 0));
  const total = pops.reduce((a, b) => a + b, 0);
  const out = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<Rule, number>;
  if (total <= 0) return out;
  const exact = pops.map((p) => (p / total) * 100);
  const floor = exact.map(Math.floor);
  let left = 100 - floor.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rem: e - floor[i]! })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) { if (left <= 0) break; floor[i]! += 1; left -= 1; }
  RULES.forEach((r, i) => { out[r] = floor[i]!; });
  return out;
}

/** What the resident view says for one kind: the verdict, and the figure that goes with it. */
export type ResidentAnswer =
  | { verdict: 'covered'; distanceM: number | null }
  | { verdict: 'partly'; percent: number; radiusM: number | null }
  | { verdict: 'not-covered'; distanceM: number | null }
  | { verdict: 'no-data' };

export function residentAnswer(s: ReachRow): ResidentAnswer {
  const st = statusOf(s);
  if (st === 'no-data') return { verdict: 'no-data' };
  if (st === 'partly') return { verdict: 'partly', percent: sharePercent(s.reach?.share ?? 0, true), radiusM: s.nearest?.radiusM ?? null };
  return { verdict: st, distanceM: s.distanceM };
}
