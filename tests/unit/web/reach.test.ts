// How the web app reads the coverage answer's reach: a row's verdict, a share as a whole percentage
// (a partly reached settlement never reads 0 % or 100 %), the rule breakdown that adds up to 100, and
// what the resident view says (never a distance where the data is not complete).
import { describe, expect, it } from 'vitest';
import { residentAnswer, ruleShares, sharePercent, statusOf } from '../../../web/src/lib/reach.js';
import type { CoverageSettlement } from '../../../server/src/analysis/analysis.types.js';

const row = (over: Partial<CoverageSettlement>): CoverageSettlement => ({
  id: 1, ref: null, names: { ky: null, ru: 'Село', en: 'Village' }, type: 'village', legalStatus: 'registered',
  population: 1000, households: 200, municipality: null, district: null, region: null, provenance: 'real', datasetId: 'd', center: [74.6, 42.9],
  status: 'covered', covered: true, distanceM: 300,
  nearest: { id: 5, proposed: false, names: { ky: null, ru: 'ФАП', en: 'Clinic' }, radiusM: 2000, provenance: 'real', datasetId: 'd' },
  reach: { rule: 'point', share: 1, population: 1000, households: 200, flagged: false },
  ...over,
});

describe('web reach helpers', () => {
  it('take the answer\'s status, and read an answer without one as covered / not covered', () => {
    expect(statusOf(row({ status: 'partly', covered: false }))).toBe('partly');
    expect(statusOf(row({ status: 'no-data', covered: false }))).toBe('no-data');
    const old = row({ covered: false }) as Partial<CoverageSettlement>;
    delete old.status;
    expect(statusOf(old as CoverageSettlement)).toBe('not-covered');
  });

  it('show a share as a whole percentage, within 1–99 for a settlement covered in part', () => {
    expect(sharePercent(0.4)).toBe(40);
    expect(sharePercent(0.996)).toBe(100);
    expect(sharePercent(0.996, true)).toBe(99);
    expect(sharePercent(0.001, true)).toBe(1);
    expect(sharePercent(1.5)).toBe(100);
    expect(sharePercent(-1)).toBe(0);
  });

  it('break the counted people down by rule in whole percentages that add up to 100', () => {
    const s = ruleShares({ cells: { settlements: 1, population: 120 }, buildings: { settlements: 0, population: 0 }, area: { settlements: 2, population: 300 }, point: { settlements: 5, population: 580 } });
    expect(s).toEqual({ cells: 12, buildings: 0, area: 30, point: 58 });
    const thirds = ruleShares({ cells: { settlements: 1, population: 1 }, buildings: { settlements: 1, population: 1 }, area: { settlements: 1, population: 1 }, point: { settlements: 0, population: 0 } });
    expect(Object.values(thirds).reduce((a, b) => a + b, 0)).toBe(100);
    expect(ruleShares({ cells: { settlements: 0, population: 0 }, buildings: { settlements: 0, population: 0 }, area: { settlements: 0, population: 0 }, point: { settlements: 0, population: 0 } }))
      .toEqual({ cells: 0, buildings: 0, area: 0, point: 0 });
  });

  it('answer the resident: covered, partly (a percentage and the radius), not covered (the distance), no complete data (no distance)', () => {
    expect(residentAnswer(row({}))).toEqual({ verdict: 'covered', distanceM: 300 });
    expect(residentAnswer(row({ status: 'partly', covered: false, reach: { rule: 'cells', share: 0.4237, population: 424, households: 85, flagged: false } })))
      .toEqual({ verdict: 'partly', percent: 42, radiusM: 2000 });
    expect(residentAnswer(row({ status: 'not-covered', covered: false, distanceM: 5400 }))).toEqual({ verdict: 'not-covered', distanceM: 5400 });
    const none = residentAnswer(row({ status: 'no-data', covered: false, distanceM: null, nearest: null, reach: null }));
    expect(none).toEqual({ verdict: 'no-data' });
    expect('distanceM' in none).toBe(false);
  });
});
