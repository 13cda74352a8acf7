// THE language rule for texts kept in three languages: the asked language, then Russian, Kyrgyz and
// English in that order (ky → ru → en, ru → ky → en, en → ru → ky); an empty or missing text counts
// as missing; '' when there is none.
export const LANGS = ['ky', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const FALLBACK: readonly Lang[] = ['ru', 'ky', 'en'];

export type Texts = Partial<Record<Lang, string | null | undefined>>;

export function pick(texts: Texts, lang: Lang): string {
  for (const l of [lang, ...FALLBACK.filter((x) => x !== lang)]) {
    const s = texts[l];
    if (s) return s;
  }
  return '';
}
