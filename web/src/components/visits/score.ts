// The one palette of visit scores (map markers, badges, legend): a band per score, as the server
// computes it (visits.score.ts: good ≥ 80, fair ≥ 50, poor below). The number is always printed on
// the colour, so the colour is never the only cue; white text on each has a contrast of 4.5:1 or more.
import type { ScoreBand } from '../../api/visits.ts';

export const BAND_COLOURS: Record<ScoreBand, string> = { good: '#1b6e3a', fair: '#8a5300', poor: '#b3261e' };
export const BANDS: ScoreBand[] = ['good', 'fair', 'poor'];
export const BAND_RANGES: Record<ScoreBand, string> = { good: '80–100', fair: '50–79', poor: '0–49' };
export const bandOf = (score: number): ScoreBand => (score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor');
export const ANSWER_MARKS = { yes: '✓', partly: '◐', no: '✗', na: '–' } as const;

/** A server text {ky, ru, en} with nulls where a language is missing, as i18n.pick takes it. */
export const texts = (t: { ky: string | null; ru: string | null; en: string | null }) => ({ ky: t.ky ?? undefined, ru: t.ru ?? undefined, en: t.en ?? undefined });
