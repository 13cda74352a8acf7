// The one palette of commitment statuses in the web app (the tracker's chips, progress bars, the map
// layer and its legend all read it), and the pure arithmetic of a progress bar. A second cue besides
// colour: every status has a mark (drawn in chips, bars' ends and the legend's swatches).
// No runtime imports: the unit test loads it in Node. Statuses are computed by the server (server/src/commitments/commitments.rules.ts); this only draws them.
// Types straight from the server (type-only, as wire.ts does): the Node type check of the unit test must not follow wire.ts's runtime re-exports.
import type { CommitmentStatus } from '../../../server/src/commitments/commitments.rules.ts';
import type { StatusCounts } from '../../../server/src/commitments/commitments.types.ts';

export interface StatusStyle { color: string; /** Text on the colour (contrast ≥ 4.5:1). */ ink: string; mark: string }

/** Grey, blue, amber, orange-red, green, dark magenta: distinguishable with the common colour-vision deficiencies together with the marks. */
export const STATUS_STYLE: Record<CommitmentStatus, StatusStyle> = {
  not_started: { color: '#6b7280', ink: '#ffffff', mark: '○' },
  on_track: { color: '#1d6fb8', ink: '#ffffff', mark: '→' },
  at_risk: { color: '#b7791f', ink: '#111111', mark: '!' },
  late: { color: '#c2410c', ink: '#ffffff', mark: '!!' },
  done: { color: '#237a36', ink: '#ffffff', mark: '✓' },
  broken: { color: '#8e1b5a', ink: '#ffffff', mark: '✕' },
};

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

