// Ready sentences about a budget in ky, ru and en, for the Budget panel and the council brief. Pure
// functions of the analysis figures. Kyrgyz: a percentage is read "N пайыз" and takes its case ending
// as read aloud ("4 пайызын алат", "80 пайызынан аз"); every sentence has its verb (GLOSSARY.md).
import type { I18n, Lang } from '../layers/types.js';
import { fillNames, fmtInt, i18n } from '../analysis/format.js';
import type { Sector } from './budgets.schema.js';
import type { BudgetSentence, FairnessIndex, LineExecution, VillageFigures } from './budgets.types.js';

/** An amount of som: "KGS 1,234,567" (en), "1 234 567 сом" (ru, ky; no-break spaces). */
export function fmtKgs(lang: Lang, amount: number): string {
  const n = new Intl.NumberFormat(lang === 'en' ? 'en' : 'ru', { maximumFractionDigits: 0 }).format(Math.round(amount)).replace(/[\u202f\u00a0]/g, '\u00a0');
  return lang === 'en' ? `KGS\u00a0${n}` : `${n}\u00a0сом`;
}

/** A share as a percentage with at most one decimal: 0.275 → "27.5" (en), "27,5" (ru, ky). */
export function pctNumber(lang: Lang, share: number): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en' : 'ru', { maximumFractionDigits: 1 }).format(share * 100);
}

/** "4.2%" (en), "4,2 %" (ru). Kyrgyz sentences spell "пайыз" with its ending instead. */
const pct = (lang: Lang, share: number) => (lang === 'en' ? `${pctNumber(lang, share)}%` : `${pctNumber(lang, share)}\u00a0%`);

/** Who lacks a sector's service, as the sentence needs it (ky genitive plural; ru genitive). */
export const WITHOUT: Record<Sector, I18n> = {
  drinking_water: { en: 'the people without drinking water', ru: 'жителей без питьевой воды', ky: 'ичүүчү суусуз жашаган тургундардын' },
  irrigation: { en: 'the people without irrigation water', ru: 'жителей без поливной воды', ky: 'сугат суусуз калган тургундардын' },
  electricity: { en: 'the people without electricity', ru: 'жителей без электричества', ky: 'электр энергиясыз жашаган тургундардын' },
  roads: { en: 'the people without a road', ru: 'жителей без дороги', ky: 'жолсуз жашаган тургундардын' },
  health: { en: 'the people not covered by a clinic', ru: 'жителей, не охваченных клиникой', ky: 'клиника камтылбаган тургундардын' },
  education: { en: 'the people not covered by a school', ru: 'жителей, не охваченных школой', ky: 'мектеп камтылбаган тургундардын' },
  markets: { en: 'the people not covered by a market', ru: 'жителей, не охваченных рынком', ky: 'базар камтылбаган тургундардын' },
  other: { en: 'the people without the service', ru: 'жителей без услуги', ky: 'кызматы жок тургундардын' },
};

export const SECTOR_LABEL: Record<Sector, I18n> = {
  drinking_water: { en: 'drinking water', ru: 'питьевая вода', ky: 'ичүүчү суу' },
  irrigation: { en: 'irrigation', ru: 'орошение', ky: 'сугат' },
  electricity: { en: 'electricity', ru: 'электроснабжение', ky: 'электр энергиясы' },
  roads: { en: 'roads', ru: 'дороги', ky: 'жолдор' },
  health: { en: 'health', ru: 'здравоохранение', ky: 'саламаттык сактоо' },
  education: { en: 'education', ru: 'образование', ky: 'билим берүү' },
  markets: { en: 'markets', ru: 'рынки', ky: 'базарлар' },
  other: { en: 'other', ru: 'прочее', ky: 'башка' },
};

/** Where the people without the service are counted: the ayil aymak's or the city's (the municipality's own name exists in one language only). */
const WITHIN: Record<'ayil_okmotu' | 'city', I18n> = {
  ayil_okmotu: { en: 'in the ayil aymak', ru: 'айыл аймака', ky: 'айыл аймагындагы' },
  city: { en: 'in the city', ru: 'города', ky: 'шаардагы' },
};

