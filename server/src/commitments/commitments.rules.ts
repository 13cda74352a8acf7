// The status of a council commitment, computed — never typed — from its dates, its indicator and its
// progress updates, at a clock the caller passes (tests fix it). Pure functions; the service applies
// them and the table test (tests/unit/commitments-rules.test.ts) reads them as a table.
//
// The plan is a straight line: from the baseline on the decision's date to the target on the due date.
// With `share` the indicator's progress from baseline to target (0 = baseline, 1 = target; the
// direction follows the indicator, so "fewer households without water: 120 → 0" works too) and
// `planned` the share the straight line expects today (0 before the start, 1 from the due date on):
//   done        the latest value reaches the target (share ≥ 1), whatever the date;
//   broken      past the due date by more than BROKEN_AFTER_DAYS without reaching the target, or the
//               responsible body declared it abandoned;
//   late        past the due date (the day after it, not on it) without reaching the target;
//   not started no progress yet (share ≤ 0) while the plan expects less than NOT_STARTED_UNTIL;
//   at risk     behind the straight line by more than TOLERANCE, or no update for STALE_DAYS;
//   on track    otherwise.
export const COMMITMENT_STATUSES = ['not_started', 'on_track', 'at_risk', 'late', 'done', 'broken'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const TOLERANCE = 0.1;
export const NOT_STARTED_UNTIL = 0.25;
export const STALE_DAYS = 90;
export const BROKEN_AFTER_DAYS = 180;

export interface Indicator { baseline: number; target: number }
export interface Update { on: string; value: number | null; abandoned?: boolean }
export interface CommitmentFacts { start: string; due: string; indicator: Indicator; updates: readonly Update[] }

const DAY = 86_400_000;
/** Whole days from a to b (dates YYYY-MM-DD, UTC). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** Progress from baseline (0) to target (1) of a value; the target differs from the baseline (checked on input). */
export function progressShare(ind: Indicator, value: number): number {
  return (value - ind.baseline) / (ind.target - ind.baseline);
}

/** The share the straight-line plan expects on `today`. */
export function plannedShare(start: string, due: string, today: string): number {
  const span = daysBetween(start, due);
  if (span <= 0) return today >= due ? 1 : 0;
  return Math.min(1, Math.max(0, daysBetween(start, today) / span));
}

export interface StatusAnswer {
  status: CommitmentStatus;
  /** The latest reported value's progress share (null before any value). */
  share: number | null;
  planned: number;
  latestValue: number | null;
  lastUpdate: string | null;
  daysLate: number;
}

/**
 * The status at `today` (YYYY-MM-DD). Updates after `today` are not yet known and do not count.
 * `updates` come oldest first in the order they were posted: of two on one day, the later one counts.
 */
export function commitmentStatus(c: CommitmentFacts, today: string): StatusAnswer {
  const known = c.updates.filter((u) => u.on <= today).slice().sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const withValue = known.filter((u) => u.value !== null);
  const latest = withValue.at(-1) ?? null;
  const share = latest ? progressShare(c.indicator, latest.value!) : null;
  const planned = plannedShare(c.start, c.due, today);
  const lastUpdate = known.at(-1)?.on ?? null;
  const daysLate = Math.max(0, daysBetween(c.due, today));
  const base = { share, planned, latestValue: latest?.value ?? null, lastUpdate, daysLate };
  if (share !== null && share >= 1) return { status: 'done', ...base };
  if (known.some((u) => u.abandoned)) return { status: 'broken', ...base };
  if (daysLate > BROKEN_AFTER_DAYS) return { status: 'broken', ...base };
  if (daysLate > 0) return { status: 'late', ...base };
  const s = share ?? 0;
  if (s <= 0 && planned < NOT_STARTED_UNTIL) return { status: 'not_started', ...base };
  if (s < planned - TOLERANCE) return { status: 'at_risk', ...base };
  if (daysBetween(lastUpdate ?? c.start, today) > STALE_DAYS) return { status: 'at_risk', ...base };
  return { status: 'on_track', ...base };
}
