// Data downloads read back with GDAL (Debian gdal-bin): every format gives the same features and
// attribute values (Cyrillic included) as the features API for the same bbox and filter; shapefiles
// carry .prj and .cpg; CSV cells that a spreadsheet would run as formulas are neutralised; the public
// never gets draft annotations or people; bad input is a 4xx problem.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { sql } from 'kysely';
import supertest from 'supertest';
import { binary, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { appWithAuth, makeUser, polygon, send, signIn, type Client } from '../helpers/session.js';
import { DownloadsService } from '../../server/src/exports/downloads.service.js';
import { findLayer } from '../../server/src/layers/registry.js';

let t: TestApp;
let adv: Client;
let campaignId: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-downloads-'));
const KARAKOL = '78.345,42.46,78.44,42.525';
const FORMULAS = ['=HYPERLINK("http://x")', '+1', '-1', '@SUM(1)'];

beforeAll(async () => {
  t = await appWithAuth();
  await makeUser(t, { org: 'dl-owner', orgName: 'Download CSO', role: 'advocate', email: 'adv@dl.example', name: 'Aida Private' });
  adv = await signIn(t, 'adv@dl.example');
  const c = await send(adv, 'post', '/api/campaigns').send({
    type: 'Feature', geometry: polygon(78.3, 42.4, 0.2),
    properties: { title: { en: 'Download campaign' }, targetCouncil: { en: 'Test city kenesh' }, status: 'active' },
  }).expect(201);
  campaignId = c.body.id;
  const titles = [...FORMULAS, 'Арык бузулган ң ө ү'];
  for (const [i, title] of titles.entries()) {
    const a = await send(adv, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [78.39 + i * 0.001, 42.49] }, properties: { campaignId, title, category: 'broken_canal', severity: 3, description: 'line one\nline "two", three' } }).expect(201);
    await send(adv, 'post', `/api/annotations/${a.body.id}/status`).set('If-Match', `"v${a.body.properties.version}"`).send({ status: 'published' }).expect(200);
  }
  await send(adv, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [78.4, 42.5] }, properties: { campaignId, title: 'Draft only the owner sees', category: 'other', severity: 1 } }).expect(201);
  // A settlement whose name is a formula, inside the Karakol bbox.
  await sql`UPDATE settlements SET name_en = '=HYPERLINK("http://x")' WHERE id = (SELECT id FROM settlements WHERE ST_Intersects(geom, ST_MakeEnvelope(78.345, 42.46, 78.44, 42.525, 4326)) ORDER BY id LIMIT 1)`.execute(t.database.db);
});
afterAll(async () => { await t?.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

const get = (url: string, c?: Client) => (c ? c.agent.get(url) : t.http.get(url)).buffer(true).parse(binary as never);

type GdalFeature = { properties: Record<string, unknown>; geometry: { type: string } | null };
/** Every layer of a file as GeoJSON features, through ogr2ogr. */
function readWithGdal(body: Buffer, name: string): { layers: string[]; features: GdalFeature[] } {
  const file = path.join(tmp, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(file, body);
  const src = name.endsWith('.zip') ? `/vsizip/${file}` : file;
  const listing = execFileSync('ogrinfo', ['-ro', '-q', src], { encoding: 'utf8' });
  const layers = [...listing.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]!);
  const features = layers.flatMap((l) => (JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', src, l], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { features: GdalFeature[] }).features);
  return { layers, features };
}

const FORMATS = ['geojson', 'csv', 'kml', 'shp.zip', 'gpkg'] as const;

describe(`data downloads read back with GDAL (${BACKEND})`, () => {
  it.each(FORMATS)('settlements in the Karakol bbox as %s: same features and values as the features API', async (format) => {
    const api = await t.http.get(`/api/layers/settlements/features?bbox=${KARAKOL}&limit=1000`).expect(200);
    const expected = (api.body.features as { id: number; properties: Record<string, unknown> }[]);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.some((f) => /[а-яң]/i.test(String(f.properties.name_ky)))).toBe(true);

    const res = await get(`/api/exports/data/settlements.${format}?bbox=${KARAKOL}`).expect(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="settlements-\\d{4}-\\d{2}-\\d{2}\\.${format.replace('.', '\\.')}"$`));
    const { features } = readWithGdal(res.body as Buffer, `settlements.${format}`);
    expect(features).toHaveLength(expected.length);
    const key = (p: Record<string, unknown>) => String(p.ref);
    const byRef = new Map(features.map((f) => [key(f.properties), f]));
    for (const e of expected) {
      const got = byRef.get(key(e.properties));
      expect(got, `feature ${e.properties.ref}`).toBeDefined();
      for (const name of ['name_ky', 'name_ru', 'name_en', 'dataset_id', 'licence']) {
        const v = e.properties[name];
        const g = got!.properties[name];
        if (format === 'csv' && typeof v === 'string' && /^[=+\-@]/.test(v)) expect(g).toBe(`'${v}`);
        else expect(g ?? null, `${e.properties.ref}.${name}`).toEqual(v === null && format === 'csv' ? null : v);
      }
      const pop = e.properties.population;
      if (pop !== null) expect(Number(got!.properties.population)).toBe(pop);
      expect(got!.geometry?.type).toMatch(/Point|Polygon/);
    }
  });

  it('the shapefile zip has .shp/.shx/.dbf/.prj/.cpg (UTF-8) per geometry type', async () => {
    const res = await get(`/api/exports/data/settlements.shp.zip?bbox=${KARAKOL}`).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const names = Object.keys(zip.files).sort();
    const bases = [...new Set(names.map((n) => n.replace(/\.[a-z]+$/, '')))];
    expect(bases.length).toBeGreaterThanOrEqual(1);
    for (const b of bases) for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) expect(names).toContain(`${b}.${ext}`);
    expect(await zip.file(`${bases[0]}.cpg`)!.async('string')).toBe('UTF-8');
    expect(await zip.file(`${bases[0]}.prj`)!.async('string')).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    const file = path.join(tmp, 'settlements.shp.zip');
    fs.writeFileSync(file, res.body as Buffer);
    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', '-mdd', 'all', `/vsizip/${file}`], { encoding: 'utf8' });
    expect(info).toMatch(/ENCODING_FROM_CPG=UTF-8|SOURCE_ENCODING=UTF-8/);
    expect(info).toMatch(/WGS 84|WGS_1984/);
  });

  it.each(['canals', 'facilities', 'power_lines', 'water_mains', 'roads'])('%s: every format holds the same number of features as the features API', async (layer) => {
    const api = await t.http.get(`/api/layers/${layer}/features?limit=1000`).expect(200);
    for (const format of FORMATS) {
      const res = await get(`/api/exports/data/${layer}.${format}`).expect(200);
      expect(Number(res.headers['x-feature-count'])).toBe(api.body.numberMatched);
      expect(readWithGdal(res.body as Buffer, `${layer}.${format}`).features, `${layer}.${format}`).toHaveLength(api.body.numberMatched);
    }
  });

  it('attribute filters mean the same as on the features API (canals by condition)', async () => {
    const api = await t.http.get('/api/layers/canals/features?condition=poor,broken&limit=1000').expect(200);
    const res = await get('/api/exports/data/canals.geojson?condition=poor,broken').expect(200);
    const fc = JSON.parse((res.body as Buffer).toString('utf8'));
    expect(fc.features.map((f: { id: number }) => f.id)).toEqual(api.body.features.map((f: { id: number }) => f.id));
    expect(fc.features.every((f: { properties: { condition: string } }) => ['poor', 'broken'].includes(f.properties.condition))).toBe(true);
    const gp = readWithGdal((await get('/api/exports/data/canals.gpkg?condition=poor,broken').expect(200)).body as Buffer, 'c.gpkg');
    expect(gp.features.map((f) => f.properties.condition).sort()).toEqual(api.body.features.map((f: { properties: { condition: string } }) => f.properties.condition).sort());
  });

  it('an empty selection is still a valid, readable file in every format', async () => {
    for (const format of FORMATS) {
      const res = await get(`/api/exports/data/settlements.${format}?bbox=0,0,0.001,0.001`).expect(200);
      expect(readWithGdal(res.body as Buffer, `empty.${format}`).features, format).toHaveLength(0);
    }
  });
});

describe(`CSV (${BACKEND})`, () => {
  it('neutralises cells that start a formula, quotes per RFC 4180, BOM only on request', async () => {
    const res = await get(`/api/exports/data/annotations.csv?campaign=${campaignId}`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    for (const f of ['+1', '-1', '@SUM(1)']) expect(text).toContain(`,'${f},`);
    expect(text).toContain('"line one\nline ""two"", three"');
    expect(text.split('\r\n')[0]).toMatch(/^id,campaign_id,organisation,title,.*,WKT$/);
    const rows = readWithGdal(res.body as Buffer, 'a.csv').features;
    expect(rows.map((r) => r.properties.title).sort()).toEqual([...FORMULAS.map((f) => `'${f}`), 'Арык бузулган ң ө ү'].sort());
    expect(rows.every((r) => r.geometry?.type === 'Point')).toBe(true);

    const bom = await get(`/api/exports/data/annotations.csv?campaign=${campaignId}&bom=1`).expect(200);
    const b = bom.body as Buffer;
    expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(b.subarray(3).toString('utf8')).toBe(text);
  });

  it('a settlement named like a formula comes out neutralised', async () => {
    const text = ((await get(`/api/exports/data/settlements.csv?bbox=${KARAKOL}`).expect(200)).body as Buffer).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe(`annotations download and visibility (${BACKEND})`, () => {
  it('the public gets published annotations only, without people', async () => {
    const res = await get(`/api/exports/data/annotations.geojson?campaign=${campaignId}`).expect(200);
    const fc = JSON.parse((res.body as Buffer).toString('utf8'));
    expect(fc.features).toHaveLength(5);
    expect(fc.features.map((f: { properties: { status: string } }) => f.properties.status)).not.toContain('draft');
    const all = JSON.stringify(fc);
    expect(all).not.toContain('Draft only the owner sees');
    expect(all).not.toContain('Aida Private');
    expect(all).not.toContain('adv@dl.example');
    for (const format of FORMATS) {
      const r = await get(`/api/exports/data/annotations.${format}?campaign=${campaignId}`).expect(200);
      const back = readWithGdal(r.body as Buffer, `ann.${format}`).features;
      expect(back, format).toHaveLength(5);
      expect(back.map((f) => String(f.properties.title)).join('|'), format).toContain('Арык бузулган ң ө ү');
    }
  });

  it('the owner also gets the draft; status and bbox filter', async () => {
    const own = JSON.parse(((await get(`/api/exports/data/annotations.geojson?campaign=${campaignId}`, adv).expect(200)).body as Buffer).toString('utf8'));
    expect(own.features).toHaveLength(6);
    const drafts = JSON.parse(((await get(`/api/exports/data/annotations.geojson?campaign=${campaignId}&status=draft`, adv).expect(200)).body as Buffer).toString('utf8'));
    expect(drafts.features.map((f: { properties: { title: string } }) => f.properties.title)).toEqual(['Draft only the owner sees']);
    const boxed = JSON.parse(((await get(`/api/exports/data/annotations.geojson?campaign=${campaignId}&bbox=78.3895,42.48,78.3915,42.5`).expect(200)).body as Buffer).toString('utf8'));
    expect(boxed.features).toHaveLength(2);
  });
});

describe(`bad input (${BACKEND})`, () => {
  it.each([
    ['/api/exports/data/settlements.xlsx', 400, /format/],
    ['/api/exports/data/settlements', 400, /layer\}\.\{format/],
    ['/api/exports/data/nowhere.geojson', 404, /no layer/],
    ['/api/exports/data/settlements.csv?bbox=1,2,3', 400, /bbox/],
    ['/api/exports/data/settlements.csv?bbox=10,10,5,5', 400, /bbox/],
    ['/api/exports/data/settlements.csv?water=rivers', 400, /water/],
    ['/api/exports/data/settlements.csv?colour=red', 400, /colour/],
    ['/api/exports/data/settlements.csv?limit=5', 400, /limit/],
    ['/api/exports/data/settlements.csv?bom=2', 400, /bom/],
    ['/api/exports/data/settlements.geojson?bom=1', 400, /CSV/],
    ['/api/exports/data/annotations.csv?campaign=nope', 400, /campaign/],
    ['/api/exports/data/annotations.csv?status=lost', 400, /status/],
  ])('%s → %i problem', async (url, status, detail) => {
    const res = await t.http.get(url).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(detail);
  });

  it('more features than the download limit → 400 with the numbers, nothing written', async () => {
    const small = new DownloadsService(t.app.services.features, 3);
    await expect(small.layer(findLayer('settlements')!, { filters: [] }, 'csv')).rejects.toMatchObject({ status: 400, extensions: { maximum: 3 } });
  });
});

it('KML: text is escaped (a formula-like settlement name stays text), UTF-8 declared', async () => {
  const res = await supertest(t.app).get('/api/exports/data/settlements.kml').buffer(true).parse(binary as never).expect(200);
  const kml = (res.body as Buffer).toString('utf8');
  expect(kml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/);
  expect(kml).toContain('&quot;http://x&quot;');
});
