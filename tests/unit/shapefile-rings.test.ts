// Shapefiles want outer rings clockwise and holes counter-clockwise (ESRI), GeoJSON the other way
// round (RFC 7946). The writer re-orients them (geo/rings.ts); here a polygon with a hole, written as
// the download does, is read back by GDAL (ogrinfo), which takes a clockwise ring for the shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { oriented, signedArea } from '../../server/src/geo/rings.js';
import { shapefileWriter } from '../../server/src/exports/formats/shapefile.js';

const CCW = [[74, 42], [75, 42], [75, 43], [74, 43], [74, 42]];
const CW = [...CCW].reverse();

describe('ring orientation', () => {
  it('has a positive signed area counter-clockwise, negative clockwise', () => {
    expect(signedArea(CCW)).toBe(2);
    expect(signedArea(CW)).toBe(-2);
  });

  it('reverses a ring only when it runs the other way', () => {
    expect(oriented(CW, true)).toBe(CW);
    expect(oriented(CCW, false)).toBe(CCW);
    expect(oriented(CCW, true)).toEqual(CW);
    expect(oriented(CW, false)).toEqual(CCW);
  });
});

describe('shapefile rings', () => {
  it('writes the shell clockwise and the hole counter-clockwise, and GDAL reads the polygon as it was', async () => {
    const hole = [[74.2, 42.2], [74.2, 42.8], [74.8, 42.8], [74.8, 42.2], [74.2, 42.2]]; // clockwise, as RFC 7946 wants a hole
    const zipped = await shapefileWriter.write({ name: 'ring', geometry: 'polygon', columns: [], rows: [{ id: 1, values: {}, geometry: { type: 'Polygon', coordinates: [CCW, hole] } }] } as never, {});
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-shp-rings-'));
    try {
      const zip = await JSZip.loadAsync(zipped);
      for (const name of Object.keys(zip.files)) fs.writeFileSync(path.join(dir, name), await zip.file(name)!.async('nodebuffer'));
      const shp = fs.readFileSync(path.join(dir, 'ring.shp'));
      // The one record: header (8), shape type (4), box (32), part and point counts, part starts, points.
      let at = 100 + 8 + 4 + 32;
      const parts = shp.readInt32LE(at), points = shp.readInt32LE(at + 4);
      at += 8;
      const starts = Array.from({ length: parts }, (_, i) => shp.readInt32LE(at + 4 * i));
      at += 4 * parts;
      const xy = Array.from({ length: points }, (_, i) => [shp.readDoubleLE(at + 16 * i), shp.readDoubleLE(at + 16 * i + 8)]);
      const rings = starts.map((s, i) => xy.slice(s, starts[i + 1] ?? points));
      expect(rings.map((r) => Math.sign(signedArea(r)))).toEqual([-1, 1]);

      const wkt = execFileSync('ogrinfo', ['-al', '-q', path.join(dir, 'ring.shp')], { encoding: 'utf8' }).match(/POLYGON \(\((.*?)\)/)![1]!;
      expect(wkt).toBe('74 42,74 43,75 43,75 42,74 42'); // the shell first, not the hole
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
