// The same analysis on the embedded database (PGlite: PostgreSQL 18 + PostGIS 3.6) and on the server
// (PostgreSQL 15 + PostGIS 3.3) gives the same JSON: same figures, lists, sentences and provenance.
// Only the coverage polygon's vertices may differ (GEOS/PROJ versions); its area must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { createApp } from '../../server/src/app.js';
import { BACKEND, freshDatabase, silentLog, type TestDb } from '../helpers/backend.js';
import { FIXTURE_BBOX, FIXTURE_BBOX_PARAM, P, loadAnalysisFixture, type FixtureIds } from '../fixtures/analysis/fixture.js';
import { analysisClient, type AnalysisClient } from '../fixtures/analysis/http.js';
import { writePopulationGrid } from '../../server/src/seed/population-grid.js';

interface Side { db: TestDb; api: AnalysisClient; ids: FixtureIds }

async function side(backend: 'embedded' | 'server'): Promise<Side> {
  const db = await freshDatabase({ backend });
  const ids = await loadAnalysisFixture(db.database);
  // An illustrative grid around Karakol (the same seed on both sides): Karakol is then counted from cells.
  await writePopulationGrid(db.database.db, { around: 'geonames:1528121', seed: 7 }, 5000);
  const app = createApp({ config: db.config, database: db.database, log: silentLog });
  return { db, api: analysisClient({ ...db, app, http: supertest(app) }), ids };
}

/** Row ids come from identity sequences, which the two template databases may have advanced differently: compare rows by ref and content. */
const ID_KEYS = new Set(['id', 'elementId', 'settlement', 'canal', 'canal_ids', 'repairedIds']);
function withoutIds(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => withoutIds(x, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutIds(x, k)]));
  if (typeof v === 'number' && ID_KEYS.has(key)) return '(id)';
  if (typeof v === 'string' && key === 'id') return v.replace(/\.\d+$/, '.(id)');
  return v;
}

/** Drop what legitimately differs: row ids, the campaign's random UUID and the coverage polygon's vertices. */
function comparable(body: Record<string, unknown>): Record<string, unknown> {
  const b = structuredClone(withoutIds(body)) as Record<string, { [k: string]: unknown }>;
  if (b.area?.source === 'campaign') b.area.id = '(campaign)';
  if (b.coverage) (b.coverage as { geometry: unknown }).geometry = '(compared by area)';
  if (b.coverage && typeof b.coverage === 'object' && 'properties' in b.coverage) {
    const p = (b.coverage as { properties: { areaKm2: number } }).properties;
    p.areaKm2 = Math.round(p.areaKm2 * 10) / 10;
  }
  return b;
}

describe.skipIf(BACKEND !== 'server')('analysis: embedded and server results are equal', () => {
  let emb: Side, srv: Side;
  beforeAll(async () => { [emb, srv] = await Promise.all([side('embedded'), side('server')]); });
  afterAll(async () => { await emb?.db.dispose(); await srv?.db.dispose(); });

  const GETS = [
    `/api/analysis/coverage?kind=clinic&threshold_m=1000&bbox=${FIXTURE_BBOX_PARAM}`,
    `/api/analysis/coverage?kind=clinic&bbox=${FIXTURE_BBOX_PARAM}`,
    '/api/analysis/coverage?kind=oncology&limit=200',
    '/api/analysis/coverage?kind=water_point&project=karakol-irrigation',
    '/api/analysis/coverage?kind=school&project=karakol-irrigation&geometry=false',
    `/api/analysis/unserved?bbox=${FIXTURE_BBOX_PARAM}`,
    '/api/analysis/unserved',
    `/api/analysis/canals?bbox=${FIXTURE_BBOX_PARAM}`,
    `/api/analysis/canals?bbox=${FIXTURE_BBOX_PARAM}&tolerance_m=50`,
    '/api/analysis/canals?project=karakol-irrigation&settlement_threshold_m=300',
    '/api/analysis/figures',
    '/api/analysis/figures?project=novopokrovka-electricity',
  ];

  it.each(GETS)('GET %s', async (path) => {
    const [a, b] = await Promise.all([emb.api.get(path).expect(200), srv.api.get(path).expect(200)]);
    expect(comparable(a.body)).toEqual(comparable(b.body));
  });

  it('campaign figures and the three what-ifs', async () => {
    const fa = await emb.api.get(`/api/analysis/figures?campaign=${emb.ids.campaigns.active}`).expect(200);
    const fb = await srv.api.get(`/api/analysis/figures?campaign=${srv.ids.campaigns.active}`).expect(200);
    expect(comparable(fa.body)).toEqual(comparable(fb.body));
    const bbox = [...FIXTURE_BBOX];
    const repair = (s: Side) => ({ type: 'canal_repair', canal_ids: [s.ids.canals['canal-aryk'], s.ids.canals['canal-distributor']] });
    for (const proposal of [
      { type: 'facility', kind: 'clinic', geometry: { type: 'Point', coordinates: P.west } },
      { type: 'network', service: 'electricity', voltage_kv: 10, geometry: { type: 'LineString', coordinates: [P.line10kv[0], P.s1001] } },
      'repair',
    ]) {
      const [a, b] = await Promise.all([emb, srv].map((s) => s.api.post('/api/analysis/what-if', { bbox, proposal: proposal === 'repair' ? repair(s) : proposal })));
      expect(a!.status).toBe(200);
      expect(comparable(a!.body)).toEqual(comparable(b!.body));
    }
  });

  it('a what-if counted from population cells (a water point in Karakol) is the same on both', async () => {
    const body = { project: 'karakol-irrigation', proposal: { type: 'facility', kind: 'water_point', geometry: { type: 'Point', coordinates: [78.3936, 42.4907] } } };
    const [a, b] = await Promise.all([emb, srv].map((s) => s.api.post('/api/analysis/what-if', body)));
    expect(a!.status).toBe(200);
    const karakol = a!.body.changedSettlements.items.find((x: { names: { en: string } }) => x.names.en === 'Karakol');
    expect(karakol).toMatchObject({ rule: 'cells', flagged: false }); // no longer counted whole: its cells are
    expect(karakol.after.reached).toBeLessThan(84_351);
    expect(comparable(a!.body)).toEqual(comparable(b!.body));
  });

  it('the coverage areas agree within 0.1 %', async () => {
    const path = `/api/analysis/coverage?kind=clinic&bbox=${FIXTURE_BBOX_PARAM}`;
    const [a, b] = await Promise.all([emb.api.get(path).expect(200), srv.api.get(path).expect(200)]);
    const ka = a.body.coverage.properties.areaKm2, kb = b.body.coverage.properties.areaKm2;
    expect(Math.abs(ka - kb) / kb).toBeLessThan(0.001);
  });
});
