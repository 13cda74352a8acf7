// Loading population, on the configured backend: GeoTIFFs made by gdal_translate at test time go through
// the loader (the service, and the npm run import:population CLI as a process); the table's sum is the
// raster's known total; --replace replaces; a load that fails half-way leaves nothing (and a failing
// --replace keeps the earlier rows); the cells are assigned to their settlement (population_units). A
// GeoJSON file (and a CSV) of points with a population column goes through the import pipeline (ImportsService)
// into the population layer, is assigned, and its undo removes it and its assignment.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../server/src/access/viewer.js';
import { PasswordHasher } from '../../server/src/auth/passwords.js';
import { ImportsService } from '../../server/src/imports/imports.service.js';
import { UploadFolder } from '../../server/src/imports/uploads.js';
import { createUser } from '../../server/src/organisations/users.service.js';
import { metresPerDegree } from '../../server/src/population/geotiff.js';
import { loadPopulationRaster, PopulationLoadProblem, RasterProblem } from '../../server/src/population/population.service.js';
import { BACKEND, freshDatabase, type TestDb } from '../helpers/backend.js';
import { collect, runTsDirect } from '../helpers/proc.js';
import { PASSWORD, TEST_ARGON2 } from '../helpers/session.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pop-import-'));
let t: TestDb;
let admin: SignedIn;
let centre: { id: number; lon: number; lat: number };
const MAX_M = 5000;

/** A GeoTIFF of people per cell (rows from the north) centred on (lon, lat), cells of 0.001°. */
function raster(name: string, rows: number[][], at: { lon: number; lat: number }): string {
  const asc = path.join(dir, `${name}.asc`);
  const n = rows.length, m = rows[0]!.length;
  fs.writeFileSync(asc, [`ncols ${m}`, `nrows ${n}`, `xllcorner ${at.lon - (m / 2) * 0.001}`, `yllcorner ${at.lat - (n / 2) * 0.001}`, 'cellsize 0.001', 'NODATA_value -9999',
    ...rows.map((r) => r.join(' ')), ''].join('\n'));
  const out = path.join(dir, `${name}.tif`);
  execFileSync('gdal_translate', ['-q', '-ot', 'Float32', '-a_srs', 'EPSG:4326', asc, out]);
  return out;
}
const grid = (n: number, m: number, f: (r: number, c: number) => number) => Array.from({ length: n }, (_, r) => Array.from({ length: m }, (_, c) => f(r, c)));
const sumPositive = (rows: number[][]) => rows.flat().filter((v) => v > 0).reduce((a, v) => a + v, 0);
const countPositive = (rows: number[][]) => rows.flat().filter((v) => v > 0).length;

// 10 × 10: a fifth of the cells 0, the top-left one nodata.
const A = grid(10, 10, (r, c) => (r === 0 && c === 0 ? -9999 : ((r * 10 + c) % 5) * 2.5));
// 6 × 8, other values: what --replace puts in A's place.
const B = grid(6, 8, (r, c) => 1 + r + c / 4);

const OPTS = { dataset: 'worldpop-test', title: 'WorldPop test grid', publisher: 'WorldPop (test)', licence: 'CC-BY-4.0', year: 2020 };

async function datasetSum(dataset: string) {
  const r = await sql<{ n: number; total: number | null }>`SELECT count(*)::int AS n, sum(population)::float8 AS total FROM population WHERE dataset_id = ${dataset}`.execute(t.database.db);
  return { n: r.rows[0]!.n, total: Number(r.rows[0]!.total ?? 0) };
}
async function assignedCells(dataset: string) {
  const r = await sql<{ n: number; settlements: number[] }>`
    SELECT count(*)::int AS n, coalesce(array_agg(DISTINCT u.settlement_id::int), '{}') AS settlements
    FROM population_units u JOIN population p ON p.id = u.unit_id
    WHERE u.unit = 'cell' AND p.dataset_id = ${dataset}`.execute(t.database.db);
  return r.rows[0]!;
}

