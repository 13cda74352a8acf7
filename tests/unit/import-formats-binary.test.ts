// The binary import formats against files made by real tools: GDAL's ogr2ogr writes the Shapefiles and
// GeoPackages (in UTF-8, CP1251 and CP866; in UTM 43N, Gauss-Krüger zone 13 and Kyrg-06), `zip` packs them,
// and a tiny zip writer below forges the hostile archives (bombs, lying headers, zip slip, links,
// encryption) byte by byte. Every fixture is made in a temporary folder at test time.
import { execFileSync } from 'node:child_process';
import { writeZip } from '../helpers/zip.js';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync, existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import * as turf from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRS_TABLE, crsForCoordinates, crsFromCode, crsFromPrj, reprojector } from '../../server/src/imports/formats/crs.js';
import { geopackageReader, quoteIdent } from '../../server/src/imports/formats/geopackage.js';
import { readGpkgGeometry } from '../../server/src/imports/formats/gpkg-binary.js';
import { readFile as readImport } from '../../server/src/imports/formats/index.js';
import { groupShapefiles, shapefileReader } from '../../server/src/imports/formats/shapefile.js';
import { encodingFromCpg } from '../../server/src/imports/formats/shp-encoding.js';
import { DEFAULT_LIMITS, FormatProblem, type Detection, type FormatLimits, type SourceFeature, type UploadedFile } from '../../server/src/imports/formats/types.js';
import { WkbError, wkbToGeoJSON } from '../../server/src/imports/formats/wkb.js';
import { extractZip, listZip, readZipEntry, unsafeEntryName } from '../../server/src/imports/formats/zip.js';

// ---------------------------------------------------------------------------------------------------------
// Source data: Karakol wells (points) and canals (lines), Kyrgyz letters ң ө ү and Russian ё.

interface WellProps { name_ky: string; name_ru: string | null; count: number; depth: number | null; built: string; active: boolean }
const WELLS: Array<{ lonlat: [number, number]; p: WellProps }> = [
  { lonlat: [78.39, 42.49], p: { name_ky: 'Жаңы-Арык', name_ru: 'Тёплые Ключи', count: 3, depth: 12.75, built: '2019-05-01', active: true } },
  { lonlat: [78.4012, 42.5031], p: { name_ky: 'Көл жээги', name_ru: 'Озёрное', count: 0, depth: 3.5, built: '2001-11-30', active: false } },
  { lonlat: [78.3731, 42.4803], p: { name_ky: 'Өрүк', name_ru: 'Ёлкино', count: 12, depth: 0.25, built: '1987-02-14', active: true } },
  { lonlat: [78.4177, 42.4712], p: { name_ky: 'Үч-Кайың', name_ru: 'Пржевальск', count: 250, depth: 100.125, built: '2023-08-09', active: true } },
  { lonlat: [78.3855, 42.4957], p: { name_ky: 'Түп', name_ru: null, count: 7, depth: null, built: '2010-01-01', active: false } },
];
const CANALS: Array<{ coords: [number, number][]; p: { name_ky: string; name_ru: string; length_km: number } }> = [
  { coords: [[78.36, 42.47], [78.375, 42.4812], [78.3903, 42.4899]], p: { name_ky: 'Чоң-Арык', name_ru: 'Большой канал ё', length_km: 3.4 } },
  { coords: [[78.41, 42.5], [78.4213, 42.4951], [78.4302, 42.4877], [78.4404, 42.4801]], p: { name_ky: 'Көк-Сай', name_ru: 'Синий Сай', length_km: 5.25 } },
];

const fc = (features: GeoJSON.Feature[]): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features });
const wellsGeoJson = () => fc(WELLS.map((w) => ({ type: 'Feature', properties: { ...w.p }, geometry: { type: 'Point', coordinates: w.lonlat } })));
const canalsGeoJson = () => fc(CANALS.map((c) => ({ type: 'Feature', properties: { ...c.p }, geometry: { type: 'LineString', coordinates: c.coords } })));

// ---------------------------------------------------------------------------------------------------------
// Helpers

let dir: string;
const p = (...parts: string[]) => join(dir, ...parts);
const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const hasZip = (() => { try { execFileSync('which', ['zip'], { stdio: 'ignore' }); return true; } catch { return false; } })();

/** Packs files (flat) with `zip` when installed, else with the small writer below. */
function zipFiles(out: string, files: string[]): string {
  if (hasZip) execFileSync('zip', ['-j', '-q', out, ...files]);
  else writeZip(out, files.map((f) => ({ name: basename(f), data: readFileSync(f), method: 8 as const })));
  return out;
}

/** Writes the shapefile parts for `stem` (all of .shp .shx .dbf .prj .cpg that exist) into a zip. */
function zipShapefile(out: string, stem: string, skip: string[] = []): string {
  const files = ['shp', 'shx', 'dbf', 'prj', 'cpg'].filter((e) => !skip.includes(e)).map((e) => `${stem}.${e}`).filter(existsSync);
  return zipFiles(out, files);
}

const upload = (path: string): UploadedFile => ({ path, filename: basename(path), size: statSync(path).size });

async function collect(it: AsyncIterable<SourceFeature>): Promise<SourceFeature[]> {
  const out: SourceFeature[] = [];
  for await (const f of it) out.push(f);
  return out;
}

