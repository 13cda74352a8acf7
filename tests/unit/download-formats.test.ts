// The pure parts of the download writers: CSV cells, dBase text and field names, KML escaping, WKT.
import { describe, expect, it } from 'vitest';
import { csvCell, neutralise } from '../../server/src/exports/formats/csv.js';
import { dbfNames, dbfText } from '../../server/src/exports/formats/shapefile.js';
import { xml } from '../../server/src/exports/formats/kml.js';
import { toWkt } from '../../server/src/exports/formats/wkt.js';
import { parseFile } from '../../server/src/exports/downloads.schema.js';

describe('CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+7 700', "'+7 700"], ['-5', "'-5"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['\rx', "'\rx"],
    ['a=b', 'a=b'], ['Каракол', 'Каракол'], ['', ''],
  ])('%j → %j', (input, out) => { expect(neutralise(input)).toBe(out); });

  it('quotes commas, quotes and line breaks (RFC 4180); numbers and booleans as written; null empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(null)).toBe('');
  });
});

describe('dBase text and field names', () => {
  it('writes UTF-8 bytes and never cuts a character in two at the 254-byte limit', () => {
    expect(Buffer.from(dbfText('ң'), 'latin1').toString('utf8')).toBe('ң');
    const long = 'a' + 'ө'.repeat(200); // 1 + 400 bytes
    const bytes = Buffer.from(dbfText(long), 'latin1');
    expect(bytes.length).toBeLessThanOrEqual(254);
    expect(bytes.length).toBe(253);
    expect(bytes.toString('utf8')).toBe('a' + 'ө'.repeat(126));
  });

  it('cuts names to 10 ASCII characters without collisions (case-insensitive)', () => {
    const m = dbfNames(['id', 'population', 'population_year', 'services_missing', 'services_m', 'name ky', 'ID']);
    expect([...m.values()]).toEqual(['id', 'population', 'populatio1', 'services_m', 'services_1', 'name_ky', 'ID1']);
    for (const v of m.values()) expect(v).toMatch(/^[A-Za-z0-9_]{1,10}$/);
  });
});

describe('KML text', () => {
  it('escapes markup and replaces characters XML 1.0 forbids', () => {
    expect(xml('<b>"Tom" & \'Jerry\'</b>')).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;');
    expect(xml('a\u0001b\uD800c')).toBe('a\uFFFDb\uFFFDc');
    expect(xml('ok\ttab\nline 😀')).toBe('ok\ttab\nline 😀');
  });
});

describe('WKT and file names', () => {
  it('writes every geometry type GDAL reads', () => {
    expect(toWkt({ type: 'Point', coordinates: [78.1, 42.5] })).toBe('POINT (78.1 42.5)');
    expect(toWkt({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toBe('LINESTRING (0 0, 1 1)');
    expect(toWkt({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0))');
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] })).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))');
    expect(toWkt({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] })).toBe('MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))');
  });

  it('splits {layer}.{format}, shp.zip included', () => {
    expect(parseFile('canals.shp.zip')).toEqual({ layer: 'canals', format: 'shp.zip' });
    expect(parseFile('power_lines.gpkg')).toEqual({ layer: 'power_lines', format: 'gpkg' });
    expect(parseFile('org-1a2b3c4d.shp.zip')).toEqual({ layer: 'org-1a2b3c4d', format: 'shp.zip' }); // an organisation layer
    expect(parseFile('canals')).toBeNull();
    expect(parseFile('../etc.csv')).toBeNull();
  });
});
