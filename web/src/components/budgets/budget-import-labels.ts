// Small helpers of the budget import wizard: column letters, amounts in som, a settlement's name.
import { i18n } from '../../i18n/i18n.svelte.ts';

/** 'A' … 'Z', 'AA' for a 0-based column index (as the server names columns). */
export function letter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "1 234 567,89 сом" in the current language. */
export const som = (n: number | null | undefined) => (n === null || n === undefined ? '—' : i18n.t('budgets.import.som', { amount: i18n.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) }));

export const placeName = (names: { ky: string | null; ru: string | null; en: string | null } | null | undefined) =>
  names ? i18n.pick({ ky: names.ky ?? undefined, ru: names.ru ?? undefined, en: names.en ?? undefined }) : '';
