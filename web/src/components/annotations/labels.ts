// Category colours (with the status as a second cue on the map: drafts dashed / hollow) and the
// translation keys of categories, statuses and review states.
import type { Category, ReviewStatus, Status } from '../../api/advocacy.ts';
import { CATEGORY_COLOURS as WIRE_CATEGORY_COLOURS } from '../../api/wire.ts';

/** The registry's category colours (server/src/layers/annotations.ts, through the generated wire file). */
export const CATEGORY_COLOURS: Record<Category, string> = WIRE_CATEGORY_COLOURS;

export const categoryKey = (c: Category | string) => `annotations.category.${c}`;
export const statusKey = (s: Status | string) => `annotations.status.${s}`;
export const reviewKey = (s: ReviewStatus | string) => `annotations.review.${s}`;

/** Whole days between two dates (YYYY-MM-DD or ISO), or null. */
export function daysBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const a = new Date(from.length === 10 ? `${from}T00:00:00Z` : from).getTime();
  const b = new Date(to.length === 10 ? `${to}T00:00:00Z` : to).getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.max(0, Math.round((b - a) / 86_400_000));
}
