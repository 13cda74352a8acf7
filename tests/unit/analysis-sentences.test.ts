// Numbers, counted nouns and the ready sentences in ky/ru/en (pure functions).
import { describe, expect, it } from 'vitest';
import { count, fmtDistance, fmtInt, fmtKm, fmtMoney, NOUNS, ruCount } from '../../server/src/analysis/format.js';
import { MESSAGES, NOTICES, say, sentence } from '../../server/src/analysis/sentences.js';
import { summarySentence } from '../../server/src/commitments/tracker.messages.js';

const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('analysis: numbers per locale', () => {
  it('Intl.NumberFormat per language: 1,240 / 1 240', () => {
    expect(fmtInt('en', 1240)).toBe('1,240');
    expect(sp(fmtInt('ru', 1240))).toBe('1 240');
    expect(sp(fmtInt('ky', 1240))).toBe('1 240');
    expect(fmtInt('en', 1239.6)).toBe('1,240');
  });

  it('distances: metres below 2 km (unless whole km), one decimal below 10 km, decimal comma in ru/ky', () => {
    expect(fmtDistance('en', 450.4)).toBe('450 m');
    expect(fmtDistance('en', 999)).toBe('999 m');
    expect(fmtDistance('en', 1001)).toBe('1,001 m');
    expect(fmtDistance('en', 1000)).toBe('1 km');
    expect(fmtDistance('en', 2255.9)).toBe('2.3 km');
    expect(fmtDistance('ru', 2255.9)).toBe('2,3 км');
    expect(fmtDistance('ky', 12_345)).toBe('12 км');
    expect(fmtKm('en', 27.408)).toBe('27.4 km');
  });

  it('money is an estimate: two significant digits', () => {
    expect(fmtMoney('en', 33_838, 'USD')).toBe('USD 34,000');
    expect(sp(fmtMoney('ru', 33_838, 'USD'))).toBe('34 000 $');
    expect(sp(fmtMoney('ky', 33_838, 'KGS'))).toBe('34 000 сом');
  });

  it('Russian and English plurals; Kyrgyz keeps the noun singular after a number', () => {
    expect(ruCount(1, NOUNS.resident.ru)).toBe('житель');
    expect(ruCount(3, NOUNS.resident.ru)).toBe('жителя');
    expect(ruCount(11, NOUNS.resident.ru)).toBe('жителей');
    expect(ruCount(21, NOUNS.resident.ru)).toBe('житель');
    expect(count('en', 1, NOUNS.household)).toBe('1 household');
    expect(count('en', 2, NOUNS.household)).toBe('2 households');
    expect(sp(count('ky', 1240, NOUNS.resident))).toBe('1 240 тургун');
  });
});

