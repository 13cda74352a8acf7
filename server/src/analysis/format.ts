// Numbers and counted nouns in Kyrgyz, Russian and English for the ready-made sentences.
// Pure functions (unit-tested): Intl.NumberFormat / Intl.PluralRules per locale, nothing else.
import type { I18n, Lang } from '../layers/types.js';
import { pick, pickAll, type I18nNullable } from '../i18n/pick.js';
import { unitIn, type Case } from '../i18n/ky-grammar.js';

const intFmt = new Map<Lang, Intl.NumberFormat>();
const dec1Fmt = new Map<Lang, Intl.NumberFormat>();
const plural = new Map<Lang, Intl.PluralRules>();

function cached<T>(m: Map<Lang, T>, lang: Lang, make: () => T): T {
  let v = m.get(lang);
  if (!v) { v = make(); m.set(lang, v); }
  return v;
}

/** 1240 → "1,240" (en), "1 240" (ru, ky; the separator is a narrow no-break space). */
export function fmtInt(lang: Lang, n: number): string {
  return cached(intFmt, lang, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })).format(Math.round(n));
}

/** One decimal at most: 2.25 → "2.3" / "2,3". */
export function fmtDec1(lang: Lang, n: number): string {
  return cached(dec1Fmt, lang, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })).format(n);
}

const UNITS = { m: { en: 'm', ru: 'м', ky: 'м' }, km: { en: 'km', ru: 'км', ky: 'км' } } as const;

/**
 * A distance for a sentence: metres below 2 km unless a whole number of km ("450 m", "1,001 m", "1 km"),
 * else km with one decimal below 10 km ("2.3 km"), whole km above — so 999 m and 1,001 m never both read "1 km".
 */
export function fmtDistance(lang: Lang, metres: number): string {
  const whole = Math.round(metres);
  if (metres < 1000 || (metres < 2000 && whole % 1000 !== 0)) return `${fmtInt(lang, metres)} ${UNITS.m[lang]}`;
  const km = metres / 1000;
  return `${km < 10 ? fmtDec1(lang, km) : fmtInt(lang, km)} ${UNITS.km[lang]}`;
}

/**
 * A Kyrgyz distance with a case ending, read aloud as the unit's word: (2300, 'ablative') → "2,3 километрден"
 * ("… ашык"), (450, 'dative') → "450 метрге" ("… чейин"). Same rounding as fmtDistance.
 */
export function kyDistanceIn(metres: number, c: Case): string {
  const [num, unit] = splitUnit(fmtDistance('ky', metres));
  return `${num} ${unitIn(unit, c)}`;
}

/** A Kyrgyz length in km with a case ending: (61.2, 'genitive') → "61,2 километрдин". */
export function kyKmIn(km: number, c: Case): string {
  const [num, unit] = splitUnit(fmtKm('ky', km));
  return `${num} ${unitIn(unit, c)}`;
}

function splitUnit(s: string): [string, string] {
  const i = s.lastIndexOf(' ');
  return [s.slice(0, i), s.slice(i + 1)];
}

/** km with one decimal below 100 km, whole km above. */
export function fmtKm(lang: Lang, km: number): string {
  return `${km < 100 ? fmtDec1(lang, km) : fmtInt(lang, km)} ${UNITS.km[lang]}`;
}

/** Money rounded to two significant digits (it is an estimate): "USD 23,000" / "23 000 $" / "23 000 USD". */
export function fmtMoney(lang: Lang, amount: number, currency: string): string {
  const digits = amount >= 100 ? 2 : 1;
  return new Intl.NumberFormat(lang, { style: 'currency', currency, maximumSignificantDigits: digits, currencyDisplay: lang === 'en' ? 'code' : 'symbol' })
    .format(amount)
    .replace(/\u00a0/g, ' ');
}

export function fmtPercent(lang: Lang, fraction: number): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** Russian noun after a number (nominative counting form): [one, few, many] — 1 житель, 2 жителя, 5 жителей. */
export function ruCount(n: number, forms: readonly [string, string, string]): string {
  const r = cached(plural, 'ru', () => new Intl.PluralRules('ru')).select(Math.round(n));
  return r === 'one' ? forms[0] : r === 'few' ? forms[1] : forms[2];
}

/** English noun after a number: 1 resident, 2 residents. */
export function enCount(n: number, one: string, other: string): string {
  return cached(plural, 'en', () => new Intl.PluralRules('en')).select(Math.round(n)) === 'one' ? one : other;
}

/** A counted noun in all three languages (Kyrgyz nouns stay singular after a number). */
export interface Noun { en: [string, string]; ru: readonly [string, string, string]; ky: string }

export function count(lang: Lang, n: number, noun: Noun): string {
  const num = fmtInt(lang, n);
  if (lang === 'en') return `${num} ${enCount(n, noun.en[0], noun.en[1])}`;
  if (lang === 'ru') return `${num} ${ruCount(n, noun.ru)}`;
  return `${num} ${noun.ky}`;
}

export const NOUNS = {
  resident: { en: ['resident', 'residents'], ru: ['житель', 'жителя', 'жителей'], ky: 'тургун' },
  household: { en: ['household', 'households'], ru: ['домохозяйство', 'домохозяйства', 'домохозяйств'], ky: 'үй чарбасы' },
  settlement: { en: ['settlement', 'settlements'], ru: ['населённый пункт', 'населённых пункта', 'населённых пунктов'], ky: 'калктуу конуш' },
  canalSection: { en: ['canal section', 'canal sections'], ru: ['участок канала', 'участка канала', 'участков канала'], ky: 'канал бөлүгү' },
  report: { en: ['report', 'reports'], ru: ['сообщение', 'сообщения', 'сообщений'], ky: 'билдирүү' },
} satisfies Record<string, Noun>;

/** Build the same sentence in the three languages. */
export function i18n(make: (lang: Lang) => string): I18n {
  return { ky: make('ky'), ru: make('ru'), en: make('en') };
}

/** A translated name with the one fallback rule (i18n/pick.ts; a row may lack one of its names). */
export function nameIn(lang: Lang, names: I18nNullable): string {
  return pick(names, lang) || '—';
}

/** A row's names as I18n: each language by the one fallback rule, else `fallback` (e.g. "#12"). */
export function fillNames(n: I18nNullable, fallback: string): I18n {
  const all = pickAll(n);
  return { ky: all.ky || fallback, ru: all.ru || fallback, en: all.en || fallback };
}