beforeAll(async () => {
  t = await freshDatabase();
  const u = await createUser(t.database.db, new PasswordHasher(TEST_ARGON2), { org: 'pop-admins', orgName: 'Population admins', role: 'admin', email: 'admin@pop.example', name: 'Admin', password: PASSWORD });
  admin = { kind: 'user', userId: u.id, orgId: u.organisationId, role: 'admin', email: 'admin@pop.example', displayName: 'Admin', showNamePublicly: false };
  // A demo settlement recorded as a point, with no other settlement within 2 km: the cells around it are its own.
  const r = await sql<{ id: number; lon: number; lat: number }>`
    SELECT s.id::int AS id, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat FROM settlements s
    WHERE GeometryType(s.geom) = 'POINT'
      AND NOT EXISTS (SELECT 1 FROM settlements o WHERE o.id <> s.id AND ST_DWithin(o.geom::geography, s.geom::geography, 2000))
    ORDER BY s.ref LIMIT 1`.execute(t.database.db);
  centre = r.rows[0]!;
}, 120_000);
afterAll(async () => {
  await t?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`population loading (${BACKEND})`, () => {
  it('loads a GeoTIFF: the table holds its populated cells and their known total, assigned to the settlement', async () => {
    const file = raster('a', A, centre);
    const r = await loadPopulationRaster(t.database.db, { file, ...OPTS }, { assignMaxM: MAX_M });
    expect(r).toMatchObject({ rows: countPositive(A), dropped: 100 - countPositive(A), replaced: 0, crs: 'EPSG:4326', width: 10, height: 10 });
    expect(r.population).toBeCloseTo(sumPositive(A), 6);
    expect(r.peakRssBytes).toBeGreaterThan(0);
    const s = await datasetSum(OPTS.dataset);
    expect(s.n).toBe(countPositive(A));
    expect(s.total).toBeCloseTo(sumPositive(A), 6);
    const ds = await sql<{ publisher: string; licence: string; attribution: string }>`SELECT publisher, licence, attribution FROM datasets WHERE id = ${OPTS.dataset}`.execute(t.database.db);
    expect(ds.rows[0]).toEqual({ publisher: 'WorldPop (test)', licence: 'CC-BY-4.0', attribution: 'WorldPop (test) (2020), CC-BY-4.0' });
    const rows = await sql<{ year: number; provenance: string; lo: number; hi: number }>`
      SELECT year, provenance, min(cell_m)::float8 AS lo, max(cell_m)::float8 AS hi FROM population WHERE dataset_id = ${OPTS.dataset} GROUP BY 1, 2`.execute(t.database.db);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ year: 2020, provenance: 'real' });
    // 0.001° at the settlement's latitude, as the side of a square of the cell's area (about 82 m × 111 m at 42° N).
    const m = metresPerDegree(centre.lat), side = Math.sqrt(0.001 * m.lon * 0.001 * m.lat);
    expect(Math.abs(rows.rows[0]!.lo - side)).toBeLessThanOrEqual(1);
    expect(Math.abs(rows.rows[0]!.hi - side)).toBeLessThanOrEqual(1);
    // Every cell lies within 1 km of the settlement's point: each is assigned to it.
    expect(r.assignment.redone).toBe(true);
    expect(await assignedCells(OPTS.dataset)).toEqual({ n: countPositive(A), settlements: [centre.id] });
    const w = await sql<{ total: number }>`SELECT sum(weight)::float8 AS total FROM population_units WHERE unit = 'cell' AND settlement_id = ${centre.id}`.execute(t.database.db);
    expect(Number(w.rows[0]!.total)).toBeCloseTo(sumPositive(A), 6);
  });

  it('refuses to load a dataset twice without --replace; --replace puts the new cells in place of the old', async () => {
    const file = raster('b', B, centre);
    await expect(loadPopulationRaster(t.database.db, { file, ...OPTS }, { assignMaxM: MAX_M })).rejects.toThrow(PopulationLoadProblem);
    expect((await datasetSum(OPTS.dataset)).n).toBe(countPositive(A));
    const r = await loadPopulationRaster(t.database.db, { file, ...OPTS, replace: true, year: 2021 }, { assignMaxM: MAX_M });
    expect(r).toMatchObject({ rows: 48, replaced: countPositive(A) });
    const s = await datasetSum(OPTS.dataset);
    expect(s).toEqual({ n: 48, total: sumPositive(B) });
    expect((await assignedCells(OPTS.dataset)).n).toBe(48);
  });

  it('a load that fails half-way leaves nothing: not its rows, not its dataset, and a --replace keeps the earlier rows', async () => {
    // 30 × 30 cells, written 100 a batch; the last row holds a cell of 20 million people, which is refused.
    const bad = grid(30, 30, (r, c) => (r === 29 && c === 29 ? 2e7 : 1));
    const file = raster('bad', bad, centre);
    await expect(loadPopulationRaster(t.database.db, { file, ...OPTS, dataset: 'broken-load', batchSize: 100 }, { assignMaxM: MAX_M })).rejects.toThrow(RasterProblem);
    expect((await datasetSum('broken-load')).n).toBe(0);
    const ds = await sql<{ n: number }>`SELECT count(*)::int AS n FROM datasets WHERE id = 'broken-load'`.execute(t.database.db);
    expect(ds.rows[0]!.n).toBe(0);
    await expect(loadPopulationRaster(t.database.db, { file, ...OPTS, replace: true, batchSize: 100 }, { assignMaxM: MAX_M })).rejects.toThrow(/holds 20000000/);
    expect(await datasetSum(OPTS.dataset)).toEqual({ n: 48, total: sumPositive(B) });
    // Not a TIFF: refused before anything is opened.
    const txt = path.join(dir, 'people.tif');
    fs.writeFileSync(txt, 'lon,lat,people\n');
    await expect(loadPopulationRaster(t.database.db, { file: txt, ...OPTS, dataset: 'not-a-tiff' }, { assignMaxM: MAX_M })).rejects.toThrow(/is not a TIFF/);
  });

  it('npm run import:population: loads the file, exit 0; a usage error exits 2; a refused load exits 1 and writes nothing', async () => {
    const env: Record<string, string> = { LOG_LEVEL: 'silent', SEED_DEMO: 'never', POPULATION_ASSIGN_MAX_M: String(MAX_M) };
    let cli: TestDb | undefined;
    if (BACKEND === 'server') {
      cli = await freshDatabase();
      env.DATABASE_URL = cli.config.databaseUrl!;
    } else {
      env.DATA_DIR = path.join(dir, 'cli-data'); // an empty embedded database: the CLI migrates it
    }
    try {
      const file = raster('cli', A, centre);
      const args = ['--file', file, '--dataset', 'cli-pop', '--title', 'CLI test', '--publisher', 'Test', '--licence', 'CC0-1.0', '--year', '2020'];
      const ok = await collect(runTsDirect('server/src/cli/import-population.ts', env, args));
      expect(ok.stderr).not.toMatch(/failed/);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`Population loaded: ${countPositive(A)} cells, ${Math.round(sumPositive(A))} people (dataset 'cli-pop', 10 × 10 px, EPSG:4326)`);
      expect(ok.stdout).toMatch(/rows\/s\), assignment [\d.]+ s; peak memory \d+ MB/);
      const usage = await collect(runTsDirect('server/src/cli/import-population.ts', env, ['--file', file, '--dataset', 'Bad Id']));
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/--dataset: --dataset must be 2–64 lower-case/);
      const again = await collect(runTsDirect('server/src/cli/import-population.ts', env, args));
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already has 80 rows in the population layer: add --replace/);
      const replaced = await collect(runTsDirect('server/src/cli/import-population.ts', env, [...args, '--replace']));
      expect(replaced.code).toBe(0);
      expect(replaced.stdout).toMatch(/replaced 80 earlier rows/);
    } finally {
      await cli?.dispose();
    }
  }, 180_000);

  it('a GeoJSON or CSV of points with a population column goes through the import pipeline into the population layer; undo removes it', async () => {
    const file = path.join(dir, 'census_points.geojson');
    const people = [120, 45.5, 310];
    fs.writeFileSync(file, JSON.stringify({
      type: 'FeatureCollection',
      features: people.map((p, i) => ({ type: 'Feature', properties: { people: p, yr: 2021, name: `block ${i}` }, geometry: { type: 'Point', coordinates: [centre.lon + 0.002 * (i + 1), centre.lat - 0.001] } })),
    }));
    const service = new ImportsService(t.database.db, new UploadFolder(path.join(dir, 'uploads')), { region: t.config.serviceRegion, maxBytes: 10 * 1024 * 1024, populationAssignMaxM: MAX_M });
    const up = await service.upload(admin, fs.createReadStream(file), 'census_points.geojson');
    const suggested = await service.suggestions(admin, up.id, 'population');
    expect(suggested.map((s) => s.attribute)).toEqual(expect.arrayContaining(['population', 'year']));
    const mapped = await service.map(admin, up.id, {
      target: { kind: 'layer', layer: 'population', mode: 'append', dataset: 'census-blocks' },
      fields: { population: { source: 'people' }, year: { source: 'yr' } },
      provenance: { source: 'District census blocks (test)', date: '2021-06-01', licence: 'CC-BY-4.0', provenance: 'real' },
      repair: false, skipInvalid: false,
    });
    expect(mapped.report).toMatchObject({ total: 3, ready: 3, blocking: 0 });
    const { view } = await service.commit(admin, up.id);
    expect(view.result).toMatchObject({ layer: 'population', inserted: 3 });
    const s = await datasetSum('census-blocks');
    expect(s).toEqual({ n: 3, total: 475.5 });
    const years = await sql<{ year: number; cell_m: number | null }>`SELECT DISTINCT year, cell_m FROM population WHERE dataset_id = 'census-blocks'`.execute(t.database.db);
    expect(years.rows).toEqual([{ year: 2021, cell_m: null }]);
    // The commit assigned them (the service called refreshAssignment).
    expect(await assignedCells('census-blocks')).toEqual({ n: 3, settlements: [centre.id] });

    expect(await service.remove(admin, up.id)).toBe('undone');
    expect((await datasetSum('census-blocks')).n).toBe(0);
    const units = await sql<{ n: number }>`SELECT count(*)::int AS n FROM population_units WHERE unit = 'cell' AND unit_id NOT IN (SELECT id FROM population)`.execute(t.database.db);
    expect(units.rows[0]!.n).toBe(0);
    // The raster's cells are still there and still assigned.
    expect((await assignedCells(OPTS.dataset)).n).toBe(48);

    // The same from a CSV with lon/lat columns (a spreadsheet of survey points), replacing the dataset.
    const csv = path.join(dir, 'survey.csv');
    fs.writeFileSync(csv, `lon,lat,people,yr\n${[12, 30.5].map((p, i) => `${(centre.lon - 0.002 * (i + 1)).toFixed(6)},${centre.lat.toFixed(6)},${p},2022`).join('\n')}\n`);
    const up2 = await service.upload(admin, fs.createReadStream(csv), 'survey.csv');
    await service.map(admin, up2.id, {
      target: { kind: 'layer', layer: 'population', mode: 'replace', dataset: 'census-blocks' },
      fields: { population: { source: 'people' }, year: { source: 'yr' } },
      provenance: { source: 'Household survey (test)', date: '2022-05-01', licence: 'CC-BY-4.0', provenance: 'real' },
      repair: false, skipInvalid: false,
    });
    await service.commit(admin, up2.id);
    expect(await datasetSum('census-blocks')).toEqual({ n: 2, total: 42.5 });
    expect(await assignedCells('census-blocks')).toEqual({ n: 2, settlements: [centre.id] });
    expect(await service.remove(admin, up2.id)).toBe('undone');
    expect((await datasetSum('census-blocks')).n).toBe(0);
  });
});
