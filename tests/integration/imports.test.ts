// Imports through the HTTP API, with files made by real tools (ogr2ogr, zip) during the run: each
// format lands in an organisation layer with the same count, attributes, Cyrillic text byte for byte
// and coordinates within 1 m; admins import into shared layers (append, replace, undo puts back what
// was replaced); the visibility rule holds for organisation layers on every read path; hostile or
// broken files get a 4xx naming the file and store nothing; a commit is idempotent with its key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../helpers/app.js';
import { authConfig, makeUser, send, signIn, visitor, type Client } from '../helpers/session.js';
import { writeZip } from '../helpers/zip.js';

let t: TestApp;
let adv: Client, admin: Client, other: Client;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-imports-'));

// Water points a field team found around Karakol: Kyrgyz and Russian names, numbers, dates.
const SOURCE = [
  { name: 'Көлдүн жээгиндеги булак', name_ru: 'Родник у озера, ёлка', depth: 12, flow: 0.75, checked: '2026-05-03', kind: 'spring', lon: 78.3912345, lat: 42.4905678 },
  { name: 'Ңоо кудук', name_ru: 'Колодец №2', depth: 30, flow: 1.5, checked: '2026-06-14', kind: 'well', lon: 78.4021, lat: 42.4987 },
  { name: 'Өрөөн суусу', name_ru: 'Вода долины', depth: 7, flow: 0.25, checked: '2026-07-01', kind: 'tap', lon: 78.3755, lat: 42.5102 },
  { name: 'Үй-бүлөлүк кран', name_ru: 'Семейный кран', depth: 3, flow: 0.1, checked: '2026-07-20', kind: 'tap', lon: 78.4150, lat: 42.4810 },
];
const geojson = {
  type: 'FeatureCollection',
  features: SOURCE.map(({ lon, lat, ...p }) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [lon, lat] } })),
};
const SRC = path.join(dir, 'water_points.geojson');
fs.writeFileSync(SRC, JSON.stringify(geojson));
// projinfo -s EPSG:4326 -t EPSG:28413 (the operation through EPSG:15865), axis swaps included as PROJ writes it.
const GK13_VIA_15865 = '+proj=pipeline +step +proj=axisswap +order=2,1 +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=push +v_3 '
  + '+step +proj=cart +ellps=WGS84 +step +inv +proj=helmert +x=25 +y=-141 +z=-78.5 +rx=0 +ry=-0.35 +rz=-0.736 +s=0 +convention=coordinate_frame '
  + '+step +inv +proj=cart +ellps=krass +step +proj=pop +v_3 +step +proj=tmerc +lat_0=0 +lon_0=75 +k=1 +x_0=13500000 +y_0=0 +ellps=krass +step +proj=axisswap +order=2,1';
const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: ['ignore', 'pipe', 'pipe'] });

function makeFiles() {
  const out: Record<string, string> = { geojson: SRC };
  // Shapefile in Pulkovo 1942 / Gauss-Krüger zone 13 with cp1251 text and no .cpg, zipped.
  const gk = path.join(dir, 'gk13');
  fs.mkdirSync(gk);
  // With the datum shift EPSG publishes for Kyrgyzstan, "Pulkovo 1942 to WGS 84 (16)" (EPSG:15865), which
  // the app uses (formats/crs.ts); left to itself PROJ picks Russia's (EPSG:5044), about 3 m away here.
  ogr('-f', 'ESRI Shapefile', '-t_srs', 'EPSG:28413', '-ct', GK13_VIA_15865, '-lco', 'ENCODING=CP1251', path.join(gk, 'points.shp'), SRC);
  fs.rmSync(path.join(gk, 'points.cpg'), { force: true });
  out.shapefile = path.join(dir, 'points_gk13.zip');
  execFileSync('zip', ['-j', '-q', out.shapefile, ...fs.readdirSync(gk).map((f) => path.join(gk, f))]);
  // Shapefile in UTM 43N with a .cpg.
  const utm = path.join(dir, 'utm43');
  fs.mkdirSync(utm);
  ogr('-f', 'ESRI Shapefile', '-t_srs', 'EPSG:32643', '-lco', 'ENCODING=UTF-8', path.join(utm, 'points.shp'), SRC);
  out.shapefileUtm = path.join(dir, 'points_utm43.zip');
  execFileSync('zip', ['-j', '-q', out.shapefileUtm, ...fs.readdirSync(utm).map((f) => path.join(utm, f))]);
  out.kml = path.join(dir, 'points.kml');
  ogr('-f', 'KML', out.kml, SRC);
  out.gpkg = path.join(dir, 'points.gpkg');
  ogr('-f', 'GPKG', '-t_srs', 'EPSG:32643', out.gpkg, SRC);
  // CSV with ';' and comma decimals (the way a spreadsheet in a Russian locale writes it).
  const csv = path.join(dir, 'points_dot.csv');
  ogr('-f', 'CSV', '-lco', 'GEOMETRY=AS_XY', '-lco', 'SEPARATOR=SEMICOLON', csv, SRC);
  out.csv = path.join(dir, 'points.csv');
  fs.writeFileSync(out.csv, fs.readFileSync(csv, 'utf8').split('\n').map((line, i) => (i === 0 ? line : line.replace(/(\d)\.(\d)/g, '$1,$2'))).join('\n'));
  return out;
}

