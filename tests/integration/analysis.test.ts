// Gap analysis on a hand-checkable fixture (tests/fixtures/analysis/fixture.ts) and on the demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import supertest from 'supertest';
import { PasswordHasher } from '../../server/src/auth/passwords.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { refreshCanalEnds } from '../../server/src/analysis/canals.repo.js';
import { coverageSql, refreshCoverageReach } from '../../server/src/analysis/coverage.repo.js';
import { kindFacts } from '../../server/src/analysis/area.repo.js';
import { coverageParams } from '../../server/src/analysis/coverage.service.js';
import { EXPECT, FIXTURE_BBOX_PARAM, MULTI_SHARE_1000, MULTI_SHARE_1000_BUFFER, P, loadAnalysisFixture, type FixtureIds } from '../fixtures/analysis/fixture.js';
import { analysisClient, type AnalysisClient } from '../fixtures/analysis/http.js';

let t: TestApp;
let ids: FixtureIds;
let api: AnalysisClient;
beforeAll(async () => {
  t = await testApp();
  ids = await loadAnalysisFixture(t.database);
  api = analysisClient(t);
});
afterAll(async () => { await t?.dispose(); });

const AREA = `bbox=${FIXTURE_BBOX_PARAM}`;
type Row = { id: number; status: string; covered: boolean; distanceM: number; population: number | null; nearest: { id: number; radiusM: number } | null; reach: { rule: string; share: number; population: number | null; flagged: boolean } };
const byId = (items: Row[], id: number) => items.find((x) => x.id === id)!;
const meters = { units: 'meters' as const };

