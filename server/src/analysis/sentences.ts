// Ready-made sentences for a council slide or a PDF brief, in Kyrgyz, Russian and English, with the
// numbers formatted per locale (Intl.NumberFormat). Every template lives in MESSAGES below, one block
// per language, so that a translator fixes a phrasing in one place. The Kyrgyz phrasings are
// suggestions and should be checked by a native speaker (as GLOSSARY.md says of its own).
//
// Russian avoids declining names: "Name: 600 жителей …" rather than a genitive of the place name, and
// "чел." / "нас. п." where a numeral would need an oblique case.
import type { I18n, Lang } from '../layers/types.js';
import type { ElementKind, Sentence } from './analysis.types.js';
import { count, fmtDistance, fmtInt, fmtKm, fmtMoney, fmtPercent, i18n, NOUNS } from './format.js';

/** A network element a sentence names: a mapped one, or the proposed line of a what-if. */
export type SentenceElement = ElementKind | 'proposed';
export type ServiceName = 'water' | 'electricity' | 'road';

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
/** Russian genitive after "у" / "для" with a numeral: 1 → singular, otherwise plural. */
const ruGen = (n: number, one: string, many: string) => (Math.round(n) % 10 === 1 && Math.round(n) % 100 !== 11 ? one : many);

/** "the nearest X" in the form each template needs: en noun phrase, ru genitive (после "до ближайшей/его"), ky dative (+ чейин). */
function element(lang: Lang, e: SentenceElement, voltageKv: number | null): string {
  const kv = voltageKv !== null ? fmtDecimal(lang, voltageKv) : null;
  switch (e) {
    case 'power_line': return lang === 'en' ? (kv ? `${kv} kV line` : 'power line') : lang === 'ru' ? (kv ? `ближайшей линии ${kv} кВ` : 'ближайшей линии электропередачи') : (kv ? `эң жакынкы ${kv} кВ линиясына` : 'эң жакынкы электр линиясына');
    case 'substation': return lang === 'en' ? 'substation' : lang === 'ru' ? 'ближайшей подстанции' : 'эң жакынкы подстанцияга';
    case 'water_main': return lang === 'en' ? 'water main' : lang === 'ru' ? 'ближайшего водопровода' : 'эң жакынкы суу түтүгүнө';
    case 'water_point': return lang === 'en' ? 'water point' : lang === 'ru' ? 'ближайшей водоразборной колонки' : 'эң жакынкы суу алуучу жайга (колонкага)';
    case 'road': return lang === 'en' ? 'road' : lang === 'ru' ? 'ближайшей дороги' : 'эң жакынкы жолго';
    case 'proposed': return lang === 'en' ? 'proposed line' : lang === 'ru' ? 'предлагаемой линии' : 'сунушталган линияга';
  }
}
const fmtDecimal = (lang: Lang, n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n);

const SERVICE_NOUN: Record<ServiceName, I18n> = {
  electricity: { en: 'electricity', ru: 'электричество', ky: 'электр энергиясы' },
  water: { en: 'drinking-water supply', ru: 'питьевая вода', ky: 'ичүүчү суу' },
  road: { en: 'road', ru: 'дорога', ky: 'жол' },
};
const SERVICE_NONE: Record<ServiceName, I18n> = {
  electricity: { en: 'have no electricity', ru: 'без электричества', ky: 'электр энергиясыз' },
  water: { en: 'have no drinking-water supply', ru: 'без питьевой воды', ky: 'ичүүчү суусуз' },
  road: { en: 'have no road', ru: 'без дороги', ky: 'жолсуз' },
};
const SERVICE_PARTIAL: Record<ServiceName, I18n> = {
  electricity: { en: 'have electricity only in part', ru: 'электричество есть лишь частично', ky: 'электр энергиясы жарым-жартылай гана бар' },
  water: { en: 'have drinking water only in part', ru: 'питьевая вода есть лишь частично', ky: 'ичүүчү суу жарым-жартылай гана бар' },
  road: { en: 'have a road only in part', ru: 'дорога есть лишь частично', ky: 'жол жарым-жартылай гана бар' },
};
const NO_SOURCE: Record<ServiceName, I18n> = {
  electricity: { en: 'no operational power line or substation is on the map', ru: 'на карте нет действующей линии или подстанции', ky: 'картада иштеп жаткан электр линиясы же подстанция жок' },
  water: { en: 'no operational water main or water point is on the map', ru: 'на карте нет действующего водопровода или колонки', ky: 'картада иштеп жаткан суу түтүгү же колонка жок' },
  road: { en: 'no operational road is on the map', ru: 'на карте нет действующей дороги', ky: 'картада иштеп жаткан жол жок' },
};

