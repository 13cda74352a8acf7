// A line's vertex order is data (a canal flows from its head to its tail): it must survive the features
// API, the OGC API, every download format and an edit round trip, on both databases. PostGIS 3.3's
// ST_ForcePolygonCCW reverses LineStrings, so only polygons may be re-oriented.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKEND, freshDatabase, type TestDb } from '../helpers/backend.js';
import { binary, type TestApp } from '../helpers/app.js';
import { advocateWithCampaign, appWithAuth, send } from '../helpers/session.js';
import { LAYERS } from '../../server/src/layers/registry.js';
import { FeaturesService } from '../../server/src/features/features.service.js';

type Pos = [number, number];
const LINE_LAYERS = LAYERS.filter((l) => l.geometry === 'line').map((l) => l.id);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lines-'));

let t: TestApp;
beforeAll(async () => { t = await appWithAuth(); });
afterAll(async () => { await t?.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

/** Each line's vertices as stored, straight from the table (no output function in between). */
async function stored(table: string): Promise<Map<string, Pos[]>> {
  const r = await sql<{ ref: string; pts: Pos[] }>`
    SELECT ref, (SELECT json_agg(json_build_array(round(ST_X(d.geom)::numeric, 7), round(ST_Y(d.geom)::numeric, 7)) ORDER BY d.path)
                 FROM ST_DumpPoints(t.geom) d) AS pts
    FROM ${sql.table(table)} t`.execute(t.database.db);
  return new Map(r.rows.map((x) => [x.ref, x.pts.map(([a, b]) => [Number(a), Number(b)] as Pos)]));
}

const close = (a: Pos[], b: Pos[]) => a.length === b.length && a.every((p, i) => Math.abs(p[0] - b[i]![0]) < 1e-6 && Math.abs(p[1] - b[i]![1]) < 1e-6);

function gdal(body: Buffer, name: string): { properties: Record<string, unknown>; geometry: { coordinates: Pos[] } }[] {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(file, body);
  const src = name.endsWith('.zip') ? `/vsizip/${file}` : file;
  const layers = [...execFileSync('ogrinfo', ['-ro', '-q', src], { encoding: 'utf8' }).matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]!);
  return layers.flatMap((l) => JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', src, l], { encoding: 'utf8', maxBuffer: 64 << 20 })).features);
}

describe(`line direction (${BACKEND})`, () => {
  it.each(LINE_LAYERS)('%s: the features API, the OGC API and every download keep each line\'s vertex order', async (id) => {
    const def = LAYERS.find((l) => l.id === id)!;
    const want = await stored(def.table);
    expect(want.size).toBeGreaterThan(0);
    const api = await t.http.get(`/api/layers/${id}/features?limit=1000`).expect(200);
    const ogc = await t.http.get(`/ogc/collections/${id}/items?limit=1000`).expect(200);
    for (const [label, fc] of [['features', api.body], ['ogc', ogc.body]] as const) {
      const flipped = (fc.features as { properties: { ref: string }; geometry: { coordinates: Pos[] } }[])
        .filter((f) => !close(f.geometry.coordinates, want.get(f.properties.ref)!)).map((f) => f.properties.ref);
      expect(flipped, `${id} via ${label}`).toEqual([]);
    }
    for (const format of ['geojson', 'csv', 'kml', 'shp.zip', 'gpkg']) {
      const res = await t.http.get(`/api/exports/data/${id}.${format}`).buffer(true).parse(binary as never).expect(200);
      const back = gdal(res.body as Buffer, `${id}.${format}`);
      expect(back.length, `${id}.${format}`).toBe(want.size);
      const flipped = back.filter((f) => !close(f.geometry.coordinates.map((p) => [p[0], p[1]] as Pos), want.get(String(f.properties.ref))!)).map((f) => f.properties.ref);
      expect(flipped, `${id}.${format}`).toEqual([]);
    }
  });

  it('a line annotation read and saved back keeps its direction; a polygon comes back counter-clockwise', async () => {
    const { client: c, campaignId } = await advocateWithCampaign(t, 'lines-org');
    const line: Pos[] = [[78.39, 42.49], [78.395, 42.495], [78.4, 42.492]];
    const created = await send(c, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { campaignId, title: 'Aryk from head to tail', category: 'broken_canal', severity: 3 } }).expect(201);
    expect(created.body.geometry.coordinates).toEqual(line);
    let f = created.body;
    for (let round = 0; round < 2; round++) {
      const got = await c.agent.get(`/api/annotations/${f.id}`).expect(200);
      f = (await send(c, 'patch', `/api/annotations/${f.id}`).set('If-Match', `"v${got.body.properties.version}"`).send({ geometry: got.body.geometry }).expect(200)).body;
      expect(f.geometry.coordinates, `round trip ${round + 1}`).toEqual(line);
    }
    const layer = await c.agent.get(`/api/layers/annotations/features/${f.id}`).expect(200);
    expect(layer.body.geometry.coordinates).toEqual(line);
    // A clockwise ring comes back counter-clockwise (RFC 7946), the same ring.
    const cw: Pos[] = [[78.39, 42.49], [78.39, 42.5], [78.4, 42.5], [78.4, 42.49], [78.39, 42.49]];
    const poly = await send(c, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [cw] }, properties: { campaignId, title: 'Area', category: 'other', severity: 1 } }).expect(201);
    expect(poly.body.geometry.coordinates[0]).toEqual([...cw].reverse());
  });
});

describe.skipIf(BACKEND !== 'server')('embedded and server GeoJSON are identical', () => {
  let emb: TestDb, srv: TestDb;
  beforeAll(async () => { [emb, srv] = await Promise.all([freshDatabase({ backend: 'embedded' }), freshDatabase({ backend: 'server' })]); });
  afterAll(async () => { await emb?.dispose(); await srv?.dispose(); });

  it.each(LAYERS.map((l) => l.id))('%s: the same features, vertex for vertex', async (id) => {
    const def = LAYERS.find((l) => l.id === id)!;
    const q = { limit: 1000, offset: 0, filters: [] };
    const [a, b] = await Promise.all([new FeaturesService(emb.database.db).list(def, q), new FeaturesService(srv.database.db).list(def, q)]);
    const byRef = (fs: { properties: Record<string, unknown>; geometry: unknown }[]) => Object.fromEntries(fs.map((f) => [String(f.properties.ref), f.geometry]));
    expect(a.matched).toBe(b.matched);
    expect(byRef(b.features)).toEqual(byRef(a.features));
  });
});
