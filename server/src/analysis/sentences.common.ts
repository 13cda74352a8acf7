// What the sentence templates share: their inputs and shape (Messages, one implementation per language
// in sentences.en.ts, sentences.ru.ts and sentences.ky.ts) and the phrases of networks and services in
// the three languages.
import type { I18n, Lang } from '../layers/types.js';
import type { Service } from './analysis.schema.js';
import type { ElementKind } from './analysis.types.js';
import { fmtDec1 } from './format.js';

/** A network element a sentence names: a mapped one, or the proposed line of a what-if. */
export type SentenceElement = ElementKind | 'proposed';

export const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
/** Russian genitive after "у" / "для" with a numeral: 1 → singular, otherwise plural. */
export const ruGen = (n: number, one: string, many: string) => (Math.round(n) % 10 === 1 && Math.round(n) % 100 !== 11 ? one : many);

/** "the nearest X" in the form each template needs: en noun phrase, ru genitive (после "до ближайшей/его"), ky dative (+ чейин). */
export function element(lang: Lang, e: SentenceElement, voltageKv: number | null): string {
  const kv = voltageKv !== null ? fmtDec1(lang, voltageKv) : null;
  switch (e) {
    case 'power_line': return lang === 'en' ? (kv ? `${kv} kV line` : 'power line') : lang === 'ru' ? (kv ? `ближайшей линии ${kv} кВ` : 'ближайшей линии электропередачи') : (kv ? `эң жакынкы ${kv} кВ линиясына` : 'эң жакынкы электр линиясына');
    case 'substation': return lang === 'en' ? 'substation' : lang === 'ru' ? 'ближайшей подстанции' : 'эң жакынкы подстанцияга';
    case 'water_main': return lang === 'en' ? 'water main' : lang === 'ru' ? 'ближайшего водопровода' : 'эң жакынкы суу түтүгүнө';
    case 'water_point': return lang === 'en' ? 'water point' : lang === 'ru' ? 'ближайшей водоразборной колонки' : 'эң жакынкы суу алуучу жайга (колонкага)';
    case 'road': return lang === 'en' ? 'road' : lang === 'ru' ? 'ближайшей дороги' : 'эң жакынкы жолго';
    case 'proposed': return lang === 'en' ? 'proposed line' : lang === 'ru' ? 'предлагаемой линии' : 'сунушталган линияга';
  }
}

export const SERVICE_NOUN: Record<Service, I18n> = {
  electricity: { en: 'electricity', ru: 'электричество', ky: 'электр энергиясы' },
  water: { en: 'drinking-water supply', ru: 'питьевая вода', ky: 'ичүүчү суу' },
  road: { en: 'road', ru: 'дорога', ky: 'жол' },
};
export const SERVICE_NONE: Record<Service, I18n> = {
  electricity: { en: 'have no electricity', ru: 'без электричества', ky: 'электр энергиясыз' },
  water: { en: 'have no drinking-water supply', ru: 'без питьевой воды', ky: 'ичүүчү суусуз' },
  road: { en: 'have no road', ru: 'без дороги', ky: 'жолсуз' },
};
export const SERVICE_PARTIAL: Record<Service, I18n> = {
  electricity: { en: 'have electricity only in part', ru: 'электричество есть лишь частично', ky: 'электр энергиясы жарым-жартылай гана бар' },
  water: { en: 'have drinking water only in part', ru: 'питьевая вода есть лишь частично', ky: 'ичүүчү суу жарым-жартылай гана бар' },
  road: { en: 'have a road only in part', ru: 'дорога есть лишь частично', ky: 'жол жарым-жартылай гана бар' },
};
export const NO_SOURCE: Record<Service, I18n> = {
  electricity: { en: 'no operational power line or substation is on the map', ru: 'на карте нет действующей линии или подстанции', ky: 'картада иштеп жаткан электр линиясы же подстанция жок' },
  water: { en: 'no operational water main or water point is on the map', ru: 'на карте нет действующего водопровода или колонки', ky: 'картада иштеп жаткан суу түтүгү же колонка жок' },
  road: { en: 'no operational road is on the map', ru: 'на карте нет действующей дороги', ky: 'картада иштеп жаткан жол жок' },
};

