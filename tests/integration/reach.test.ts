// "People within reach", one rule per settlement (README "Gap analysis"), on hand-checkable shapes:
// a 2 × 2 km square counted by its area, four population cells of which two are in reach, three
// buildings of known footprints, a big point that is flagged, and a settlement outside the clinic data's
// complete area. Each sits far (≥ 15 km) from the others, so its cells and buildings are its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { destination, type LonLat } from '../fixtures/analysis/geodesic.js';
import { analysisClient, type AnalysisClient } from '../fixtures/analysis/http.js';
import { refreshAssignment } from '../../server/src/population/population.repo.js';

const d = destination;
const BASE: LonLat = [75.9, 41.6];
const SQ = d(BASE, 90, 0);                 // the square's south-west corner
const square = (() => {
  const se = d(SQ, 90, 2000), ne = d(se, 0, 2000), nw = d(SQ, 0, 2000);
  return { type: 'Polygon', coordinates: [[SQ, se, ne, nw, SQ]] };
})();
const squareWestMid = d(SQ, 0, 1000);     // a clinic here, radius 1 km: a half disc inside the square, π/8 of it
const squareCentre = d(squareWestMid, 90, 1000); // a school here, radius 1 km: a whole disc inside, π/4 of it
const GRID = d(BASE, 90, 20_000);          // the grid village (a point, 1,000 people) and its four cells
const cells = [0, 1, 2, 3].map((i) => ({ at: d(GRID, 90, 100 * i - 150), people: 10 * (i + 1) })); // -150, -50, 50, 150 m: 10, 20, 30, 40
const gridClinic = d(GRID, 270, 1020);     // 870 m and 970 m from the cells at −150 and −50 m; 1,070 and 1,170 m from the others
const BLD = d(BASE, 90, 40_000);           // the building village (a point, 600 people) and three buildings
const buildings = [{ at: d(BLD, 0, 200), side: 10 }, { at: d(BLD, 0, 400), side: Math.sqrt(200) }, { at: d(BLD, 180, 3000), side: Math.sqrt(300) }];
const BIG = d(BASE, 90, 60_000);           // a town of 6,000 on one point: flagged
const OUT = d(BASE, 0, 30_000);            // outside the declared complete area (north of it)

const DATASET = 'reach-fixture';
let t: TestApp;
let api: AnalysisClient;
const ids: Record<string, number> = {};

const pt = (p: LonLat) => JSON.stringify({ type: 'Point', coordinates: p });
const squareAround = (c: LonLat, side: number) => {
  const h = side / 2;
  const sw = d(d(c, 180, h), 270, h), se = d(d(c, 180, h), 90, h), ne = d(d(c, 0, h), 90, h), nw = d(d(c, 0, h), 270, h);
  return JSON.stringify({ type: 'Polygon', coordinates: [[sw, se, ne, nw, sw]] });
};

