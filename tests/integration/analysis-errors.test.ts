// Bad input → 400 problem+json with the reason; a query longer than the statement timeout → 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND, testConfig } from '../helpers/backend.js';
import { analysisClient, type AnalysisClient } from '../fixtures/analysis/http.js';

let t: TestApp;
let api: AnalysisClient;
beforeAll(async () => {
  t = await testApp();
  api = analysisClient(t);
});
afterAll(async () => { await t?.dispose(); });

const square = (x: number, y: number, w: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]] });

describe(`analysis: bad input (${BACKEND})`, () => {
  it.each([
    ['/api/analysis/coverage?kind=spaceport', /kind must be one of clinic/],
    ['/api/analysis/coverage', /kind/],
    ['/api/analysis/coverage?kind=clinic&threshold_m=0', /threshold_m must be more than 0 m/],
    ['/api/analysis/coverage?kind=clinic&threshold_m=-250', /threshold_m must be more than 0 m/],
    ['/api/analysis/coverage?kind=clinic&threshold_m=200001', /at most 200,000 m \(200 km\)/],
    ['/api/analysis/coverage?kind=clinic&threshold_m=1e9', /threshold_m must be a number of metres/],
    ['/api/analysis/coverage?kind=clinic&threshold_m=abc', /threshold_m must be a number of metres/],
    ['/api/analysis/coverage?kind=clinic&bbox=74,42,75', /expected 4 comma-separated numbers/],
    ['/api/analysis/coverage?kind=clinic&bbox=74,42,74,43', /the box has no area/],
    ['/api/analysis/coverage?kind=clinic&bbox=60,30,90,50', /larger than Kyrgyzstan/],
    ['/api/analysis/coverage?kind=clinic&bbox=10,50,11,51', /outside Kyrgyzstan/],
    ['/api/analysis/coverage?kind=clinic&project=atlantis', /no project 'atlantis'/],
    ['/api/analysis/coverage?kind=clinic&project=karakol-irrigation&bbox=78,42,79,43', /at most one of project, bbox, campaign and area/],
    ['/api/analysis/coverage?kind=clinic&campaign=not-a-uuid', /campaign must be a campaign id/],
    ['/api/analysis/coverage?kind=clinic&colour=red', /colour/],
    ['/api/analysis/unserved?service=gas', /service must be one or more of water, electricity, road/],
    ['/api/analysis/canals?tolerance_m=0', /tolerance_m must be more than 0 m/],
    ['/api/analysis/canals?tolerance_m=500', /tolerance_m must be at most 100 m/],
    ['/api/analysis/canals?settlement_threshold_m=-1', /settlement_threshold_m must be more than 0 m/],
    ['/api/analysis/figures?kinds=clinic,unicorn', /kind must be one of/],
  ])('GET %s → 400', async (path, msg) => {
    const res = await api.get(path).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.status).toBe(400);
    expect(res.body.detail).toMatch(msg);
  });

  it('an invalid polygon → 400 with PostGIS\'s reason (ST_IsValidReason)', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[74, 42], [75, 43], [75, 42], [74, 43], [74, 42]]] };
    const res = await api.post('/api/analysis/coverage', { kind: 'clinic', area: bowtie });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/invalid-geometry');
    expect(res.body.detail).toMatch(/area: the area is not a valid polygon: Self-intersection\[74\.5 42\.5\]/);
    expect(res.body.errors).toEqual([{ in: 'body', name: 'area', reason: expect.stringMatching(/Self-intersection/) }]);
  });

  it.each([
    [{ kind: 'clinic', area: square(60, 30, 30) }, /larger than Kyrgyzstan/],
    [{ kind: 'clinic', area: square(10, 50, 1) }, /outside Kyrgyzstan/],
    [{ kind: 'clinic', area: { type: 'Polygon', coordinates: [[[74, 42], [75, 42], [75, 43], [74, 42.5]]] } }, /ring must be closed/],
    [{ kind: 'clinic', area: { type: 'Point', coordinates: [74, 42] } }, /geometry type must be Polygon, MultiPolygon/],
    [{ kind: 'clinic', area: square(74, 42, 0.1), bbox: [74, 42, 75, 43] }, /at most one of/],
    [{ kind: 'clinic', threshold_m: 0 }, /threshold_m must be more than 0 m/],
    [{ kind: 'clinic', threshold_m: 250_000 }, /at most 200,000 m/],
    [{ kind: 'clinic', threshold_m: '1000' }, /threshold_m must be a number of metres/],
    [{ kind: 'clinic', extra: 1 }, /extra/],
  ])('POST coverage %j → 400', async (body, msg) => {
    const res = await api.post('/api/analysis/coverage', body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(msg);
  });

  it('an unknown settlement is a 404', async () => {
    const res = await api.get('/api/analysis/coverage?kind=clinic&settlement=99999999').expect(404);
    expect(res.body.detail).toBe('There is no settlement 99999999.');
  });

  it("a whole-country rectangle is accepted (a grant project's bbox is Kyrgyzstan's)", async () => {
    const res = await api.get('/api/analysis/coverage?kind=oncology&project=oncology-access&geometry=false&limit=1').expect(200);
    expect(res.body.area.areaKm2).toBeGreaterThan(400_000);
  });

  it('a POST without the CSRF token is refused like every POST under /api', async () => {
    const res = await api.get('/api/analysis').expect(200);
    expect(res.body.kinds.length).toBe(10);
    const bare = await t.http.post('/api/analysis/coverage').send({ kind: 'clinic' });
    expect(bare.status).toBe(403);
  });
});