/** The network of a service, as "no complete data on …" names it. */
export const SERVICE_NETWORK: Record<Service, I18n> = {
  electricity: { en: 'the power network', ru: 'об электросети', ky: 'электр тармагы' },
  water: { en: 'the water network', ru: 'о водопроводной сети', ky: 'суу түтүгү тармагы' },
  road: { en: 'the road network', ru: 'о дорожной сети', ky: 'жол тармагы' },
};

/** The irrigation canal network as NoDataLine.what. */
export const CANAL_NETWORK: I18n = { en: 'the irrigation canal network', ru: 'о сети оросительных каналов', ky: 'сугат каналдарынын тармагы' };

export interface SettlementGap {
  name: I18n; service: Service; status: 'none' | 'partial'; maxLinkM: number;
  /** false: outside the network's complete area (no distance, no cost). */
  complete: boolean;
  population: number | null; households: number | null;
  element: SentenceElement | null; voltageKv: number | null; distanceM: number | null;
  cost: number | null; currency: string; unitCost: number;
}

export interface ServiceTotals {
  area: I18n; service: Service;
  none: { settlements: number; population: number; households: number; cost: number; outOfRange: number };
  partial: { settlements: number; population: number };
  currency: string;
}

export interface CoverageLine {
  area: I18n; kind: I18n; radiusM: number | null;
  coveredPopulation: number; notCoveredPopulation: number; notCoveredSettlements: number; populationUnknown: number;
}

export interface SettlementCoverage {
  name: I18n; kind: I18n; facility: I18n | null; distanceM: number | null; radiusM: number; covered: boolean;
  /** 'no-data': outside the kind's complete area (no distance is given). */
  status: 'covered' | 'partly' | 'not-covered' | 'no-data';
  /** Share of its people within reach (0–1) and the people that makes; null when unknown. */
  share: number | null; reached: number | null;
}
/** Settlements (and their people) per reach rule, only the rules used. */
export interface RuleCounts { cells: number; buildings: number; area: number; point: number }
/** Settlements outside the complete area of the kind or network: counted in no figure. `what`: en "X", ru "о X" (prepositional), ky "X" (before "тууралуу"). */
export interface NoDataLine { what: I18n; settlements: number; population: number }

/** "a", "a and b", "a, b and c". */
export const listEn = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** One or more facility kinds as NoDataLine.what. */
export function kindData(kinds: I18n | I18n[]): I18n {
  const k = Array.isArray(kinds) ? kinds : [kinds];
  const q = (l: 'ru' | 'ky') => k.map((x) => `«${x[l]}»`).join(', ');
  return { en: listEn(k.map((x) => x.en)), ru: `об объектах ${k.length === 1 ? 'вида' : 'видов'} ${q('ru')}`, ky: `${q('ky')} объекттери` };
}
/** Big settlements recorded as one point (named, up to three), counted all or nothing. */
export interface FlaggedLine { names: I18n[]; settlements: number; population: number; excluded: boolean }
export interface CanalLine { area: I18n; totalKm: number; badKm: number; gaps: number | null; withoutMainSegments: number | null; toleranceM: number }
export interface FarLine { thresholdM: number; settlements: number; population: number }
/** uncounted: settlements in reach that the figure leaves out (flagged points, no complete data), told in the next sentence. */
export interface WhatIfFacility { kind: I18n; radiusM: number; residents: number; settlements: number; uncounted: number }
export interface WhatIfNetwork {
  lengthM: number; element: SentenceElement; voltageKv: number | null; name: I18n | null; population: number | null;
  beforeM: number | null; afterM: number; costBefore: number; costAfter: number; lineCost: number; currency: string; improved: number;
}
export interface WhatIfRepair { canals: number; km: number; thresholdM: number; settlements: number; population: number }


/** The templates of one language. */
export interface Messages {
  settlementGap(g: SettlementGap): string;
  serviceTotals(t: ServiceTotals): string;
  coverage(c: CoverageLine): string;
  settlementCoverage(c: SettlementCoverage): string;
  canals(c: CanalLine): string;
  far(f: FarLine): string;
  annotations(n: number, people: number): string;
  whatIfFacility(w: WhatIfFacility): string;
  /** "How people were counted": settlements per reach rule. */
  reachRules(r: RuleCounts): string;
  noData(n: NoDataLine): string;
  /** excluded: left out of the figure (what-if), else counted all or nothing (coverage). */
  flagged(f: FlaggedLine): string;
  whatIfNetwork(w: WhatIfNetwork): string;
  whatIfRepair(w: WhatIfRepair): string;
}
