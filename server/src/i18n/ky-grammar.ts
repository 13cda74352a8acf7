// Kyrgyz case suffixes after a number or a unit, chosen as the word is read aloud (GLOSSARY.md, the
// grammar the templates must get right): "2 км" is read "эки километр", so the ablative is
// "2 километрден"; 5 → беш → "5тен"; 1 240 → "бир миң эки жүз кырк" → "1 240тан"; 10 МБ → "10 МБга".
//
// The suffix follows the last word spoken: its last vowel (vowel harmony: а/ы → а/ы, о/у → о/у,
// у → а/у, е/э/и → е/и, ө → ө/ү, ү → ө/ү) and its last sound (after a vowel, a voiced or a voiceless consonant the
// suffix begins differently: экиге, жүзгө, бешке; экиден, жүздөн, бештен). Pure functions; the templates
// that put a suffix after a number use them (and tests/unit/ky-grammar.test.ts lists the forms).
export const CASES = ['genitive', 'dative', 'accusative', 'locative', 'ablative', 'possessive3'] as const;
export type Case = (typeof CASES)[number];

const ONES = ['нөл', 'бир', 'эки', 'үч', 'төрт', 'беш', 'алты', 'жети', 'сегиз', 'тогуз'];
const TENS = ['', 'он', 'жыйырма', 'отуз', 'кырк', 'элүү', 'алтымыш', 'жетимиш', 'сексен', 'токсон'];
/** The last word of a whole number as it is read aloud: 21 → "бир", 40 → "кырк", 1 200 → "жүз", 21 000 → "миң", 0 → "нөл". */
export function lastSpokenWord(n: number): string {
  const x = Math.abs(Math.trunc(n));
  if (x === 0) return ONES[0]!;
  if (x % 10 !== 0) return ONES[x % 10]!;
  if (x % 100 !== 0) return TENS[(x % 100) / 10]!;
  if (x % 1e3 !== 0) return 'жүз';
  if (x % 1e6 !== 0) return 'миң';
  if (x % 1e9 !== 0) return 'миллион';
  return 'миллиард';
}

/**
 * The word read last for a number as written in a sentence ("1 240", "2,5", "0.75", 1240): for a
 * fraction the last digits after the mark are read last (2,5 → "эки бүтүн ондон беш" → беш).
 */
export function spokenLast(n: number | string): string {
  const s = String(n).replace(/[\s\u00a0\u202f]/g, '');
  const m = /^-?(\d+)(?:[.,](\d+))?$/.exec(s);
  if (!m) throw new Error(`not a number: ${n}`);
  return m[2] !== undefined ? lastSpokenWord(Number(m[2])) : lastSpokenWord(Number(m[1]));
}

/**
 * Units as they are read aloud. A unit with a suffix is written out as its word ("2 километрден ашык"),
 * except abbreviations read as letters, which keep the suffix the glossary gives ("10 МБга чейин").
 */
export const UNITS: Record<string, { word: string; abbreviation?: Partial<Record<Case, string>> }> = {
  'км': { word: 'километр' },
  'м': { word: 'метр' },
  'га': { word: 'гектар' },
  '%': { word: 'пайыз' },
  'сом': { word: 'сом' },
  'кВ': { word: 'киловольт' },
  'мин': { word: 'мүнөт' },
  'МБ': { word: 'МБ', abbreviation: { dative: 'га', ablative: 'дан', locative: 'да', genitive: 'дын', accusative: 'ды', possessive3: 'ы' } },
};

const VOWELS = 'аоуыэеиөүяюё';
const VOICELESS = 'кпстфхцчшщ';

/** The last vowel's class: а/ы, у, о, е/и/э, ө, ү (Kyrgyz rounding harmony treats у and ү apart from о and ө). */
type Harmony = 'a' | 'u' | 'o' | 'e' | 'ö' | 'ü';
function harmony(word: string): Harmony {
  const w = word.toLowerCase();
  for (let i = w.length - 1; i >= 0; i--) {
    const c = w[i]!;
    if ('аыя'.includes(c)) return 'a';
    if ('ую'.includes(c)) return 'u';
    if ('оё'.includes(c)) return 'o';
    if ('еэи'.includes(c)) return 'e';
    if (c === 'ө') return 'ö';
    if (c === 'ү') return 'ü';
  }
  return 'a';
}
type Ending = 'vowel' | 'voiced' | 'voiceless';
function ending(word: string): Ending {
  const c = word.toLowerCase().at(-1) ?? 'а';
  if (VOWELS.includes(c)) return 'vowel';
  return VOICELESS.includes(c) ? 'voiceless' : 'voiced';
}

/** Wide suffix vowel (-га, -дан …): after у it is а (тогузга, суудан), after ү it is ө (жүзгө). */
const WIDE: Record<Harmony, string> = { a: 'а', u: 'а', o: 'о', e: 'е', ö: 'ө', ü: 'ө' };
/** Narrow suffix vowel (-нын, -ды …): after о it is у (ондун), after ө it is ү (нөлдүн). */
const NARROW: Record<Harmony, string> = { a: 'ы', u: 'у', o: 'у', e: 'и', ö: 'ү', ü: 'ү' };

/** The case suffix for a word read aloud: suffix('эки', 'ablative') → "ден"; suffix('кырк', 'dative') → "ка". */
export function suffix(word: string, c: Case): string {
  const h = harmony(word), e = ending(word);
  const wide = WIDE[h], narrow = NARROW[h];
  switch (c) {
    case 'dative': return `${e === 'voiceless' ? 'к' : 'г'}${wide}`;
    case 'locative': return `${e === 'voiceless' ? 'т' : 'д'}${wide}`;
    case 'ablative': return `${e === 'voiceless' ? 'т' : 'д'}${wide}н`;
    case 'genitive': return `${e === 'vowel' ? 'н' : e === 'voiceless' ? 'т' : 'д'}${narrow}н`;
    case 'accusative': return `${e === 'vowel' ? 'н' : e === 'voiceless' ? 'т' : 'д'}${narrow}`;
    case 'possessive3': return e === 'vowel' ? `с${narrow}` : narrow;
  }
}

/** The suffix for a number as written: "5" + caseAfterNumber(5, 'ablative') → "5тен". */
export function caseAfterNumber(n: number | string, c: Case): string {
  return suffix(spokenLast(n), c);
}

/** A unit with its case, as written after a number: unitIn('км', 'ablative') → "километрден"; unitIn('МБ', 'dative') → "МБга". */
export function unitIn(unit: string, c: Case): string {
  const u = UNITS[unit];
  if (!u) throw new Error(`unknown unit for Kyrgyz suffixes: ${unit}`);
  return u.abbreviation ? `${u.word}${u.abbreviation[c]}` : `${u.word}${suffix(u.word, c)}`;
}