/** "Village X receives 4% of capital spending; its residents pay 11% of local contributions, and 30% of the people without drinking water in the ayil aymak live there." */
export function villageSentence(v: VillageFigures, kind: 'ayil_okmotu' | 'city', sector: Sector | null): BudgetSentence | null {
  const cap = v.shares.capital, con = v.shares.contributions;
  if (cap === null || con === null) return null;
  const un = sector ? v.shares.unserved[sector] ?? null : null;
  const name = fillNames(v.names, `#${v.settlementId}`);
  const text = i18n((lang) => {
    if (lang === 'en') {
      const tail = un !== null && sector ? `, and ${pct(lang, un)} of ${WITHOUT[sector].en} ${WITHIN[kind].en} live there` : '';
      return `${name.en} receives ${pct(lang, cap)} of capital spending; its residents pay ${pct(lang, con)} of local contributions${tail}.`;
    }
    if (lang === 'ru') {
      const tail = un !== null && sector ? `, и здесь живут ${pct(lang, un)} ${WITHOUT[sector].ru.replace(/^жителей/, `жителей ${WITHIN[kind].ru}`)}` : '';
      return `${name.ru} получает ${pct(lang, cap)} капитальных расходов; его жители платят ${pct(lang, con)} местных взносов${tail}.`;
    }
    const tail = un !== null && sector ? `, ал эми ${WITHIN[kind].ky} ${WITHOUT[sector].ky} ${pctNumber(lang, un)} пайызы ушул жерде жашайт` : '';
    return `${name.ky} капиталдык чыгашалардын ${pctNumber(lang, cap)} пайызын алат; анын тургундары жергиликтүү салымдардын ${pctNumber(lang, con)} пайызын төлөшөт${tail}.`;
  });
  return { id: `budget.village.${v.settlementId}`, text, lineIds: v.lineIds };
}

const BASIS: Record<'contributions' | 'population', I18n> = {
  contributions: { en: 'local contributions', ru: 'местным взносам', ky: 'жергиликтүү салымдарга' },
  population: { en: 'population', ru: 'численности жителей', ky: 'тургундардын санына' },
};
const BASIS_OF: Record<'contributions' | 'population', I18n> = {
  contributions: { en: 'of contributions', ru: 'взносов', ky: 'салымдардын' },
  population: { en: 'of the residents', ru: 'жителей', ky: 'тургундардын' },
};

/** The dissimilarity index in plain words. */
export function fairnessSentence(f: FairnessIndex, lineIds: number[]): BudgetSentence | null {
  if (f.index === null || f.toMove === null) return null;
  if (f.basis === 'unserved') return f.sector ? unservedFairnessSentence(f, f.sector, lineIds) : null;
  const basis = f.basis;
  const g = f.largestGap;
  const name = g ? fillNames(g.names, `#${g.settlementId}`) : null;
  const text = i18n((lang) => {
    if (lang === 'en') {
      const gap = g && name ? ` The largest gap is ${name.en}: ${pct(lang, g.basisShare)} ${BASIS_OF[basis].en}, ${pct(lang, g.spendingShare)} of the spending.` : '';
      return `For spending to follow ${BASIS[basis].en}, ${pct(lang, f.index!)} of the money allocated to villages (${fmtKgs(lang, f.toMove!)}) would have to move between them.${gap}`;
    }
    if (lang === 'ru') {
      const gap = g && name ? ` Сильнее всего расходятся доли в селе ${name.ru}: ${pct(lang, g.basisShare)} ${BASIS_OF[basis].ru} и ${pct(lang, g.spendingShare)} расходов.` : '';
      return `Чтобы расходы были пропорциональны ${BASIS[basis].ru}, ${pct(lang, f.index!)} распределённых по сёлам средств (${fmtKgs(lang, f.toMove!)}) пришлось бы перераспределить между сёлами.${gap}`;
    }
    const gap = g && name ? ` Эң чоң айырма ${name.ky} айылында: ${BASIS_OF[basis].ky} ${pctNumber(lang, g.basisShare)} пайызы жана чыгашалардын ${pctNumber(lang, g.spendingShare)} пайызы.` : '';
    return `Чыгашалар ${BASIS[basis].ky} шайкеш болушу үчүн, айылдарга бөлүштүрүлгөн каражаттын ${pctNumber(lang, f.index!)} пайызын (${fmtKgs(lang, f.toMove!)}) айылдардын ортосунда кайра бөлүштүрүү керек болмок.${gap}`;
  });
  return { id: `budget.fairness.${basis}`, text, lineIds };
}

