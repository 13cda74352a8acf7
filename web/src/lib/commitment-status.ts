// The one palette of commitment statuses in the web app (the tracker's chips, progress bars, the map
// layer and its legend all read it), and the pure arithmetic of a progress bar. A second cue besides
// colour: every status has a mark (drawn in chips, bars' ends and the legend's swatches).
// Its only runtime import is the generated wire.gen.ts (no imports of its own): the unit test loads it in Node. Statuses are computed by the server (server/src/commitments/commitments.rules.ts); this only draws them.
// Types straight from the server (type-only, as wire.ts does): the Node type check of the unit test must not follow wire.ts's runtime re-exports.
import type { CommitmentStatus } from '../../../server/src/commitments/commitments.rules.ts';
import type { StatusCounts } from '../../../server/src/commitments/commitments.types.ts';
import { COMMITMENT_STATUS_COLOURS, COMMITMENT_STATUS_INKS, COMMITMENT_STATUS_MARKS } from '../api/wire.gen.js';

export interface StatusStyle { color: string; /** Text on the colour (contrast ≥ 4.5:1). */ ink: string; mark: string }

/** The server's palette (server/src/commitments/commitments.palette.ts, through wire.gen.ts): the public tracker and the report use the same colours and marks. */
export const STATUS_STYLE = Object.fromEntries(
  Object.keys(COMMITMENT_STATUS_COLOURS).map((s) => [s, { color: COMMITMENT_STATUS_COLOURS[s as keyof typeof COMMITMENT_STATUS_COLOURS], ink: COMMITMENT_STATUS_INKS[s as keyof typeof COMMITMENT_STATUS_INKS], mark: COMMITMENT_STATUS_MARKS[s as keyof typeof COMMITMENT_STATUS_MARKS] }]),
) as Record<CommitmentStatus, StatusStyle>;

/** The order a summary lists statuses in: what needs attention first. */
export const STATUS_ORDER: readonly CommitmentStatus[] = ['late', 'broken', 'at_risk', 'on_track', 'not_started', 'done'];

/** A MapLibre `match` expression colouring features by their `status` property. */
export function statusColorExpression(): unknown[] {
  return ['match', ['get', 'status'], ...Object.entries(STATUS_STYLE).flatMap(([s, st]) => [s, st.color]), '#6b7280'];
}

/** The statuses present in a count, in STATUS_ORDER, with their numbers (zeros left out). */
export function countEntries(c: StatusCounts): { status: CommitmentStatus; n: number }[] {
  return STATUS_ORDER.filter((s) => c[s] > 0).map((s) => ({ status: s, n: c[s] }));
}

/** A progress bar in percent of its width: the filled part, the straight-line plan's marker, and whether the value ran past either end. */
export interface BarGeometry { fill: number; plan: number; over: boolean; under: boolean; label: number | null }

const clamp = (x: number) => Math.min(100, Math.max(0, x));
/**
 * `share` 0 = baseline, 1 = target (null before any value); `planned` what the plan expects now (0–1).
 * The label is the share in whole percent (may exceed 100 or be negative: the bar is clamped, the label is not).
 */
export function barGeometry(share: number | null, planned: number): BarGeometry {
  const s = share ?? 0;
  return {
    fill: clamp(s * 100),
    plan: clamp(planned * 100),
    over: s > 1,
    under: s < 0,
    label: share === null ? null : Math.round(share * 100),
  };
}