let files: Record<string, string>;

beforeAll(async () => {
  t = await testApp({ config: { auth: authConfig(), dataDir: path.join(dir, 'data') } });
  await makeUser(t, { org: 'imp-owner', orgName: 'Field team CSO', role: 'advocate', email: 'adv@imp.example', name: 'Adv' });
  await makeUser(t, { org: 'imp-other', orgName: 'Other CSO', role: 'advocate', email: 'other@imp.example', name: 'Other' });
  await makeUser(t, { org: 'imp-admin', orgName: 'Administrators', role: 'admin', email: 'admin@imp.example', name: 'Admin' });
  adv = await signIn(t, 'adv@imp.example');
  other = await signIn(t, 'other@imp.example');
  admin = await signIn(t, 'admin@imp.example');
  files = makeFiles();
});
afterAll(async () => {
  await t?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (c: Client, file: string, name = path.basename(file)) =>
  send(c, 'post', `/api/imports?filename=${encodeURIComponent(name)}`).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file));

const PROVENANCE = { source: 'Field survey, Karakol', date: '2026-07-20', licence: 'CC-BY-4.0', provenance: 'real' };
const orgTarget = (title = 'Water points') => ({ kind: 'organisation', title: { en: title, ru: 'Точки воды', ky: 'Суу чекиттери' }, style: { color: '#1f6fb4' } });

async function importAsOrgLayer(c: Client, file: string, extra: Record<string, unknown> = {}) {
  const up = await upload(c, file);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const m = await send(c, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget(), provenance: PROVENANCE, ...extra });
  expect(m.status, JSON.stringify(m.body)).toBe(200);
  const done = await send(c, 'post', `/api/imports/${up.body.id}/commit`).set('Idempotency-Key', crypto.randomUUID());
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { upload: up.body, mapped: m.body, committed: done.body };
}

const metres = (a: number[], b: number[]) => {
  const R = 6371008.8, rad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * rad, dLon = (b[0]! - a[0]!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
};

describe('each format into an organisation layer: the same features as the source', () => {
  for (const key of ['geojson', 'shapefile', 'shapefileUtm', 'kml', 'gpkg', 'csv']) {
    it(`${key}: count, Cyrillic text byte-identical, numbers, coordinates within 1 m`, async () => {
      const up = await upload(adv, files[key]!);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const layer = up.body.detection.layers[0];
      expect(layer.featureCount).toBe(SOURCE.length);
      // The Gauss-Krüger Shapefile has no .cpg: the encoding comes from the DBF or is offered as a choice.
      const encoding = layer.encoding.needsChoice ? 'windows-1251' : undefined;
      if (key === 'shapefile') expect(layer.crs.code).toBe('EPSG:28413');
      if (key === 'shapefileUtm' || key === 'gpkg') expect(layer.crs.code).toBe('EPSG:32643');
      const m = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget(`Water points ${key}`), provenance: PROVENANCE, ...(encoding ? { encoding } : {}) });
      expect(m.status, JSON.stringify(m.body)).toBe(200);
      expect(m.body.report).toMatchObject({ total: SOURCE.length, ready: SOURCE.length, blocking: 0 });
      const c = await send(adv, 'post', `/api/imports/${up.body.id}/commit`);
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      expect(c.body.result.inserted).toBe(SOURCE.length);
      const layerId = c.body.result.layer;
      expect(layerId).toMatch(/^org-[0-9a-f]{8}$/);
      const fc = await adv.agent.get(`/api/layers/${layerId}/features?limit=100`).expect(200);
      expect(fc.body.features).toHaveLength(SOURCE.length);
      for (const s of SOURCE) {
        // cp1251 has no ң, ө, ү: ogr2ogr itself loses them in that file, so it is matched by its Russian name.
        const f = fc.body.features.find((x: any) => (key === 'shapefile' ? x.properties.name_ru === s.name_ru : x.properties.name === s.name));
        expect(f, `${key}: ${s.name}`).toBeTruthy();
        expect(Buffer.from(f.properties.name_ru, 'utf8').equals(Buffer.from(s.name_ru, 'utf8'))).toBe(true);
        expect(Number(f.properties.depth)).toBe(s.depth);
        expect(Number(f.properties.flow)).toBeCloseTo(s.flow, 6);
        expect(metres(f.geometry.coordinates, [s.lon, s.lat])).toBeLessThan(1);
      }
    });
  }
});

