// The text-format readers (GeoJSON, NDJSON, CSV, KML, KMZ, GPX) and content sniffing, tested on files
// made at test time — most with the real ogr2ogr — and compared with their source: count, attributes,
// Cyrillic text byte for byte, coordinates within a metre. Plus hostile and broken files. Pure: no database.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type * as GeoJSON from 'geojson';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// crs.ts belongs to another helper and is a stub on this branch: a stand-in that says EPSG:4326 for
// degrees and asks for confirmation for metres, as the real one will; the tests check it was called.
const crs = vi.hoisted(() => {
  const wgs84 = { code: 'EPSG:4326', proj4: '+proj=longlat +datum=WGS84 +no_defs', source: 'guess' as const, needsConfirmation: false };
  return {
    crsForCoordinates: vi.fn((e: [number, number, number, number] | null) =>
      e && Math.max(Math.abs(e[0]), Math.abs(e[2])) > 180
        ? { code: null, proj4: null, source: 'none' as const, needsConfirmation: true, candidates: [] }
        : wgs84),
    crsFromCode: vi.fn((code: string) => ({ code, proj4: '+proj=longlat +datum=WGS84 +no_defs', source: 'user' as const, needsConfirmation: false })),
    crsFromPrj: vi.fn(),
    reprojector: vi.fn(() => (g: GeoJSON.Geometry) => g),
  };
});
vi.mock('../../server/src/imports/formats/crs.js', () => crs);

const { sniffFormat } = await import('../../server/src/imports/formats/sniff.js');
const { geojsonReader } = await import('../../server/src/imports/formats/geojson.js');
const { csvReader } = await import('../../server/src/imports/formats/csv.js');
const { xmlReader } = await import('../../server/src/imports/formats/xml.js');
const { DEFAULT_LIMITS, FormatProblem } = await import('../../server/src/imports/formats/types.js');
const { firstInvalidUtf8 } = await import('../../server/src/imports/formats/geojson-text.js');
const { detectFile, readFile } = await import('../../server/src/imports/formats/index.js');
type FormatId = import('../../server/src/imports/formats/types.js').FormatId;
type SourceFeature = import('../../server/src/imports/formats/types.js').SourceFeature;
type FormatReader = import('../../server/src/imports/formats/types.js').FormatReader;

let dir: string;
const file = (name: string) => ({ path: path.join(dir, name), filename: name, size: 0 });
const write = (name: string, content: string | Buffer) => { writeFileSync(path.join(dir, name), content); return file(name); };
const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

async function readAll(reader: FormatReader, f: ReturnType<typeof file>, format: FormatId, opts = {}): Promise<SourceFeature[]> {
  const out: SourceFeature[] = [];
  for await (const x of reader.read(f, format, opts, DEFAULT_LIMITS)) out.push(x);
  return out;
}

async function problemOf(p: Promise<unknown>): Promise<InstanceType<typeof FormatProblem>> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(FormatProblem);
  return e as InstanceType<typeof FormatProblem>;
}

// ---- the source: points and lines around Karakol, Kyrgyz (ң ө ү) and Russian (ё) text ----
interface Src { name: string; note: string; km: number; width: number; built: string; geometry: GeoJSON.Geometry }
const POINTS: Src[] = [
  { name: 'Каракол көпүрөсү', note: 'ёлка; ң ө ү, "кичи"', km: 12, width: 3.5, built: '2019-05-01', geometry: { type: 'Point', coordinates: [78.39, 42.49] } },
  { name: 'Мектеп №3', note: 'Ёжик', km: 3, width: 0.75, built: '2020-10-11', geometry: { type: 'Point', coordinates: [78.395123, 42.485678] } },
  { name: 'Үй-бүлөлүк дарыгерлер борбору', note: 'Жаңы өңүт', km: 0, width: 10.125, built: '2021-01-31', geometry: { type: 'Point', coordinates: [78.401234, 42.470987] } },
];
const LINES: Src[] = [
  {
    name: 'Ысык-Көл жолу', note: 'ңөү ёЁ', km: 7, width: 6.25, built: '2018-07-15',
    geometry: { type: 'MultiLineString', coordinates: [[[78.38, 42.48], [78.4, 42.5]], [[78.41, 42.505], [78.42, 42.51]]] },
  },
  { name: 'Арык', note: 'сугат', km: 1, width: 1.5, built: '2017-03-09', geometry: { type: 'LineString', coordinates: [[78.37, 42.47], [78.372, 42.471], [78.3735, 42.4722]] } },
];
const fc = (xs: Src[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: xs.map(({ geometry, ...properties }) => ({ type: 'Feature', properties, geometry })),
});