/** "For drinking-water spending to follow the people without drinking water, 93% of it (KGS 3,443,174) would have to move between villages." */
function unservedFairnessSentence(f: FairnessIndex, sector: Sector, lineIds: number[]): BudgetSentence {
  const text = i18n((lang) => {
    if (lang === 'en') return `For spending on ${SECTOR_LABEL[sector].en} to follow ${WITHOUT[sector].en}, ${pct(lang, f.index!)} of it (${fmtKgs(lang, f.toMove!)}) would have to move between villages.`;
    if (lang === 'ru') return `Чтобы расходы по направлению «${SECTOR_LABEL[sector].ru}» были пропорциональны числу ${WITHOUT[sector].ru}, ${pct(lang, f.index!)} этих средств (${fmtKgs(lang, f.toMove!)}) пришлось бы перераспределить между сёлами.`;
    return `«${upper(SECTOR_LABEL[sector].ky)}» чыгашалары ${WITHOUT[sector].ky} санына шайкеш болушу үчүн, бул каражаттын ${pctNumber(lang, f.index!)} пайызын (${fmtKgs(lang, f.toMove!)}) айылдардын ортосунда кайра бөлүштүрүү керек болмок.`;
  });
  return { id: `budget.fairness.unserved.${sector}`, text, lineIds };
}

const upper = (s: string) => s.charAt(0).toLocaleUpperCase('ky') + s.slice(1);

/** Lines executed below the threshold: how many, and the worst one. */
export function underspentSentence(lines: LineExecution[], below: number): BudgetSentence | null {
  const under = lines.filter((l) => l.underspent).sort((a, b) => (a.execution ?? 0) - (b.execution ?? 0));
  if (!under.length) return null;
  const worst = under[0]!;
  const n = under.length;
  const text = i18n((lang) => {
    if (lang === 'en') return `${n} expenditure ${n === 1 ? 'line was' : 'lines were'} executed below ${pct(lang, below)} of plan; the lowest is “${worst.description}” at ${pct(lang, worst.execution ?? 0)}.`;
    if (lang === 'ru') return `Статей расходов, исполненных менее чем на ${pct(lang, below)} плана: ${fmtInt(lang, n)}; ниже всего исполнена статья «${worst.description}» — ${pct(lang, worst.execution ?? 0)}.`;
    return `Чыгашалардын ${fmtInt(lang, n)} беренеси пландын ${pctNumber(lang, below)} пайызынан аз аткарылды; эң аз аткарылганы — «${worst.description}», ${pctNumber(lang, worst.execution ?? 0)} пайыз.`;
  });
  return { id: 'budget.underspent', text, lineIds: under.flatMap((l) => [l.planLineId, l.executedLineId].filter((x): x is number => x !== null)) };
}

/** The what-if result's headline: the village that gains most and the one that loses most. */
export function whatIfSentence(villages: { names: VillageFigures['names']; settlementId: number; amount: number; change: number }[], amount: number): BudgetSentence | null {
  if (!villages.length) return null;
  const up = [...villages].sort((a, b) => b.change - a.change)[0]!;
  const down = [...villages].sort((a, b) => a.change - b.change)[0]!;
  const u = fillNames(up.names, `#${up.settlementId}`), d = fillNames(down.names, `#${down.settlementId}`);
  const text = i18n((lang) => {
    if (lang === 'en') return `Split this way, ${fmtKgs(lang, amount)} gives ${u.en} ${fmtKgs(lang, up.amount)} (${up.change >= 0 ? '+' : '−'}${fmtKgs(lang, Math.abs(up.change))} on today) and ${d.en} ${fmtKgs(lang, down.amount)} (${down.change >= 0 ? '+' : '−'}${fmtKgs(lang, Math.abs(down.change))}).`;
    if (lang === 'ru') return `При таком распределении ${fmtKgs(lang, amount)} село ${u.ru} получит ${fmtKgs(lang, up.amount)} (${up.change >= 0 ? '+' : '−'}${fmtKgs(lang, Math.abs(up.change))} к нынешнему), а село ${d.ru} — ${fmtKgs(lang, down.amount)} (${down.change >= 0 ? '+' : '−'}${fmtKgs(lang, Math.abs(down.change))}).`;
    return `${fmtKgs(lang, amount)} ушундай бөлүштүрүлсө, ${u.ky} айылы ${fmtKgs(lang, up.amount)} алат (азыркыдан ${up.change >= 0 ? '+' : '−'}${fmtKgs(lang, Math.abs(up.change))}), ал эми ${d.ky} айылы ${fmtKgs(lang, down.amount)} алат (${down.change >= 0 ? '+' : '−'}${fmtKgs(lang, Math.abs(down.change))}).`;
  });
  return { id: 'budget.whatif', text, lineIds: [] };
}