describe('an organisation layer is a layer like any other, under the visibility rule', () => {
  let layerId: string;
  beforeAll(async () => {
    const r = await importAsOrgLayer(adv, files.geojson!, { target: { ...orgTarget('Survey'), style: { color: '#0f8a8a', categoryAttribute: 'kind', categoryColors: { spring: '#1f6fb4', well: '#7a5230', tap: '#0f8a8a' } } } });
    layerId = r.committed.result.layer;
  });

  it('its organisation sees it in /api/layers with a legend coloured by category; others and the public do not', async () => {
    const mine = await adv.agent.get('/api/layers?lang=ky').expect(200);
    const entry = mine.body.organisationLayers.find((l: any) => l.id === layerId);
    expect(entry.title.ky).toBe('Суу чекиттери');
    expect(JSON.stringify(entry.legend)).toContain('#7a5230');
    for (const c of [other, await visitor(t)]) {
      const list = await c.agent.get('/api/layers').expect(200);
      expect(list.body.organisationLayers.map((l: any) => l.id)).not.toContain(layerId);
      await c.agent.get(`/api/layers/${layerId}/features`).expect(404);
      await c.agent.get(`/tiles/${layerId}/12/2939/1513.mvt`).expect(404);
      await c.agent.get(`/ogc/collections/${layerId}/items`).expect(404);
      await c.agent.get(`/api/exports/data/${layerId}.csv`).expect(404);
    }
  });

  it('others may not publish it; its organisation publishes it and then everyone reads it on every path', async () => {
    await send(other, 'patch', `/api/organisation-layers/${layerId}`).send({ status: 'published' }).expect(404);
    await send(adv, 'patch', `/api/organisation-layers/${layerId}`).send({ status: 'published' }).expect(204);
    const pub = await visitor(t);
    const fc = await pub.agent.get(`/api/layers/${layerId}/features`).expect(200);
    expect(fc.body.features).toHaveLength(SOURCE.length);
    const ogc = await pub.agent.get(`/ogc/collections/${layerId}/items`).expect(200);
    expect(ogc.body.numberMatched).toBe(SOURCE.length);
    const csv = await pub.agent.get(`/api/exports/data/${layerId}.csv`).expect(200);
    expect(csv.text).toContain('Көлдүн жээгиндеги булак');
    const tile = await pub.agent.get(`/tiles/${layerId}/10/734/378.mvt`).buffer(true).parse((res, cb) => { const b: Buffer[] = []; res.on('data', (d: Buffer) => b.push(d)); res.on('end', () => cb(null, Buffer.concat(b))); });
    expect(tile.status).toBe(200);
    expect((tile.body as Buffer).length).toBeGreaterThan(0);
    const list = await pub.agent.get('/api/layers').expect(200);
    expect(list.body.organisationLayers.map((l: any) => l.id)).toContain(layerId);
  });

  it('a layer of one colour has one legend swatch of its kind: a line for tracks, a point for points', async () => {
    const tracks = path.join(dir, 'tracks.geojson');
    fs.writeFileSync(tracks, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'арык' }, geometry: { type: 'LineString', coordinates: [[78.38, 42.48], [78.39, 42.49]] } }] }));
    const lines = await importAsOrgLayer(adv, tracks);
    const points = await importAsOrgLayer(adv, files.geojson!);
    const list = (await adv.agent.get('/api/layers?lang=en').expect(200)).body.organisationLayers;
    const swatch = (id: string) => list.find((l: any) => l.id === id).legend[0].items;
    expect(swatch(lines.committed.result.layer)).toEqual([expect.objectContaining({ shape: 'line', color: '#1f6fb4' })]);
    expect(swatch(points.committed.result.layer)).toEqual([expect.objectContaining({ shape: 'circle', color: '#1f6fb4' })]);
  });

  it('prints on the map page with its legend and its own citation; a layer one may not see is a 404', async () => {
    const draft = await importAsOrgLayer(adv, files.geojson!);
    const bbox = '78.35,42.47,78.43,42.52';
    await other.agent.get(`/api/exports/map.svg?bbox=${bbox}&layers=canals,${draft.committed.result.layer}`).expect(404);
    const svg = await adv.agent.get(`/api/exports/map.svg?bbox=${bbox}&layers=canals,${layerId}&lang=ru`).buffer(true).parse((res, cb) => { let b = ''; res.on('data', (d: Buffer) => { b += d.toString('utf8'); }); res.on('end', () => cb(null, b)); });
    expect(svg.status).toBe(200);
    const text = String(svg.body);
    expect(text).toContain('Точки воды');
    // The sources line names the layer's own citation (wrapped over lines on the page).
    expect(text.replace(/<\/text><text[^>]*>/g, ' ')).toMatch(/Точки воды: Field\s+survey, Karakol \(CC-BY-4\.0\)/);
    // One marker per water point in the category colours chosen in the wizard.
    expect(text).toContain('#7a5230');
  });
});

