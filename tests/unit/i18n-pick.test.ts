import { describe, expect, it } from 'vitest';
import { FALLBACK, LANGS, pick, pickAll, type Lang, type Texts } from '../../server/src/i18n/pick.js';

describe('pick: the one language rule', () => {
  it('the fallback order is the asked language, then ru, ky, en', () => {
    expect(FALLBACK).toEqual({ ky: ['ky', 'ru', 'en'], ru: ['ru', 'ky', 'en'], en: ['en', 'ru', 'ky'] });
    for (const l of LANGS) expect([...FALLBACK[l]].sort()).toEqual([...LANGS].sort());
  });

  const all = { ky: 'К', ru: 'Р', en: 'E' };
  const table: [Texts | null | undefined, Lang, string][] = [
    [all, 'ky', 'К'],
    [all, 'ru', 'Р'],
    [all, 'en', 'E'],
    // the asked one missing (null, undefined or empty)
    [{ ky: null, ru: 'Р', en: 'E' }, 'ky', 'Р'],
    [{ ky: '', ru: 'Р', en: 'E' }, 'ky', 'Р'],
    [{ ru: null, ky: 'К', en: 'E' }, 'ru', 'К'],
    [{ ru: '', ky: 'К', en: 'E' }, 'ru', 'К'],
    [{ en: null, ru: 'Р', ky: 'К' }, 'en', 'Р'],
    [{ en: undefined, ru: 'Р', ky: 'К' }, 'en', 'Р'],
    // two missing
    [{ ky: null, ru: null, en: 'E' }, 'ky', 'E'],
    [{ ru: '', ky: '', en: 'E' }, 'ru', 'E'],
    [{ en: '', ru: null, ky: 'К' }, 'en', 'К'],
    [{ ky: 'К' }, 'ru', 'К'],
    [{ ru: 'Р' }, 'en', 'Р'],
    [{ en: 'E' }, 'ky', 'E'],
    // nothing
    [{ ky: null, ru: '', en: undefined }, 'ky', ''],
    [{}, 'ru', ''],
    [null, 'en', ''],
    [undefined, 'ky', ''],
  ];
  it.each(table)('pick(%j, %s) = %j', (texts, lang, want) => {
    expect(pick(texts, lang)).toBe(want);
  });

  it('pickAll fills every language by the same rule', () => {
    expect(pickAll({ ky: null, ru: 'Р', en: '' })).toEqual({ ky: 'Р', ru: 'Р', en: 'Р' });
    expect(pickAll({ ky: 'К', ru: null, en: 'E' })).toEqual({ ky: 'К', ru: 'К', en: 'E' });
    expect(pickAll(null)).toEqual({ ky: '', ru: '', en: '' });
  });
});
