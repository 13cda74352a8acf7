// The pure parts of the budget import: amounts the Kyrgyz/Russian way (a table of cells → tiyin or the
// reason they cannot be read), village names matched across Kyrgyz, Russian and Latin spellings, and
// the header guess.
import { describe, expect, it } from 'vitest';
import { parseAmount, type AmountParse } from '../../server/src/budgets/import/amounts.js';
import { matchVillage, similarity, skeleton } from '../../server/src/budgets/import/villages.js';
import { guessHeader } from '../../server/src/budgets/import/columns.js';
import { columnIndex, columnLetter, sniffDelimiter } from '../../server/src/budgets/import/spreadsheet.js';

const ok = (som: number): AmountParse => ({ kind: 'ok', tiyin: Math.round(som * 100) });
const TABLE: [string | number | null, AmountParse][] = [
  ['1 234 567,89', ok(1234567.89)],
  ['1\u00a0234\u00a0567,89', ok(1234567.89)],
  ['1\u202f234\u202f567,89', ok(1234567.89)],
  ['1.234.567,89', ok(1234567.89)],
  ['1,234,567.89', ok(1234567.89)],
  ['1,234,567', ok(1234567)],
  ['1.234.567', ok(1234567)],
  ['1234567', ok(1234567)],
  ['1234,5', ok(1234.5)],
  ['0,75', ok(0.75)],
  ['12,50 сом', ok(12.5)],
  ['1 500 som', ok(1500)],
  ['KGS 2 000', ok(2000)],
  ['2 000 KGS', ok(2000)],
  ['350 с.', ok(350)],
  ['(1 234,50)', ok(-1234.5)],
  ['-500', ok(-500)],
  ['−500,00', ok(-500)],
  ['1 234,567', { kind: 'decimals' }],
  ['12,345', { kind: 'ambiguous', readings: [12345, 12.345] }],
  ['1,234', { kind: 'ambiguous', readings: [1234, 1.234] }],
  ['1.234', { kind: 'ambiguous', readings: [1234, 1.234] }],
  ['-1,234', { kind: 'ambiguous', readings: [-1234, -1.234] }],
  ['0,123', { kind: 'decimals' }],
  ['12 34', { kind: 'text' }],
  ['1,23,456', { kind: 'text' }],
  ['см. прим.', { kind: 'text' }],
  ['бесплатно', { kind: 'text' }],
  ['1.234,5.6', { kind: 'text' }],
  ['', { kind: 'empty' }],
  ['   ', { kind: 'empty' }],
  ['—', { kind: 'empty' }],
  ['-', { kind: 'empty' }],
  [null, { kind: 'empty' }],
  [1234567.89, ok(1234567.89)],
  [0.1 + 0.2, ok(0.3)],
  [1.005001, { kind: 'decimals' }],
  ['2 000 000 000 000', { kind: 'too-large' }],
];

describe('amounts the Kyrgyz/Russian way', () => {
  for (const [cell, want] of TABLE) {
    it(`${JSON.stringify(cell)} → ${JSON.stringify(want)}`, () => {
      expect(parseAmount(cell)).toEqual(want);
    });
  }
});

const SETTLEMENTS = [
  { id: 1, names: { ky: 'Гүлстан', ru: 'Гульстан', en: 'Gülstan' } },
  { id: 2, names: { ky: 'Нойгут', ru: 'Нойгут', en: 'Noygut' } },
  { id: 3, names: { ky: 'Кара-Таш', ru: 'Кара-Таш', en: 'Kara-Tash' } },
  { id: 4, names: { ky: 'Ак-Дөбө', ru: 'Ак-Дёбё', en: 'Ak-Döbö' } },
];

describe('village names', () => {
  it('one skeleton for Kyrgyz, Russian and Latin spellings', () => {
    for (const n of ['Гюльстан', 'Гүлстан', 'Gulstan', 'Gülstan', 'Gyulstan']) expect(skeleton(n), n).toBe('gulstan');
    expect(skeleton('Ак-Дөбө')).toBe(skeleton('Ak-Dobo'));
    expect(skeleton('Кызыл-Сай')).toBe(skeleton('Kyzyl-Say'));
  });
  it('exact names (case, hyphens, "с." aside) are confirmed; transliterations and typos are suggestions', () => {
    expect(matchVillage('кара таш', SETTLEMENTS)).toMatchObject({ kind: 'exact', settlementId: 3 });
    expect(matchVillage('с. Нойгут', SETTLEMENTS)).toMatchObject({ kind: 'exact', settlementId: 2 });
    const g = matchVillage('Gulstan', SETTLEMENTS);
    expect(g.kind).toBe('close');
    expect(g.kind === 'close' && g.suggestions[0]).toMatchObject({ settlementId: 1, score: 1 });
    const n = matchVillage('Нойгт', SETTLEMENTS);
    expect(n.kind === 'close' && n.suggestions[0]!.settlementId).toBe(2);
    expect(n.kind === 'close' && n.suggestions[0]!.score).toBeGreaterThan(0.8);
    expect(n.kind === 'close' && n.suggestions.length).toBeLessThanOrEqual(3);
    expect(matchVillage('Бишкек', SETTLEMENTS)).toEqual({ kind: 'none', suggestions: [] });
    expect(similarity('Ак-Дөбө', 'Ak-Dobo')).toBe(1);
  });
});

describe('header and columns', () => {
  it('finds the header row under a title and maps ky/ru/en names', () => {
    const rows = [
      ['Кара-Таш айыл өкмөтүнүн бюджети, 2026'],
      [],
      ['Код', 'Наименование', 'Айыл', 'Түрү', 'Сумма, сом', 'Исполнено'],
      ['2111', 'Жер салыгы', null, 'Доход', '1 000,00', '900'],
    ];
    const g = guessHeader(rows);
    expect(g.headerRow).toBe(3);
    expect(g.columns).toEqual({ economic_code: 'A', description: 'B', village: 'C', direction: 'D', amount: 'E', executed: 'F' });
    expect(guessHeader([['Amount', 'Description', 'Village', 'Sector']]).columns).toEqual({ amount: 'A', description: 'B', village: 'C', sector: 'D' });
  });
  it('column letters both ways; the delimiter a CSV uses', () => {
    expect([0, 25, 26, 27, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
    expect(['A', 'Z', 'AA', 'ZZ'].map(columnIndex)).toEqual([0, 25, 26, 701]);
    expect(sniffDelimiter('Бюджет 2026\nКод;Наименование;Сумма\n1;"a, b";1 234,5\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1\t2,5\t3\n')).toBe('\t');
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
  });
});