/** Vertices in order, from any geometry. */
function positions(g: GeoJSON.Geometry | null): GeoJSON.Position[] {
  if (!g) return [];
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(positions);
  const walk = (c: unknown): GeoJSON.Position[] => (Array.isArray(c) && typeof c[0] === 'number' ? [c as GeoJSON.Position] : (c as unknown[]).flatMap(walk));
  return walk(g.coordinates);
}
function metres(a: GeoJSON.Position, b: GeoJSON.Position): number {
  const dx = (a[0]! - b[0]!) * Math.cos((a[1]! * Math.PI) / 180) * 111_320;
  const dy = (a[1]! - b[1]!) * 110_540;
  return Math.hypot(dx, dy);
}

/** The read features are the source: same count, attributes, text byte for byte, vertices within 1 m. */
function expectSame(read: SourceFeature[], source: Src[], opts: { attrs?: (keyof Src)[]; types?: boolean } = {}) {
  const attrs = opts.attrs ?? ['name', 'note', 'km', 'width', 'built'];
  expect(read.length).toBe(source.length);
  for (const s of source) {
    const f = read.find((x) => x.properties.name === s.name);
    expect(f, `feature ${s.name}`).toBeDefined();
    expect(f!.error).toBeUndefined();
    for (const a of attrs) {
      expect(f!.properties[a], `${s.name}.${a}`).toEqual(s[a]);
      if (typeof s[a] === 'string') expect(Buffer.from(String(f!.properties[a]), 'utf8').equals(Buffer.from(s[a] as string, 'utf8'))).toBe(true);
    }
    const got = positions(f!.geometry), want = positions(s.geometry);
    expect(got.length, `${s.name} vertices`).toBe(want.length);
    got.forEach((p, i) => expect(metres(p, want[i]!), `${s.name} vertex ${i}`).toBeLessThan(1));
    if (opts.types !== false) expect(f!.geometry!.type).toBe(s.geometry.type);
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kg-fmt-text-'));
  writeFileSync(path.join(dir, 'source.geojson'), JSON.stringify(fc([...POINTS, ...LINES]), null, 1));
  writeFileSync(path.join(dir, 'points.geojson'), JSON.stringify(fc(POINTS)));
  writeFileSync(path.join(dir, 'lines.geojson'), JSON.stringify(fc(LINES)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => { crs.crsForCoordinates.mockClear(); crs.crsFromCode.mockClear(); });

describe('GeoJSON and NDJSON', () => {
  it('reads a FeatureCollection: count, types, fields with samples, extent, the CRS judged from the coordinates', async () => {
    const f = file('source.geojson');
    expect(await sniffFormat(f)).toBe('geojson');
    const d = await geojsonReader.detect(f, 'geojson', DEFAULT_LIMITS);
    const l = d.layers[0]!;
    expect(l.featureCount).toBe(5);
    expect(l.geometryTypes).toEqual(['Point', 'MultiLineString', 'LineString']);
    expect(l.fields.map((x) => [x.name, x.type])).toEqual([['name', 'text'], ['note', 'text'], ['km', 'integer'], ['width', 'number'], ['built', 'date']]);
    expect(l.fields[0]!.samples).toEqual(['Каракол көпүрөсү', 'Мектеп №3', 'Үй-бүлөлүк дарыгерлер борбору', 'Ысык-Көл жолу', 'Арык']);
    expect(l.sourceExtent).toEqual([78.37, 42.47, 78.42, 42.51]);
    expect(l.encoding).toEqual({ chosen: 'utf-8', source: 'format', needsChoice: false });
    expect(crs.crsForCoordinates).toHaveBeenCalledWith([78.37, 42.47, 78.42, 42.51]);
    expect(l.crs.code).toBe('EPSG:4326');
    const read = await readAll(geojsonReader, f, 'geojson');
    expect(read.map((x) => x.index)).toEqual([1, 2, 3, 4, 5]);
    expectSame(read, [...POINTS, ...LINES]);
  });

  it('reads NDJSON written by ogr2ogr (GeoJSONSeq)', async () => {
    ogr('-f', 'GeoJSONSeq', 'seq.geojsonl', 'source.geojson');
    const f = file('seq.geojsonl');
    expect(await sniffFormat(f)).toBe('ndjson');
    const d = await geojsonReader.detect(f, 'ndjson', DEFAULT_LIMITS);
    expect(d.layers[0]!.featureCount).toBe(5);
    expect(d.layers[0]!.fields.find((x) => x.name === 'built')!.type).toBe('date');
    expectSame(await readAll(geojsonReader, f, 'ndjson'), [...POINTS, ...LINES]);
  });

  it('accepts a single Feature and a bare geometry; keeps features without geometry; a legacy crs member is used', async () => {
    const one = write('one.geojson', JSON.stringify({ type: 'Feature', properties: { a: { b: [1, 2] } }, geometry: { type: 'Point', coordinates: [78.39, 42.49] } }));
    expect(await readAll(geojsonReader, one, 'geojson')).toEqual([{ index: 1, geometry: { type: 'Point', coordinates: [78.39, 42.49] }, properties: { a: '{"b":[1,2]}' } }]);
    const bare = write('bare.geojson', JSON.stringify({ type: 'LineString', coordinates: [[78, 42], [78.1, 42.1]] }));
    expect((await readAll(geojsonReader, bare, 'geojson'))[0]!.geometry!.type).toBe('LineString');
    const withNull = write('null.geojson', JSON.stringify({
      type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32644' } },
      features: [{ type: 'Feature', properties: { n: 1 }, geometry: null }, { type: 'Feature', properties: { n: 2 }, geometry: { type: 'Point', coordinates: [1, 2] } }],
    }));
    const read = await readAll(geojsonReader, withNull, 'geojson');
    expect(read[0]).toEqual({ index: 1, geometry: null, properties: { n: 1 } });
    const d = await geojsonReader.detect(withNull, 'geojson', DEFAULT_LIMITS);
    expect(crs.crsFromCode).toHaveBeenCalledWith('EPSG:32644');
    expect(crs.crsForCoordinates).not.toHaveBeenCalled();
    expect(d.layers[0]!.crs.source).toBe('declared');
    expect(d.warnings.join(' ')).toMatch(/1 feature\(s\) have no geometry/);
  });

  it('streams: the first feature is yielded before the rest of the file exists', async () => {
    const fifo = path.join(dir, 'stream.geojson');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    const feature = (n: number) => JSON.stringify({ type: 'Feature', properties: { n }, geometry: { type: 'Point', coordinates: [78, 42] } });
    writer.write(`{"type":"FeatureCollection","features":[${feature(1)},`);
    const it = geojsonReader.read({ path: fifo, filename: 'stream.geojson', size: 0 }, 'geojson', {}, DEFAULT_LIMITS)[Symbol.asyncIterator]();
    const first = await Promise.race([it.next(), new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
    expect(first).toEqual({ done: false, value: { index: 1, geometry: { type: 'Point', coordinates: [78, 42] }, properties: { n: 1 } } });
    writer.end(`${feature(2)}]}`);
    const rest: unknown[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    expect(rest).toHaveLength(1);
  });

  it('a syntax error names the feature and the byte; invalid UTF-8 names the byte, never a U+FFFD', async () => {
    const broken = write('broken.geojson', `{"type":"FeatureCollection","features":[${'{"type":"Feature","properties":{},"geometry":null},'.repeat(3)}{"type":"Feature","properties":{"a":tru}}]}`);
    const p = await problemOf(readAll(geojsonReader, broken, 'geojson'));
    expect(p.kind).toBe('invalid');
    expect(p.message).toMatch(/^The GeoJSON is not valid JSON at feature 4 \/ byte \d+: /);
    const prefix = Buffer.from('{"type":"Feature","properties":{"name":"Кара');
    const bad = write('bad-utf8.geojson', Buffer.concat([prefix, Buffer.from([0xd0, 0x41]), Buffer.from('"},"geometry":null}')]));
    const q = await problemOf(readAll(geojsonReader, bad, 'geojson'));
    expect(q.kind).toBe('invalid');
    expect(q.message).toContain(`byte ${prefix.length} is not part of a UTF-8 character`);
    const nd = write('broken.ndjson', `${JSON.stringify({ type: 'Feature', properties: {}, geometry: null })}\n{"type":"Feature",\n`);
    expect((await problemOf(readAll(geojsonReader, nd, 'ndjson'))).message).toMatch(/at feature 2 \(line 2\) \/ byte \d+/);
  });

  it('a feature with a malformed geometry is yielded with an error, the others are read', async () => {
    const f = write('badgeom.geojson', JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['78', 42] } },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [78, 42] } },
    ] }));
    const read = await readAll(geojsonReader, f, 'geojson');
    expect(read[0]).toMatchObject({ index: 1, geometry: null, error: expect.stringMatching(/^feature 1: the Point's coordinates/) });
    expect(read[1]!.geometry).toEqual({ type: 'Point', coordinates: [78, 42] });
  });
});

describe('CSV', () => {
  it("reads ';' CSV with comma decimals from ogr2ogr AS_XY; index is the line number; coordinates not kept as attributes", async () => {
    ogr('-oo', 'DATE_AS_STRING=YES', '-f', 'CSV', '-lco', 'GEOMETRY=AS_XY', '-lco', 'SEPARATOR=SEMICOLON', 'xy.csv', 'points.geojson');
    // GDAL writes decimal points; spreadsheets set to Russian write commas: rewrite X and Y (the first two columns)
    const text = readFileSync(path.join(dir, 'xy.csv'), 'utf8').replace(/^(-?\d+)\.(\d+);(-?\d+)\.(\d+);/gm, '$1,$2;$3,$4;');
    expect(text).toContain('78,39;42,49;');
    const f = write('comma.csv', text);
    expect(await sniffFormat(f)).toBe('csv');
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    const l = d.layers[0]!;
    expect(l.featureCount).toBe(3);
    expect(l.geometryTypes).toEqual(['Point']);
    expect(l.fields.map((x) => [x.name, x.type])).toEqual([['name', 'text'], ['note', 'text'], ['km', 'integer'], ['width', 'number'], ['built', 'date']]);
    expect(l.encoding).toEqual({ chosen: 'utf-8', source: 'utf8-valid', needsChoice: false });
    expect(crs.crsForCoordinates).toHaveBeenCalledWith([78.39, 42.470987, 78.401234, 42.49]);
    const read = await readAll(csvReader, f, 'csv');
    expect(read.map((x) => x.index)).toEqual([2, 3, 4]);
    expect(Object.keys(read[0]!.properties)).toEqual(['name', 'note', 'km', 'width', 'built']);
    expectSame(read, POINTS);
  });

  it('reads a WKT column from ogr2ogr AS_WKT (points and lines)', async () => {
    ogr('-oo', 'DATE_AS_STRING=YES', '-f', 'CSV', '-lco', 'GEOMETRY=AS_WKT', 'wkt.csv', 'source.geojson');
    const f = file('wkt.csv');
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    expect(d.layers[0]!.geometryTypes).toEqual(['Point', 'MultiLineString', 'LineString']);
    expect(d.layers[0]!.fields.map((x) => x.name)).not.toContain('WKT');
    expectSame(await readAll(csvReader, f, 'csv'), [...POINTS, ...LINES]);
  });

  it.each([
    ['ru', 'Долгота;Широта;Аты\n78,39;42,49;Көпүрө\n'],
    ['ky', 'Узундук;Кеңдик;Аты\n78,39;42,49;Көпүрө\n'],
    ['ky typed without ң, latitude first', 'Аты;кендик;узундук\nКөпүрө;42.49;78.39\n'],
    ['en with spaces, case and a unit', ' Longitude (°) , LATITUDE ,Аты\n78.39,42.49,Көпүрө\n'],
    ['en abbreviations, tab-separated', 'lng\tlat\tАты\n78.39\t42.49\tКөпүрө\n'],
    ['GPS prefix and WGS84 suffix', 'gps_lat;gps_lon_wgs84;Аты\n42,49;78,39;Көпүрө\n'],
  ])('finds lon/lat columns by name: %s', async (_what, text) => {
    const read = await readAll(csvReader, write('names.csv', text), 'csv');
    expect(read[0]!.geometry).toEqual({ type: 'Point', coordinates: [78.39, 42.49] });
    expect(read[0]!.properties).toEqual({ Аты: 'Көпүрө' });
  });

  it('finds lon/lat columns by value range when the names say nothing, and says so', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i + 1};участок ${i};${(74.5 + i * 0.08).toFixed(4)};${(40.1 + i * 0.05).toFixed(4)}`);
    const f = write('range.csv', `c1;c2;c3;c4\n${rows.join('\n')}\n`);
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    expect(d.warnings.join(' ')).toContain("'c3' and 'c4' were taken as longitude and latitude");
    expect(d.layers[0]!.fields.map((x) => x.name)).toEqual(['c1', 'c2']);
    const read = await readAll(csvReader, f, 'csv');
    expect(read[0]!.geometry).toEqual({ type: 'Point', coordinates: [74.5, 40.1] });
    // outside Kyrgyzstan: one column needs the longitude range, one fits latitudes
    const sf = write('range2.csv', 'p,q,r\n1,-122.41,37.77\n2,-122.27,37.8\n');
    expect((await readAll(csvReader, sf, 'csv'))[1]!.geometry).toEqual({ type: 'Point', coordinates: [-122.27, 37.8] });
    // two columns both in either range: ambiguous, no geometry guessed
    const amb = write('range3.csv', 'p,q,r\n1,41.5,42.5\n2,41.7,42.8\n');
    const da = await csvReader.detect(amb, 'csv', DEFAULT_LIMITS);
    expect(da.layers[0]!.geometryTypes).toEqual([]);
    expect(da.warnings.join(' ')).toMatch(/No coordinates were found/);
  });

  it('10,000 rows and one bad row: that row is yielded with its line number and the reason, the others are read', async () => {
    const lines = ['id;name;lon;lat'];
    for (let i = 1; i <= 10_000; i++) lines.push(`${i};Көпүрө ${i};${(78 + i / 1e5).toFixed(5)};${(42 + i / 1e5).toFixed(5)}`);
    lines[5011] = '5011;Жаман;78,5;4x.5'; // line 5012 of the file (the header is line 1)
    const f = write('big.csv', `${lines.join('\n')}\n`);
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    expect(d.layers[0]!.featureCount).toBe(10_000);
    expect(d.warnings.join(' ')).toContain("1 row(s) have coordinates that cannot be read (first: line 5012: latitude '4x.5' is not a number)");
    const read = await readAll(csvReader, f, 'csv');
    expect(read).toHaveLength(10_000);
    const bad = read.filter((x) => x.error);
    expect(bad).toEqual([{ index: 5012, geometry: null, properties: { id: 5011, name: 'Жаман' }, error: "line 5012: latitude '4x.5' is not a number" }]);
    expect(read.filter((x) => x.geometry)).toHaveLength(9_999);
    expect(read[9_999]!.index).toBe(10_001);
  });

  it('a windows-1251 CSV asks for a choice, with previews in which windows-1251 reads as Cyrillic', async () => {
    const text = 'name;lon;lat\nЁлочная улица;78,39;42,49\nШкола №3;78,4;42,5\n';
    const f = write('cp1251.csv', iconv.encode(text, 'windows-1251'));
    expect(await sniffFormat(f)).toBe('csv');
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    const enc = d.layers[0]!.encoding;
    expect(enc.needsChoice).toBe(true);
    expect(enc.chosen).toBeNull();
    expect(Object.keys(enc.previews!)).toEqual(['utf-8', 'windows-1251', 'cp866']);
    expect(enc.previews!['windows-1251']).toEqual([{ name: 'Ёлочная улица' }, { name: 'Школа №3' }]);
    expect(JSON.stringify(enc.previews!['utf-8'])).not.toContain('Ёлочная');
    expect(JSON.stringify(enc.previews!['cp866'])).not.toContain('Ёлочная');
    expect((await problemOf(readAll(csvReader, f, 'csv'))).kind).toBe('choice');
    const read = await readAll(csvReader, f, 'csv', { encoding: 'windows-1251' });
    expect(read.map((x) => x.properties.name)).toEqual(['Ёлочная улица', 'Школа №3']);
    expect(read[0]!.geometry).toEqual({ type: 'Point', coordinates: [78.39, 42.49] });
    // forcing UTF-8 on it names the byte instead of inventing U+FFFD
    expect((await problemOf(readAll(csvReader, f, 'csv', { encoding: 'utf-8' }))).message).toMatch(/byte 13 is not part of a UTF-8 character/);
  });

  it('keeps codes as text (leading zeros, 20-digit ids), "__proto__" as a column, WKT found by its values or alone', async () => {
    const f = write('codes.csv', 'code;big;__proto__;lon;lat\n007;12345678901234567890;x;078,39;42,49\n012;2;y;78,4;42,5\n');
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    expect(d.layers[0]!.fields.map((x) => [x.name, x.type])).toEqual([['code', 'text'], ['big', 'text'], ['__proto__', 'text']]);
    const read = await readAll(csvReader, f, 'csv');
    expect(read[0]!.properties.code).toBe('007');
    expect(read[0]!.properties.big).toBe('12345678901234567890');
    expect(Object.getPrototypeOf(read[0]!.properties)).toBe(Object.prototype);
    expect(Object.hasOwn(read[0]!.properties, '__proto__') && read[0]!.properties['__proto__']).toBe('x');
    expect(read[0]!.geometry).toEqual({ type: 'Point', coordinates: [78.39, 42.49] });
    const byValue = write('shape.csv', 'id,contour\n1,"POLYGON ((78 42, 78.1 42, 78.1 42.1, 78 42))"\n2,"SRID=4326;POINT (78.2 42.2)"\n3,POINT (7x 42)\n');
    const rows = await readAll(csvReader, byValue, 'csv');
    expect(rows.map((x) => x.geometry?.type ?? null)).toEqual(['Polygon', 'Point', null]);
    expect(rows[2]!.error).toMatch(/^line 4: the WKT in column 'contour' cannot be read/);
    const alone = write('alone.txt', 'WKT\n"LINESTRING (78 42, 78.1 42.1)"\n');
    expect(await sniffFormat(alone)).toBe('csv');
    expect((await readAll(csvReader, alone, 'csv'))[0]).toEqual({ index: 2, geometry: { type: 'LineString', coordinates: [[78, 42], [78.1, 42.1]] }, properties: {} });
  });

  it('counts lines through empty lines, CRLF and quoted values that span lines', async () => {
    const f = write('lines.csv', 'name;lon;lat\r\nА;78;42\r\n\r\n"Б\r\nB2";78,5;42,5\n\n"В";79;4y\n');
    const read = await readAll(csvReader, f, 'csv');
    expect(read.map((x) => [x.index, x.properties.name])).toEqual([[2, 'А'], [4, 'Б\r\nB2'], [7, 'В']]);
    expect(read[2]!.error).toBe("line 7: latitude '4y' is not a number");
  });

  it('metres go to crs.ts, which asks for confirmation', async () => {
    const f = write('utm.csv', 'x,y,name\n493512.5,4703211.25,a\n494000.75,4704000.5,b\n');
    const d = await csvReader.detect(f, 'csv', DEFAULT_LIMITS);
    expect(crs.crsForCoordinates).toHaveBeenCalledWith([493512.5, 4703211.25, 494000.75, 4704000.5]);
    expect(d.layers[0]!.crs.needsConfirmation).toBe(true);
    expect(d.layers[0]!.extent).toBeNull();
  });
});

describe('KML, KMZ and GPX', () => {
  it('reads KML written by ogr2ogr: placemarks, ExtendedData as attributes, styles dropped', async () => {
    ogr('-oo', 'DATE_AS_STRING=YES', '-f', 'KML', 'out.kml', 'source.geojson');
    const f = file('out.kml');
    expect(await sniffFormat(f)).toBe('kml');
    const d = await xmlReader.detect(f, 'kml', DEFAULT_LIMITS);
    expect(d.layers[0]!.featureCount).toBe(5);
    expect(d.layers[0]!.crs).toMatchObject({ code: 'EPSG:4326', source: 'format', needsConfirmation: false });
    expect(d.layers[0]!.fields.map((x) => [x.name, x.type])).toEqual([['name', 'text'], ['note', 'text'], ['km', 'integer'], ['width', 'number'], ['built', 'date']]);
    const read = await readAll(xmlReader, f, 'kml');
    expectSame(read, [...POINTS, ...LINES]);
    for (const x of read) expect(Object.keys(x.properties).filter((k) => /stroke|fill|style/i.test(k))).toEqual([]);
  });

  it('reads a KMZ (doc.kml inside a zip)', async () => {
    ogr('-oo', 'DATE_AS_STRING=YES', '-f', 'KML', 'doc.kml', 'points.geojson');
    execFileSync('zip', ['-q', 'points.kmz', 'doc.kml'], { cwd: dir });
    const f = file('points.kmz');
    expect(await sniffFormat(f)).toBe('kmz');
    const d = await xmlReader.detect(f, 'kmz', DEFAULT_LIMITS);
    expect(d.layers[0]!.featureCount).toBe(3);
    expectSame(await readAll(xmlReader, f, 'kmz'), POINTS);
  });

  it('reads GPX from ogr2ogr: waypoints as points, tracks as lines (MultiLineString for several segments), extensions as attributes', async () => {
    ogr('-f', 'GPKG', 'two.gpkg', 'points.geojson', '-nln', 'waypoints');
    ogr('-update', '-f', 'GPKG', 'two.gpkg', 'lines.geojson', '-nln', 'tracks', '-nlt', 'MULTILINESTRING');
    ogr('-f', 'GPX', '-dsco', 'GPX_USE_EXTENSIONS=YES', '-lco', 'FORCE_GPX_TRACK=YES', 'out.gpx', 'two.gpkg');
    const f = file('out.gpx');
    expect(await sniffFormat(f)).toBe('gpx');
    const d = await xmlReader.detect(f, 'gpx', DEFAULT_LIMITS);
    expect(d.layers).toHaveLength(1);
    expect(d.layers[0]!.featureCount).toBe(5);
    expect(new Set(d.layers[0]!.geometryTypes)).toEqual(new Set(['Point', 'MultiLineString', 'LineString']));
    const read = await readAll(xmlReader, f, 'gpx');
    expectSame(read, [...POINTS, ...LINES], { attrs: ['name', 'note', 'km'] });
    expect(read.find((x) => x.properties.name === 'Арык')!.properties.gpx_type).toBe('trk');
    expect(read.find((x) => x.properties.name === 'Мектеп №3')!.properties.gpx_type).toBe('wpt');
  });

  it('KML: placemarks in nested folders as one layer, <Data> values typed, styles and style URLs dropped; GPX routes are lines', async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Style id="s"><LineStyle><color>ff0000ff</color><width>3</width></LineStyle></Style>
      <Folder><name>A</name><Placemark><name>Көпүрө</name><styleUrl>#s</styleUrl>
        <ExtendedData><Data name="узундугу"><value>12.5</value></Data><Data name="абалы"><value>жакшы</value></Data></ExtendedData>
        <MultiGeometry><Point><coordinates>78.1,42.1</coordinates></Point><Point><coordinates>78.2,42.2,1500</coordinates></Point></MultiGeometry></Placemark>
      <Folder><name>B</name><Placemark><name>Жол</name><ExtendedData><Data name="узундугу"><value>7</value></Data></ExtendedData>
        <MultiGeometry><Point><coordinates>78.3,42.3</coordinates></Point><LineString><coordinates>78.3,42.3 78.4,42.4</coordinates></LineString></MultiGeometry></Placemark></Folder>
      </Folder></Document></kml>`;
    const f = write('folders.kml', kml);
    const d = await xmlReader.detect(f, 'kml', DEFAULT_LIMITS);
    expect(d.layers).toHaveLength(1);
    expect(d.layers[0]!.fields.map((x) => [x.name, x.type])).toEqual([['name', 'text'], ['узундугу', 'number'], ['абалы', 'text']]);
    const read = await readAll(xmlReader, f, 'kml');
    expect(read[0]!.properties).toEqual({ name: 'Көпүрө', узундугу: 12.5, абалы: 'жакшы' });
    expect(read[0]!.geometry).toEqual({ type: 'MultiPoint', coordinates: [[78.1, 42.1], [78.2, 42.2, 1500]] });
    expect(read[1]!.properties).toEqual({ name: 'Жол', узундугу: 7 });
    expect(read[1]!.geometry!.type).toBe('GeometryCollection'); // mixed kinds stay a collection
    const gpx = write('route.gpx', '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><rte><name>Маршрут</name><rtept lat="42.49" lon="78.39"/><rtept lat="42.5" lon="78.4"/></rte></gpx>');
    expect(await readAll(xmlReader, gpx, 'gpx')).toEqual([
      { index: 1, geometry: { type: 'LineString', coordinates: [[78.39, 42.49], [78.4, 42.5]] }, properties: { gpx_type: 'rte', name: 'Маршрут' } },
    ]);
  });

  it('decodes a KML that declares windows-1251; refuses bytes that are not UTF-8 when none is declared', async () => {
    const kml = '<?xml version="1.0" encoding="windows-1251"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Ёлочная</name><Point><coordinates>78.39,42.49</coordinates></Point></Placemark></Document></kml>';
    const f = write('cp1251.kml', iconv.encode(kml, 'windows-1251'));
    const read = await readAll(xmlReader, f, 'kml');
    expect(read[0]!.properties.name).toBe('Ёлочная');
    expect((await xmlReader.detect(f, 'kml', DEFAULT_LIMITS)).layers[0]!.encoding.chosen).toBe('windows-1251');
    const undeclared = write('undeclared.kml', iconv.encode(kml.replace(' encoding="windows-1251"', ''), 'windows-1251'));
    const p = await problemOf(readAll(xmlReader, undeclared, 'kml'));
    expect(p.message).toMatch(/not valid UTF-8: byte \d+/);
  });

  it('reads a UTF-16 KML (sniffed and decoded by its byte-order mark)', async () => {
    const kml = '<?xml version="1.0" encoding="UTF-16"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Көл</name><Point><coordinates>78.39,42.49</coordinates></Point></Placemark></kml>';
    const f = write('utf16.kml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(kml, 'utf16le')]));
    expect(await sniffFormat(f)).toBe('kml');
    expect((await readAll(xmlReader, f, 'kml'))[0]!.properties.name).toBe('Көл');
  });

  it('refuses an XXE reading a local file, with the DOCTYPE named', async () => {
    const f = write('xxe.kml', '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&x;</name><Point><coordinates>78,42</coordinates></Point></Placemark></kml>');
    const p = await problemOf(xmlReader.detect(f, 'kml', DEFAULT_LIMITS));
    expect(p.kind).toBe('invalid');
    expect(p.message).toMatch(/declares a DOCTYPE.*refused for safety/);
    expect(p.message).not.toContain('root:');
  });

  it('refuses an XXE fetching a URL, and nothing connects to the URL', async () => {
    let connections = 0;
    const server = net.createServer((s) => { connections++; s.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    try {
      const gpx = `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/secret">]><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="42" lon="78"><name>&x;</name></wpt></gpx>`;
      const f = write('xxe.gpx', gpx);
      for (const fmt of ['gpx'] as const) {
        const p = await problemOf(readAll(xmlReader, f, fmt));
        expect(p.kind).toBe('invalid');
        expect(p.message).toContain('DOCTYPE');
      }
      // an ENTITY without a DOCTYPE in front (lower case, inside the document) is refused too
      const g = write('entity.gpx', gpx.replace(/<!DOCTYPE gpx \[(.*)\]>/, '').replace('<wpt', `<!entity y SYSTEM "http://127.0.0.1:${port}/x"><wpt`));
      expect((await problemOf(readAll(xmlReader, g, 'gpx'))).message).toContain('ENTITY');
      await new Promise((r) => setTimeout(r, 200));
      expect(connections).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses the billion laughs quickly', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const f = write('lol.kml', `<?xml version="1.0"?><!DOCTYPE kml [${lol}]><kml><Placemark><name>&lol9;</name></Placemark></kml>`);
    const t0 = performance.now();
    expect((await problemOf(xmlReader.detect(f, 'kml', DEFAULT_LIMITS))).kind).toBe('invalid');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses a document over maxXmlBytes, and malformed XML', async () => {
    const f = file('out.kml');
    expect((await problemOf(xmlReader.detect(f, 'kml', { ...DEFAULT_LIMITS, maxXmlBytes: 100 }))).kind).toBe('too-large');
    const bad = write('bad.kml', '<kml><Placemark><name>x</Placemark></kml>');
    const p = await problemOf(xmlReader.detect(bad, 'kml', DEFAULT_LIMITS));
    expect(p.kind).toBe('invalid');
    expect(p.message).toMatch(/not well-formed XML/);
  });
});

describe('through the one door (index.ts)', () => {
  it('detectFile sniffs and detects, readFile reads with the chosen encoding', async () => {
    const f = write('door.txt', iconv.encode('название;долгота;широта\nМост через Каракол;78,39;42,49\n', 'windows-1251'));
    const d = await detectFile(f);
    expect(d.format).toBe('csv');
    await expect(async () => { for await (const _ of readFile(f, d, {})) { /* */ } }).rejects.toMatchObject({ kind: 'choice', choices: ['utf-8', 'windows-1251', 'cp866'] });
    const out: SourceFeature[] = [];
    for await (const x of readFile(f, d, { encoding: 'windows-1251' })) out.push(x);
    expect(out).toEqual([{ index: 2, geometry: { type: 'Point', coordinates: [78.39, 42.49] }, properties: { название: 'Мост через Каракол' } }]);
  });
});

describe('UTF-8 checking', () => {
  it('finds the first byte that is not UTF-8; a character cut by the end of a chunk is not an error until the end', () => {
    const ok = Buffer.from('aКө€😀');
    expect(firstInvalidUtf8(ok, true)).toBe(-1);
    expect(firstInvalidUtf8(ok.subarray(0, ok.length - 1), false)).toBe(-1);
    expect(firstInvalidUtf8(ok.subarray(0, ok.length - 1), true)).toBe(ok.length - 4);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]), true)).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]), true)).toBe(2); // surrogate
    expect(firstInvalidUtf8(Buffer.from([0xd0, 0x9a, 0xff]), true)).toBe(2);
  });

  it('names the right byte when a bad sequence straddles two 64 KB chunks', async () => {
    const head = Buffer.from(`{"type":"Feature","properties":{"a":"${'к'.repeat(30_000)}`);
    // a lead byte as the last byte of the first chunk (offset 65535), no continuation byte after it
    const before = Buffer.concat([head, Buffer.from('a'.repeat(65_535 - head.length))]);
    const f = write('straddle.geojson', Buffer.concat([before, Buffer.from([0xd0]), Buffer.from('x"},"geometry":null}')]));
    expect((await problemOf(readAll(geojsonReader, f, 'geojson'))).message).toContain('byte 65535 is not part');
  });
});

