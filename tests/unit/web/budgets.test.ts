// The Budget tab's pure parts: amounts typed the Kyrgyz/Russian way, the classes the map colours
// villages by, the shared point of displaced villages, and the chart geometry (charts.ts).
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../../web/src/lib/amount.js';
import { amountBreaks, classesFor, classOf, legendOf, measureValue, sharedPoints, spreadAround, type VillageLike } from '../../../web/src/components/budgets/measures.js';
import { changeBars, niceTicks, planActualBars, shareDots, trendLines } from '../../../web/src/components/budgets/charts.js';
import type { VillageFigures } from '../../../server/src/budgets/budgets.types.js';

describe('parseAmount', () => {
  it('reads amounts as written in Kyrgyzstan and elsewhere', () => {
    expect(parseAmount('1 234 567,89')).toBe(1234567.89);
    expect(parseAmount('1\u00a0234\u00a0567,89 сом')).toBe(1234567.89);
    expect(parseAmount('1\u202f234')).toBe(1234);
    expect(parseAmount('1,234,567.89')).toBe(1234567.89);
    expect(parseAmount('1.234.567,5')).toBe(1234567.5);
    expect(parseAmount('12000 KGS')).toBe(12000);
    expect(parseAmount('0,5')).toBe(0.5);
    expect(parseAmount('1,234')).toBe(1234);
  });
  it('refuses what is not an amount', () => {
    for (const s of ['', 'abc', '12,3,4', '1 23,4,5', '-5', '1,2345', '1.234,567', '12a', '1,234.5.6']) expect(parseAmount(s), s).toBeNull();
  });
});

const village = (id: number, o: Partial<VillageFigures> = {}): VillageFigures => ({
  settlementId: id, names: { ky: `V${id}`, ru: `V${id}`, en: `V${id}` }, population: 1000, populationYear: 2022, provenance: 'illustrative',
  position: [72.6, 40.26], displaced: false,
  spending: { total: 100_000, capital: 50_000, bySector: { drinking_water: 40_000 } }, executed: { total: 80_000, bySector: { drinking_water: 10_000 } }, execution: 0.8,
  contributions: 5000, shares: { spending: 0.2, capital: 0.1, contributions: 0.3, population: 0.25, unserved: {} }, shareGap: 0.1,
  unserved: {}, perResident: { total: 100, bySector: { drinking_water: 40 } }, perUnserved: { drinking_water: 200 }, lineIds: [1, 2], ...o,
});

// The analysis's village figures are what the measures read.
const fits = (v: VillageFigures): VillageLike => v;