describe(`coverage (${BACKEND})`, () => {
  it('a settlement 999 m from a clinic is covered at 1 km, one 1,001 m away is not; distances agree with turf within 0.5 %', async () => {
    // The fixture itself: Vincenty's points are where turf (a sphere) says, within 0.5 %.
    expect(Math.abs(turf.distance(P.clinic, P.s999, meters) - 999) / 999).toBeLessThan(0.005);
    expect(Math.abs(turf.distance(P.clinic, P.s1001, meters) - 1001) / 1001).toBeLessThan(0.005);

    const res = await api.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&${AREA}`).expect(200);
    const b = res.body;
    const items = b.settlements.items as Row[];
    const s999 = byId(items, ids.settlements.s999!), s1001 = byId(items, ids.settlements.s1001!);
    expect(s999.covered).toBe(true);
    expect(s1001.covered).toBe(false);
    // PostGIS on the spheroid: exact to a few centimetres (rounded to 0.1 m).
    expect(Math.abs(s999.distanceM - 999)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(s1001.distanceM - 1001)).toBeLessThanOrEqual(0.1);
    expect(s999.nearest!.id).toBe(ids.facilities.clinic);
    for (const [row, pt] of [[s999, P.s999], [s1001, P.s1001]] as const) {
      const turfM = turf.distance(P.clinic, pt, meters);
      expect(Math.abs(row.distanceM - turfM) / turfM).toBeLessThan(0.005);
    }
    expect(b.threshold).toEqual({ mode: 'request', metres: 1000 });
    expect(b.totals.covered).toEqual(EXPECT.threshold1000.covered);
    expect(b.totals.notCovered).toEqual(EXPECT.threshold1000.notCovered);
    expect(b.totals.populationUnknown).toBe(EXPECT.threshold1000.populationUnknown);
  });

  it('a multipolygon settlement is measured from its nearest point, not its centroid', async () => {
    const res = await api.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&${AREA}`).expect(200);
    const multi = byId(res.body.settlements.items, ids.settlements.multi!);
    expect(Math.abs(multi.distanceM - EXPECT.distances.multi)).toBeLessThanOrEqual(0.1);
    // Reached at its nearest edge, but only part of its area is within 1 km: it counts by area share.
    expect(multi.status).toBe('partly');
    expect(multi.covered).toBe(false);
    expect(multi.reach.rule).toBe('area');
    expect(Math.abs(multi.reach.share - MULTI_SHARE_1000_BUFFER)).toBeLessThanOrEqual(0.002); // where the vertices fall in the buffer's local projection
    expect(multi.reach.share).toBeLessThan(MULTI_SHARE_1000); // the arc drawn as chords lies inside the true circle
    expect(multi.reach.population).toBe(Math.round(300 * multi.reach.share));
    // turf: distance from the clinic to the multipolygon's nearest edge point, and to its centroid (far beyond 1 km).
    const poly = turf.multiPolygon(P.multi);
    const edge = turf.distance(P.clinic, P.multiNearEdge, meters);
    expect(Math.abs(multi.distanceM - edge) / edge).toBeLessThan(0.005);
    expect(turf.distance(P.clinic, turf.centroid(poly), meters)).toBeGreaterThan(1500);
  });

  it('per municipality, ordered by people not covered', async () => {
    const res = await api.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&${AREA}`).expect(200);
    const m = res.body.municipalities as { key: string; level: string; covered: { population: number }; notCovered: { population: number; settlements: number } }[];
    // B: the twin hamlet is reached in part (≈ 149 of its 300 people), so ≈ 151 are not: between A (200) and C (150).
    expect(m.map((x) => x.key)).toEqual(['Fixture ayil aymak A', 'Fixture ayil aymak B', 'Fixture ayil aymak C']);
    expect(m[0]).toMatchObject({ level: 'municipality', covered: { population: 100 }, notCovered: { population: 200, settlements: 1 } });
    const reached = EXPECT.threshold1000.multiReached;
    // Settlements not covered in B: the farmstead of unknown size (the hamlet is "partly"); people: the hamlet's rest.
    expect(m[1]).toMatchObject({ covered: { settlements: 0, population: reached }, notCovered: { settlements: 1, population: 300 - reached } });
    expect(m[2]).toMatchObject({ notCovered: { settlements: 1, population: 150 }, noData: { settlements: 0, population: 0, households: 0 } });
  });

  it("without a threshold each facility's radius applies (the kind's default: 5 km), with a dissolved geodesic coverage area", async () => {
    const res = await api.get(`/api/analysis/coverage?kind=clinic&${AREA}`).expect(200);
    const b = res.body;
    expect(b.threshold).toEqual({ mode: 'kind-default', metres: 5000 });
    expect(b.totals.covered).toEqual(EXPECT.defaultRadius5000.covered);
    expect(b.totals.notCovered).toEqual(EXPECT.defaultRadius5000.notCovered);
    expect(b.coverage.type).toBe('Feature');
    expect(['Polygon', 'MultiPolygon']).toContain(b.coverage.geometry.type);
    // A 5 km geodesic disc (minus what the bbox clips): turf's area of the returned polygon agrees with PostGIS.
    const turfKm2 = turf.area(b.coverage.geometry) / 1e6;
    expect(Math.abs(b.coverage.properties.areaKm2 - turfKm2) / turfKm2).toBeLessThan(0.005);
    expect(b.coverage.properties.areaKm2).toBeLessThan(Math.PI * 25);
    expect(b.coverage.properties.areaKm2).toBeGreaterThan(Math.PI * 25 * 0.5);
  });

  it('per-facility radii: a service_radius_m on one facility changes only its own reach', async () => {
    await t.database.session((s) => s.query(`UPDATE facilities SET service_radius_m = 1000 WHERE id = $1`, [ids.facilities.clinic]));
    try {
      const res = await api.get(`/api/analysis/coverage?kind=clinic&${AREA}&geometry=false`).expect(200);
      expect(res.body.threshold.mode).toBe('per-facility');
      expect(res.body.totals.covered).toEqual(EXPECT.threshold1000.covered);
      expect(byId(res.body.settlements.items, ids.settlements.s999!).nearest!.radiusM).toBe(1000);
    } finally {
      await t.database.session((s) => s.query(`UPDATE facilities SET service_radius_m = NULL WHERE id = $1`, [ids.facilities.clinic]));
    }
  });

  it('"is my village covered?": one settlement, with a sentence in three languages', async () => {
    const res = await api.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&settlement=${ids.settlements.s1001}`).expect(200);
    expect(res.body.settlements.items).toHaveLength(1);
    expect(res.body.settlements.items[0].covered).toBe(false);
    const s = res.body.sentences[0];
    expect(s.text.en).toBe('Fixture village 1001: the nearest clinic / health post (Fixture clinic) is 1,001 m away — beyond 1 km.');
    expect(s.text.ru.replace(/\s/g, ' ')).toBe('Fixture village 1001: до ближайшего объекта вида «поликлиника / ФАП» (Fixture clinic) — 1 001 м; это дальше 1 км.');
    expect(s.text.ky.replace(/\s/g, ' ')).toBe('Fixture village 1001: эң жакынкы «клиника / ФАП» (Fixture clinic) 1 001 м алыстыкта — 1 км сыртында.');
    expect(s.values).toMatchObject({ covered: false, distanceM: 1001, radiusM: 1000 });
    expect(s.illustrative).toBe(false);
  });

  it('an area as a POSTed polygon equals the same bbox; a campaign area (public) too; a draft campaign is 404', async () => {
    const [x0, y0, x1, y1] = FIXTURE_BBOX_PARAM.split(',').map(Number) as [number, number, number, number];
    const area = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
    const viaBbox = (await api.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&${AREA}&geometry=false`).expect(200)).body;
    const viaPost = (await api.post('/api/analysis/coverage', { kind: 'clinic', threshold_m: 1000, area, geometry: false })).body;
    expect(viaPost.totals).toEqual(viaBbox.totals);
    expect(viaPost.area.source).toBe('polygon');
    const viaCampaign = (await api.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&campaign=${ids.campaigns.active}&geometry=false`).expect(200)).body;
    expect(viaCampaign.totals).toEqual(viaBbox.totals);
    expect(viaCampaign.area).toMatchObject({ source: 'campaign', id: ids.campaigns.active, title: { en: 'Fixture campaign' } });
    const draft = await api.get(`/api/analysis/coverage?kind=clinic&campaign=${ids.campaigns.draft}`).expect(404);
    expect(draft.headers['content-type']).toMatch(/problem\+json/);
  });

  it("a signed-in member of the campaign's organisation may analyse its draft (the campaigns' visibility rule)", async () => {
    const hash = await new PasswordHasher().hash('fixture-password-123');
    await t.database.session((s) => s.query(`UPDATE users SET password_hash = $1 WHERE email = 'fixture@example.org'`, [hash]));
    const member = supertest.agent(t.app);
    const token = (await member.get('/api/auth/session').expect(200)).body.csrfToken;
    await member.post('/api/auth/login').set('X-CSRF-Token', token).send({ email: 'fixture@example.org', password: 'fixture-password-123' }).expect(200);
    const res = await member.get(`/api/analysis/coverage?kind=clinic&threshold_m=1000&geometry=false&campaign=${ids.campaigns.draft}`).expect(200);
    expect(res.body.area).toMatchObject({ source: 'campaign', title: { en: 'Fixture draft campaign' } });
    expect(res.body.totals.covered).toEqual(EXPECT.threshold1000.covered);
    await api.get(`/api/analysis/coverage?kind=clinic&campaign=${ids.campaigns.draft}`).expect(404); // still invisible to the public
  });

  it('demo: oncology within 150 km — the provenance of the inputs is carried for the notice', async () => {
    const res = await api.get('/api/analysis/coverage?kind=oncology&geometry=false&limit=5').expect(200);
    const p = res.body.provenance;
    expect(p.classes).toEqual(expect.arrayContaining(['placeholder', 'real']));
    expect(p.approximate).toBe(true);
    expect(p.notices.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['approximate', 'service-radius']));
    expect(p.datasets.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['geonames', 'places-research']));
    expect(res.body.settlements.items).toHaveLength(5);
    expect(res.body.settlements.total).toBeGreaterThan(100);
    // Not covered first, most people first.
    const first = res.body.settlements.items[0];
    expect(first.covered).toBe(false);
  });

  it('the nearest facilities and reach stored per kind (coverage_reach) give the same answers as computing them per request', async () => {
    const db = t.database.db;
    const kinds = ['clinic', 'school', 'water_point', 'hospital'];
    const radius: Record<string, number> = {};
    for (const k of kinds) radius[k] = (await kindFacts(db, k))!.defaultRadiusM;
    const paths = [
      ...kinds.map((k) => `/api/analysis/coverage?kind=${k}&threshold_m=${radius[k]}`),
      `/api/analysis/coverage?kind=clinic&threshold_m=${radius.clinic}&${AREA}`,
      `/api/analysis/coverage?kind=school&threshold_m=${radius.school}&project=karakol-irrigation&limit=5&offset=2`,
      `/api/analysis/coverage?kind=clinic&threshold_m=${radius.clinic}&settlement=${ids.settlements.multi}`,
      '/api/analysis/coverage?kind=clinic', `/api/analysis/figures?${AREA}`,
    ];
    const fresh = async (kind: string) => (await coverageSql(coverageParams((await kindFacts(db, kind))!, radius[kind], null, [], 0, 0, 5000), true).execute(db)).rows[0]!.fresh;
    // The fixture changed facilities and settlements after the demo's refresh: stale, computed per request.
    expect(await fresh('clinic')).toBe(false);
    const computed = [];
    for (const p of paths) computed.push((await api.get(p).expect(200)).body);
    expect(await refreshCoverageReach(db)).toMatchObject({ redone: true });
    expect(await refreshCoverageReach(db)).toMatchObject({ redone: false });
    for (const k of kinds) expect(await fresh(k), k).toBe(true);
    for (const [i, p] of paths.entries()) expect((await api.get(p).expect(200)).body, p).toEqual(computed[i]);
  });
});