export interface SettlementGap {
  name: I18n; service: ServiceName; status: 'none' | 'partial'; maxLinkM: number;
  population: number | null; households: number | null;
  element: SentenceElement | null; voltageKv: number | null; distanceM: number | null;
  cost: number | null; currency: string; unitCost: number;
}

export interface ServiceTotals {
  area: I18n; service: ServiceName;
  none: { settlements: number; population: number; households: number; cost: number; outOfRange: number };
  partial: { settlements: number; population: number };
  currency: string;
}

export interface CoverageLine {
  area: I18n; kind: I18n; radiusM: number | null;
  coveredPopulation: number; notCoveredPopulation: number; notCoveredSettlements: number; populationUnknown: number;
}

export interface SettlementCoverage { name: I18n; kind: I18n; facility: I18n | null; distanceM: number | null; radiusM: number; covered: boolean }
export interface CanalLine { area: I18n; totalKm: number; badKm: number; gaps: number | null; withoutMainSegments: number | null; toleranceM: number }
export interface FarLine { thresholdM: number; settlements: number; population: number }
export interface WhatIfFacility { kind: I18n; radiusM: number; residents: number; settlements: number }
export interface WhatIfNetwork {
  lengthM: number; element: SentenceElement; voltageKv: number | null; name: I18n | null; population: number | null;
  beforeM: number | null; afterM: number; costBefore: number; costAfter: number; lineCost: number; currency: string; improved: number;
}
export interface WhatIfRepair { canals: number; km: number; thresholdM: number; settlements: number; population: number }

