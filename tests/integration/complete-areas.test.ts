// Where the data is complete (complete_areas), on a real database (both backends): the public API
// reads the declared areas, only admins declare and delete them, a problem stores nothing; an import
// into a shared layer the analyses use declares its extent (one area per facility kind), a polygon or
// municipalities, or nothing, and its undo takes them back (a replacing import's undo brings back
// what it replaced); the OpenStreetMap import declares the extract's boundary (real osmium).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { authConfig, makeUser, polygon, send, signIn, visitor, type Client } from '../helpers/session.js';
import { importOsm } from '../../server/src/osm/osm.service.js';
import { FACILITY_KINDS_USED } from '../../server/src/osm/osm.mapping.js';

let t: TestApp;
let admin: Client, adv: Client, anon: Client;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-complete-'));

const count = async (where = 'true') => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM complete_areas WHERE ${sql.raw(where)}`.execute(t.database.db)).rows[0]!.n);
const rows = async (where: string) => (await sql<{ id: number; dataset_id: string; layer: string; kind: string | null; municipalities: string[] | null; import_id: string | null; box: string | null; area_km2: number | null }>`
  SELECT id, dataset_id, layer, kind, municipalities, import_id, ST_AsText(ST_Envelope(geom)) AS box, (ST_Area(geom::geography) / 1e6)::float8 AS area_km2
  FROM complete_areas WHERE ${sql.raw(where)} ORDER BY layer, kind`.execute(t.database.db)).rows;

beforeAll(async () => {
  t = await testApp({ config: { auth: authConfig(), dataDir: path.join(dir, 'data') } });
  await makeUser(t, { org: 'ca-admin', orgName: 'Administrators', role: 'admin', email: 'admin@ca.example', name: 'Admin' });
  await makeUser(t, { org: 'ca-cso', orgName: 'A CSO', role: 'advocate', email: 'adv@ca.example', name: 'Adv' });
  admin = await signIn(t, 'admin@ca.example');
  adv = await signIn(t, 'adv@ca.example');
  anon = await visitor(t);
});

afterAll(async () => {
  await t?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const AREA = polygon(78.35, 42.45, 0.1);

describe(`the complete-areas API (${BACKEND})`, () => {
  let id: number;

  it('admins declare an area; everyone reads it as GeoJSON with the dataset', async () => {
    const r = await send(admin, 'post', '/api/complete-areas').send({ dataset_id: 'demo-illustrative', layer: 'facilities', kind: 'clinic', geometry: AREA, note: 'Every clinic of Karakol' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.location).toMatch(/\/api\/complete-areas\/\d+$/);
    id = r.body.id;
    expect(r.body).toMatchObject({ type: 'Feature', geometry: { type: 'MultiPolygon' }, properties: { dataset_id: 'demo-illustrative', layer: 'facilities', kind: 'clinic', note: 'Every clinic of Karakol', import_id: null } });
    const m = await send(admin, 'post', '/api/complete-areas').send({ dataset_id: 'demo-illustrative', layer: 'roads', municipalities: ['Karakol'] }).expect(201);
    expect(m.body.geometry).toBeNull();
    expect(m.body.properties.municipalities).toEqual(['Karakol']);

    const all = await anon.agent.get('/api/complete-areas').expect(200);
    expect(all.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(all.body.type).toBe('FeatureCollection');
    expect(all.body.features.map((f: any) => f.id)).toEqual(expect.arrayContaining([id, m.body.id]));
    const clinic = await anon.agent.get('/api/complete-areas?layer=facilities&kind=clinic').expect(200);
    // The demo declares its own clinic areas (data/demo/complete_areas.json): the new one is among them, the roads row is not.
    const clinicIds = clinic.body.features.map((f: any) => f.id);
    expect(clinicIds).toContain(id);
    expect(clinicIds).not.toContain(m.body.id);
    expect(clinic.body.features.every((f: any) => f.properties.layer === 'facilities' && (f.properties.kind === 'clinic' || f.properties.kind === null))).toBe(true);
    expect(clinic.body.features[0].properties.dataset_title).toBeTruthy();
    // A kind without a layer: the facilities rows of that kind (and for every kind), not the roads row.
    expect((await anon.agent.get('/api/complete-areas?kind=clinic').expect(200)).body.features.map((f: any) => f.id)).toEqual(clinicIds);
    expect((await anon.agent.get('/api/complete-areas?layer=facilities&kind=hospital').expect(200)).body.features).toEqual([]); // the demo declares no hospitals
    const names = await anon.agent.get('/api/complete-areas/municipalities').expect(200);
    expect(names.body.municipalities.map((x: any) => x.name)).toContain('Karakol');
  });

  it('refuses non-admins (403), the public (401), and bad bodies (400) — storing nothing', async () => {
    const before = await count();
    const ok = { dataset_id: 'demo-illustrative', layer: 'canals', geometry: AREA };
    const a = await send(adv, 'post', '/api/complete-areas').send(ok);
    expect(a.status).toBe(403);
    expect(a.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await send(anon, 'post', '/api/complete-areas').send(ok)).status).toBe(401);
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...ok, geometry: polygon(10, 50, 0.1) }, /outside the area this service covers/],
      [{ ...ok, layer: 'settlements' }, /layer must be one of facilities, canals/],
      [{ ...ok, dataset_id: 'no-such-dataset' }, /no dataset 'no-such-dataset'/],
      [{ ...ok, kind: 'clinic' }, /only with layer facilities/],
      [{ ...ok, layer: 'facilities', kind: 'spaceport' }, /'spaceport' is not a facility kind/],
      [{ dataset_id: 'demo-illustrative', layer: 'canals' }, /needs a geometry, a list of municipalities/],
      [{ dataset_id: 'demo-illustrative', layer: 'canals', municipalities: ['Atlantis'] }, /no settlement has the municipality 'Atlantis'/],
      [{ ...ok, extra: 1 }, /extra|Unrecognized/i],
    ];
    for (const [body, detail] of bad) {
      const r = await send(admin, 'post', '/api/complete-areas').send(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(r.body)).toMatch(detail);
    }
    expect((await send(admin, 'post', '/api/complete-areas').send(ok)).headers['content-type']).toBeTruthy(); // a good one still works
    expect(await count()).toBe(before + 1);
    expect((await anon.agent.get('/api/complete-areas?layer=bridges')).status).toBe(400);
    // And without the CSRF header, a write is refused.
    expect((await admin.agent.post('/api/complete-areas').send(ok)).status).toBe(403);
  });

  it('admins delete an area; others may not; a missing one is 404', async () => {
    expect((await send(adv, 'delete', `/api/complete-areas/${id}`)).status).toBe(403);
    await send(admin, 'delete', `/api/complete-areas/${id}`).expect(204);
    expect((await send(admin, 'delete', `/api/complete-areas/${id}`)).status).toBe(404);
    expect(await count(`id = ${Number(id)}`)).toBe(0);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await anon.agent.get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/complete-areas', '/api/complete-areas/{id}', '/api/complete-areas/municipalities']));
    expect(doc.paths['/api/imports/{id}/commit'].post.requestBody).toBeTruthy();
  });
});

describe(`an import declares where its data is complete (${BACKEND})`, () => {
  const upload = (file: string) =>
    send(admin, 'post', `/api/imports?filename=${encodeURIComponent(path.basename(file))}`).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file));
  const PROVENANCE = { source: 'Health department list', date: '2026-07-20', licence: 'CC-BY-4.0', provenance: 'real' };
  const point = (ref: string, kind: string, lon: number, lat: number) => ({ type: 'Feature', properties: { code: ref, name: `${kind} ${ref}`, type: kind }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  const facilitiesFile = (name: string, features: unknown[]) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, JSON.stringify({ type: 'FeatureCollection', features }));
    return f;
  };
  const mapped = async (file: string, dataset: string, mode: 'append' | 'replace' = 'append') => {
    const up = await upload(file).expect(201);
    const m = await send(admin, 'put', `/api/imports/${up.body.id}/mapping`).send({
      target: { kind: 'layer', layer: 'facilities', mode, dataset },
      fields: { ref: { source: 'code' }, name_ky: { source: 'name' }, kind: { source: 'type' } },
      provenance: PROVENANCE,
    });
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    expect(m.body.report.blocking).toBe(0);
    return up.body.id as string;
  };
  const commit = (id: string, body?: unknown) => {
    const r = send(admin, 'post', `/api/imports/${id}/commit`).set('Idempotency-Key', crypto.randomUUID());
    return body === undefined ? r : r.send(body as object);
  };

  it('extent: one area per kind in the import (the hull buffered by 1 km by default); undo removes them', async () => {
    const file = facilitiesFile('clinics.geojson', [point('CA-1', 'clinic', 78.38, 42.48), point('CA-2', 'clinic', 78.40, 42.50), point('CA-3', 'school', 78.39, 42.49)]);
    const id = await mapped(file, 'health-2026');
    const c = await commit(id, { completeArea: { type: 'extent' } });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.result).toEqual({ layer: 'facilities', inserted: 3, replaced: 0, completeArea: { type: 'extent', declared: 2 } });
    const r = await rows(`import_id = '${id}'`);
    expect(r.map((x) => [x.dataset_id, x.layer, x.kind])).toEqual([['health-2026', 'facilities', 'clinic'], ['health-2026', 'facilities', 'school']]);
    // The hull of the three points (a triangle of ~1.6 km × 2.2 km) with 1 km around it: a few km², reaching ~1 km past the points.
    for (const x of r) {
      expect(x.area_km2).toBeGreaterThan(5);
      expect(x.area_km2).toBeLessThan(15);
      const [minx, miny] = /POLYGON\(\(([\d.]+) ([\d.]+)/.exec(x.box!)!.slice(1).map(Number) as [number, number];
      expect(78.38 - minx).toBeGreaterThan(0.01);
      expect(42.48 - miny).toBeGreaterThan(0.008);
    }
    const api = await anon.agent.get('/api/complete-areas?layer=facilities&kind=school').expect(200);
    expect(api.body.features.map((f: any) => f.properties.import_id)).toContain(id);

    await send(admin, 'delete', `/api/imports/${id}`).expect(204);
    expect(await count(`import_id = '${id}'`)).toBe(0);
  });

  it('chosen kinds, a polygon, municipalities; none writes nothing', async () => {
    const file = facilitiesFile('mixed.geojson', [point('CB-1', 'clinic', 78.38, 42.48), point('CB-2', 'school', 78.39, 42.49)]);
    const a = await mapped(file, 'kinds-2026');
    expect((await commit(a, { completeArea: { type: 'polygon', geometry: AREA, kinds: ['clinic'] } }).expect(200)).body.result.completeArea).toEqual({ type: 'polygon', declared: 1 });
    expect((await rows(`import_id = '${a}'`)).map((x) => x.kind)).toEqual(['clinic']);
    await send(admin, 'delete', `/api/imports/${a}`).expect(204);

    const b = await mapped(file, 'municipal-2026');
    expect((await commit(b, { completeArea: { type: 'municipalities', names: ['Karakol'] } }).expect(200)).body.result.completeArea).toEqual({ type: 'municipalities', declared: 2 });
    expect((await rows(`import_id = '${b}'`)).map((x) => [x.kind, x.municipalities, x.box])).toEqual([['clinic', ['Karakol'], null], ['school', ['Karakol'], null]]);
    await send(admin, 'delete', `/api/imports/${b}`).expect(204);

    const before = await count();
    const c = await mapped(file, 'none-2026');
    expect((await commit(c, { completeArea: { type: 'none' } }).expect(200)).body.result.completeArea).toEqual({ type: 'none', declared: 0 });
    expect(await count()).toBe(before);
    await send(admin, 'delete', `/api/imports/${c}`).expect(204);
  });

  it('a bad choice is a 400 before anything is stored; the import stays mapped', async () => {
    const file = facilitiesFile('bad.geojson', [point('CC-1', 'clinic', 78.38, 42.48)]);
    const id = await mapped(file, 'bad-2026');
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM facilities`.execute(t.database.db);
    const cases: [unknown, number, RegExp][] = [
      [{ completeArea: { type: 'polygon', geometry: polygon(10, 50, 0.1) } }, 400, /outside the area this service covers/],
      [{ completeArea: { type: 'municipalities', names: ['Atlantis'] } }, 400, /Atlantis/],
      [{ completeArea: { type: 'everywhere' } }, 400, /completeArea.type must be/],
      [{ completeArea: { type: 'extent', bufferM: 0 } }, 400, /at least 1 m/],
      [{ completeArea: { type: 'extent', bufferM: -5 } }, 400, /bufferM/],
      [{ completeArea: { type: 'extent', kinds: ['spaceport'] } }, 400, /spaceport/],
    ];
    for (const [body, status, detail] of cases) {
      const r = await commit(id, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(r.body)).toMatch(detail);
    }
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM facilities`.execute(t.database.db)).rows[0]!.n).toBe(before.rows[0]!.n);
    expect((await admin.agent.get(`/api/imports/${id}`).expect(200)).body.status).toBe('mapped');
    await send(admin, 'delete', `/api/imports/${id}`).expect(204);
  });

  it('replace: the dataset\'s earlier areas for the layer are replaced, and come back with the undo', async () => {
    const first = await mapped(facilitiesFile('r1.geojson', [point('CR-1', 'clinic', 78.38, 42.48)]), 'replace-2026');
    await commit(first, { completeArea: { type: 'extent', bufferM: 500 } }).expect(200);
    const old = await rows(`dataset_id = 'replace-2026'`);
    expect(old).toHaveLength(1);
    const second = await mapped(facilitiesFile('r2.geojson', [point('CR-2', 'clinic', 78.45, 42.52)]), 'replace-2026', 'replace');
    await commit(second, { completeArea: { type: 'extent', bufferM: 2000 } }).expect(200);
    expect((await rows(`dataset_id = 'replace-2026'`)).map((x) => x.import_id)).toEqual([second]);
    await send(admin, 'delete', `/api/imports/${second}`).expect(204);
    const back = await rows(`dataset_id = 'replace-2026'`);
    expect(back.map((x) => [x.id, x.kind, x.import_id])).toEqual(old.map((x) => [x.id, x.kind, x.import_id]));
    expect(back[0]!.area_km2).toBeCloseTo(old[0]!.area_km2!, 6);
  });

  it('an organisation layer or the settlements layer declares nothing', async () => {
    const file = facilitiesFile('org.geojson', [point('CO-1', 'clinic', 78.38, 42.48)]);
    const up = await upload(file).expect(201);
    await send(admin, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: { kind: 'organisation', title: { en: 'Clinics' }, style: { color: '#1f6fb4' } }, provenance: PROVENANCE }).expect(200);
    const r = await commit(up.body.id, { completeArea: { type: 'extent' } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/only an import into one of the shared layers the analyses use/);
  });
});

describe(`the OpenStreetMap import declares the extract's boundary (${BACKEND})`, () => {
  const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/osm/karakol.osm');

  it('one area per facility kind it maps and per network layer: the header box; a re-run replaces them; --bbox joins its box', async () => {
    const pbf = path.join(dir, 'karakol.osm.pbf');
    execFileSync('osmium', ['cat', '--overwrite', '-o', pbf, FIXTURE]);
    const r = await importOsm(t.database, { file: pbf });
    expect(r.completeAreas).toEqual({ declared: FACILITY_KINDS_USED.length + 4, source: 'header' });
    const osm = await rows(`dataset_id = 'osm'`);
    expect(osm.filter((x) => x.layer === 'facilities').map((x) => x.kind).sort()).toEqual([...FACILITY_KINDS_USED].sort());
    expect(osm.filter((x) => x.layer !== 'facilities').map((x) => [x.layer, x.kind])).toEqual([['canals', null], ['power_lines', null], ['roads', null], ['water_mains', null]]);
    // osmium fileinfo: the header box of the fixture is (78.295, 42.455, 78.455, 42.52).
    for (const x of osm) expect(x.box).toBe('POLYGON((78.295 42.455,78.295 42.52,78.455 42.52,78.455 42.455,78.295 42.455))');
    expect(osm.every((x) => x.import_id === null)).toBe(true);

    await importOsm(t.database, { file: pbf });
    expect(await count(`dataset_id = 'osm'`)).toBe(osm.length);

    // A run limited to a box that reaches past the extract: the header box cut to it, joined to the earlier area (unchanged here).
    const again = await importOsm(t.database, { file: pbf, bbox: [78.38, 42.48, 78.6, 42.6] });
    expect(again.completeAreas.declared).toBe(osm.length);
    for (const x of await rows(`dataset_id = 'osm'`)) expect(x.box).toBe('POLYGON((78.295 42.455,78.295 42.52,78.455 42.52,78.455 42.455,78.295 42.455))');

    // An extract without a header box: the extent of the data (widened by ~100 m), replacing the earlier areas.
    const bare = path.join(dir, 'karakol-no-bounds.osm.pbf');
    const xml = path.join(dir, 'karakol-no-bounds.osm');
    fs.writeFileSync(xml, fs.readFileSync(FIXTURE, 'utf8').replace(/^ *<bounds[^>]*\/>\n/m, ''));
    execFileSync('osmium', ['cat', '--overwrite', '-o', bare, xml]);
    const fromData = await importOsm(t.database, { file: bare });
    expect(fromData.completeAreas).toEqual({ declared: osm.length, source: 'data' });
    const ext = (await sql<{ xmin: number; ymin: number; xmax: number; ymax: number }>`
      SELECT min(ST_XMin(geom)) AS xmin, min(ST_YMin(geom)) AS ymin, max(ST_XMax(geom)) AS xmax, max(ST_YMax(geom)) AS ymax FROM (
        SELECT geom FROM canals WHERE dataset_id = 'osm' UNION ALL SELECT geom FROM power_lines WHERE dataset_id = 'osm' UNION ALL SELECT geom FROM water_mains WHERE dataset_id = 'osm'
        UNION ALL SELECT geom FROM roads WHERE dataset_id = 'osm' UNION ALL SELECT geom FROM facilities WHERE dataset_id = 'osm') g`.execute(t.database.db)).rows[0]!;
    const area = (await rows(`dataset_id = 'osm' AND layer = 'roads'`))[0]!;
    const [x0, y0, x1, y1] = /POLYGON\(\(([\d.]+) ([\d.]+),[\d.]+ [\d.]+,([\d.]+) ([\d.]+)/.exec(area.box!)!.slice(1).map(Number) as [number, number, number, number];
    expect(x0).toBeCloseTo(Number(ext.xmin) - 0.001, 6);
    expect(y0).toBeCloseTo(Number(ext.ymin) - 0.001, 6);
    expect(x1).toBeCloseTo(Number(ext.xmax) + 0.001, 6);
    expect(y1).toBeCloseTo(Number(ext.ymax) + 0.001, 6);
    expect(await count(`dataset_id = 'osm'`)).toBe(osm.length);

    // A dry run writes nothing.
    await sql`DELETE FROM complete_areas WHERE dataset_id = 'osm'`.execute(t.database.db);
    await importOsm(t.database, { file: pbf, dryRun: true });
    expect(await count(`dataset_id = 'osm'`)).toBe(0);
  });
});