describe(`unserved settlements (${BACKEND})`, () => {
  it('nearest operational element, households and cost; planned lines and broken water points are ignored', async () => {
    const res = await api.get(`/api/analysis/unserved?${AREA}`).expect(200);
    const s = res.body.services;
    const el = s.electricity.settlements[0];
    expect(el.id).toBe(ids.settlements.s1001);
    expect(el.status).toBe('none');
    expect(el.households).toBe(40);
    expect(el.nearest).toMatchObject({ element: 'power_line', layer: 'power_lines', id: ids.powerLines['line-10kv'], voltageKv: 10, provenance: 'illustrative' });
    expect(Math.abs(el.nearest.distanceM - EXPECT.electricity.distanceM)).toBeLessThanOrEqual(0.5);
    expect(el.cost).toEqual({ amount: EXPECT.electricity.cost, currency: 'USD', assumption: true });
    expect(s.electricity.statusCounts).toEqual({ connected: 3, partial: 0, none: 1, unknown: 1 });
    expect(s.electricity.none).toMatchObject({ settlements: 1, population: 200, households: 40, cost: 30_000 });

    const wa = s.water.settlements[0];
    expect(wa).toMatchObject({ id: ids.settlements.s999, status: 'partial' });
    expect(wa.nearest).toMatchObject({ element: 'water_point', id: ids.facilities['water-point'] });
    expect(Math.abs(wa.nearest.distanceM - EXPECT.water.distanceM)).toBeLessThanOrEqual(0.5);
    expect(s.water.partial.settlements).toBe(1);
    expect(s.water.none.settlements).toBe(0);

    const ro = s.road.settlements[0];
    expect(ro).toMatchObject({ id: ids.settlements.multi, status: 'none' });
    expect(Math.abs(ro.nearest.distanceM - EXPECT.road.distanceM)).toBeLessThanOrEqual(0.5);
    expect(ro.cost.amount).toBe(EXPECT.road.cost);
    expect(res.body.costAssumptions).toMatchObject({ currency: 'USD', perKm: { electricity: 15000, water: 30000, road: 50000 } });
  });

  it('distances agree with turf (point to line) within 0.5 %', async () => {
    const res = await api.get(`/api/analysis/unserved?service=electricity,road&${AREA}`).expect(200);
    const el = res.body.services.electricity.settlements[0];
    const turfLine = turf.pointToLineDistance(turf.point(P.s1001), turf.lineString(P.line10kv), { units: 'meters', method: 'geodesic' });
    expect(Math.abs(el.nearest.distanceM - turfLine) / turfLine).toBeLessThan(0.005);
    expect(res.body.services.water).toBeUndefined();
  });

  it('sentences: the settlement, its households, the nearest line and its distance, in ky/ru/en; illustrative because the line is', async () => {
    const res = await api.get(`/api/analysis/unserved?service=electricity&${AREA}`).expect(200);
    const s = res.body.sentences.find((x: { id: string }) => x.id === `service.electricity.settlement.${ids.settlements.s1001}`);
    expect(s.text.en).toBe('Fixture village 1001: 200 residents (40 households) have no electricity; the nearest 10 kV line is 2 km away. Connecting it would cost about USD 30,000 (assumed USD 15,000 per km).');
    expect(s.text.ru.replace(/\s/g, ' ')).toBe('Fixture village 1001: 200 жителей (40 домохозяйств) без электричества; до ближайшей линии 10 кВ — 2 км. Подключение обойдётся примерно в 30 000 $ (допущение: 15 000 $ за 1 км).');
    expect(s.text.ky.replace(/\s/g, ' ')).toBe('Fixture village 1001: 200 тургун (40 үй чарбасы) электр энергиясыз жашашат; эң жакынкы 10 кВ линиясына чейинки аралык 2 км. Туташтыруу болжол менен 30 000 USD турат (божомол: 1 км үчүн 15 000 USD).');
    expect(s).toMatchObject({ illustrative: true, assumptions: ['unit-cost'], inputs: { provenance: ['illustrative', 'real'] } });
    expect(res.body.provenance.notices.map((n: { id: string }) => n.id)).toEqual(['illustrative', 'unit-cost']);
  });

  it('demo: Novopokrovka konush — 600 residents without electricity, the 10 kV line 2.3 km away', async () => {
    const res = await api.get('/api/analysis/unserved?project=novopokrovka-electricity&service=electricity').expect(200);
    const s = res.body.sentences.find((x: { id: string }) => /settlement/.test(x.id));
    expect(s.text.en).toMatch(/^Novopokrovka konush \(illustrative location\): 600 residents \(150 households\) have no electricity; the nearest 10 kV line is 2\.3 km away\./);
    expect(s.illustrative).toBe(true);
    expect(res.body.services.electricity.settlements[0].nearest.distanceM).toBeCloseTo(2256, -1);
  });
});

