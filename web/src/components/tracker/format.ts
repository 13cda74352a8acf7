// Formatting for the tracker: an indicator's quantity with its unit, a text in ky/ru/en picked in the
// reader's language (null-safe), and the dates.
import { i18n } from '../../i18n/i18n.svelte.ts';
import type { CommitmentI18n, Unit } from '../../api/commitments.ts';

/**
 * A {ky, ru, en} text of the API (languages may be null) in the reader's language, else Russian, English,
 * and at last Kyrgyz (a decision may be recorded in Kyrgyz only: it is shown rather than nothing).
 */
export const text = (t: CommitmentI18n | null | undefined): string => i18n.pick({ ky: t?.ky ?? undefined, ru: t?.ru ?? undefined, en: t?.en ?? undefined }) || (t?.ky ?? '');

/** "4,5 км", "120 үй чарбасы", "35 %": the unit's pattern from the message files (tracker.unit.*). */
export const quantity = (value: number, unit: Unit): string => i18n.t(`tracker.unit.${unit}`, { value: i18n.number(value), count: value });