beforeAll(async () => {
  t = await testApp();
  api = analysisClient(t);
  await t.database.transactionScript(async (s) => {
    await s.query(`INSERT INTO datasets (id, title, publisher, licence, attribution) VALUES ($1, 'Reach fixture', 'tests', 'CC0-1.0', 'Test fixture')`, [DATASET]);
    const settlement = async (ref: string, geom: string, population: number) => {
      const r = await s.query<{ id: number }>(
        `INSERT INTO settlements (ref, name_en, name_ru, name_ky, population, households, dataset_id, source, licence, provenance, geom)
         VALUES ($1, $1, $1, $1, $2, $3, $4, 'tests', 'CC0-1.0', 'real', ST_SetSRID(ST_GeomFromGeoJSON($5), 4326)) RETURNING id`,
        [ref, population, Math.round(population / 5), DATASET, geom]);
      ids[ref] = Number(r[0]!.id);
    };
    await settlement('square', JSON.stringify(square), 4000);
    await settlement('grid', pt(GRID), 1000);
    await settlement('buildings', pt(BLD), 600);
    await settlement('big', pt(BIG), 6000);
    await settlement('outside', pt(OUT), 500);
    const facility = async (kind: string, at: LonLat, radius: number | null) => s.query(
      `INSERT INTO facilities (ref, name_en, kind, condition, service_radius_m, dataset_id, source, licence, provenance, geom)
       VALUES ($1, $1, $2, 'good', $3, $4, 'tests', 'CC0-1.0', 'real', ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))`,
      [`reach:${kind}:${at.join(',')}`, kind, radius, DATASET, pt(at)]);
    await facility('clinic', squareWestMid, 1000);
    await facility('school', squareCentre, 1000);
    await facility('clinic', gridClinic, 1000);
    await facility('clinic', d(BLD, 0, 300), 1000);   // 100 m from the 2nd building, 100 m from the 1st, 3.3 km from the 3rd
    await facility('clinic', d(BIG, 0, 500), 1000);
    await facility('clinic', d(OUT, 0, 100), 1000);   // next to the settlement outside: still no verdict there
    for (const c of cells) {
      await s.query(`INSERT INTO population (population, year, cell_m, dataset_id, source, licence, provenance, geom)
        VALUES ($1, 2020, 100, $2, 'tests', 'CC0-1.0', 'illustrative', ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))`, [c.people, DATASET, pt(c.at)]);
    }
    let n = 0;
    for (const b of buildings) {
      await s.query(`INSERT INTO osm_buildings (ref, building, min_zoom, geom) VALUES ($1, 'house', 14, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))`, [`osm:way/${990000 + ++n}`, squareAround(b.at, b.side)]);
    }
    // The fixture's clinics and schools are complete within 70 km east of BASE, 10 km north and south of it.
    const box = [d(d(BASE, 180, 10_000), 270, 5000), d(d(BASE, 0, 10_000), 90, 70_000)];
    await s.query(`INSERT INTO complete_areas (dataset_id, layer, kind, geom) SELECT $1, 'facilities', k, ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326)) FROM unnest(ARRAY['clinic', 'school']) k`,
      [DATASET, box[0]![0], box[0]![1], box[1]![0], box[1]![1]]);
  });
  await refreshAssignment(t.database.db, 5000);
});
afterAll(async () => { await t?.dispose(); });

type Item = { id: number; status: string; covered: boolean; distanceM: number | null; nearest: unknown; reach: { rule: string; share: number; population: number | null; households: number | null; flagged: boolean } | null };
const one = async (kind: string, ref: string): Promise<{ item: Item; sentences: { id: string; text: { en: string; ru: string; ky: string } }[] }> => {
  const res = await api.get(`/api/analysis/coverage?kind=${kind}&settlement=${ids[ref]}&geometry=false`).expect(200);
  return { item: res.body.settlements.items[0], sentences: res.body.sentences };
};