describe(`canal network gaps (${BACKEND})`, () => {
  it('the canal ends stored when the canals change (canal_ends) give the same answers as computing them per request', async () => {
    const paths = [`/api/analysis/canals?${AREA}`, '/api/analysis/canals?project=karakol-irrigation', '/api/analysis/canals?limit=500'];
    const computed = [];
    for (const p of paths) computed.push((await api.get(p).expect(200)).body); // the fixture changed the canals: computed per request
    expect(await refreshCanalEnds(t.database.db)).toMatchObject({ redone: true });
    expect(await refreshCanalEnds(t.database.db)).toMatchObject({ redone: false });
    for (const [i, p] of paths.entries()) expect((await api.get(p).expect(200)).body, p).toEqual(computed[i]);
  });

  it('length by condition and class (geodesic km)', async () => {
    const res = await api.get(`/api/analysis/canals?${AREA}`).expect(200);
    const L = res.body.length;
    const km = (c: string) => L.byCondition.find((x: { condition: string }) => x.condition === c).km;
    expect(km('good')).toBeCloseTo(EXPECT.canals.goodKm, 3);
    expect(km('poor')).toBeCloseTo(EXPECT.canals.poorKm, 3);
    expect(km('broken')).toBeCloseTo(EXPECT.canals.brokenKm, 3);
    expect(km('fair')).toBe(0);
    expect(L.total).toEqual({ segments: 3, km: expect.closeTo(EXPECT.canals.totalKm, 3) });
    expect(L.byClass.map((c: { class: string; segments: number }) => [c.class, c.segments])).toEqual([['main', 1], ['distributor', 1], ['on_farm', 1], ['drain', 0]]);
    // turf agrees on the main canal's length within 0.5 %.
    const turfKm = turf.length(turf.lineString(P.canalMain), { units: 'kilometers' });
    expect(Math.abs(km('good') - turfKm) / turfKm).toBeLessThan(0.005);
  });

  it('two components, one intake, one dangling head 30 m short (a gap), two tails; 50 m tolerance joins them', async () => {
    const res = await api.get(`/api/analysis/canals?${AREA}`).expect(200);
    const c = res.body.connectivity;
    expect(c.toleranceM).toBe(5);
    expect(c.components.count).toBe(EXPECT.canals.components);
    expect(c.components.withoutMain).toEqual({ components: 1, segments: 1, km: 0.5 });
    expect(c.unconnectedSegments.map((x: { id: number }) => x.id)).toEqual([ids.canals['canal-aryk']]);
    expect(c.intakes.count).toBe(1);
    expect(c.intakes.items[0]).toMatchObject({ role: 'intake', end: 'head', canal: { id: ids.canals['canal-main'] } });
    expect(c.danglingEnds).toMatchObject({ total: 3, gaps: EXPECT.canals.gaps, tails: EXPECT.canals.tails });
    const gap = c.danglingEnds.items[0];
    expect(gap).toMatchObject({ role: 'gap', end: 'head', canal: { id: ids.canals['canal-aryk'] }, nearestCanal: { id: ids.canals['canal-distributor'] } });
    expect(Math.abs(gap.nearestCanal.distanceM - EXPECT.canals.gapM)).toBeLessThanOrEqual(0.1);

    const wide = (await api.get(`/api/analysis/canals?${AREA}&tolerance_m=50`).expect(200)).body.connectivity;
    expect(wide.components.count).toBe(1);
    expect(wide.danglingEnds).toMatchObject({ gaps: 0, tails: 2 });
    expect(wide.intakes.count).toBe(1);
  });

  it('settlements farther than a threshold from a functioning (good/fair) canal; the public reports about drinking water used for irrigation', async () => {
    const res = await api.get(`/api/analysis/canals?${AREA}&settlement_threshold_m=500`).expect(200);
    const f = res.body.settlementsFarFromCanal;
    expect(f.far).toEqual({ settlements: 5, population: 750, households: 150 });
    const west = f.items.find((x: { id: number }) => x.id === ids.settlements.west);
    expect(west.irrigation).toBe('none');
    expect(west.distanceM).toBeGreaterThan(650); // the good main canal; the poor distributor (~280 m) and broken aryk (200 m) do not count
    expect(res.body.annotations).toMatchObject({ available: true, count: EXPECT.annotations.count, affectedPeople: EXPECT.annotations.people, affectedHouseholds: EXPECT.annotations.households, byStatus: { published: 1 } });
    const texts = res.body.sentences.map((s: { text: { en: string } }) => s.text.en);
    expect(texts).toContain('1 public report of drinking water used for irrigation (40 people affected).');
    expect(texts[0]).toMatch(/1\.5 km of 3\.5 km of canals are in poor or broken condition \(43%\)\. 1 canal head is not connected to the network \(tolerance 5 m\); 1 canal section belong/);
  });

  it('demo Karakol: the dangling aryk stops ~13 m short of distributor 1; distributor 6 is not connected', async () => {
    const res = await api.get('/api/analysis/canals?project=karakol-irrigation').expect(200);
    const c = res.body.connectivity;
    expect(c.components.count).toBe(3);
    expect(c.intakes.count).toBe(2); // two main canals leave one headworks
    const gaps = c.danglingEnds.items.filter((e: { role: string }) => e.role === 'gap');
    const aryk = gaps.find((e: { canal: { ref: string } }) => e.canal.ref === 'demo:karakol-canal-13');
    expect(aryk.nearestCanal.distanceM).toBeGreaterThan(10);
    expect(aryk.nearestCanal.distanceM).toBeLessThan(16);
    expect(c.unconnectedSegments.map((x: { ref: string }) => x.ref).sort()).toEqual(['demo:karakol-canal-11', 'demo:karakol-canal-13']);
    expect(res.body.provenance.illustrative).toBe(true);
  });

  it('demo Karakol at a 20 m tolerance: the aryk joins its distributor; distributor 6 (≥ 300 m away) stays apart', async () => {
    const c = (await api.get('/api/analysis/canals?project=karakol-irrigation&tolerance_m=20').expect(200)).body.connectivity;
    expect(c.components.count).toBe(2);
    expect(c.unconnectedSegments.map((x: { ref: string }) => x.ref)).toEqual(['demo:karakol-canal-11']);
    expect(c.danglingEnds.gaps).toBe(1);
  });
});