describe('shared layers: admins only; append, replace, undo', () => {
  const canalsFile = path.join(dir, 'canals.geojson');
  const canal = (ref: string, x: number, name: string) => ({ type: 'Feature', properties: { code: ref, name, type: 'магистральный канал', state: 'poor' }, geometry: { type: 'LineString', coordinates: [[x, 42.48], [x + 0.01, 42.49], [x + 0.02, 42.495]] } });
  beforeAll(() => {
    fs.writeFileSync(canalsFile, JSON.stringify({ type: 'FeatureCollection', features: [canal('IMP-1', 78.30, 'Чоң арык'), canal('IMP-2', 78.33, 'Кичи арык')] }));
  });
  const mapping = (mode: 'append' | 'replace') => ({
    target: { kind: 'layer', layer: 'canals', mode, dataset: 'vodokanal-2026' },
    fields: { ref: { source: 'code' }, name_ky: { source: 'name' }, class: { source: 'type' }, condition: { source: 'state' } },
    provenance: PROVENANCE,
  });
  const count = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM canals`.execute(t.database.db)).rows[0]!.n);

  it('an advocate may not import into a shared layer', async () => {
    const up = await upload(adv, canalsFile).expect(201);
    const r = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send(mapping('append'));
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('suggestions map Russian class labels to the enum; append adds, replace replaces, undo restores', async () => {
    const before = await count();
    const up = await upload(admin, canalsFile).expect(201);
    const sug = await admin.agent.get(`/api/imports/${up.body.id}/suggestions?target=canals`).expect(200);
    expect(sug.body.fields.find((f: any) => f.attribute === 'condition').source).toBe('state');
    await send(admin, 'put', `/api/imports/${up.body.id}/mapping`).send(mapping('append')).expect(200);
    const c1 = await send(admin, 'post', `/api/imports/${up.body.id}/commit`).expect(200);
    expect(c1.body.result).toEqual({ layer: 'canals', inserted: 2, replaced: 0 });
    expect(await count()).toBe(before + 2);
    const row = await sql<{ class: string; name_ky: string; provenance: string; dataset_id: string }>`SELECT class, name_ky, provenance, dataset_id FROM canals WHERE ref = 'IMP-1'`.execute(t.database.db);
    expect(row.rows[0]).toEqual({ class: 'main', name_ky: 'Чоң арык', provenance: 'real', dataset_id: 'vodokanal-2026' });

    // Replacing the dataset: the same refs again, one renamed.
    const f2 = path.join(dir, 'canals2.geojson');
    fs.writeFileSync(f2, JSON.stringify({ type: 'FeatureCollection', features: [canal('IMP-1', 78.30, 'Жаңы арык')] }));
    const up2 = await upload(admin, f2).expect(201);
    await send(admin, 'put', `/api/imports/${up2.body.id}/mapping`).send(mapping('replace')).expect(200);
    const c2 = await send(admin, 'post', `/api/imports/${up2.body.id}/commit`).expect(200);
    expect(c2.body.result).toEqual({ layer: 'canals', inserted: 1, replaced: 2 });
    expect(await count()).toBe(before + 1);

    // Undo of the replace: its row goes, the two it replaced come back with their ids.
    await send(admin, 'delete', `/api/imports/${up2.body.id}`).expect(204);
    const back = await sql<{ ref: string; name_ky: string }>`SELECT ref, name_ky FROM canals WHERE dataset_id = 'vodokanal-2026' ORDER BY ref`.execute(t.database.db);
    expect(back.rows).toEqual([{ ref: 'IMP-1', name_ky: 'Чоң арык' }, { ref: 'IMP-2', name_ky: 'Кичи арык' }]);
    expect((await admin.agent.get(`/api/imports/${up2.body.id}`).expect(200)).body.status).toBe('undone');
    // And the first import undone: the layer is as before.
    await send(admin, 'delete', `/api/imports/${up.body.id}`).expect(204);
    expect(await count()).toBe(before);
  });

  it('an unmapped required attribute and an unknown enum value block the commit, with the feature named', async () => {
    const up = await upload(admin, canalsFile).expect(201);
    const m = await send(admin, 'put', `/api/imports/${up.body.id}/mapping`).send({ ...mapping('append'), fields: { ref: { source: 'code' }, condition: { source: 'name' } } }).expect(200);
    expect(m.body.report.blocking).toBe(2);
    const kinds = m.body.report.issues.map((i: any) => `${i.index}:${i.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['1:missing-value', '1:bad-value', '2:missing-value']));
    const before = await count();
    const c = await send(admin, 'post', `/api/imports/${up.body.id}/commit`).expect(409);
    expect(c.body.detail).toMatch(/2 of 2 features have problems/);
    expect(await count()).toBe(before);
  });
});

