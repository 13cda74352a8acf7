// What-if: a proposed facility, network extension or canal repair goes through the same SQL as the
// real analysis (as bound GeoJSON), nothing is saved, and the answer gives the figures before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { FIXTURE_BBOX, P, loadAnalysisFixture, type FixtureIds } from '../fixtures/analysis/fixture.js';
import { destination } from '../fixtures/analysis/geodesic.js';
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

const bbox = [...FIXTURE_BBOX];
const counts = () => t.database.session((s) => s.query<{ f: number; p: number; c: string }>(
  `SELECT (SELECT count(*)::int FROM facilities) AS f, (SELECT count(*)::int FROM power_lines) AS p, (SELECT string_agg(condition, ',' ORDER BY id) FROM canals) AS c`));

describe(`what-if (${BACKEND})`, () => {
  it('a proposed clinic at the aryk village covers 150 more residents within 1 km; nothing is saved', async () => {
    const before = await counts();
    const res = await api.post('/api/analysis/what-if', { bbox, threshold_m: 1000, proposal: { type: 'facility', kind: 'clinic', geometry: { type: 'Point', coordinates: P.west }, name: 'Proposed clinic' } });
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b.basedOn).toBe('coverage');
    expect(b.change).toMatchObject({ coveredSettlements: 1, coveredPopulation: 150, coveredHouseholds: 30 });
    expect(b.after.totals.covered.population - b.before.totals.covered.population).toBe(150);
    expect(b.changedSettlements.items).toEqual([expect.objectContaining({
      id: ids.settlements.west, rule: 'point', flagged: false,
      before: { status: 'not-covered', covered: false, share: 0, reached: 0, distanceM: expect.any(Number) },
      after: { status: 'covered', covered: true, share: 1, reached: 150, distanceM: 0 },
    })]);
    expect(b.change.flagged).toEqual({ settlements: 0, population: 0, examples: [] });
    expect(b.change.noData).toEqual({ settlements: 0, population: 0 });
    expect(b.sentences[0].text.en).toBe('A clinic / health post here would bring 150 more residents (1 settlement) within 1 km.');
    expect(b.sentences[0].text.ru.replace(/\s/g, ' ')).toBe('Поликлиника / ФАП в этом месте: ещё 150 чел. (1 нас. п.) окажутся в пределах 1 км.');
    expect(b.sentences[0].text.ky).toMatch(/дагы 150 тургун \(1 калктуу конуш\) 1 км ичинде калат/);
    expect(b.proposal.saved).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("a water point 100 m from village 1001 covers its 200 residents at the kind's default 300 m", async () => {
    const at = destination(P.s1001, 0, 100);
    const res = await api.post('/api/analysis/what-if', { bbox, proposal: { type: 'facility', kind: 'water_point', geometry: { type: 'Point', coordinates: at } } });
    expect(res.status).toBe(200);
    expect(res.body.proposal.radiusM).toBe(300);
    expect(res.body.change.coveredPopulation).toBe(200);
    expect(res.body.sentences[0].text.en).toBe('A water point here would bring 200 more residents (1 settlement) within 300 m.');
    expect(res.body.sentences[0].assumptions).toEqual(['service-radius']);
  });

  it('a 10 kV extension from the end of the line to 50 m from village 1001: link cost falls from USD 30,000 to 750, plus the line', async () => {
    const before = await counts();
    const start = P.line10kv[0]!;
    const end = destination(P.s1001, 270, 50);
    const res = await api.post('/api/analysis/what-if', { bbox, proposal: { type: 'network', service: 'electricity', voltage_kv: 10, geometry: { type: 'LineString', coordinates: [start, end] } } });
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b.proposal.existingNetwork).toMatchObject({ element: 'power_line', touches: true });
    expect(b.proposal.lengthM).toBeCloseTo(1950, -1);
    expect(b.before.linkCost).toBe(30_000);
    expect(b.after.linkCost).toBe(750);
    expect(b.change.lineCost).toBe(Math.round(b.proposal.lengthM / 1000 * 15_000));
    expect(b.changedSettlements.items[0]).toMatchObject({ id: ids.settlements.s1001, before: { distanceM: expect.closeTo(2000, 0) }, after: { distanceM: expect.closeTo(50, 0), element: 'proposed' } });
    expect(b.sentences[0].text.en).toMatch(/^A 1,950 m 10 kV line here would bring the network to 50 m from Fixture village 1001 \(200 residents\); now 2 km\. The estimated cost of linking the unserved settlements falls from USD 30,000 to USD 750, plus USD 29,000 for the line itself/);
    expect(await counts()).toEqual(before);
  });

  it('repairing the broken aryk brings a functioning canal within 500 m of the aryk village (150 residents)', async () => {
    const before = await counts();
    const res = await api.post('/api/analysis/what-if', { bbox, proposal: { type: 'canal_repair', canal_ids: [ids.canals['canal-aryk']] } });
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b.change).toEqual({ farSettlements: -1, farPopulation: -150, farHouseholds: -30 });
    expect(b.changedSettlements.items).toEqual([expect.objectContaining({ id: ids.settlements.west, after: { distanceM: expect.closeTo(200, 0), canal: ids.canals['canal-aryk'] } })]);
    const km = (L: { byCondition: { condition: string; km: number }[] }, c: string) => L.byCondition.find((x) => x.condition === c)!.km;
    expect(km(b.before.length, 'broken')).toBeCloseTo(0.5, 3);
    expect(km(b.after.length, 'broken')).toBe(0);
    expect(km(b.after.length, 'good')).toBeCloseTo(2.5, 3);
    expect(b.sentences[0].text.en).toBe('Repairing 1 canal section (0.5 km) would bring a functioning canal within 500 m of 1 more settlement (150 residents).');
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ type: 'facility', kind: 'spaceport', geometry: { type: 'Point', coordinates: P.west } }, /kind must be one of/],
    [{ type: 'facility', kind: 'clinic', geometry: { type: 'LineString', coordinates: [P.west, P.s999] } }, /geometry type must be Point/],
    [{ type: 'network', service: 'gas', geometry: { type: 'LineString', coordinates: [P.west, P.s999] } }, /service must be one of/],
    [{ type: 'network', service: 'water', geometry: { type: 'LineString', coordinates: [P.west, P.west] } }, /line is not valid/],
    [{ type: 'canal_repair', canal_ids: [] }, /at least one canal/],
    [{ type: 'canal_repair', canal_ids: [987654321] }, /no canal with id 987654321/],
    [{ type: 'bridge' }, /proposal.type must be facility, network or canal_repair/],
    [{ type: 'facility', kind: 'clinic', geometry: { type: 'Point', coordinates: P.west }, service_radius_m: -1 }, /service_radius_m must be more than 0/],
  ])('bad proposal %j → 400', async (proposal, msg) => {
    const res = await api.post('/api/analysis/what-if', { bbox, proposal });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(msg);
  });
});