describe(`campaign and area figures (${BACKEND})`, () => {
  it('the key numbers and ready sentences for a campaign area, numbers formatted per locale', async () => {
    const res = await api.get(`/api/analysis/figures?campaign=${ids.campaigns.active}&kinds=clinic,water_point`).expect(200);
    const b = res.body;
    expect(b.area.source).toBe('campaign');
    expect(b.population).toEqual({ settlements: 5, population: 750, households: 150, populationUnknown: 1 });
    expect(b.coverage.map((c: { kind: string }) => c.kind)).toEqual(['clinic', 'water_point']);
    expect(b.coverage[0]).toMatchObject({ radiusM: 5000, covered: EXPECT.defaultRadius5000.covered });
    expect(b.services.electricity.none).toMatchObject({ settlements: 1, population: 200 });
    expect(b.canals.connectivity).toMatchObject({ components: 2, intakes: 1, gaps: 1 });
    expect(b.annotations.count).toBe(1);
    const topics = b.sentences.map((s: { topic: string }) => s.topic);
    expect(topics.indexOf('service')).toBeLessThan(topics.indexOf('coverage'));
    for (const s of b.sentences) for (const l of ['ky', 'ru', 'en']) expect(s.text[l]).toMatch(/\S/);
    // ru / ky group digits with a (narrow) no-break space, en with a comma.
    const cov = b.sentences.find((s: { id: string }) => s.id === 'coverage.water_point');
    expect(cov.text.en).toMatch(/water point within 300 m: none of the 750 residents \(5 settlements\) has one\. Population is unknown for 1 settlement\./);
    expect(b.provenance.notices.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['illustrative', 'unit-cost', 'service-radius']));
  });

  it('whole-country figures on the demo data name Novopokrovka and say the inputs are illustrative', async () => {
    const res = await api.get('/api/analysis/figures?kinds=clinic').expect(200);
    const s = res.body.sentences.find((x: { id: string }) => x.id === 'service.electricity.settlement.' + res.body.services.electricity.top[0].id);
    expect(s.text.en).toMatch(/Novopokrovka konush/);
    expect(s.illustrative).toBe(true);
    expect(res.body.population.settlements).toBeGreaterThan(100);
    const big = new Intl.NumberFormat('ru').format(res.body.population.population);
    expect(big).toMatch(/\d\s\d{3}\s\d{3}/);
  });
});

describe(`OpenAPI (${BACKEND})`, () => {
  it('documents every analysis path with its parameters from the zod schemas', async () => {
    const doc = (await api.get('/api/openapi.json').expect(200)).body;
    for (const p of ['/api/analysis', '/api/analysis/coverage', '/api/analysis/unserved', '/api/analysis/canals', '/api/analysis/figures', '/api/analysis/what-if']) expect(doc.paths[p], p).toBeDefined();
    const names = doc.paths['/api/analysis/coverage'].get.parameters.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(['kind', 'threshold_m', 'project', 'bbox', 'campaign', 'settlement']));
    expect(doc.paths['/api/analysis/what-if'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(doc.paths['/api/analysis/coverage'].get.responses['503']).toBeDefined();
  });

  it('GET /api/analysis lists kinds, radii, unit costs and the method', async () => {
    const b = (await api.get('/api/analysis').expect(200)).body;
    expect(b.kinds.find((k: { kind: string }) => k.kind === 'clinic').defaultRadiusM).toBe(5000);
    expect(b.costAssumptions.perKm.electricity).toBe(15000);
    expect(b.method.coverage.en).toMatch(/share of its area within reach/);
  });
});