describe('measures and classes', () => {
  it('takes the measure of the chosen sector', () => {
    const v = fits(village(1));
    expect(measureValue(v, 'spending', 'all')).toBe(100_000);
    expect(measureValue(v, 'spending', 'roads')).toBe(0);
    expect(measureValue(v, 'spending_per_unserved', 'all')).toBeNull();
    expect(measureValue(v, 'spending_per_unserved', 'drinking_water')).toBe(200);
    expect(measureValue(v, 'execution', 'drinking_water')).toBe(0.25);
    expect(measureValue(village(2, { executed: null, execution: null }), 'execution', 'drinking_water')).toBeNull();
  });
  it('classes amounts by rounded quantiles and gaps by fixed diverging breaks', () => {
    expect(amountBreaks([10, 10, 10])).toEqual([]);
    const b = amountBreaks([120, 340, 560, 1234, 2100, 5000, 9000, 12000]);
    expect(b).toEqual([560, 2100, 9000]);
    const c = classesFor('spending', [120, 340, 560, 1234, 2100, 5000, 9000, 12000, null]);
    expect(c.classes).toHaveLength(4);
    expect(classOf(c, 120)!.index).toBe(0);
    expect(classOf(c, 560)!.index).toBe(1);
    expect(classOf(c, 12000)!.index).toBe(3);
    expect(classOf(c, null)).toBeNull();
    const g = classesFor('share_gap', [0.1, -0.2]);
    expect(classOf(g, -0.2)!.mark).toBe('−−');
    expect(classOf(g, 0)!.mark).toBe('=');
    expect(classOf(g, 0.1)!.mark).toBe('++');
    const l = legendOf(c, 'Spending', String, { below: (x) => `< ${x}`, from: (x) => `≥ ${x}`, between: (a, z) => `${a}–${z}`, noData: 'no data' }, true);
    expect(l.items.map((i) => i.label.en)).toEqual(['< 560', '560–2100', '2100–9000', '≥ 9000', 'no data']);
    expect(l.items[4]!.dashed).toBe(true);
    // Two villages: the break stays between them; all alike: one class labelled with the value.
    expect(amountBreaks([1790, 1849])).toEqual([1800]);
    expect(amountBreaks([1790, 1860])).toEqual([1860]);
    const one = classesFor('spending', [500, 500]);
    expect(one.classes).toHaveLength(1);
    expect(legendOf(one, 'S', String, { below: (x) => `< ${x}`, from: (x) => `≥ ${x}`, between: (a, z) => `${a}–${z}`, noData: '-' }, false).items.map((i) => i.label.en)).toEqual(['500']);
  });
  it('finds the shared point of villages spread around it', () => {
    const ring = [[72.61, 40.26], [72.59, 40.26], [72.6, 40.27], [72.6, 40.25]].map((p, i) => village(i + 1, { position: p as [number, number], displaced: true }));
    const m = sharedPoints([...ring, village(9, { position: [73.5, 41], displaced: false })]);
    expect(m.size).toBe(4);
    expect(m.get(1)![0]).toBeCloseTo(72.6, 6);
    expect(m.get(1)![1]).toBeCloseTo(40.26, 6);
    expect(m.has(9)).toBe(false);
  });
  it('spreads the villages of several documents evenly on one ring around their shared point', () => {
    // Two documents each put their villages at the same two ring spots: four villages, two spots.
    const at = (i: number, p: [number, number]) => village(i, { position: p, displaced: true });
    const vs = [at(1, [72.61, 40.26]), at(2, [72.59, 40.26]), at(3, [72.61, 40.26]), at(4, [72.59, 40.26])];
    const spread = spreadAround(vs, sharedPoints(vs));
    const pts = [1, 2, 3, 4].map((id) => spread.get(id)!);
    expect(new Set(pts.map((p) => p.map((x) => x.toFixed(5)).join(','))).size).toBe(4);
    const kx = Math.cos((40.26 * Math.PI) / 180);
    for (const p of pts) expect(Math.hypot((p[0] - 72.6) * kx, p[1] - 40.26)).toBeCloseTo(0.01 * kx, 6);
    expect(pts[0]![0]).toBeCloseTo(72.6, 6); // the first (lowest id) at the top
  });
});

describe('chart geometry', () => {
  it('makes round ticks', () => {
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(870)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceTicks(0.23)).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it('draws plan and actual on one scale', () => {
    const c = planActualBars([{ key: 'a', label: 'A', plan: 500, actual: 250 }, { key: 'b', label: 'B', plan: 1000, actual: null }], 400, { left: 100 });
    expect(c.plot).toBe(244);
    expect(c.rows[1]!.planW).toBe(244);
    expect(c.rows[0]!.planW).toBe(122);
    expect(c.rows[0]!.actualW).toBe(61);
    expect(c.rows[0]!.share).toBe(0.5);
    expect(c.rows[1]!.actualW).toBeNull();
  });
  it('places shares as dots and the change around zero', () => {
    const d = shareDots([{ key: 1, label: 'A', a: 0.1, b: 0.3 }, { key: 2, label: 'B', a: null, b: 0.05 }], 300, { left: 100 });
    expect(d.ticks[d.ticks.length - 1]!.value).toBeCloseTo(0.3);
    expect(d.rows[0]!.xb).toBeCloseTo(286);
    expect(d.rows[1]!.xa).toBeNull();
    const ch = changeBars([{ key: 1, label: 'A', change: -50 }, { key: 2, label: 'B', change: 100 }], 300, { left: 100 });
    expect(ch.zero).toBe(196);
    expect(ch.bars[0]!.x).toBe(196 - 48);
    expect(ch.bars[1]!.w).toBe(96);
    const t = trendLines([2024, 2025, 2026], [{ key: 'e', values: [100, null, 300] }], 300, 160, { left: 50 });
    expect(t.series[0]!.points).toHaveLength(2);
    expect(t.series[0]!.path.startsWith('M50.0,')).toBe(true);
  });
});