/** All templates, one block per language. */
export const MESSAGES: Record<Lang, {
  settlementGap(g: SettlementGap): string;
  serviceTotals(t: ServiceTotals): string;
  coverage(c: CoverageLine): string;
  settlementCoverage(c: SettlementCoverage): string;
  canals(c: CanalLine): string;
  far(f: FarLine): string;
  annotations(n: number, people: number): string;
  whatIfFacility(w: WhatIfFacility): string;
  whatIfNetwork(w: WhatIfNetwork): string;
  whatIfRepair(w: WhatIfRepair): string;
}> = {
  en: {
    settlementGap(g) {
      const who = g.population !== null ? `${count('en', g.population, NOUNS.resident)}${g.households !== null ? ` (${count('en', g.households, NOUNS.household)})` : ''} ` : '';
      const head = `${g.name.en}: ${who}${g.status === 'none' ? SERVICE_NONE[g.service].en : SERVICE_PARTIAL[g.service].en}${g.population === null ? ' (population unknown)' : ''}`;
      if (g.element === null || g.distanceM === null) return `${head}; ${NO_SOURCE[g.service].en}.`;
      const near = `the nearest ${element('en', g.element, g.voltageKv)} is ${fmtDistance('en', g.distanceM)} away${g.distanceM < 1 ? ' (within the settlement)' : g.distanceM > g.maxLinkM ? ` — too far for a connection estimate (more than ${fmtDistance('en', g.maxLinkM)})` : ''}`;
      const cost = g.cost !== null && g.status === 'none' ? ` Connecting it would cost about ${fmtMoney('en', g.cost, g.currency)} (assumed ${fmtMoney('en', g.unitCost, g.currency)} per km).` : '';
      return `${head}; ${near}.${cost}`;
    },
    serviceTotals(t) {
      const verb = (n: number, phrase: string) => (n === 1 ? phrase.replace(/^have /, 'has ') : phrase);
      const p = t.partial.settlements ? `${count('en', t.partial.population, NOUNS.resident)} in ${count('en', t.partial.settlements, NOUNS.settlement)} ${verb(t.partial.population, SERVICE_PARTIAL[t.service].en)}` : '';
      if (!t.none.settlements) return `${t.area.en}: no settlement is recorded as having no ${SERVICE_NOUN[t.service].en}${p ? `; ${p}` : ''}.`;
      const s = `${t.area.en}: ${count('en', t.none.population, NOUNS.resident)} (${count('en', t.none.households, NOUNS.household)}) in ${count('en', t.none.settlements, NOUNS.settlement)} ${verb(t.none.population, SERVICE_NONE[t.service].en)}`;
      const linked = t.none.settlements - t.none.outOfRange;
      const c = linked > 0 ? ` Linking ${linked === t.none.settlements ? 'them' : fmtInt('en', linked)} to the nearest network would cost about ${fmtMoney('en', t.none.cost, t.currency)} in total (assumed unit costs).` : '';
      return `${s}${p ? `; ${p}` : ''}.${c}`;
    },
    coverage(c) {
      const r = c.radiusM !== null ? `within ${fmtDistance('en', c.radiusM)}` : 'within its service radius';
      const unk = c.populationUnknown ? ` Population is unknown for ${count('en', c.populationUnknown, NOUNS.settlement)}.` : '';
      if (!c.notCoveredSettlements) return `${c.area.en}: ${c.kind.en} ${r}: all ${count('en', c.coveredPopulation, NOUNS.resident)} in the area have one.${unk}`;
      if (!c.coveredPopulation && c.notCoveredPopulation) return `${c.area.en}: ${c.kind.en} ${r}: none of the ${count('en', c.notCoveredPopulation, NOUNS.resident)} (${count('en', c.notCoveredSettlements, NOUNS.settlement)}) has one.${unk}`;
      return `${c.area.en}: ${c.kind.en} ${r}: ${count('en', c.coveredPopulation, NOUNS.resident)} have one; ${count('en', c.notCoveredPopulation, NOUNS.resident)} in ${count('en', c.notCoveredSettlements, NOUNS.settlement)} do not.${unk}`;
    },
    settlementCoverage(c) {
      if (c.distanceM === null) return `${c.name.en}: no ${c.kind.en} is on the map.`;
      const f = c.facility ? ` (${c.facility.en})` : '';
      return `${c.name.en}: the nearest ${c.kind.en}${f} is ${fmtDistance('en', c.distanceM)} away — ${c.covered ? 'within' : 'beyond'} ${fmtDistance('en', c.radiusM)}.`;
    },
    canals(c) {
      const pct = c.totalKm > 0 ? ` (${fmtPercent('en', c.badKm / c.totalKm)})` : '';
      let s = `${c.area.en}: ${fmtKm('en', c.badKm)} of ${fmtKm('en', c.totalKm)} of canals are in poor or broken condition${pct}.`;
      if (c.gaps !== null) s += ` ${upperFirst(count('en', c.gaps, { en: ['canal head is', 'canal heads are'], ru: ['', '', ''], ky: '' }))} not connected to the network (tolerance ${fmtDistance('en', c.toleranceM)})`;
      if (c.withoutMainSegments !== null) s += `; ${count('en', c.withoutMainSegments, NOUNS.canalSection)} belong to no network with a main canal.`;
      else if (c.gaps !== null) s += '.';
      return s;
    },
    far(f) {
      if (!f.settlements) return `No settlement in the area is more than ${fmtDistance('en', f.thresholdM)} from a functioning canal.`;
      return `${upperFirst(count('en', f.settlements, NOUNS.settlement))} (${count('en', f.population, NOUNS.resident)}) ${f.settlements === 1 ? 'is' : 'are'} more than ${fmtDistance('en', f.thresholdM)} from a functioning canal.`;
    },
    annotations(n, people) { return `${upperFirst(count('en', n, { en: ['public report', 'public reports'], ru: ['', '', ''], ky: '' }))} of drinking water used for irrigation (${count('en', people, { en: ['person', 'people'], ru: ['', '', ''], ky: '' })} affected).`; },
    whatIfFacility(w) {
      if (!w.residents && !w.settlements) return `A ${w.kind.en} here would bring no more residents within ${fmtDistance('en', w.radiusM)}: the settlements around are already covered or farther away.`;
      return `A ${w.kind.en} here would bring ${fmtInt('en', w.residents)} more ${w.residents === 1 ? 'resident' : 'residents'} (${count('en', w.settlements, NOUNS.settlement)}) within ${fmtDistance('en', w.radiusM)}.`;
    },
    whatIfNetwork(w) {
      const line = `A ${fmtDistance('en', w.lengthM)} ${element('en', w.element, w.voltageKv)} here`;
      if (!w.improved || !w.name) return `${line} would bring no unserved settlement closer to the network.`;
      const pop = w.population !== null ? ` (${count('en', w.population, NOUNS.resident)})` : '';
      return `${line} would bring the network to ${fmtDistance('en', w.afterM)} from ${w.name.en}${pop}; now ${w.beforeM !== null ? fmtDistance('en', w.beforeM) : 'none is mapped'}. `
        + `The estimated cost of linking the unserved settlements falls from ${fmtMoney('en', w.costBefore, w.currency)} to ${fmtMoney('en', w.costAfter, w.currency)}, plus ${fmtMoney('en', w.lineCost, w.currency)} for the line itself (assumed unit costs).`;
    },
    whatIfRepair(w) {
      if (!w.settlements) return `Repairing ${count('en', w.canals, NOUNS.canalSection)} (${fmtKm('en', w.km)}) would not bring a functioning canal within ${fmtDistance('en', w.thresholdM)} of any more settlement.`;
      return `Repairing ${count('en', w.canals, NOUNS.canalSection)} (${fmtKm('en', w.km)}) would bring a functioning canal within ${fmtDistance('en', w.thresholdM)} of ${fmtInt('en', w.settlements)} more ${w.settlements === 1 ? 'settlement' : 'settlements'} (${count('en', w.population, NOUNS.resident)}).`;
    },
  },
  ru: {
    settlementGap(g) {
      const lack = g.status === 'none' ? SERVICE_NONE[g.service].ru : SERVICE_PARTIAL[g.service].ru;
      const hh = g.households !== null ? ` (${count('ru', g.households, NOUNS.household)})` : '';
      const head = g.population === null ? `${g.name.ru}: ${lack} (численность населения неизвестна)`
        : g.status === 'none' ? `${g.name.ru}: ${count('ru', g.population, NOUNS.resident)}${hh} ${lack}`
        : `${g.name.ru}: у ${fmtInt('ru', g.population)} ${ruGen(g.population, 'жителя', 'жителей')}${hh} ${lack}`;
      if (g.element === null || g.distanceM === null) return `${head}; ${NO_SOURCE[g.service].ru}.`;
      const near = `до ${element('ru', g.element, g.voltageKv)} — ${fmtDistance('ru', g.distanceM)}${g.distanceM < 1 ? ' (в пределах пункта)' : g.distanceM > g.maxLinkM ? ` — слишком далеко для оценки подключения (больше ${fmtDistance('ru', g.maxLinkM)})` : ''}`;
      const cost = g.cost !== null && g.status === 'none' ? ` Подключение обойдётся примерно в ${fmtMoney('ru', g.cost, g.currency)} (допущение: ${fmtMoney('ru', g.unitCost, g.currency)} за 1 км).` : '';
      return `${head}; ${near}.${cost}`;
    },
    serviceTotals(t) {
      const p = t.partial.settlements ? `${SERVICE_PARTIAL[t.service].ru} — в ${fmtInt('ru', t.partial.settlements)} нас. п. (${fmtInt('ru', t.partial.population)} чел.)` : '';
      if (!t.none.settlements) return `${t.area.ru}: пунктов ${SERVICE_NONE[t.service].ru} не отмечено${p ? `; ${p}` : ''}.`;
      const s = `${t.area.ru}: ${SERVICE_NONE[t.service].ru} — ${count('ru', t.none.settlements, NOUNS.settlement)} (${fmtInt('ru', t.none.population)} чел., ${count('ru', t.none.households, NOUNS.household)})`;
      const c = t.none.settlements > t.none.outOfRange ? ` Подключение к ближайшей сети — около ${fmtMoney('ru', t.none.cost, t.currency)} в сумме (допущения о стоимости).` : '';
      return `${s}${p ? `; ${p}` : ''}.${c}`;
    },
    coverage(c) {
      const r = c.radiusM !== null ? `в пределах ${fmtDistance('ru', c.radiusM)}` : 'в пределах радиуса обслуживания';
      const unk = c.populationUnknown ? ` Численность населения неизвестна для ${fmtInt('ru', c.populationUnknown)} нас. п.` : '';
      if (!c.notCoveredSettlements) return `${c.area.ru}: ${c.kind.ru} ${r} есть у всех жителей территории (${fmtInt('ru', c.coveredPopulation)} чел.).${unk}`;
      if (!c.coveredPopulation && c.notCoveredPopulation) return `${c.area.ru}: ${c.kind.ru} ${r} нет ни у одного из ${fmtInt('ru', c.notCoveredPopulation)} чел. (${fmtInt('ru', c.notCoveredSettlements)} нас. п.).${unk}`;
      return `${c.area.ru}: ${c.kind.ru} ${r}: есть у ${fmtInt('ru', c.coveredPopulation)} ${ruGen(c.coveredPopulation, 'жителя', 'жителей')}; нет у ${fmtInt('ru', c.notCoveredPopulation)} ${ruGen(c.notCoveredPopulation, 'жителя', 'жителей')} (${count('ru', c.notCoveredSettlements, NOUNS.settlement)}).${unk}`;
    },
    settlementCoverage(c) {
      if (c.distanceM === null) return `${c.name.ru}: объектов вида «${c.kind.ru}» на карте нет.`;
      const f = c.facility ? ` (${c.facility.ru})` : '';
      return `${c.name.ru}: до ближайшего объекта вида «${c.kind.ru}»${f} — ${fmtDistance('ru', c.distanceM)}; это ${c.covered ? 'в пределах' : 'дальше'} ${fmtDistance('ru', c.radiusM)}.`;
    },
    canals(c) {
      const pct = c.totalKm > 0 ? ` (${fmtPercent('ru', c.badKm / c.totalKm)})` : '';
      let s = `${c.area.ru}: ${fmtKm('ru', c.badKm)} из ${fmtKm('ru', c.totalKm)} каналов в плохом или аварийном состоянии${pct}.`;
      if (c.gaps !== null) s += ` Начал каналов, не присоединённых к сети (допуск ${fmtDistance('ru', c.toleranceM)}): ${fmtInt('ru', c.gaps)}`;
      if (c.withoutMainSegments !== null) s += `; участков вне сети с магистральным каналом: ${fmtInt('ru', c.withoutMainSegments)}.`;
      else if (c.gaps !== null) s += '.';
      return s;
    },
    far(f) {
      if (!f.settlements) return `Все населённые пункты территории — в пределах ${fmtDistance('ru', f.thresholdM)} от действующего канала.`;
      return `Дальше ${fmtDistance('ru', f.thresholdM)} от действующего канала: ${count('ru', f.settlements, NOUNS.settlement)} (${fmtInt('ru', f.population)} чел.).`;
    },
    annotations(n, people) { return `Опубликованных сообщений о поливе питьевой водой: ${fmtInt('ru', n)} (затронуто ${fmtInt('ru', people)} чел.).`; },
    whatIfFacility(w) {
      if (!w.residents && !w.settlements) return `${upperFirst(w.kind.ru)} в этом месте не добавит жителей в пределах ${fmtDistance('ru', w.radiusM)}: окружающие населённые пункты уже охвачены или дальше.`;
      return `${upperFirst(w.kind.ru)} в этом месте: ещё ${fmtInt('ru', w.residents)} чел. (${fmtInt('ru', w.settlements)} нас. п.) окажутся в пределах ${fmtDistance('ru', w.radiusM)}.`;
    },
    whatIfNetwork(w) {
      const line = `Предлагаемая линия длиной ${fmtDistance('ru', w.lengthM)}`;
      if (!w.improved || !w.name) return `${line} не приблизит сеть ни к одному населённому пункту без услуги.`;
      const pop = w.population !== null ? ` (${fmtInt('ru', w.population)} чел.)` : '';
      return `${line}: до сети от пункта «${w.name.ru}»${pop} останется ${fmtDistance('ru', w.afterM)} (сейчас ${w.beforeM !== null ? fmtDistance('ru', w.beforeM) : 'сети на карте нет'}). `
        + `Оценка затрат на подключение пунктов без услуги снизится с ${fmtMoney('ru', w.costBefore, w.currency)} до ${fmtMoney('ru', w.costAfter, w.currency)}, плюс ${fmtMoney('ru', w.lineCost, w.currency)} на саму линию (допущения о стоимости).`;
    },
    whatIfRepair(w) {
      if (!w.settlements) return `Ремонт участков канала (${fmtInt('ru', w.canals)}, ${fmtKm('ru', w.km)}) не приблизит действующий канал (${fmtDistance('ru', w.thresholdM)}) ни к одному новому населённому пункту.`;
      return `Ремонт участков канала (${fmtInt('ru', w.canals)}, ${fmtKm('ru', w.km)}): действующий канал окажется в пределах ${fmtDistance('ru', w.thresholdM)} ещё для ${fmtInt('ru', w.settlements)} нас. п. (${fmtInt('ru', w.population)} чел.).`;
    },
  },
  ky: {
    settlementGap(g) {
      const lack = g.status === 'none' ? SERVICE_NONE[g.service].ky : SERVICE_PARTIAL[g.service].ky;
      const hh = g.households !== null ? ` (${count('ky', g.households, NOUNS.household)})` : '';
      const head = g.population === null ? `${g.name.ky}: ${lack} (калкынын саны белгисиз)` : `${g.name.ky}: ${count('ky', g.population, NOUNS.resident)}${hh} ${lack}`;
      if (g.element === null || g.distanceM === null) return `${head}; ${NO_SOURCE[g.service].ky}.`;
      const near = `${element('ky', g.element, g.voltageKv)} чейин ${fmtDistance('ky', g.distanceM)}${g.distanceM < 1 ? ' (конуштун ичинде)' : g.distanceM > g.maxLinkM ? ` — туташтырууну баалоо үчүн өтө алыс (${fmtDistance('ky', g.maxLinkM)} ашык)` : ''}`;
      const cost = g.cost !== null && g.status === 'none' ? ` Туташтыруу болжол менен ${fmtMoney('ky', g.cost, g.currency)} турат (божомол: 1 км үчүн ${fmtMoney('ky', g.unitCost, g.currency)}).` : '';
      return `${head}; ${near}.${cost}`;
    },
    serviceTotals(t) {
      const p = t.partial.settlements ? `${SERVICE_PARTIAL[t.service].ky} — ${count('ky', t.partial.settlements, NOUNS.settlement)} (${count('ky', t.partial.population, NOUNS.resident)})` : '';
      if (!t.none.settlements) return `${t.area.ky}: ${SERVICE_NONE[t.service].ky} калктуу конуш белгиленген эмес${p ? `; ${p}` : ''}.`;
      const s = `${t.area.ky}: ${SERVICE_NONE[t.service].ky} — ${count('ky', t.none.settlements, NOUNS.settlement)} (${count('ky', t.none.population, NOUNS.resident)}, ${count('ky', t.none.households, NOUNS.household)})`;
      const c = t.none.settlements > t.none.outOfRange ? ` Жакынкы тармакка туташтыруу жалпысынан болжол менен ${fmtMoney('ky', t.none.cost, t.currency)} (наркы божомол).` : '';
      return `${s}${p ? `; ${p}` : ''}.${c}`;
    },
    coverage(c) {
      const r = c.radiusM !== null ? `${fmtDistance('ky', c.radiusM)} ичинде` : 'тейлөө радиусунун ичинде';
      const unk = c.populationUnknown ? ` ${count('ky', c.populationUnknown, NOUNS.settlement)} боюнча калктын саны белгисиз.` : '';
      if (!c.notCoveredSettlements) return `${c.area.ky}: ${c.kind.ky} ${r}: аймактын бардык тургундарына жетет (${count('ky', c.coveredPopulation, NOUNS.resident)}).${unk}`;
      if (!c.coveredPopulation && c.notCoveredPopulation) return `${c.area.ky}: ${c.kind.ky} ${r}: ${fmtInt('ky', c.notCoveredPopulation)} тургундун (${count('ky', c.notCoveredSettlements, NOUNS.settlement)}) бирөөсүнө да жетпейт.${unk}`;
      return `${c.area.ky}: ${c.kind.ky} ${r}: ${fmtInt('ky', c.coveredPopulation)} тургунга жетет; ${fmtInt('ky', c.notCoveredPopulation)} тургунга (${count('ky', c.notCoveredSettlements, NOUNS.settlement)}) жетпейт.${unk}`;
    },
    settlementCoverage(c) {
      if (c.distanceM === null) return `${c.name.ky}: картада «${c.kind.ky}» түрүндөгү объект жок.`;
      const f = c.facility ? ` (${c.facility.ky})` : '';
      return `${c.name.ky}: эң жакынкы «${c.kind.ky}»${f} ${fmtDistance('ky', c.distanceM)} алыстыкта — ${fmtDistance('ky', c.radiusM)} ${c.covered ? 'ичинде' : 'сыртында'}.`;
    },
    canals(c) {
      const pct = c.totalKm > 0 ? ` (${fmtPercent('ky', c.badKm / c.totalKm)})` : '';
      let s = `${c.area.ky}: ${fmtKm('ky', c.totalKm)} каналдын ${fmtKm('ky', c.badKm)} начар же бузулган абалда${pct}.`;
      if (c.gaps !== null) s += ` Тармакка туташпаган канал баштары (чек ${fmtDistance('ky', c.toleranceM)}): ${fmtInt('ky', c.gaps)}`;
      if (c.withoutMainSegments !== null) s += `; магистралдык каналы жок тармактагы бөлүктөр: ${fmtInt('ky', c.withoutMainSegments)}.`;
      else if (c.gaps !== null) s += '.';
      return s;
    },
    far(f) {
      if (!f.settlements) return `Аймактагы бардык калктуу конуштар иштеп жаткан каналдан ${fmtDistance('ky', f.thresholdM)} ичинде.`;
      return `Иштеп жаткан каналдан ${fmtDistance('ky', f.thresholdM)} ашык алыстыкта: ${count('ky', f.settlements, NOUNS.settlement)} (${count('ky', f.population, NOUNS.resident)}).`;
    },
    annotations(n, people) { return `Ичүүчү сууну сугатка колдонуу боюнча жарыяланган билдирүүлөр: ${fmtInt('ky', n)} (${fmtInt('ky', people)} адамга тиешелүү).`; },
    whatIfFacility(w) {
      if (!w.residents && !w.settlements) return `Бул жердеги ${w.kind.ky} ${fmtDistance('ky', w.radiusM)} ичинде жаңы тургундарды камтыбайт: айланадагы конуштар буга чейин камтылган же алысыраак.`;
      return `Бул жерде ${w.kind.ky} болсо, дагы ${count('ky', w.residents, NOUNS.resident)} (${count('ky', w.settlements, NOUNS.settlement)}) ${fmtDistance('ky', w.radiusM)} ичинде калат.`;
    },
    whatIfNetwork(w) {
      const line = `Сунушталган ${fmtDistance('ky', w.lengthM)} линия`;
      if (!w.improved || !w.name) return `${line} кызматсыз калктуу конуштарды тармакка жакындатпайт.`;
      const pop = w.population !== null ? ` (${count('ky', w.population, NOUNS.resident)})` : '';
      return `${line}: «${w.name.ky}»${pop} тармактан ${fmtDistance('ky', w.afterM)} аралыкта калат (азыр ${w.beforeM !== null ? fmtDistance('ky', w.beforeM) : 'картада тармак жок'}). `
        + `Кызматсыз конуштарды туташтыруунун болжолдуу наркы ${fmtMoney('ky', w.costBefore, w.currency)} ордуна ${fmtMoney('ky', w.costAfter, w.currency)} болот, линиянын өзүнө дагы ${fmtMoney('ky', w.lineCost, w.currency)} (наркы божомол).`;
    },
    whatIfRepair(w) {
      if (!w.settlements) return `${count('ky', w.canals, NOUNS.canalSection)} (${fmtKm('ky', w.km)}) оңдолсо да, жаңы калктуу конуш иштеп жаткан каналдан ${fmtDistance('ky', w.thresholdM)} ичине кирбейт.`;
      return `${count('ky', w.canals, NOUNS.canalSection)} (${fmtKm('ky', w.km)}) оңдолсо, дагы ${count('ky', w.settlements, NOUNS.settlement)} (${count('ky', w.population, NOUNS.resident)}) иштеп жаткан каналдан ${fmtDistance('ky', w.thresholdM)} ичинде калат.`;
    },
  },
};

