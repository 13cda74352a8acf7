// UI language: i18next with the three message files (a translator edits ky.json, ru.json, en.json,
// never code), wrapped in a small rune class so that every `i18n.t(…)` in a template re-renders
// when the language changes. Data labels (layer titles, attribute names, enum values) come from
// /api/layers as {ky, ru, en} objects: use `i18n.pick(label)`.
import i18next from 'i18next';
import en from './en.json';
import ru from './ru.json';
import ky from './ky.json';
import { FALLBACK_EN, FALLBACK_KY, FALLBACK_RU } from '../api/wire.ts';

/** The server's fallback order (server/src/i18n/pick.ts): ky → ru → en, ru → ky → en, en → ru → ky. */
const TEXT_FALLBACK = { ky: FALLBACK_KY, ru: FALLBACK_RU, en: FALLBACK_EN } as const;

export const LANGS = ['ky', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

const STORAGE_KEY = 'kg-map.lang';
/** BCP 47 locales for Intl: Kyrgyz and Russian as written in Kyrgyzstan. */
const LOCALES: Record<Lang, string> = { ky: 'ky-KG', ru: 'ru-KG', en: 'en-GB' };
/**
 * Some browsers (Chromium among them) ship no Kyrgyz formatting data. Numbers then follow the Russian
 * convention used in Kyrgyzstan (same separators: "2 082,56"); dates and lists use the message files.
 */
const FALLBACK: Record<Lang, string> = { ky: 'ru-KG', ru: 'ru', en: 'en' };
/** Asked once per kind and locale: every number on screen asks (`i18n.locale`), and the answer never changes. */
const supported = new Map<string, boolean>();
const supports = (kind: 'NumberFormat' | 'DateTimeFormat' | 'ListFormat', locale: string) => {
  const key = `${kind}/${locale}`;
  let yes = supported.get(key);
  if (yes === undefined) {
    const ctor = Intl[kind] as unknown as { supportedLocalesOf(l: string[]): string[] };
    try { yes = ctor.supportedLocalesOf([locale]).length > 0; } catch { yes = false; }
    supported.set(key, yes);
  }
  return yes;
};

const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: en }, ru: { translation: ru }, ky: { translation: ky } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  initAsync: false,
  interpolation: { escapeValue: false }, // Svelte escapes text itself
  returnNull: false,
});

/** The browser's preferred language among ours; Kyrgyzstan's languages first, English otherwise. */
export function browserLang(langs: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  for (const l of langs) {
    const base = l.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

function storedLang(): Lang | undefined {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLang(v) ? v : undefined;
  } catch { return undefined; }
}

class I18n {
  lang = $state<Lang>(storedLang() ?? browserLang());

  constructor() {
    $effect.root(() => {
      $effect(() => {
        document.documentElement.lang = this.lang;
        document.title = this.t('app.title');
      });
    });
  }

  /** Switch language; `remember` stores the choice for the next visit (a shared link's language does not). */
  set(lang: Lang, remember = true) {
    this.lang = lang;
    if (remember) try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode */ }
  }

  /** A UI string from the message files. */
  t = (key: string, options: Record<string, unknown> = {}): string => instance.t(key, { ...options, lng: this.lang }) as string;

  /** A label from the data ({ky, ru, en}, any of them null or missing): in the reader's language, else the first present in the server's fallback order. */
  pick = (label: Partial<Record<Lang, string | null>> | null | undefined): string => {
    if (!label) return '';
    for (const l of TEXT_FALLBACK[this.lang]) { const s = label[l]; if (s) return s; }
    return '';
  };

  /** The locale for number formatting and sorting (see FALLBACK). */
  get locale(): string { return supports('NumberFormat', LOCALES[this.lang]) ? LOCALES[this.lang] : FALLBACK[this.lang]; }

  number = (n: number, opts: Intl.NumberFormatOptions = {}): string => new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2, ...opts }).format(n);

  date = (iso: string): string => {
    const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const locale = LOCALES[this.lang];
    if (supports('DateTimeFormat', locale)) return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
    const months = instance.t('date.months', { lng: this.lang, returnObjects: true }) as unknown as string[];
    return this.t('date.long', { day: d.getUTCDate(), month: months[d.getUTCMonth()] ?? d.getUTCMonth() + 1, year: d.getUTCFullYear() });
  };

  /** "a, b and c" in the current language. */
  list = (items: string[]): string => {
    const locale = LOCALES[this.lang];
    if (supports('ListFormat', locale)) return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
    if (items.length < 2) return items.join('');
    return `${items.slice(0, -1).join(', ')} ${this.t('list.and')} ${items[items.length - 1]}`;
  };

  /** "850 m" / "2.3 km", with the unit from the message files. */
  distance = (metres: number): string =>
    metres < 1000
      ? this.t('units.m', { value: this.number(Math.round(metres / 10) * 10, { maximumFractionDigits: 0 }) })
      : this.t('units.km', { value: this.number(metres / 1000, { maximumFractionDigits: metres < 10_000 ? 1 : 0 }) });
}

export const i18n = new I18n();
