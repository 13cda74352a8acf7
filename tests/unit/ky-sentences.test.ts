// The Kyrgyz sentence templates after numbers (GLOSSARY.md, the grammar paragraph; issue #16): each
// sentence has its possessor and its verb, and a case ending after a unit follows how the unit is read
// aloud ("2 километрден ашык"). The expected sentences are written out for 0, 1, 2, 5, 10, 21, 100,
// 1 240 and fractions.
import { describe, expect, it } from 'vitest';
import { kyDistanceIn, kyKmIn } from '../../server/src/analysis/format.js';
import { MESSAGES } from '../../server/src/analysis/sentences.js';

const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const ky = MESSAGES.ky;
const name = { ky: 'Ак-Дөбө', ru: 'Ак-Дёбё', en: 'Ak-Dobo' };
const gap = {
  name, service: 'water' as const, status: 'none' as const, maxLinkM: 50_000, complete: true, population: 1240, households: null,
  element: null, voltageKv: null, distanceM: null, cost: null, currency: 'KGS', unitCost: 0,
};

describe('Kyrgyz sentences after numbers', () => {
  it('people without a service: "N тургун … суусуз жашашат" (the verb), for every count', () => {
    const expected: [number, string][] = [
      [0, 'Ак-Дөбө: 0 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [1, 'Ак-Дөбө: 1 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [2, 'Ак-Дөбө: 2 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [5, 'Ак-Дөбө: 5 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [10, 'Ак-Дөбө: 10 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [21, 'Ак-Дөбө: 21 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [100, 'Ак-Дөбө: 100 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
      [1240, 'Ак-Дөбө: 1 240 тургун ичүүчү суусуз жашашат; картада иштеп жаткан суу түтүгү же колонка жок.'],
    ];
    for (const [n, s] of expected) expect(sp(ky.settlementGap({ ...gap, population: n }))).toBe(s);
  });

  it('people with a service in part: the possessor "N тургундун … суусу … бар"', () => {
    expect(sp(ky.settlementGap({ ...gap, status: 'partial', population: 21, households: 5 })))
      .toBe('Ак-Дөбө: 21 тургундун (5 үй чарбасы) ичүүчү суусу жарым-жартылай гана бар; картада иштеп жаткан суу түтүгү же колонка жок.');
    expect(sp(ky.settlementGap({ ...gap, status: 'partial', service: 'electricity', population: 1240 })))
      .toMatch(/^Ак-Дөбө: 1 240 тургундун электр энергиясы жарым-жартылай гана бар;/);
    expect(ky.settlementGap({ ...gap, population: null })).toMatch(/^Ак-Дөбө: тургундар ичүүчү суусуз жашашат \(калкынын саны белгисиз\);/);
  });

  it('"ашык" takes the ablative of the unit as read aloud: 0 метрден … 1 240 километрден, 2,5 километрден', () => {
    const far = (m: number) => sp(ky.far({ settlements: 5, population: 1240, thresholdM: m }));
    const expected: [number, string][] = [
      [0, '0 метрден'], [1000, '1 километрден'], [2000, '2 километрден'], [5000, '5 километрден'], [10_000, '10 километрден'],
      [21_000, '21 километрден'], [100_000, '100 километрден'], [1_240_000, '1 240 километрден'], [2500, '2,5 километрден'], [450, '450 метрден'],
    ];
    for (const [m, d] of expected) expect(far(m)).toBe(`5 калктуу конуш (1 240 тургун) иштеп жаткан каналдан ${d} ашык алыстыкта жайгашкан.`);
    expect(sp(ky.settlementGap({ ...gap, element: 'water_main', distanceM: 298_000, maxLinkM: 2000 })))
      .toContain('эң жакынкы суу түтүгүнө чейинки аралык 298 км — туташтырууну баалоо үчүн өтө алыс (2 километрден ашык).');
  });

  it('other cases of a unit: "чейин" takes the dative, a possessed length the genitive', () => {
    expect(sp(kyDistanceIn(450, 'dative'))).toBe('450 метрге');
    expect(sp(kyDistanceIn(2300, 'dative'))).toBe('2,3 километрге');
    expect(sp(kyKmIn(61.2, 'genitive'))).toBe('61,2 километрдин');
  });

  it('a fractional length of canal is possessed: "241 км каналдын 61,2 км бөлүгү … турат"', () => {
    const area = { ky: 'Каракол', ru: 'Каракол', en: 'Karakol' };
    expect(sp(ky.canals({ area, totalKm: 241, badKm: 61.2, gaps: null, withoutMainSegments: null, toleranceM: 5 })))
      .toBe('Каракол: 241 км каналдын 61,2 км бөлүгү (25%) начар же бузулган абалда турат.');
    expect(sp(ky.canals({ area, totalKm: 0.5, badKm: 0, gaps: null, withoutMainSegments: null, toleranceM: 5 })))
      .toBe('Каракол: 0,5 км каналдын 0 км бөлүгү (0%) начар же бузулган абалда турат.');
  });

  it('coverage says covered / not covered with the glossary\'s камтылган / камтылбаган', () => {
    const area = { ky: 'Каракол', ru: 'Каракол', en: 'Karakol' };
    const kind = { ky: 'клиника / ФАП', ru: 'поликлиника / ФАП', en: 'clinic / health post' };
    const c = { area, kind, radiusM: 5000, coveredPopulation: 45_000, notCoveredPopulation: 12_301, notCoveredSettlements: 5, populationUnknown: 0 };
    expect(sp(ky.coverage(c))).toBe('Каракол: клиника / ФАП 5 км ичинде: 45 000 тургун камтылган; 12 301 тургун (5 калктуу конуш) камтылбаган.');
    expect(sp(ky.coverage({ ...c, notCoveredSettlements: 0, notCoveredPopulation: 0 }))).toBe('Каракол: клиника / ФАП 5 км ичинде: аймактын бардык тургундары камтылган (45 000 тургун).');
    expect(sp(ky.coverage({ ...c, coveredPopulation: 0 }))).toBe('Каракол: клиника / ФАП 5 км ичинде: 12 301 тургундун (5 калктуу конуш) бири да камтылбаган.');
  });

  it('repairs that bring no settlement closer say so without "жаңы калктуу конуш" (a newly built one)', () => {
    expect(sp(ky.whatIfRepair({ canals: 3, km: 4.2, thresholdM: 500, settlements: 0, population: 0 })))
      .toBe('3 канал бөлүгү (4,2 км) оңдолсо да, иштеп жаткан каналдан 500 м аралыкта жашаган калктуу конуштардын саны көбөйбөйт.');
    expect(sp(MESSAGES.ru.whatIfRepair({ canals: 3, km: 4.2, thresholdM: 500, settlements: 2, population: 640 })))
      .toBe('Если отремонтировать 3 участка канала (4,2 км), действующий канал окажется в пределах 500 м ещё для 2 нас. п. (640 чел.).');
  });
});
