// The score of a monitoring visit, 0–100 (README "Monitoring visits"). Each item of the checklist has a
// weight (1–10, in data/checklists.json) and an answer:
//
//   yes = 1, partly = ½, no = 0, n/a = left out (neither in the sum nor in the denominator)
//   score = round(100 × Σ weight·value ÷ Σ weight), the sums over the items not answered n/a
//
// Computed with whole numbers (values doubled: yes 2, partly 1, no 0) so that no binary fraction
// decides a rounding; .5 rounds up. A visit where every item is n/a has no score (null): the service
// refuses it. Score bands for the map and the details: good ≥ 80, fair ≥ 50, poor below.
export const ANSWERS = ['yes', 'partly', 'no', 'na'] as const;
export type Answer = (typeof ANSWERS)[number];

const DOUBLED: Record<Exclude<Answer, 'na'>, number> = { yes: 2, partly: 1, no: 0 };

export interface Scored { score: number; applicable: number }

/** The score of `answers` (item code → answer) against `items`; null when no item is applicable. Items without an answer count as not applicable. */
export function scoreOf(items: readonly { code: string; weight: number }[], answers: Readonly<Record<string, Answer>>): Scored | null {
  let num = 0;
  let den = 0;
  let applicable = 0;
  for (const it of items) {
    const a = answers[it.code];
    if (!a || a === 'na') continue;
    num += it.weight * DOUBLED[a];
    den += it.weight * 2;
    applicable += 1;
  }
  if (den === 0) return null;
  // round half up on an exact rational: floor((200·num + den) / (2·den))
  return { score: Math.floor((200 * num + den) / (2 * den)), applicable };
}

export const SCORE_BANDS = ['good', 'fair', 'poor'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
export const bandOf = (score: number): ScoreBand => (score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor');
