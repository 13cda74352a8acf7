// The translator's report (npm run i18n:report) over the real message files and server strings: no
// missing keys, no glossary-avoided forms, the same placeholders in every language. And the report's
// own rules on small made-up inputs, so a broken matcher cannot pass silently.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, i18nReport, matchRule, placeholders, serverEntries, type Entry, type ForbiddenList } from '../../server/src/cli/i18n-report.js';

const root = path.resolve('.');

describe('i18n report over the repository', () => {
  const report = i18nReport(root);
  const by = Object.fromEntries(report.languages.map((l) => [l.lang, l]));

  it('reads the web files and the server strings in all three languages', () => {
    for (const l of report.languages) expect(l.strings, l.lang).toBeGreaterThan(1500);
    const ky = serverEntries(root, 'server/src/render/messages.ts').filter((e) => e.lang === 'ky');
    expect(ky.find((e) => e.key === 'M.legend')?.text).toBe('Шарттуу белгилер');
    expect(serverEntries(root, 'server/src/analysis/sentences.ky.ts').every((e) => e.lang === 'ky')).toBe(true);
  });

  it('finds no missing keys', () => {
    expect(report.languages.flatMap((l) => l.missing)).toEqual([]);
  });

  it('finds no form the glossary avoids (web/src/i18n/forbidden.json)', () => {
    const found = (lang: 'ky' | 'ru') => by[lang]!.forbidden.map((f) => `${f.file} ${f.key}: ${f.text} → ${f.use}`);
    expect(found('ky')).toEqual([]);
    expect(found('ru')).toEqual([]);
  });

  it('finds the same placeholders in every language', () => {
    expect(report.languages.flatMap((l) => l.placeholders.map((p) => `${p.file} ${p.key}`))).toEqual([]);
    expect(formatReport(report)).toContain('No missing keys, forbidden forms or differing placeholders.');
  });
});

describe('i18n report rules', () => {
  it('matches a stem with its endings, a word only whole, and the context rules', () => {
    expect(matchRule({ form: 'боштук', match: 'stem', use: 'көйгөй' }, 'Боштуктарды жүктөө', 'Gaps')).toEqual(['Боштуктарды']);
    expect(matchRule({ form: 'үй чарбалар', match: 'word', use: 'үй чарбалары' }, 'Үй чарбалары', undefined)).toEqual([]);
    expect(matchRule({ form: 'үй чарбалар', match: 'word', use: 'үй чарбалары' }, 'Үй чарбалар', undefined)).toEqual(['Үй чарбалар']);
    const draft = { form: 'долбоор', match: 'stem' as const, whenEnglish: '\\bdrafts?\\b', use: 'кара нуска' };
    expect(matchRule(draft, 'Долбоорлор', 'Projects')).toEqual([]);
    expect(matchRule(draft, 'Долбоор', 'Draft')).toEqual(['Долбоор']);
    const gap = { form: 'пробел', match: 'stem' as const, unlessFollowedBy: ' в услуг', use: 'проблема' };
    expect(matchRule(gap, 'Бюджет и пробелы в услугах', 'Budget and gaps')).toEqual([]);
    expect(matchRule(gap, 'Пробелы', 'Gaps')).toEqual(['Пробелы']);
    expect(matchRule({ form: 'абал', match: 'stem', whenEnglish: '\\bstatus', use: 'статусу' }, 'Абалы', 'Condition')).toEqual([]);
  });

  it('reads placeholders of both kinds', () => {
    expect(placeholders('{{count}} көйгөй, {{ name }}', true)).toEqual(['count', 'name']);
    expect(placeholders('Нет: {{serviceLower}}', true)).toEqual(['service']);
    expect(placeholders('Кимге: {council}, ${x}', false)).toEqual(['council']);
  });

  it('reports missing keys, forbidden forms and differing placeholders of made-up entries', () => {
    const e = (lang: Entry['lang'], key: string, text: string): Entry => ({ file: `web/src/i18n/${lang}.json`, key, lang, text, plain: true });
    const entries = [e('en', 'a', 'Gaps: {{n}}'), e('ky', 'a', 'Боштуктар: {{m}}'), e('ru', 'a', 'Проблемы: {{n}}'), e('en', 'b', 'Draft')];
    const rules: ForbiddenList = { ky: [{ form: 'боштук', match: 'stem', use: 'көйгөй' }] };
    const r = i18nReport(root, entries, rules);
    const ky = r.languages.find((l) => l.lang === 'ky')!;
    expect(ky.missing).toEqual(['web/src/i18n/ky.json b']);
    expect(ky.forbidden.map((f) => f.text)).toEqual(['Боштуктар']);
    expect(ky.placeholders.map((p) => [p.en, p.found])).toEqual([[['n'], ['m']]]);
    expect(r.failures).toBe(2 + 1 + 1); // ky and ru miss "b"; one forbidden form; ky's placeholder
  });
});

describe('i18n report plural forms', () => {
  it('a Russian counted key without its few/many forms is reported missing', () => {
    const e = (lang: Entry['lang'], key: string, text: string): Entry => ({ file: `web/src/i18n/${lang}.json`, key, lang, text, plain: true });
    const entries = [e('en', 'n_one', '{{count}} canal'), e('en', 'n_other', '{{count}} canals'), e('ky', 'n_one', '{{count}} канал'), e('ky', 'n_other', '{{count}} канал'),
      e('ru', 'n_one', '{{count}} канал'), e('ru', 'n_other', '{{count}} канала')];
    const ru = i18nReport(root, entries, {}).languages.find((l) => l.lang === 'ru')!;
    expect(ru.missing).toEqual(['web/src/i18n/ru.json n_few (plural form)', 'web/src/i18n/ru.json n_many (plural form)']);
  });
});