describe('sniffing by content', () => {
  it('a PNG named .geojson is unsupported, named as a PNG', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
    ]);
    const p = await problemOf(sniffFormat(write('roads.geojson', png), 'application/geo+json'));
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/^roads\.geojson is a PNG image, not a geographic file; the accepted formats are /);
  });

  it('tells the formats apart by their bytes, whatever the name', async () => {
    expect(await sniffFormat(write('a.txt', '\ufeff  \n{"type":"FeatureCollection","features":[]}'))).toBe('geojson');
    const line = JSON.stringify({ type: 'Feature', properties: {}, geometry: null });
    expect(await sniffFormat(write('a.json', `${line}\n${line}\n`))).toBe('ndjson');
    expect(await sniffFormat(write('a.geojson', `${line}\n`))).toBe('geojson');
    expect(await sniffFormat(write('a.geojsonl', `${line}\n`))).toBe('ndjson'); // the name breaks the tie
    expect(await sniffFormat(write('a.xml', '<?xml version="1.0"?>\n<!-- c --><gpx version="1.1"/>'))).toBe('gpx');
    expect(await sniffFormat(write('a.dat', '<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2"/>'))).toBe('kml');
    expect(await sniffFormat(write('a.kml', 'id,name\n1,x\n'))).toBe('csv');
    expect(await sniffFormat(write('a.gpkg', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)])))).toBe('geopackage');
    expect((await problemOf(sniffFormat(write('a.svg.kml', '<svg xmlns="http://www.w3.org/2000/svg"/>')))).message).toMatch(/root is <svg>/);
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect((await problemOf(sniffFormat(write('noise.csv', noise)))).kind).toBe('unsupported');
    expect((await problemOf(sniffFormat(write('plain.csv', 'just some words\n')))).kind).toBe('unsupported');
  });

  it('looks inside zips: a shapefile, a KML, or neither', async () => {
    write('roads.shp', 'x'); write('roads.dbf', 'x'); write('readme.txt', 'x');
    execFileSync('zip', ['-q', 'shp.zip', 'roads.shp', 'roads.dbf'], { cwd: dir });
    execFileSync('zip', ['-q', 'other.zip', 'readme.txt'], { cwd: dir });
    expect(await sniffFormat(file('shp.zip'))).toBe('shapefile');
    expect((await problemOf(sniffFormat(file('other.zip')))).message).toMatch(/neither a shapefile .* nor a KML/);
  });
});