describe('analysis: ready sentences', () => {
  const gap = {
    name: { ky: 'Новопокровка', ru: 'Новопокровка', en: 'Novopokrovka' }, service: 'electricity' as const, status: 'none' as const, maxLinkM: 50_000, complete: true,
    population: 1240, households: 310, element: 'power_line' as const, voltageKv: 10, distanceM: 2300, cost: 33_800, currency: 'USD', unitCost: 15_000,
  };

  it('"1,240 residents of Novopokrovka have no electricity; the nearest 10 kV line is 2.3 km away" in three languages', () => {
    const t = say('settlementGap', gap);
    expect(t.en).toBe('Novopokrovka: 1,240 residents (310 households) have no electricity; the nearest 10 kV line is 2.3 km away. Connecting it would cost about USD 34,000 (assumed USD 15,000 per km).');
    expect(sp(t.ru)).toBe('Новопокровка: 1 240 жителей (310 домохозяйств) без электричества; до ближайшей линии 10 кВ — 2,3 км. Подключение обойдётся примерно в 34 000 $ (допущение: 15 000 $ за 1 км).');
    expect(sp(t.ky)).toBe('Новопокровка: 1 240 тургун (310 үй чарбасы) электр энергиясыз жашашат; эң жакынкы 10 кВ линиясына чейинки аралык 2,3 км. Туташтыруу болжол менен 34 000 USD турат (божомол: 1 км үчүн 15 000 USD).');
  });

  it('partial service, unknown population, nothing mapped, too far for a link', () => {
    expect(say('settlementGap', { ...gap, status: 'partial', population: 21 }).ru).toMatch(/^Новопокровка: у 21 жителя \(310 домохозяйств\) электричество есть лишь частично;/);
    expect(say('settlementGap', { ...gap, population: null, households: null }).en).toMatch(/^Novopokrovka: have no electricity \(population unknown\);/);
    expect(say('settlementGap', { ...gap, element: null, distanceM: null }).en).toMatch(/no operational power line or substation is on the map\.$/);
    expect(say('settlementGap', { ...gap, distanceM: 298_000, cost: null }).en).toMatch(/298 km away — too far for a connection estimate \(more than 50 km\)\.$/);
  });

  it('coverage, canals, reports, what-if', () => {
    const area = { ky: 'Каракол', ru: 'Каракол', en: 'Karakol' };
    const kind = { ky: 'клиника / ФАП', ru: 'поликлиника / ФАП', en: 'clinic / health post' };
    expect(MESSAGES.en.coverage({ area, kind, radiusM: 5000, coveredPopulation: 45_000, notCoveredPopulation: 12_300, notCoveredSettlements: 5, populationUnknown: 0 }))
      .toBe('Karakol: clinic / health post within 5 km: 45,000 residents have one; 12,300 residents in 5 settlements do not.');
    expect(sp(MESSAGES.ru.coverage({ area, kind, radiusM: 5000, coveredPopulation: 45_000, notCoveredPopulation: 12_301, notCoveredSettlements: 5, populationUnknown: 0 })))
      .toBe('Каракол: поликлиника / ФАП в пределах 5 км: есть у 45 000 жителей; нет у 12 301 жителя (5 населённых пунктов).');
    expect(MESSAGES.en.canals({ area, totalKm: 27.4, badKm: 9.6, gaps: 2, withoutMainSegments: 2, toleranceM: 5 }))
      .toBe('Karakol: 9.6 km of 27.4 km of canals are in poor or broken condition (35%). 2 canal heads are not connected to the network (tolerance 5 m); 2 canal sections belong to no network with a main canal.');
    expect(MESSAGES.en.annotations(3, 120)).toBe('3 public reports of drinking water used for irrigation (120 people affected).');
    expect(MESSAGES.en.whatIfFacility({ kind: { ky: '', ru: '', en: 'water point' }, radiusM: 300, residents: 430, settlements: 2, uncounted: 0 }))
      .toBe('A water point here would bring 430 more residents (2 settlements) within 300 m.');
    for (const lang of ['ky', 'ru', 'en'] as const) {
      expect(MESSAGES[lang].whatIfRepair({ canals: 2, km: 2.4, thresholdM: 500, settlements: 0, population: 0 })).toMatch(/\S/);
      expect(NOTICES.illustrative[lang]).toMatch(/\S/);
    }
  });

  it('a sentence record says whether its inputs are illustrative or approximate', () => {
    const s = sentence('x', 'service', say('annotations', 1, 2), { n: 1 }, ['real', 'illustrative', 'real', ''], ['geonames', 'demo-illustrative', 'geonames']);
    expect(s).toMatchObject({ illustrative: true, approximate: false, inputs: { provenance: ['illustrative', 'real'], datasets: ['demo-illustrative', 'geonames'] } });
    expect(sentence('y', 'coverage', say('annotations', 1, 2), {}, ['placeholder'], []).approximate).toBe(true);
  });
});

describe('numbers in lists (issue #16, item 3)', () => {
  // "(3, 4,2 км)": a list comma beside a decimal comma reads as one number. Every sentence that puts
  // numbers side by side is rendered in ru and ky with fractional values; none may put the two commas together.
  const together = /\d,\d+,\s*\d|\d,\s+\d+,\d/;
  const area = { ky: 'Каракол', ru: 'Каракол', en: 'Karakol' };
  const kind = { ky: 'суу алуучу жай', ru: 'водоразборная колонка', en: 'water point' };
  const gap = {
    name: area, service: 'electricity' as const, status: 'partial' as const, maxLinkM: 50_000, complete: true,
    population: 1240, households: 310, element: 'power_line' as const, voltageKv: 10, distanceM: 2350, cost: 33_800.5, currency: 'KGS', unitCost: 14_500.5,
  };
  const indicator = { unit: 'km' as const, indicator: { ky: 'калыбына келтирилген канал', ru: 'км канала восстановлено', en: 'km of canal rehabilitated' }, baseline: 0.5, target: 12.5, current: 4.5, commitments: 2 };
  const counts = { total: 6, done: 1, on_track: 1, at_risk: 1, late: 1, broken: 1, not_started: 1 };

  it.each(['ru', 'ky'] as const)('%s: never a list comma beside a decimal comma', (lang) => {
    const m = MESSAGES[lang];
    const sentences = [
      m.whatIfRepair({ canals: 3, km: 4.2, thresholdM: 500, settlements: 2, population: 640 }),
      m.whatIfRepair({ canals: 3, km: 4.2, thresholdM: 500, settlements: 0, population: 0 }),
      m.canals({ area, totalKm: 241.5, badKm: 61.2, gaps: 2, withoutMainSegments: 3, toleranceM: 2.5 }),
      m.far({ settlements: 5, population: 1240, thresholdM: 2500 }),
      m.settlementGap(gap),
      m.coverage({ area, kind, radiusM: 2500, coveredPopulation: 45_000, notCoveredPopulation: 12_301, notCoveredSettlements: 5, populationUnknown: 3 }),
      m.whatIfFacility({ kind, radiusM: 2500, residents: 430, settlements: 2, uncounted: 1 }),
      summarySentence(counts, [indicator, { ...indicator, unit: 'percent', current: 37.5, target: 62.5 }], lang, (x) => x[lang] ?? ''),
    ];
    for (const s of sentences) expect(s.replace(/[\u00a0\u202f]/g, ' '), s).not.toMatch(together);
  });
});