describe(`analysis: statement timeout (${BACKEND})`, () => {
  let slow: TestApp;
  let slowApi: AnalysisClient;
  beforeAll(async () => {
    slow = await testApp({ config: { analysis: { ...testConfig().analysis, statementTimeoutMs: 100 } } });
    // More settlements and clinics: coverage takes well over 100 ms (fewer on the slower embedded database).
    const n = BACKEND === 'server' ? 30_000 : 4_000;
    await slow.database.session((s) => s.query(`
      INSERT INTO settlements (ref, name_en, population, dataset_id, source, licence, provenance, geom)
      SELECT 'timeout:' || i, 'Timeout test ' || i, 100, 'demo-illustrative', 'test', 'CC0-1.0', 'illustrative',
             ST_SetSRID(ST_MakePoint(70 + (i % 100) * 0.1, 39.5 + (i / 100) * 0.01), 4326)
      FROM generate_series(1, $1::int) i`, [n]));
    await slow.database.session((s) => s.query(`
      INSERT INTO facilities (ref, name_en, kind, dataset_id, source, licence, provenance, geom)
      SELECT 'timeout:' || i, 'Timeout clinic ' || i, 'clinic', 'demo-illustrative', 'test', 'CC0-1.0', 'illustrative',
             ST_SetSRID(ST_MakePoint(70 + (i % 50) * 0.2, 39.5 + (i / 50) * 0.05), 4326)
      FROM generate_series(1, $1::int) i`, [Math.round(n / 15)]));
    slowApi = analysisClient(slow);
  });
  afterAll(async () => { await slow?.dispose(); });

  it.skipIf(BACKEND !== 'server')('server: a query longer than ANALYSIS_STATEMENT_TIMEOUT_MS → 503 with a clear message, and the service recovers', async () => {
    const res = await slowApi.get('/api/analysis/coverage?kind=clinic&limit=1').expect(503);
    expect(res.body.type).toBe('/problems/query-timeout');
    expect(res.body.detail).toMatch(/took longer than 0\.1 s and was stopped\. Choose a smaller area/);
    expect(res.headers['retry-after']).toBe('30');
    // A small area still answers within the same limit.
    await slowApi.get('/api/analysis/coverage?kind=clinic&project=karakol-irrigation&geometry=false').expect(200);
  });

  it.skipIf(BACKEND !== 'embedded')('embedded: PGlite runs the query to the end (single-threaded WebAssembly cannot be interrupted; documented)', async () => {
    const t0 = performance.now();
    const res = await slowApi.get('/api/analysis/coverage?kind=clinic&limit=1&geometry=false').expect(200);
    expect(performance.now() - t0).toBeGreaterThan(100);
    expect(res.body.totals.settlements).toBeGreaterThan(4_000);
  });
});
