// The three languages of the service and the one rule for showing a text that is not written in all of them.
export const LANGS = ['ky', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type I18n = Record<Lang, string>;

/** Texts by language as a row holds them, each possibly null. */
export interface I18nNullable { ky: string | null; ru: string | null; en: string | null }

/** Texts by language as they are stored: any of them may be missing (null, undefined or empty). */
export type Texts = Partial<Record<Lang, string | null | undefined>>;

/**
 * The fallback order: the asked language, then Russian, Kyrgyz, English in that order, skipping the asked one
 * (so ky → ru → en, ru → ky → en, en → ru → ky). Russian first because every reader of the service reads it;
 * Kyrgyz before English because it is the state language and most texts are written in it or in Russian.
 */
export const FALLBACK: Readonly<Record<Lang, readonly Lang[]>> = {
  ky: ['ky', 'ru', 'en'],
  ru: ['ru', 'ky', 'en'],
  en: ['en', 'ru', 'ky'],
};

/** The text in `lang`, or the first one present in the fallback order; an empty or null text counts as missing; '' when none is. */
export function pick(texts: Texts | null | undefined, lang: Lang): string {
  if (!texts) return '';
  for (const l of FALLBACK[lang]) {
    const s = texts[l];
    if (s) return s;
  }
  return '';
}

/** Every language filled in by `pick`: for a client that shows names in each language. */
export const pickAll = (texts: Texts | null | undefined): I18n => ({ ky: pick(texts, 'ky'), ru: pick(texts, 'ru'), en: pick(texts, 'en') });
