// Amounts as Kyrgyz and Russian spreadsheets write them, read into tiyin (1/100 som) as exact
// integers: "1 234 567,89" (spaces, U+00A0 and U+202F between thousands), "1.234.567,89",
// "1,234,567.89", a trailing "сом"/"som"/"KGS"/"с.", and negatives in parentheses or with a leading
// minus. A number that reads two ways ("1,234" = 1.234 or 1234) is reported as ambiguous with both
// readings, never guessed. Pure: no I/O.

export type AmountParse =
  | { kind: 'ok'; tiyin: number }
  | { kind: 'empty' }
  | { kind: 'text' }
  /** Two readings, in som: thousands grouped, or three decimals (a sheet "in thousands of som"). The person fixes the cell. */
  | { kind: 'ambiguous'; readings: [number, number] }
  /** More than 2 decimals: som have tiyin, nothing smaller. */
  | { kind: 'decimals' }
  | { kind: 'too-large' };

/** Largest amount a budget line holds (numeric(16,2) < 1e13 som); in tiyin. */
export const MAX_TIYIN = 1e12 * 100;

const SPACES = /[\s\u00a0\u202f\u2007\u2009\u200a\u2002\u2003'’]/g;
const CURRENCY = /^(?:kgs|сом(?:ов|а)?|som|с\.?|c\.|⃀)\s*|\s*(?:kgs|сом(?:ов|а)?|som|с\.|c\.|с|⃀)\.?$/i;

const tiyinOf = (intDigits: string, frac: string): number => Number(intDigits || '0') * 100 + Number((frac + '00').slice(0, 2));

/** A spreadsheet number cell (already a number): tiyin, or 'decimals' past 2 (float noise tolerated). */
export function amountFromNumber(n: number): AmountParse {
  if (!Number.isFinite(n)) return { kind: 'text' };
  const t = Math.round(n * 100);
  if (Math.abs(t - n * 100) > 1e-6 * Math.max(1, Math.abs(n))) return { kind: 'decimals' };
  if (Math.abs(t) >= MAX_TIYIN) return { kind: 'too-large' };
  return { kind: 'ok', tiyin: t === 0 ? 0 : t };
}

/** Groups "1", "234", "567": the first 1–3 digits (not a lone 0), the others exactly 3. */
const grouped = (parts: string[]) => parts.length > 1 && /^[1-9]\d{0,2}$/.test(parts[0]!) && parts.slice(1).every((g) => /^\d{3}$/.test(g));

/** Reads a cell's text as an amount in tiyin. */
export function parseAmount(raw: string | number | null | undefined): AmountParse {
  if (raw === null || raw === undefined) return { kind: 'empty' };
  if (typeof raw === 'number') return amountFromNumber(raw);
  let s = raw.normalize('NFC').trim();
  // Empty, or a lone dash: how Russian-language tables write "nothing here".
  if (!s || /^[-−–—]$/.test(s)) return { kind: 'empty' };
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) { negative = true; s = paren[1]!.trim(); }
  s = s.replace(CURRENCY, '').trim();
  if (/^[-−–]/.test(s)) { if (negative) return { kind: 'text' }; negative = true; s = s.slice(1).trim(); }
  // The currency may also stand inside the parentheses or after the minus.
  s = s.replace(CURRENCY, '').trim();
  if (!s || !/^[\d\s\u00a0\u202f\u2007\u2009\u200a\u2002\u2003'’.,]+$/.test(s) || !/\d/.test(s)) return { kind: 'text' };
  // Spaces only between groups of thousands ("1 234 567"), before any decimal part.
  const spaced = /[\s\u00a0\u202f\u2007\u2009\u200a\u2002\u2003'’]/.test(s);
  if (spaced) {
    const m = /^([\d\s\u00a0\u202f\u2007\u2009\u200a\u2002\u2003'’]+?)([.,]\d+)?$/.exec(s);
    if (!m) return { kind: 'text' };
    const groups = m[1]!.trim().split(SPACES).filter((g) => g !== '');
    if (!grouped(groups)) return { kind: 'text' };
    s = groups.join('') + (m[2] ?? '');
  }
  const sign = (t: number) => (negative && t !== 0 ? -t : t);
  const done = (intDigits: string, frac: string): AmountParse => {
    if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) return { kind: 'decimals' };
    const t = tiyinOf(intDigits, frac);
    if (t >= MAX_TIYIN) return { kind: 'too-large' };
    return { kind: 'ok', tiyin: sign(t) };
  };
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (!commas && !dots) return done(s, '');
  if (commas && dots) {
    // The one that comes last is the decimal mark; it stands once; the other groups thousands.
    const dec = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const thou = dec === ',' ? '.' : ',';
    const [intPart, frac, ...rest] = s.split(dec);
    if (rest.length || !frac || !/^\d+$/.test(frac)) return { kind: 'text' };
    const groups = intPart!.split(thou);
    if (!grouped(groups)) return { kind: 'text' };
    return done(groups.join(''), frac);
  }
  const mark = commas ? ',' : '.';
  const parts = s.split(mark);
  if (parts.some((p) => p === '' && parts.length > 2)) return { kind: 'text' };
  if (parts.length > 2) return grouped(parts) ? done(parts.join(''), '') : { kind: 'text' };
  const [intPart, frac] = parts as [string, string];
  if (!/^\d*$/.test(intPart) || !/^\d+$/.test(frac)) return { kind: 'text' };
  // "1,234" / "1.234": a thousands separator or a decimal mark with three decimals. Grouped with
  // spaces elsewhere ("1 234,567") it can only be decimals.
  if (!spaced && frac.length === 3 && grouped([intPart, frac])) {
    const k = negative ? -1 : 1;
    return { kind: 'ambiguous', readings: [k * Number(intPart + frac), k * Number(`${intPart}.${frac}`)] };
  }
  return done(intPart, frac);
}

/** "1 234 567,89" as a person reads it back (no locale dependence), from tiyin. */
export function formatTiyin(t: number): string {
  const neg = t < 0;
  const a = Math.abs(t);
  const int = Math.floor(a / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const frac = (a % 100).toString().padStart(2, '0');
  return `${neg ? '−' : ''}${int},${frac}`;
}
