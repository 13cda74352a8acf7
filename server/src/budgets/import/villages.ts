// Village names of a spreadsheet matched to the settlements of the document's municipality, in
// Kyrgyz, Russian or English spelling. Two steps:
//  - exact: the name equals one of a settlement's names once case, spaces, hyphens and a word such as
//    "село"/"айылы"/"village" are put aside → confirmed without asking;
//  - close: both names are brought to one Latin skeleton (Cyrillic transliterated, ө→o, ү→u, ң→n,
//    "гю"/"gyu"/"gü" → "gu", y/ы/й → i, doubled letters once) and compared by normalised Levenshtein
//    similarity; the best three from 0.5 up are suggestions the person must confirm.
// Pure: the settlements are handed in (budget-imports.repo.ts reads them).

export interface SettlementName { id: number; names: { ky: string | null; ru: string | null; en: string | null } }
export interface VillageSuggestion { settlementId: number; names: SettlementName['names']; score: number }
export type VillageMatch =
  | { kind: 'exact'; settlementId: number; names: SettlementName['names'] }
  | { kind: 'close'; suggestions: VillageSuggestion[] }
  | { kind: 'none'; suggestions: VillageSuggestion[] };

/** Words that say "village" around a name (ky, ru, en), left out before comparing. */
const VILLAGE_WORDS = /(^|\s)(с\.|село|селосу|поселок|посёлок|пос\.|п\.|айылы|айыл|а\.|village|vil\.|ayil|aiyl|kyshtak|кыштагы|кыштак)(?=\s|$)/giu;

/** Case, spaces, hyphens and the word "village" put aside; letters kept as written. */
export function plainName(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(VILLAGE_WORDS, ' ').replace(/[\s\-‐–—_.,'’"«»()]+/g, '');
}

const CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'o', ж: 'j', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'i', ь: '',
  э: 'e', ю: 'u', я: 'a', ө: 'o', ү: 'u', ң: 'n', җ: 'j', һ: 'h', і: 'i', ә: 'a',
};

/** One Latin skeleton for a name however it is spelled ("Гюльстан", "Гүлстан", "Gülstan", "Gulstan" → "gulstan"). */
export function skeleton(s: string): string {
  let t = plainName(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
  // Soft vowels after a consonant carry a y in Latin: "gyu", "dyo" → "gu", "do".
  t = t.replace(/[еёюя]/g, (c, i: number) => (i > 0 && /[бвгджзклмнпрстфхцчшщ]/.test(t[i - 1]!) ? ({ е: 'e', ё: 'o', ю: 'u', я: 'a' } as Record<string, string>)[c]! : c));
  t = [...t].map((c) => CYR[c] ?? c).join('');
  t = t.replace(/zh/g, 'j').replace(/kh/g, 'h').replace(/dzh/g, 'j').replace(/([bcdfghjklmnpqrstvwxz])y([aeiou])/g, '$1$2')
    .replace(/^y([aeiou])/, '$1').replace(/y/g, 'i').replace(/[^a-z0-9]/g, '').replace(/(.)\1+/g, '$1');
  return t;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** 1 for the same skeleton, 0 for nothing in common (normalised Levenshtein). */
export function similarity(a: string, b: string): number {
  const x = skeleton(a), y = skeleton(b);
  if (!x || !y) return 0;
  return 1 - levenshtein(x, y) / Math.max(x.length, y.length);
}

export const SUGGEST_FROM = 0.5;

const namesOf = (s: SettlementName) => [s.names.ky, s.names.ru, s.names.en].filter((n): n is string => !!n && !!n.trim());

/** Matches one name of the spreadsheet against the municipality's settlements. */
export function matchVillage(name: string, settlements: SettlementName[]): VillageMatch {
  const plain = plainName(name);
  const exact = settlements.filter((s) => namesOf(s).some((n) => plainName(n) === plain));
  if (exact.length === 1) return { kind: 'exact', settlementId: exact[0]!.id, names: exact[0]!.names };
  const scored = settlements
    .map((s) => ({ settlementId: s.id, names: s.names, score: Math.round(Math.max(...namesOf(s).map((n) => similarity(name, n)), 0) * 1000) / 1000 }))
    .filter((x) => x.score >= SUGGEST_FROM)
    .sort((a, b) => b.score - a.score || a.settlementId - b.settlementId)
    .slice(0, 3);
  return scored.length ? { kind: 'close', suggestions: scored } : { kind: 'none', suggestions: [] };
}
