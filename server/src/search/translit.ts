// Latin ⇄ Cyrillic for name search, so "Karakol" finds "Каракол" and "Бишкек" finds "Bishkek".
// Covers Russian and Kyrgyz letters (ө, ү, ң) with the common romanisations.
const CYR_TO_LAT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', ң: 'ng',
  о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ү: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const LAT_TO_CYR: [string, string][] = [
  ['shch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'], ['yu', 'ю'], ['ya', 'я'], ['yo', 'ё'], ['ng', 'ң'],
  ['a', 'а'], ['b', 'б'], ['v', 'в'], ['g', 'г'], ['d', 'д'], ['e', 'е'], ['z', 'з'], ['i', 'и'], ['y', 'ы'], ['k', 'к'], ['l', 'л'],
  ['m', 'м'], ['n', 'н'], ['o', 'о'], ['ö', 'ө'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['ü', 'ү'], ['f', 'ф'],
  ['h', 'х'], ['c', 'к'], ['j', 'ж'], ['q', 'к'], ['w', 'в'], ['x', 'кс'],
];

export function toLatin(s: string): string {
  return [...s.toLowerCase()].map((ch) => CYR_TO_LAT[ch] ?? ch).join('');
}

export function toCyrillic(s: string): string {
  let out = '';
  const low = s.toLowerCase();
  for (let i = 0; i < low.length;) {
    const hit = LAT_TO_CYR.find(([lat]) => low.startsWith(lat, i));
    if (hit) { out += hit[1]; i += hit[0].length; } else { out += low[i]; i++; }
  }
  return out;
}

/** The query as typed plus its transliterations, deduplicated and lower-case. */
export function variants(q: string): string[] {
  const base = q.trim().toLowerCase();
  return [...new Set([base, toLatin(base), toCyrillic(base), toCyrillic(base).replace(/ы/g, 'й'), toCyrillic(base).replace(/ы/g, 'и')])].filter(Boolean);
}