async function problem(fn: () => Promise<unknown>): Promise<FormatProblem> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof FormatProblem) return e;
    throw e;
  }
  throw new Error('expected a FormatProblem, got none');
}

const metres = (a: GeoJSON.Position, b: GeoJSON.Position) => turf.distance(turf.point(a), turf.point(b), { units: 'kilometers' }) * 1000;

/** Every vertex of `got` (EPSG:4326 after readFile) within 1 m of the source. */
function expectWithin1m(got: GeoJSON.Geometry | null, want: GeoJSON.Position[]) {
  expect(got).not.toBeNull();
  const pts = got!.type === 'Point' ? [got!.coordinates] : got!.type === 'LineString' ? got!.coordinates : [];
  expect(pts.length).toBe(want.length);
  pts.forEach((q, i) => expect(metres(q, want[i]!)).toBeLessThan(1));
}

// A minimal zip writer: enough to forge what real tools refuse to make (names, sizes, flags, attributes).
// ---------------------------------------------------------------------------------------------------------
// Fixtures made once with ogr2ogr.

const GK13_PROJ4 = CRS_TABLE.find((d) => d.code === 'EPSG:28413')!.proj4;

beforeAll(() => {
  try {
    execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('These tests need GDAL\'s ogr2ogr (Debian: apt-get install gdal-bin).');
  }
  dir = mkdtempSync(join(tmpdir(), 'kg-fmt-bin-'));
  writeFileSync(p('wells.geojson'), JSON.stringify(wellsGeoJson()));
  writeFileSync(p('canals.geojson'), JSON.stringify(canalsGeoJson()));
  const shp = (sub: string, name: string, src: string, ...args: string[]) => {
    mkdirSync(p(sub), { recursive: true });
    ogr('-f', 'ESRI Shapefile', p(sub, `${name}.shp`), p(src), ...args);
    return p(sub, name);
  };
  // UTM 43N, UTF-8 with a .cpg.
  shp('utm', 'wells', 'wells.geojson', '-t_srs', 'EPSG:32643', '-lco', 'ENCODING=UTF-8');
  shp('utm', 'canals', 'canals.geojson', '-t_srs', 'EPSG:32643', '-lco', 'ENCODING=UTF-8');
  // Gauss-Krüger zone 13 in CP1251. CP1251 has no ң ө ү, so this file carries the Russian names only. The
  // coordinates are computed with the EPSG definition we use (towgs84 of EPSG:15865); left alone, PROJ would
  // pick the Russia-only EPSG:5044 for Karakol and land ~3 m away — a choice of transformation, not a bug.
  // A second ogr2ogr call labels the result as EPSG:28413, so the .prj is the one ogr2ogr writes for it.
  shp('gk-step', 'wells', 'wells.geojson', '-t_srs', GK13_PROJ4, '-lco', 'ENCODING=UTF-8', '-select', 'name_ru,count,depth,built,active');
  mkdirSync(p('gk'));
  ogr('-f', 'ESRI Shapefile', p('gk', 'wells.shp'), p('gk-step', 'wells.shp'), '-a_srs', 'EPSG:28413', '-lco', 'ENCODING=CP1251');
  unlinkSync(p('gk', 'wells.cpg'));
  // CP866 with the .cpg ogr2ogr writes.
  shp('cp866', 'wells', 'wells.geojson', '-t_srs', 'EPSG:32643', '-lco', 'ENCODING=CP866', '-select', 'name_ru,count');
  // Kyrg-06 zone 4 (EPSG:7695).
  shp('kyrg', 'wells', 'wells.geojson', '-t_srs', 'EPSG:7695', '-lco', 'ENCODING=UTF-8');
  // 120 wells, for the count mismatch.
  const many = fc(Array.from({ length: 120 }, (_, i) => ({ type: 'Feature', properties: { n: i + 1 }, geometry: { type: 'Point', coordinates: [78.3 + i / 1000, 42.4] } })));
  writeFileSync(p('many.geojson'), JSON.stringify(many));
  shp('many', 'wells', 'many.geojson');
  // One canal of 2000 vertices, for the vertex limit.
  const long = fc([{ type: 'Feature', properties: { n: 1 }, geometry: { type: 'LineString', coordinates: Array.from({ length: 2000 }, (_, i) => [78.3 + i / 10000, 42.4 + (i % 2) / 10000]) } }]);
  writeFileSync(p('long.geojson'), JSON.stringify(long));
  shp('long', 'canal', 'long.geojson', '-t_srs', 'EPSG:32643');
  // GeoPackage: two tables in UTM 43N.
  ogr('-f', 'GPKG', p('two.gpkg'), p('wells.geojson'), '-t_srs', 'EPSG:32643', '-nln', 'wells');
  ogr('-f', 'GPKG', '-update', p('two.gpkg'), p('canals.geojson'), '-t_srs', 'EPSG:32643', '-nln', 'canals');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectWells(features: SourceFeature[], opts: { ky: boolean }) {
  expect(features.map((f) => f.index)).toEqual([1, 2, 3, 4, 5]);
  features.forEach((f, i) => {
    const w = WELLS[i]!;
    if (opts.ky) expect(f.properties.name_ky).toBe(w.p.name_ky);
    expect(f.properties.name_ru).toBe(w.p.name_ru);
    expect(f.properties.count).toBe(w.p.count);
    if ('depth' in f.properties) expect(f.properties.depth).toBe(w.p.depth);
    if ('built' in f.properties) expect(f.properties.built).toBe(w.p.built);
    expectWithin1m(f.geometry, [w.lonlat]);
  });
}

// ---------------------------------------------------------------------------------------------------------

describe('zipped Shapefile from ogr2ogr', () => {
  it('UTM 43N with a UTF-8 .cpg: count, types, CRS from the .prj, Kyrgyz text byte-identical, within 1 m', async () => {
    const zip = zipShapefile(p('utm-wells.zip'), p('utm', 'wells'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers).toHaveLength(1);
    const l = d.layers[0]!;
    expect(l.name).toBe('wells');
    expect(l.featureCount).toBe(5);
    expect(l.geometryTypes).toEqual(['Point']);
    expect(l.encoding).toEqual({ chosen: 'utf-8', source: 'cpg', needsChoice: false });
    expect(l.crs).toMatchObject({ code: 'EPSG:32643', source: 'prj', needsConfirmation: false });
    // ogr2ogr writes true/false as N(1): an integer is what the file says.
    expect(Object.fromEntries(l.fields.map((f) => [f.name, f.type]))).toEqual({
      name_ky: 'text', name_ru: 'text', count: 'integer', depth: 'number', built: 'date', active: 'integer',
    });
    expect(l.fields.find((f) => f.name === 'name_ky')!.samples).toContain('Жаңы-Арык');
    // The source bbox's corners and edge midpoints, reprojected: it holds every well, a little wider
    // because UTM grid lines are not meridians.
    const [w, s, e, n] = l.extent!;
    expect([w, s]).toEqual([expect.closeTo(78.3731, 2), expect.closeTo(42.4712, 2)]);
    const eps = 1e-9; // the round trip through UTM is exact only to ~1e-14 degrees
    expect(w).toBeLessThanOrEqual(78.3731 + eps); expect(s).toBeLessThanOrEqual(42.4712 + eps);
    expect(e).toBeGreaterThanOrEqual(78.4177 - eps); expect(n).toBeGreaterThanOrEqual(42.5031 - eps);
    const features = await collect(readImport(upload(zip), d, {}));
    expectWells(features, { ky: true });
    expect(features.map((f) => f.properties.active)).toEqual([1, 0, 1, 1, 0]);
    expect(JSON.stringify(features)).not.toContain('\uFFFD');
  });

  it('Gauss-Krüger 13 in CP1251 without .cpg: ogr2ogr leaves the language driver at 0, so the user chooses; previews read as Russian only in windows-1251', async () => {
    expect(readFileSync(p('gk', 'wells.dbf'))[29]).toBe(0); // what ogr2ogr 3.6 actually writes for CP1251
    const zip = zipShapefile(p('gk-wells.zip'), p('gk', 'wells'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    const l = d.layers[0]!;
    expect(l.crs.code).toBe('EPSG:28413');
    expect(l.encoding.needsChoice).toBe(true);
    expect(l.encoding.chosen).toBeNull();
    expect(Object.keys(l.encoding.previews!)).toEqual(['utf-8', 'windows-1251', 'cp866']);
    expect(l.encoding.previews!['windows-1251']!.map((r) => r.name_ru)).toEqual(WELLS.slice(0, 5).map((w) => w.p.name_ru ?? ''));
    expect(l.encoding.previews!.cp866![0]!.name_ru).not.toBe(WELLS[0]!.p.name_ru);
    expect(l.fields.find((f) => f.name === 'name_ru')!.samples).toEqual([]); // unknown until chosen
    const e = await problem(() => collect(readImport(upload(zip), d, {})));
    expect(e.kind).toBe('choice');
    expect(e.choices).toEqual(['utf-8', 'windows-1251', 'cp866']);
    const features = await collect(readImport(upload(zip), d, { encoding: 'windows-1251' }));
    expectWells(features, { ky: false });
  });

  it('the language driver byte decides when there is no .cpg (0xC9 as ArcGIS writes for windows-1251)', async () => {
    mkdirSync(p('ldid'));
    for (const ext of ['shp', 'shx', 'dbf', 'prj']) writeFileSync(p('ldid', `wells.${ext}`), readFileSync(p('gk', `wells.${ext}`)));
    const fd = openSync(p('ldid', 'wells.dbf'), 'r+');
    writeSync(fd, Buffer.from([0xc9]), 0, 1, 29);
    closeSync(fd);
    const zip = zipShapefile(p('ldid-wells.zip'), p('ldid', 'wells'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers[0]!.encoding).toEqual({ chosen: 'windows-1251', source: 'ldid', needsChoice: false });
    expect(d.layers[0]!.fields.find((f) => f.name === 'name_ru')!.samples).toContain('Тёплые Ключи');
    expectWells(await collect(readImport(upload(zip), d, {})), { ky: false });
  });

  it('a .cpg that says UTF-8 over CP1251 bytes is not believed: the user chooses, with a warning', async () => {
    mkdirSync(p('liar-cpg'));
    for (const ext of ['shp', 'shx', 'dbf', 'prj']) writeFileSync(p('liar-cpg', `wells.${ext}`), readFileSync(p('gk', `wells.${ext}`)));
    writeFileSync(p('liar-cpg', 'wells.cpg'), 'UTF-8');
    const d = await shapefileReader.detect(upload(zipShapefile(p('liar-cpg.zip'), p('liar-cpg', 'wells'))), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers[0]!.encoding.needsChoice).toBe(true);
    expect(d.warnings.join(' ')).toMatch(/wells\.cpg says UTF-8/);
    // Forcing UTF-8 anyway is refused at the first undecodable value, never passed on as U+FFFD.
    const e = await problem(() => collect(readImport(upload(p('liar-cpg.zip')), d, { encoding: 'utf-8' })));
    expect(e).toMatchObject({ kind: 'invalid', where: 'feature 1' });
  });

  it('a shape beyond the vertex limit is refused from the .shx, before it is parsed', async () => {
    const zip = zipShapefile(p('long.zip'), p('long', 'canal'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers[0]!.featureCount).toBe(1);
    const e = await problem(() => shapefileReader.detect(upload(zip), 'shapefile', { ...DEFAULT_LIMITS, maxVerticesPerFeature: 100 }));
    expect(e).toMatchObject({ kind: 'invalid', where: 'feature 1' });
    expect(e.message).toMatch(/more than 100 vertices/);
  });

  it('a CP866 .cpg from ogr2ogr is honoured', async () => {
    expect(readFileSync(p('cp866', 'wells.cpg'), 'utf8').trim()).toBe('CP866');
    const zip = zipShapefile(p('cp866-wells.zip'), p('cp866', 'wells'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers[0]!.encoding).toMatchObject({ chosen: 'cp866', source: 'cpg' });
    expectWells(await collect(readImport(upload(zip), d, {})), { ky: false });
  });

  it('Kyrg-06 zone 4: the .prj ogr2ogr writes is recognised and points land within 1 m', async () => {
    const zip = zipShapefile(p('kyrg-wells.zip'), p('kyrg', 'wells'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers[0]!.crs.code).toBe('EPSG:7695');
    expectWells(await collect(readImport(upload(zip), d, {})), { ky: true });
  });

  it('lines: LineString geometry, every vertex within 1 m', async () => {
    const zip = zipShapefile(p('utm-canals.zip'), p('utm', 'canals'));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers[0]!.geometryTypes).toEqual(['LineString']);
    const features = await collect(readImport(upload(zip), d, {}));
    expect(features).toHaveLength(2);
    features.forEach((f, i) => {
      expect(f.properties).toEqual(CANALS[i]!.p);
      expectWithin1m(f.geometry, CANALS[i]!.coords);
    });
  });

  it('two .shp in one zip are two layers; reading without a layer asks which', async () => {
    const zip = zipFiles(p('both.zip'), ['wells', 'canals'].flatMap((n) => ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => p('utm', `${n}.${e}`))));
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    expect(d.layers.map((l) => l.name).sort()).toEqual(['canals', 'wells']);
    const e = await problem(() => collect(readImport(upload(zip), d, {})));
    expect(e.kind).toBe('choice');
    expect(e.choices!.sort()).toEqual(['canals', 'wells']);
    const canals = await collect(readImport(upload(zip), d, { layer: 'canals' }));
    expect(canals.map((f) => f.properties.name_ky)).toEqual(['Чоң-Арык', 'Көк-Сай']);
  });

  it('metres without a .prj (UTM 43N) need confirmation; UTM 43N is among the candidates; opts.srs resolves it', async () => {
    const zip = zipShapefile(p('noprj-utm.zip'), p('utm', 'wells'), ['prj']);
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    const crs = d.layers[0]!.crs;
    expect(crs.needsConfirmation).toBe(true);
    expect(crs.code).toBeNull();
    const c = crs.candidates!.find((x) => x.code === 'EPSG:32643')!;
    expect(c.extent[0]).toBeCloseTo(78.3731, 3);
    expect(d.layers[0]!.extent).toBeNull();
    const e = await problem(() => collect(readImport(upload(zip), d, {})));
    expect(e.kind).toBe('choice');
    expect(e.choices).toContain('EPSG:32643');
    expectWells(await collect(readImport(upload(zip), d, { srs: 'EPSG:32643' })), { ky: true });
  });

  it('metres without a .prj (Gauss-Krüger 13) offer zone 13 (one file cannot fit both GK 13 and UTM 43N: the false eastings differ by 13 million m)', async () => {
    const zip = zipShapefile(p('noprj-gk.zip'), p('gk', 'wells'), ['prj']);
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    const codes = d.layers[0]!.crs.candidates!.map((c) => c.code);
    expect(codes).toContain('EPSG:28413');
    expect(codes).not.toContain('EPSG:32643');
    expectWells(await collect(readImport(upload(zip), d, { srs: 'EPSG:28413', encoding: 'windows-1251' })), { ky: false });
  });

  it('entries group into Shapefiles by name: folders, any case, macOS forks ignored, same name in two folders kept apart', () => {
    const e = (name: string) => ({ name, directory: name.endsWith('/') });
    const groups = groupShapefiles(['data/', 'data/Wells.SHP', 'data/wells.dbf', 'data/WELLS.shx', '__MACOSX/data/._Wells.SHP', 'data/._x.shp',
      'a/roads.shp', 'a/roads.dbf', 'b\\roads.shp', 'readme.txt', 'roads.prj'].map(e));
    expect(groups.map((g) => g.name).sort()).toEqual(['Wells', 'a/roads', 'b/roads']);
    expect(groups.find((g) => g.name === 'Wells')!.entries).toEqual({ shp: 'data/Wells.SHP', dbf: 'data/wells.dbf', shx: 'data/WELLS.shx' });
  });

  it('a missing .dbf or .shx is named', async () => {
    const noDbf = await problem(() => shapefileReader.detect(upload(zipShapefile(p('nodbf.zip'), p('utm', 'wells'), ['dbf'])), 'shapefile', DEFAULT_LIMITS));
    expect(noDbf.kind).toBe('invalid');
    expect(noDbf.message).toContain('wells.dbf');
    expect(noDbf.where).toBe('wells.dbf');
    const noShx = await problem(() => shapefileReader.detect(upload(zipShapefile(p('noshx.zip'), p('utm', 'wells'), ['shx'])), 'shapefile', DEFAULT_LIMITS));
    expect(noShx.kind).toBe('invalid');
    expect(noShx.message).toContain('wells.shx');
  });

  it('120 shapes against 118 attribute records is refused with both numbers', async () => {
    // The .dbf is cut to 118 records the way a broken copy would be: header count rewritten and the file
    // truncated after record 118 (plus the 0x1A end mark), so the .dbf is consistent in itself.
    const dbf = p('many', 'wells.dbf');
    const b = readFileSync(dbf);
    expect(b.readUInt32LE(4)).toBe(120);
    const headerLength = b.readUInt16LE(8), recordLength = b.readUInt16LE(10);
    const fd = openSync(dbf, 'r+');
    const count = Buffer.alloc(4); count.writeUInt32LE(118);
    writeSync(fd, count, 0, 4, 4);
    writeSync(fd, Buffer.from([0x1a]), 0, 1, headerLength + 118 * recordLength);
    closeSync(fd);
    truncateSync(dbf, headerLength + 118 * recordLength + 1);
    const e = await problem(() => shapefileReader.detect(upload(zipShapefile(p('many.zip'), p('many', 'wells'))), 'shapefile', DEFAULT_LIMITS));
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/120 shapes.*118 attribute records/);
  });

  it('extracted files are removed when reading stops early', async () => {
    const zip = zipShapefile(p('early.zip'), p('utm', 'wells'));
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('kg-import-')).length;
    const d = await shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS);
    for await (const f of readImport(upload(zip), d, {})) { expect(f.index).toBe(1); break; }
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('kg-import-')).length).toBe(before);
  });
});

describe('GeoPackage from ogr2ogr', () => {
  it('two tables in EPSG:32643: layers, CRS, field types, Cyrillic text, points and lines within 1 m', async () => {
    const file = upload(p('two.gpkg'));
    const d = await geopackageReader.detect(file, 'geopackage', DEFAULT_LIMITS);
    expect(d.layers.map((l) => l.name)).toEqual(['canals', 'wells']);
    const wells = d.layers.find((l) => l.name === 'wells')!;
    expect(wells.featureCount).toBe(5);
    expect(wells.geometryTypes).toEqual(['Point']);
    expect(wells.crs).toMatchObject({ code: 'EPSG:32643', source: 'format', needsConfirmation: false });
    expect(wells.encoding).toMatchObject({ chosen: 'utf-8', needsChoice: false });
    expect(Object.fromEntries(wells.fields.map((f) => [f.name, f.type]))).toEqual({
      name_ky: 'text', name_ru: 'text', count: 'integer', depth: 'number', built: 'date', active: 'boolean',
    });
    expect(d.layers.find((l) => l.name === 'canals')!.geometryTypes).toEqual(['LineString']);
    const e = await problem(() => collect(readImport(file, d, {})));
    expect(e.kind).toBe('choice');
    const features = await collect(readImport(file, d, { layer: 'wells' }));
    expectWells(features, { ky: true });
    expect(features.map((f) => f.properties.active)).toEqual(WELLS.map((w) => w.p.active));
    const canals = await collect(readImport(file, d, { layer: 'canals' }));
    canals.forEach((f, i) => {
      expect(f.properties).toEqual(CANALS[i]!.p);
      expectWithin1m(f.geometry, CANALS[i]!.coords);
    });
  });

  it('a file that is not SQLite, and one over 200 MB, are refused', async () => {
    writeFileSync(p('fake.gpkg'), 'not a database at all, just text');
    expect((await problem(() => geopackageReader.detect(upload(p('fake.gpkg')), 'geopackage', DEFAULT_LIMITS))).kind).toBe('invalid');
    const big = p('big.gpkg');
    writeFileSync(big, '');
    truncateSync(big, 200 * 1024 * 1024 + 1); // sparse: no disk used
    expect((await problem(() => geopackageReader.detect(upload(big), 'geopackage', DEFAULT_LIMITS))).kind).toBe('too-large');
  });

  it('identifiers from the file are quoted, never spliced', () => {
    expect(quoteIdent('wells')).toBe('"wells"');
    expect(quoteIdent('x"; DROP TABLE gpkg_contents; --')).toBe('"x""; DROP TABLE gpkg_contents; --"');
  });
});

describe('hostile zips', () => {
  const small: FormatLimits = { ...DEFAULT_LIMITS, maxUnzippedBytes: 1024 * 1024 };

  it('a highly compressed entry (20 MB of zeros) is refused by its ratio before anything is unpacked', async () => {
    const zip = writeZip(p('bomb.zip'), [{ name: 'zeros.dbf', data: Buffer.alloc(20 * 1024 * 1024), method: 8 }]);
    expect(statSync(zip).size).toBeLessThan(100 * 1024);
    const e = await problem(() => listZip(zip, DEFAULT_LIMITS));
    expect(e.kind).toBe('invalid');
    expect(e.where).toBe('entry zeros.dbf');
    expect(e.message).toMatch(/zip bomb/);
    const out = mkdtempSync(join(dir, 'x-'));
    await problem(() => extractZip(zip, out, DEFAULT_LIMITS));
    expect(readdirSync(out)).toEqual([]);
  });

  it('an entry declaring 2 GB is refused from the central directory', async () => {
    const zip = writeZip(p('declared.zip'), [{ name: 'huge.shp', data: Buffer.from('tiny'), method: 8, declaredSize: 2 ** 31, declaredCompressedSize: 2 ** 30 + 1 }]);
    const e = await problem(() => listZip(zip, DEFAULT_LIMITS));
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/more than 1,024 MB.*huge\.shp/);
  });

  it('many honest entries are refused once their sum passes the limit', async () => {
    const parts = ['a', 'b', 'c'].map((n) => ({ name: `${n}.dbf`, data: Buffer.alloc(400 * 1024, n) }));
    const zip = writeZip(p('sum.zip'), parts);
    expect(await listZip(zip, DEFAULT_LIMITS)).toHaveLength(3);
    const e = await problem(() => listZip(zip, small));
    expect(e.where).toBe('entry c.dbf');
  });

  it('a lying header (declares 1000 bytes, inflates to 5 MB) is stopped by the byte counter', async () => {
    const zip = writeZip(p('liar.zip'), [{ name: 'liar.shp', data: Buffer.alloc(5 * 1024 * 1024, 7), method: 8, declaredSize: 1000 }]);
    expect(await listZip(zip, DEFAULT_LIMITS)).toEqual([{ name: 'liar.shp', compressedSize: expect.any(Number), uncompressedSize: 1000, directory: false }]);
    const out = mkdtempSync(join(dir, 'liar-'));
    const e = await problem(() => extractZip(zip, out, DEFAULT_LIMITS));
    expect(e.kind).toBe('invalid');
    expect(e.where).toBe('entry liar.shp');
    expect(e.message).toMatch(/more data than its header declares/);
    const written = readdirSync(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
    expect(written).toBeLessThanOrEqual(1000);
    const e2 = await problem(() => readZipEntry(zip, 'liar.shp', 10_000, DEFAULT_LIMITS));
    expect(e2.message).toMatch(/more data than its header declares/);
  });

  it.each([
    ['../../x.shp', /climbs out/],
    ['/etc/x.shp', /absolute path/],
    ['..\\..\\x.shp', /climbs out/],
    ['C:/Windows/x.shp', /drive letter/],
    ['a/../../x.shp', /climbs out/],
  ])('zip slip %s is refused, naming the entry', async (name, why) => {
    const zip = writeZip(p('slip.zip'), [{ name: 'ok.txt', data: Buffer.from('fine') }, { name, data: Buffer.from('evil') }]);
    const e = await problem(() => listZip(zip, DEFAULT_LIMITS));
    expect(e.kind).toBe('invalid');
    expect(e.where).toBe(`entry ${name}`);
    expect(e.message).toMatch(why);
    expect(e.message).toContain(name);
  });

  it('a zip slip reaches the Shapefile reader as the same problem, and nothing lands outside', async () => {
    const zip = writeZip(p('slip-shp.zip'), [{ name: '../../escaped.shp', data: Buffer.from('evil') }]);
    const e = await problem(() => shapefileReader.detect(upload(zip), 'shapefile', DEFAULT_LIMITS));
    expect(e.where).toBe('entry ../../escaped.shp');
    expect(existsSync(join(tmpdir(), '..', 'escaped.shp'))).toBe(false);
  });

  it('a symbolic link entry is refused', async () => {
    const zip = writeZip(p('link.zip'), [{ name: 'wells.shp', data: Buffer.from('/etc/passwd'), externalAttr: (0o120777 << 16) >>> 0 }]);
    const e = await problem(() => listZip(zip, DEFAULT_LIMITS));
    expect(e.where).toBe('entry wells.shp');
    expect(e.message).toMatch(/symbolic link/);
  });

  it('an encrypted entry is refused', async () => {
    const zip = writeZip(p('enc.zip'), [{ name: 'wells.dbf', data: Buffer.from('xxxxxxxxxxxxsecret'), method: 8, flags: 0x1 }]);
    const e = await problem(() => listZip(zip, DEFAULT_LIMITS));
    expect(e.message).toMatch(/encrypted/);
  });

  it('a file that is not a zip is invalid, not a crash', async () => {
    writeFileSync(p('notzip.zip'), 'hello');
    expect((await problem(() => listZip(p('notzip.zip'), DEFAULT_LIMITS))).kind).toBe('invalid');
  });

  it('readZipEntry returns one entry, capped', async () => {
    const zip = writeZip(p('kmz.zip'), [{ name: 'doc.kml', data: Buffer.from('<kml>Көл</kml>'), method: 8 }]);
    expect((await readZipEntry(zip, 'doc.kml', 1000, DEFAULT_LIMITS)).toString('utf8')).toBe('<kml>Көл</kml>');
    expect((await problem(() => readZipEntry(zip, 'doc.kml', 5, DEFAULT_LIMITS))).kind).toBe('too-large');
    expect((await problem(() => readZipEntry(zip, 'missing.kml', 1000, DEFAULT_LIMITS))).kind).toBe('invalid');
  });

  it('unsafeEntryName accepts ordinary names, with backslash folders', () => {
    for (const ok of ['wells.shp', 'data/wells.shp', 'data\\wells.shp', 'a..b.shp', 'Көл.shp']) expect(unsafeEntryName(ok)).toBeNull();
  });
});

describe('CRS', () => {
  it.each(CRS_TABLE.map((d) => d.code))('%s: the ESRI and OGC WKT that GDAL writes are matched to the code', (code) => {
    for (const fmt of ['wkt_esri', 'wkt1']) {
      const wkt = execFileSync('gdalsrsinfo', [code, '-o', fmt], { encoding: 'utf8' }).trim();
      expect(crsFromPrj(wkt).code).toBe(code);
    }
  });

  it.each(CRS_TABLE.map((d) => d.code))('%s: our proj4 string says what the PROJ database says (towgs84 included)', (code) => {
    // The independent check of the table: proj.db is EPSG's data, our strings were copied from it by hand.
    const parse = (s: string) => new Map<string, string>(s.trim().split(/\s+/)
      .map((t): [string, string] => { const [k = '', v = ''] = t.replace(/^\+/, '').split('='); return [k, v]; })
      .filter(([k]) => !['wktext', 'type', 'no_defs'].includes(k)));
    const same = (a = '', b = '') => a === b || (a.split(',').length === b.split(',').length
      && a.split(',').every((x, i) => Math.abs(Number(x) - Number(b.split(',')[i])) < 1e-9));
    const ours = parse(CRS_TABLE.find((d) => d.code === code)!.proj4);
    const projDb = parse(execFileSync('gdalsrsinfo', [code, '-o', 'proj4'], { encoding: 'utf8' }));
    expect([...ours.keys()].sort()).toEqual([...projDb.keys()].sort());
    for (const [k, v] of projDb) expect(same(ours.get(k), v), `${k}: ${ours.get(k)} vs ${v}`).toBe(true);
  });

  it('our proj4 strings agree with PROJ (gdaltransform) within 1 mm, towgs84 included, for every projected CRS', () => {
    for (const def of CRS_TABLE.filter((d) => d.projected)) {
      // Through the proj4 string on both sides: the same towgs84, so only the projection maths is compared.
      const out = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', def.proj4], { input: '76.5 41.5\n', encoding: 'utf8' }).trim().split(/\s+/).map(Number);
      const back = reprojector(crsFromCode(def.code))({ type: 'Point', coordinates: [out[0]!, out[1]!] }) as GeoJSON.Point;
      expect(metres(back.coordinates, [76.5, 41.5])).toBeLessThan(0.001);
    }
  });

  it('an unknown code names the supported ones', () => {
    const e = (() => { try { crsFromCode('EPSG:2154'); } catch (x) { return x as FormatProblem; } throw new Error('no throw'); })();
    expect(e.kind).toBe('invalid');
    expect(e.message).toContain('EPSG:28413');
    expect(e.message).toContain('EPSG:7695');
    expect(crsFromCode('urn:ogc:def:crs:EPSG::32643').code).toBe('EPSG:32643');
    expect(crsFromCode('28413').code).toBe('EPSG:28413');
  });

  it('an unlisted .prj is handed to proj4 as WKT; nonsense is invalid', () => {
    const wkt = execFileSync('gdalsrsinfo', ['EPSG:32645', '-o', 'wkt1'], { encoding: 'utf8' }).trim();
    const crs = crsFromPrj(wkt);
    expect(crs).toMatchObject({ code: null, source: 'prj', needsConfirmation: false });
    const pt = reprojector(crs)({ type: 'Point', coordinates: [500000, 4700000] }) as GeoJSON.Point;
    expect(pt.coordinates[0]).toBeCloseTo(87, 6);
    expect(() => crsFromPrj('this is not WKT')).toThrow(FormatProblem);
  });

  it('degrees are EPSG:4326; metres outside Kyrgyzstan in every zone get no candidates', () => {
    expect(crsForCoordinates([78.3, 42.4, 78.5, 42.6])).toMatchObject({ code: 'EPSG:4326', source: 'format', needsConfirmation: false });
    expect(crsForCoordinates([100, 100, 200, 200])).toMatchObject({ needsConfirmation: true, candidates: [] });
  });

  it('.cpg spellings', () => {
    expect(encodingFromCpg('UTF-8\n')).toBe('utf-8');
    expect(encodingFromCpg('65001')).toBe('utf-8');
    expect(encodingFromCpg('ANSI 1251')).toBe('windows-1251');
    expect(encodingFromCpg('CP1251')).toBe('windows-1251');
    expect(encodingFromCpg('OEM 866')).toBe('cp866');
    expect(encodingFromCpg('nonsense')).toBeNull();
  });
});

describe('WKB', () => {
  const wkb = (le: boolean, type: number, ...parts: Array<number | number[]>) => {
    const chunks: Buffer[] = [Buffer.from([le ? 1 : 0])];
    const u32 = (v: number) => { const b = Buffer.alloc(4); le ? b.writeUInt32LE(v >>> 0) : b.writeUInt32BE(v >>> 0); return b; };
    const f64 = (v: number) => { const b = Buffer.alloc(8); le ? b.writeDoubleLE(v) : b.writeDoubleBE(v); return b; };
    chunks.push(u32(type));
    for (const part of parts) chunks.push(Array.isArray(part) ? Buffer.concat(part.map(f64)) : u32(part));
    return Buffer.concat(chunks);
  };

  it('points in both byte orders', () => {
    expect(wkbToGeoJSON(wkb(true, 1, [78.39, 42.49]))).toEqual({ type: 'Point', coordinates: [78.39, 42.49] });
    expect(wkbToGeoJSON(wkb(false, 1, [78.39, 42.49]))).toEqual({ type: 'Point', coordinates: [78.39, 42.49] });
  });

  it('ISO Z, M and ZM codes and EWKB flags with an SRID: Z and M dropped', () => {
    expect(wkbToGeoJSON(wkb(true, 1001, [1, 2, 3]))).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(wkbToGeoJSON(wkb(true, 2002, 2, [1, 2, 9, 3, 4, 9]))).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    expect(wkbToGeoJSON(wkb(false, 3001, [1, 2, 8, 9]))).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(wkbToGeoJSON(wkb(true, 0x80000001 | 0x20000000, 32643, [1, 2, 3]))).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(wkbToGeoJSON(wkb(false, 0xc0000002, 1, [5, 6, 7, 8]))).toEqual({ type: 'LineString', coordinates: [[5, 6]] });
  });

  it('polygons, multi-geometries (mixed byte orders inside) and collections', () => {
    const ring = [0, 0, 1, 0, 1, 1, 0, 0];
    const poly = wkb(true, 3, 1, 4, ring);
    expect(wkbToGeoJSON(poly)).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
    const mpoly = Buffer.concat([wkb(false, 6, 2), poly, wkb(false, 3, 1, 4, ring)]);
    expect(wkbToGeoJSON(mpoly)).toMatchObject({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], [1, 0], [1, 1], [0, 0]]]] });
    const mline = Buffer.concat([wkb(true, 5, 2), wkb(true, 2, 2, [0, 0, 1, 1]), wkb(false, 2, 2, [2, 2, 3, 3])]);
    expect(wkbToGeoJSON(mline)).toEqual({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] });
    const mpoint = Buffer.concat([wkb(true, 4, 2), wkb(true, 1, [1, 1]), wkb(true, 1, [NaN, NaN])]);
    expect(wkbToGeoJSON(mpoint)).toEqual({ type: 'MultiPoint', coordinates: [[1, 1]] });
    const gc = Buffer.concat([wkb(true, 7, 2), wkb(true, 1, [1, 2]), wkb(true, 2, 2, [0, 0, 1, 1])]);
    expect(wkbToGeoJSON(gc)).toEqual({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }] });
    expect(wkbToGeoJSON(wkb(true, 1, [NaN, NaN]))).toBeNull();
  });

  it('truncated data, hostile counts, bad orders and curve types are WkbErrors', () => {
    expect(() => wkbToGeoJSON(wkb(true, 1, [1]))).toThrow(WkbError);
    expect(() => wkbToGeoJSON(wkb(true, 2, 0xfffffff0, [1, 2]))).toThrow(/claims/);
    expect(() => wkbToGeoJSON(Buffer.from([7, 1, 0, 0, 0]))).toThrow(/byte order/);
    expect(() => wkbToGeoJSON(wkb(true, 8, 0))).toThrow(/Unsupported/);
    expect(() => wkbToGeoJSON(Buffer.concat([wkb(true, 4, 1), wkb(true, 2, 0)]))).toThrow(/MultiPoint holds a LineString/);
  });

  it('GeoPackage blobs: header with envelope, both header byte orders, the empty flag', () => {
    const point = wkb(true, 1, [778602, 4709753]);
    const env = Buffer.alloc(32);
    const le = Buffer.concat([Buffer.from([0x47, 0x50, 0, 0b011]), Buffer.from([0x83, 0x7f, 0, 0]), env, point]);
    expect(readGpkgGeometry(le)).toEqual({ srsId: 32643, geometry: { type: 'Point', coordinates: [778602, 4709753] } });
    const be = Buffer.concat([Buffer.from([0x47, 0x50, 0, 0b000]), Buffer.from([0, 0, 0x7f, 0x83]), point]);
    expect(readGpkgGeometry(be).srsId).toBe(32643);
    expect(readGpkgGeometry(Buffer.from([0x47, 0x50, 0, 0x11, 0, 0, 0, 0])).geometry).toBeNull();
    expect(() => readGpkgGeometry(point)).toThrow(WkbError);
  });
});