describe(`people within reach (${BACKEND})`, () => {
  it('population units are assigned to the nearest settlement: four cells to the grid village, three buildings to the building village', async () => {
    const r = await t.database.session((s) => s.query<{ unit: string; settlement_id: number; n: number }>(
      `SELECT unit, settlement_id, count(*)::int AS n FROM population_units WHERE settlement_id IN ($1, $2) GROUP BY 1, 2 ORDER BY 1`, [ids.grid, ids.buildings]));
    expect(r.map((x) => [x.unit, Number(x.settlement_id), x.n])).toEqual([['building', ids.buildings, 3], ['cell', ids.grid, 4]]);
  });

  it('a 2 × 2 km square with a clinic at the middle of its west edge (1 km): a half disc, π/8 of its area and of its 4,000 people', async () => {
    const { item } = await one('clinic', 'square');
    expect(item.reach!.rule).toBe('area');
    expect(item.status).toBe('partly');
    // The disc is drawn with 64 chords (up to 1.2 m inside the circle): a little under π/8 = 0.3927.
    expect(item.reach!.share).toBeGreaterThan(0.3900);
    expect(item.reach!.share).toBeLessThanOrEqual(Math.PI / 8);
    expect(item.reach!.population).toBe(Math.round(4000 * item.reach!.share));
    expect(item.reach!.population).toBeGreaterThanOrEqual(1560); // ≈ 1,571 for the true circle
  });

  it('the same square with a school at its centre (1 km): a whole disc inside, π/4 of it', async () => {
    const { item } = await one('school', 'square');
    expect(item.reach!.share).toBeGreaterThan(0.7800);
    expect(item.reach!.share).toBeLessThanOrEqual(Math.PI / 4);
  });

  it('four population cells of 10, 20, 30, 40 people, two within 1 km of the clinic: 30 of 100, scaled to the village\'s 1,000 people', async () => {
    const { item, sentences } = await one('clinic', 'grid');
    expect(item.reach).toEqual({ rule: 'cells', share: 0.3, population: 300, households: 60, flagged: false });
    expect(item.status).toBe('partly');
    // The village's own point is 1,020 m from the clinic: all-or-nothing by the point would have said "not covered".
    expect(item.distanceM).toBeGreaterThan(1000);
    expect(sentences[0]!.text.en).toMatch(/^grid: the nearest clinic \/ health post \(.+\) is 1,020 m away; about 30% of its residents \(300 residents\) live within 1 km of one\.$/);
    expect(sentences[0]!.text.ky.replace(/\s/g, ' ')).toMatch(/тургундарынын болжол менен 30 ?% \(300 тургун\) андай объекттен 1 км ичинде жашайт\.$/);
  });

  it('buildings of 100, 200 and 300 m², the first two within reach: the village\'s 600 people shared by footprint, 300 in reach', async () => {
    const { item } = await one('clinic', 'buildings');
    expect(item.reach!.rule).toBe('buildings');
    expect(item.reach!.share).toBeCloseTo(0.5, 3);
    expect(item.reach!.population).toBe(300);
  });

  it('a town of 6,000 on one point is counted all or nothing, and flagged in the answer and the sentence', async () => {
    const { item, sentences } = await one('clinic', 'big');
    expect(item.reach).toEqual({ rule: 'point', share: 1, population: 6000, households: 1200, flagged: true });
    const flagged = sentences.find((s) => s.id.endsWith('.flagged'))!;
    expect(flagged.text.en).toBe('big is recorded as a single point; its 6,000 residents are counted all or nothing.');
    expect(flagged.text.ru.replace(/\s/g, ' ')).toBe('big записан одной точкой; 6 000 жителей считаются охваченными или неохваченными целиком.');
    expect(flagged.text.ky.replace(/\s/g, ' ')).toBe('big картада бир чекит катары берилген; 6 000 тургун бүтүндөй камтылган же бүтүндөй камтылбаган деп эсептелет.');
  });

  it('a settlement outside the clinic data\'s complete area: no distance, no verdict, in no total — though a clinic stands 100 m away', async () => {
    const { item, sentences } = await one('clinic', 'outside');
    expect(item).toMatchObject({ status: 'no-data', covered: false, distanceM: null, nearest: null, reach: null });
    expect(sentences[0]!.text.en).toBe('outside: there is no complete data on clinic / health post for this area, so no distance and no verdict are given.');
    const all = await api.get(`/api/analysis/coverage?kind=clinic&bbox=${[BASE[0] - 0.1, BASE[1] - 0.1, BASE[0] + 0.9, BASE[1] + 0.4].join(',')}&geometry=false`).expect(200);
    expect(all.body.totals.noData).toEqual({ settlements: 1, population: 500, households: 100 });
    expect(all.body.totals.byRule).toEqual({
      cells: { settlements: 1, population: 1000 }, buildings: { settlements: 1, population: 600 },
      area: { settlements: 1, population: 4000 }, point: { settlements: 1, population: 6000 },
    });
    const t1 = all.body.totals;
    // People in reach + not in reach = the people of the judged settlements; the outside one is in neither.
    expect(t1.covered.population + t1.notCovered.population).toBe(4000 + 1000 + 600 + 6000);
    expect(all.body.sentences.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['coverage.clinic.rules', 'coverage.clinic.no-data', 'coverage.clinic.flagged']));
  });

  it('what-if: a water point 120 m past the grid village\'s last cell brings two cells in reach (40 + 30 of 100: 700 people)', async () => {
    await t.database.session((s) => s.query(`INSERT INTO complete_areas (dataset_id, layer, kind, geom) SELECT $1, 'facilities', 'water_point', geom FROM complete_areas WHERE dataset_id = $1 AND kind = 'clinic'`, [DATASET]));
    const res = await api.post('/api/analysis/what-if', { bbox: [BASE[0] - 0.1, BASE[1] - 0.1, BASE[0] + 0.9, BASE[1] + 0.4], proposal: { type: 'facility', kind: 'water_point', geometry: { type: 'Point', coordinates: d(cells[3]!.at, 90, 120) } } });
    expect(res.status).toBe(200);
    // Within the water point's 300 m: the cells at +150 m (120 m away: 40 people) and +50 m (220 m: 30); not those at 320 and 420 m.
    const grid = res.body.changedSettlements.items.find((x: { id: number }) => x.id === ids.grid);
    expect(grid).toMatchObject({ rule: 'cells', flagged: false, before: { share: 0, reached: 0 }, after: { status: 'partly', share: 0.7, reached: 700 } });
    expect(res.body.change.coveredPopulation).toBe(700);
    expect(res.body.sentences[0].text.en).toBe('A water point here would bring 700 more residents (1 settlement) within 300 m.');
  });
});