describe('commit: all or nothing, idempotent with its key, history', () => {
  it('the same Idempotency-Key replays the answer; another key is a conflict; nothing is stored twice', async () => {
    const up = await upload(adv, files.geojson!).expect(201);
    await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Idempotent'), provenance: PROVENANCE }).expect(200);
    const key = crypto.randomUUID();
    const a = await send(adv, 'post', `/api/imports/${up.body.id}/commit`).set('Idempotency-Key', key).expect(200);
    const b = await send(adv, 'post', `/api/imports/${up.body.id}/commit`).set('Idempotency-Key', key).expect(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.result).toEqual(a.body.result);
    await send(adv, 'post', `/api/imports/${up.body.id}/commit`).set('Idempotency-Key', crypto.randomUUID()).expect(409);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation_features WHERE layer_id = ${a.body.result.layer}`.execute(t.database.db);
    expect(Number(n.rows[0]!.n)).toBe(SOURCE.length);
    const hist = await adv.agent.get('/api/imports').expect(200);
    const h = hist.body.imports.find((i: any) => i.id === up.body.id);
    expect(h).toMatchObject({ status: 'committed', filename: 'water_points.geojson', sha256: crypto.createHash('sha256').update(fs.readFileSync(files.geojson!)).digest('hex') });
    // Another organisation does not see it.
    await other.agent.get(`/api/imports/${up.body.id}`).expect(404);
    expect((await other.agent.get('/api/imports').expect(200)).body.imports.map((i: any) => i.id)).not.toContain(up.body.id);
  });

  it('undo of an organisation-layer import removes the layer', async () => {
    const r = await importAsOrgLayer(adv, files.geojson!);
    const layerId = r.committed.result.layer;
    await adv.agent.get(`/api/layers/${layerId}/features`).expect(200);
    await send(adv, 'delete', `/api/imports/${r.upload.id}`).expect(204);
    await adv.agent.get(`/api/layers/${layerId}/features`).expect(404);
  });
});

describe('bad files: a 4xx that names the file, and nothing stored', () => {
  const importsCount = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM imports`.execute(t.database.db)).rows[0]!.n);
  const uploadsLeft = () => (fs.existsSync(path.join(dir, 'data', 'imports')) ? fs.readdirSync(path.join(dir, 'data', 'imports')).length : 0);

  it('a PNG renamed .geojson → 415 by its content', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const before = await importsCount(), files0 = uploadsLeft();
    const r = await send(adv, 'post', '/api/imports?filename=evil.geojson').set('Content-Type', 'application/octet-stream').send(png);
    expect(r.status, JSON.stringify(r.body)).toBe(415);
    expect(r.body.detail).toMatch(/evil\.geojson/);
    expect(await importsCount()).toBe(before);
    expect(uploadsLeft()).toBe(files0);
  });

  it('a KML with an external entity → 400, and the entity is never fetched', async () => {
    const kml = `<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&x;</name><Point><coordinates>78.39,42.49</coordinates></Point></Placemark></kml>`;
    const r = await send(adv, 'post', '/api/imports?filename=xxe.kml').set('Content-Type', 'application/vnd.google-earth.kml+xml').send(Buffer.from(kml));
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/xxe\.kml/);
    expect(r.body.detail).toMatch(/DOCTYPE|ENTITY/);
    expect(JSON.stringify(r.body)).not.toContain('root:');
  });

  it('an upload over the limit → 413 before it is read, nothing stored', async () => {
    const small = await testApp({ config: { auth: authConfig(), dataDir: path.join(dir, 'data-small'), importMaxBytes: 1024 } });
    try {
      await makeUser(small, { org: 'imp-small', orgName: 'Small', role: 'advocate', email: 'adv@small.example', name: 'S' });
      const c = await signIn(small, 'adv@small.example');
      const r = await send(c, 'post', '/api/imports?filename=big.geojson').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(4096, 0x20));
      expect(r.status).toBe(413);
      expect(r.body.detail).toMatch(/big\.geojson/);
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM imports`.execute(small.database.db);
      expect(Number(n.rows[0]!.n)).toBe(0);
    } finally {
      await small.dispose();
    }
  });

  it('a CSV with one bad row among 10,000: the report names its line; the commit stores nothing', async () => {
    const lines = ['name;lon;lat'];
    for (let i = 0; i < 10_000; i++) lines.push(`p${i};${(78.3 + (i % 100) * 0.001).toFixed(4).replace('.', ',')};${(42.45 + Math.floor(i / 100) * 0.001).toFixed(4).replace('.', ',')}`);
    lines[5012] = 'broken;78,4;4x,5';
    const csv = path.join(dir, 'survey.csv');
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    const up = await upload(adv, csv).expect(201);
    const m = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Survey 10k'), provenance: PROVENANCE }).expect(200);
    expect(m.body.report).toMatchObject({ total: 10_000, blocking: 1, ready: 9_999 });
    expect(m.body.report.issues).toEqual([expect.objectContaining({ index: 5013, kind: 'unreadable' })]);
    const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation_features`.execute(t.database.db)).rows[0]!.n);
    await send(adv, 'post', `/api/imports/${up.body.id}/commit`).expect(409);
    const after = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation_features`.execute(t.database.db)).rows[0]!.n);
    expect(after).toBe(before);
    // Leaving the bad row out is a choice the user makes explicitly.
    await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Survey 10k'), provenance: PROVENANCE, skipInvalid: true }).expect(200);
    const c = await send(adv, 'post', `/api/imports/${up.body.id}/commit`).expect(200);
    expect(c.body.result.inserted).toBe(9_999);
  });

  it('an invalid polygon is reported with PostGIS\'s reason and stored only repaired when asked', async () => {
    const bow = path.join(dir, 'bowtie.geojson');
    fs.writeFileSync(bow, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'bow-tie' }, geometry: { type: 'Polygon', coordinates: [[[78.38, 42.48], [78.40, 42.50], [78.40, 42.48], [78.38, 42.50], [78.38, 42.48]]] } }] }));
    const up = await upload(adv, bow).expect(201);
    const m = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Bow'), provenance: PROVENANCE }).expect(200);
    expect(m.body.report.issues[0]).toMatchObject({ index: 1, kind: 'invalid-geometry' });
    expect(m.body.report.issues[0].detail).toMatch(/Self-intersection/i);
    expect(m.body.report.blocking).toBe(1);
    const r = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Bow'), provenance: PROVENANCE, repair: true }).expect(200);
    expect(r.body.report).toMatchObject({ blocking: 0, repaired: 1, ready: 1 });
    await send(adv, 'post', `/api/imports/${up.body.id}/commit`).expect(200);
  });

  it('features outside the service region are reported', async () => {
    const far = path.join(dir, 'paris.geojson');
    fs.writeFileSync(far, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Paris' }, geometry: { type: 'Point', coordinates: [2.35, 48.85] } }] }));
    const up = await upload(adv, far).expect(201);
    const m = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Far'), provenance: PROVENANCE }).expect(200);
    expect(m.body.report.issues).toEqual([expect.objectContaining({ index: 1, kind: 'outside-region' })]);
  });

  it('a zip bomb and a zip slip are refused from the central directory, naming the entry; nothing is kept', async () => {
    const before = await importsCount(), files0 = uploadsLeft();
    const bomb = writeZip(path.join(dir, 'bomb.zip'), [{ name: 'roads.shp', data: Buffer.alloc(1024), method: 8, declaredSize: 2 ** 31 }]);
    const r1 = await upload(adv, bomb);
    expect(r1.status, JSON.stringify(r1.body)).toBe(400);
    expect(r1.body.detail).toMatch(/bomb\.zip/);
    expect(r1.body.detail).toMatch(/roads\.shp/);
    const slip = writeZip(path.join(dir, 'slip.zip'), [{ name: '../../x.shp', data: Buffer.from('x') }]);
    const r2 = await upload(adv, slip);
    expect(r2.status, JSON.stringify(r2.body)).toBe(400);
    expect(r2.body.detail).toMatch(/\.\.\/\.\.\/x\.shp/);
    expect(fs.existsSync(path.join(dir, 'data', '..', 'x.shp'))).toBe(false);
    expect(await importsCount()).toBe(before);
    expect(uploadsLeft()).toBe(files0);
  });

  it('two Shapefiles in one zip: the mapping must name one (the choices are listed)', async () => {
    const two = path.join(dir, 'two');
    fs.mkdirSync(two);
    ogr('-f', 'ESRI Shapefile', path.join(two, 'wells.shp'), SRC);
    ogr('-f', 'ESRI Shapefile', path.join(two, 'taps.shp'), SRC, '-where', "kind = 'tap'");
    const zip = path.join(dir, 'two.zip');
    execFileSync('zip', ['-j', '-q', zip, ...fs.readdirSync(two).map((f) => path.join(two, f))]);
    const up = await upload(adv, zip).expect(201);
    expect(up.body.detection.layers.map((l: any) => l.name).sort()).toEqual(['taps', 'wells']);
    const r = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Two'), provenance: PROVENANCE });
    expect(r.status).toBe(400);
    expect(r.body.choices.sort()).toEqual(['taps', 'wells']);
    const ok = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ layer: 'taps', target: orgTarget('Two'), provenance: PROVENANCE }).expect(200);
    expect(ok.body.report.total).toBe(2);
  });

  it('a line of 1,000,000 vertices is refused, naming the feature; nothing is staged', async () => {
    const coords: number[][] = [];
    for (let i = 0; i < 1_000_000; i++) coords.push([78.3 + (i % 1000) * 1e-4, 42.4 + Math.floor(i / 1000) * 1e-4]);
    const big = path.join(dir, 'huge-line.geojson');
    fs.writeFileSync(big, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: 'ok' }, geometry: { type: 'Point', coordinates: [78.39, 42.49] } },
      { type: 'Feature', properties: { name: 'huge' }, geometry: { type: 'LineString', coordinates: coords } },
    ] }));
    const up = await upload(adv, big).expect(201);
    const r = await send(adv, 'put', `/api/imports/${up.body.id}/mapping`).send({ target: orgTarget('Huge'), provenance: PROVENANCE });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.detail).toMatch(/huge-line\.geojson \(feature 2\)/);
    const staged = await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_staging WHERE import_id = ${up.body.id}`.execute(t.database.db);
    expect(Number(staged.rows[0]!.n)).toBe(0);
  });

  it('without a session or CSRF token nothing is accepted', async () => {
    const v = await visitor(t);
    await v.agent.post('/api/imports?filename=a.geojson').set('X-CSRF-Token', v.csrf).send(fs.readFileSync(files.geojson!)).expect(401);
    await adv.agent.post('/api/imports?filename=a.geojson').send(fs.readFileSync(files.geojson!)).expect(403);
  });
});