/** The same template in the three languages. */
export function say<K extends keyof (typeof MESSAGES)['en']>(key: K, ...args: Parameters<(typeof MESSAGES)['en'][K]>): I18n {
  return i18n((lang) => (MESSAGES[lang][key] as (...a: typeof args) => string)(...args));
}

/** The notices a UI or an export prints beside figures whose inputs are not surveyed data. */
export const NOTICES = {
  illustrative: {
    en: 'Illustrative data: some inputs were drawn for the demo and not surveyed — do not cite these figures as facts.',
    ru: 'Иллюстративные данные: часть исходных данных нарисована для демонстрации и не является съёмкой — не приводите эти цифры как факты.',
    ky: 'Иллюстрациялык маалымат: булактардын бир бөлүгү демо үчүн тартылган, өлчөнгөн эмес — бул сандарды факт катары келтирбеңиз.',
  },
  approximate: {
    en: 'Some places are shown at an approximate point (a real place without a surveyed position).',
    ru: 'Некоторые объекты показаны в приблизительной точке (реальное место без точных координат).',
    ky: 'Айрым объекттер болжолдуу чекитте көрсөтүлгөн (так координаты жок чыныгы жер).',
  },
  unitCost: {
    en: 'Costs use assumed unit costs per km (configurable), not quotes: replace them with local prices before citing them.',
    ru: 'Стоимость рассчитана по допущениям о цене 1 км (настраиваются), а не по сметам: замените их местными ценами, прежде чем приводить.',
    ky: 'Нарк 1 км үчүн божомолдуу баа менен эсептелген (өзгөртүүгө болот), смета эмес: келтирүүдөн мурун жергиликтүү баалар менен алмаштырыңыз.',
  },
  serviceRadius: {
    en: 'Service radii are assumptions for the demo (no cited norm): replace them with a sourced national standard.',
    ru: 'Радиусы обслуживания — допущения для демонстрации (норматив не найден): замените их нормативом с источником.',
    ky: 'Тейлөө радиустары — демо үчүн божомол (булагы бар норматив жок): аларды расмий норматив менен алмаштырыңыз.',
  },
} satisfies Record<string, I18n>;

