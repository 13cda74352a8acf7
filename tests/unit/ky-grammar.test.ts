// Kyrgyz case suffixes after numbers and units, as read aloud: the forms for 0, 1, 2, 5, 10, 21, 100,
// 1 240 and fractions, every case, and units written out ("километрден") or kept as read letters ("МБга").
import { describe, expect, it } from 'vitest';
import { caseAfterNumber, lastSpokenWord, spokenLast, suffix, unitIn, type Case } from '../../server/src/i18n/ky-grammar.js';

const CASES: Case[] = ['genitive', 'dative', 'accusative', 'locative', 'ablative', 'possessive3'];
// number → its last spoken word, then that word with each case (genitive, dative, accusative, locative, ablative, 3rd-person possessive)
const TABLE: [number | string, string, string[]][] = [
  [0, 'нөл', ['нөлдүн', 'нөлгө', 'нөлдү', 'нөлдө', 'нөлдөн', 'нөлү']],
  [1, 'бир', ['бирдин', 'бирге', 'бирди', 'бирде', 'бирден', 'бири']],
  [2, 'эки', ['экинин', 'экиге', 'экини', 'экиде', 'экиден', 'экиси']],
  [5, 'беш', ['бештин', 'бешке', 'бешти', 'беште', 'бештен', 'беши']],
  [10, 'он', ['ондун', 'онго', 'онду', 'ондо', 'ондон', 'ону']],
  [21, 'бир', ['бирдин', 'бирге', 'бирди', 'бирде', 'бирден', 'бири']],
  [100, 'жүз', ['жүздүн', 'жүзгө', 'жүздү', 'жүздө', 'жүздөн', 'жүзү']],
  ['1 240', 'кырк', ['кырктын', 'кыркка', 'кыркты', 'кыркта', 'кырктан', 'кыркы']],
  [9, 'тогуз', ['тогуздун', 'тогузга', 'тогузду', 'тогузда', 'тогуздан', 'тогузу']],
  [6, 'алты', ['алтынын', 'алтыга', 'алтыны', 'алтыда', 'алтыдан', 'алтысы']],
  [4, 'төрт', ['төрттүн', 'төрткө', 'төрттү', 'төрттө', 'төрттөн', 'төртү']],
  [60, 'алтымыш', ['алтымыштын', 'алтымышка', 'алтымышты', 'алтымышта', 'алтымыштан', 'алтымышы']],
  ['2,5', 'беш', ['бештин', 'бешке', 'бешти', 'беште', 'бештен', 'беши']],
  ['0.75', 'беш', ['бештин', 'бешке', 'бешти', 'беште', 'бештен', 'беши']],
  ['3,2', 'эки', ['экинин', 'экиге', 'экини', 'экиде', 'экиден', 'экиси']],
  [1000, 'миң', ['миңдин', 'миңге', 'миңди', 'миңде', 'миңден', 'миңи']],
  [1200, 'жүз', ['жүздүн', 'жүзгө', 'жүздү', 'жүздө', 'жүздөн', 'жүзү']],
  [2_000_000, 'миллион', ['миллиондун', 'миллионго', 'миллионду', 'миллиондо', 'миллиондон', 'миллиону']],
];

describe('Kyrgyz suffixes after a number, as read aloud', () => {
  for (const [n, word, forms] of TABLE) {
    it(`${n} (…${word})`, () => {
      expect(spokenLast(n)).toBe(word);
      expect(CASES.map((c) => `${word}${suffix(word, c)}`)).toEqual(forms);
    });
  }

  it('sentences with numbers read naturally', () => {
    expect(`2 ${unitIn('км', 'ablative')} ашык`).toBe('2 километрден ашык');
    expect(`10 ${unitIn('МБ', 'dative')} чейин`).toBe('10 МБга чейин');
    expect(`5${caseAfterNumber(5, 'ablative')} ашык`).toBe('5тен ашык');
    expect(`1 240${caseAfterNumber('1 240', 'ablative')} аз`).toBe('1 240тан аз');
    expect(`пландын 80 ${unitIn('%', 'ablative')} аз`).toBe('пландын 80 пайыздан аз');
    expect(`${21}${caseAfterNumber(21, 'dative')} чейин`).toBe('21ге чейин');
    expect(`${100}${caseAfterNumber(100, 'dative')} чейин`).toBe('100гө чейин');
    expect(lastSpokenWord(30)).toBe('отуз');
    expect(() => spokenLast('abc')).toThrow(/not a number/);
  });
});
