// Numbers of the analysis tables, in the reader's locale: money in the answer's currency, and
// changes with their sign (+12, −3).
import { i18n } from '../../i18n/i18n.svelte.ts';

export function money(n: number, currency: string): string {
  try { return new Intl.NumberFormat(i18n.locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n); }
  catch { return `${i18n.number(n, { maximumFractionDigits: 0 })} ${currency}`; }
}

/** A change: a plus sign in front of a gain (a loss keeps its minus). */
export function signed(n: number, opts?: Intl.NumberFormatOptions): string {
  const s = i18n.number(n, opts);
  return n > 0 ? `+${s}` : s;
}

export const signedMoney = (n: number, currency: string) => (n > 0 ? `+${money(n, currency)}` : money(n, currency));