export const AREA_NAMES = {
  country: { en: 'Kyrgyzstan', ru: 'Кыргызстан', ky: 'Кыргызстан' },
  selected: { en: 'The selected area', ru: 'Выбранная территория', ky: 'Тандалган аймак' },
} satisfies Record<string, I18n>;

/** The rule of each analysis, printed beside its figures. */
export const METHOD = {
  coverage: {
    en: 'A settlement is covered when the geodesic distance (WGS84 spheroid, metres) from its nearest point — a point settlement itself, or the nearest edge of a settlement outline — to a facility of the kind that is not broken is at most the threshold (distances rounded to 0.1 m). Its whole population then counts as covered. Candidates come from a KNN search on the spatial index; the coverage area is the union of geodesic buffers, drawn for the map only.',
    ru: 'Населённый пункт считается охваченным, если геодезическое расстояние (эллипсоид WGS84, метры) от его ближайшей точки — самой точки или ближайшего края контура — до исправного объекта данного вида (не в аварийном состоянии) не больше порога (с точностью 0,1 м). Тогда охваченным считается всё его население. Кандидаты находятся KNN-поиском по пространственному индексу; зона охвата — объединение геодезических буферов, только для карты.',
    ky: 'Калктуу конуш камтылган деп эсептелет, эгер анын эң жакын чекитинен (чекиттин өзүнөн же контурдун эң жакын четинен) ошол түрдөгү бузулбаган объектке чейинки геодезиялык аралык (WGS84 эллипсоиди, метр) босогодон ашпаса (0,1 м тактык менен). Анда анын бүт калкы камтылган деп эсептелет. Талапкерлер мейкиндик индекси боюнча KNN издөө менен табылат; камтуу аймагы — геодезиялык буферлердин бирикмеси, карта үчүн гана.',
  },
  unserved: {
    en: "Settlements whose service status is 'none' or 'partial' (reported separately). Distance: geodesic, from the settlement's nearest point to the nearest element that could serve it (electricity: an operational power line or a substation that is not broken; water: an operational water main or a water point that is not broken; road: an operational road). Cost = distance in km × an assumed unit cost per km; it covers the link only, not the network inside the settlement.",
    ru: "Населённые пункты со статусом услуги «нет» или «частично» (отдельно). Расстояние — геодезическое, от ближайшей точки пункта до ближайшего элемента сети, который может его обслужить (электричество: действующая линия или исправная подстанция; вода: действующий водопровод или исправная колонка; дорога: действующая дорога). Стоимость = расстояние в км × допущение о цене 1 км; только подводка, без сети внутри пункта.",
    ky: "Кызмат статусу «жок» же «жарым-жартылай» болгон калктуу конуштар (өзүнчө). Аралык — геодезиялык, конуштун эң жакын чекитинен аны тейлей турган эң жакын тармак элементине чейин (электр: иштеп жаткан линия же бузук эмес подстанция; суу: иштеп жаткан суу түтүгү же бузук эмес колонка; жол: иштеп жаткан жол). Нарк = км аралык × 1 км үчүн божомолдуу баа; конуштун ичиндеги тармак кирбейт.",
  },
  canals: {
    en: 'Lengths are geodesic, clipped to the area. Components: ST_ClusterDBSCAN over the canals intersecting the area, in EPSG:3857 with the tolerance scaled by 1/cos(mid-latitude). A dangling end is a line end with no other canal within the tolerance (geodesic); the head of a main canal that no other canal feeds is an intake, not a gap; lines are taken to be drawn in the direction of flow. Functioning canal: condition good or fair.',
    ru: 'Длины геодезические, в пределах территории. Связность: ST_ClusterDBSCAN по каналам, пересекающим территорию, в EPSG:3857 с допуском, умноженным на 1/cos(средней широты). Висячий конец — конец линии, в пределах допуска от которого нет другого канала; начало магистрального канала, которое не питается от другого канала, — водозабор, а не разрыв; линии считаются нарисованными по течению. Действующий канал — в хорошем или удовлетворительном состоянии.',
    ky: 'Узундуктар геодезиялык, аймактын ичинде. Байланыш: аймакты кесип өткөн каналдар боюнча ST_ClusterDBSCAN, EPSG:3857 системасында, чек 1/cos(орточо кеңдик) менен. Асылып калган учу — чек ичинде башка канал жок сызык учу; башка каналдан суу албаган магистралдык каналдын башы — суу алгыч, үзүлүү эмес; сызыктар агым боюнча тартылган деп эсептелет. Иштеп жаткан канал — абалы жакшы же канааттандырарлык.',
  },
} satisfies Record<string, I18n>;

/** Build a sentence record from its text and the rows behind it. */
export function sentence(id: string, topic: Sentence['topic'], text: I18n, values: Sentence['values'], provenance: Iterable<string>, datasets: Iterable<string>, assumptions: string[] = []): Sentence {
  const p = [...new Set(provenance)].filter(Boolean).sort();
  return {
    id, topic, text, values,
    inputs: { provenance: p, datasets: [...new Set(datasets)].filter(Boolean).sort() },
    illustrative: p.includes('illustrative'),
    approximate: p.includes('placeholder'),
    assumptions,
  };
}
