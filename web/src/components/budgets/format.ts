// Amounts for people: KGS per locale (ky/ru: "1 234 567 сом" with a space between thousands and a
// decimal comma; en: "1,234,567 KGS"), shares as percent and percentage points. Reading typed
// amounts back is lib/amount.ts (pure, unit-tested).
import { i18n } from '../../i18n/i18n.svelte.ts';
import { nameOf } from '../../stores/analysis.svelte.ts';

const DASH = '–';

/** A municipality's name in the reader's language where the server has one, else as the settlements spell it. */
export function muniName(d: { municipality: string; municipalityNames: { ky: string | null; ru: string | null; en: string | null } | null }): string {
  return nameOf(d.municipalityNames, d.municipality);
}

/** "1 234 567 сом"; whole som unless the amount has tiyin and `exact` is asked for. */
export function kgs(n: number | null | undefined, opts: { exact?: boolean } = {}): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return i18n.t('budgets.unit.som', { n: i18n.number(n, { maximumFractionDigits: opts.exact ? 2 : 0 }) });
}

/** Short amounts for chart labels: "1,2 млн сом", "850 миң сом". */
export function kgsShort(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const a = Math.abs(n);
  if (a >= 1e6) return i18n.t('budgets.unit.mln', { n: i18n.number(n / 1e6, { maximumFractionDigits: a >= 1e7 ? 0 : 1 }) });
  if (a >= 1e4) return i18n.t('budgets.unit.thousand', { n: i18n.number(n / 1e3, { maximumFractionDigits: 0 }) });
  return kgs(n);
}

/** A share 0–1 as "12,5 %". */
export function pct(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return `${i18n.number(share * 100, { maximumFractionDigits: digits })}\u00a0%`;
}

/** A difference of shares (0–1) in percentage points, signed: "+3,2 п.п.". */
export function pp(diff: number | null | undefined): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return DASH;
  const v = i18n.number(Math.abs(diff * 100), { maximumFractionDigits: 1 });
  return i18n.t('budgets.unit.pp', { n: `${diff > 0.0005 ? '+' : diff < -0.0005 ? '−' : ''}${v}` });
}

export { parseAmount } from '../../lib/amount.ts';
