// The one colour per commitment status (commitments.rules.ts), used by the public tracker page (bars,
// chips, map, legend), the Atom feed's HTML content and the monitoring report (map, legend, table).
// A colour change here changes every place. Colours keep ≥ 4.5:1 contrast with the chip text colour
// beside them (white on the dark ones, ink on the light ones), and every status also has a mark
// (a second cue for readers who do not tell the colours apart) drawn on the map and in the legend.
import { COMMITMENT_STATUSES, type CommitmentStatus } from './commitments.rules.js';

export interface StatusStyle {
  /** The fill: map features, bars, chips, legend swatches. */
  color: string;
  /** Text on a chip of `color`. */
  text: string;
  /** A one-character mark beside the colour (map points, legend, report table); only glyphs the bundled Noto Sans has. */
  mark: string;
}

export const STATUS_PALETTE: Readonly<Record<CommitmentStatus, StatusStyle>> = {
  not_started: { color: '#6b7680', text: '#ffffff', mark: '◌' },
  on_track: { color: '#2b7bb9', text: '#ffffff', mark: '»' },
  at_risk: { color: '#e0a100', text: '#1a1a1a', mark: '!' },
  late: { color: '#d9622b', text: '#1a1a1a', mark: '‼' },
  done: { color: '#1a8754', text: '#ffffff', mark: '+' },
  broken: { color: '#b2182b', text: '#ffffff', mark: '×' },
};

/** The order statuses are listed in (legends, counts): what is finished first, then what needs attention. */
export const STATUS_ORDER: readonly CommitmentStatus[] = ['done', 'on_track', 'at_risk', 'late', 'broken', 'not_started'];

export const statusColor = (s: CommitmentStatus) => STATUS_PALETTE[s].color;

// Every status has a style (a compile-time and a load-time check).
for (const s of COMMITMENT_STATUSES) if (!STATUS_PALETTE[s]) throw new Error(`no colour for status ${s}`);
