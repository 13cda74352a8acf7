// The population GeoTIFF reader against files made by GDAL at test time: a small ESRI ASCII grid with
// known values (a nodata value, zeros and a negative among them) written here, turned into GeoTIFFs by
// gdal_translate in EPSG:4326, UTM 43N (EPSG:32643), Mollweide (ESRI:54009) and tiled 16 × 16. The
// expected cell centres are computed by hand (degrees) or by GDAL's own gdaltransform (projected), not
// by the code under test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PopulationRaster, RasterProblem, metresPerDegree, type ReadStats } from '../../server/src/population/geotiff.js';

const dir = mkdtempSync(join(tmpdir(), 'kg-pop-tif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An ESRI ASCII grid (rows from the north) and the GeoTIFF gdal_translate makes of it. */
function tif(name: string, g: { xll: number; yll: number; cell: number; rows: number[][]; srs: string; co?: string[]; bands?: number; nodata?: string }): string {
  const asc = join(dir, `${name}.asc`);
  writeFileSync(asc, [`ncols ${g.rows[0]!.length}`, `nrows ${g.rows.length}`, `xllcorner ${g.xll}`, `yllcorner ${g.yll}`, `cellsize ${g.cell}`, `NODATA_value ${g.nodata ?? '-9999'}`,
    ...g.rows.map((r) => r.join(' ')), ''].join('\n'));
  const out = join(dir, `${name}.tif`);
  const bands = g.bands ? Array.from({ length: g.bands }, () => ['-b', '1']).flat() : [];
  execFileSync('gdal_translate', ['-q', '-ot', 'Float32', '-a_srs', g.srs, ...bands, ...(g.co ?? []).flatMap((c) => ['-co', c]), asc, out]);
  return out;
}

interface Cell { lon: number; lat: number; population: number; cellM: number }

async function readAll(file: string, opts: Parameters<typeof PopulationRaster.open>[1] = {}, batch = 3): Promise<{ cells: Cell[]; stats: ReadStats; raster: PopulationRaster }> {
  const raster = await PopulationRaster.open(file, opts);
  const stats: ReadStats = { pixels: 0, populated: 0, dropped: 0, outside: 0, total: 0 };
  const cells: Cell[] = [];
  try {
    for await (const b of raster.cells(batch, stats)) {
      expect(b.length).toBeLessThanOrEqual(batch);
      for (let i = 0; i < b.length; i++) cells.push({ lon: b.lon[i]!, lat: b.lat[i]!, population: b.population[i]!, cellM: b.cellM[i]! });
    }
  } finally {
    await raster.close();
  }
  return { cells, stats, raster };
}

/** Metres between two lon/lat points (haversine, mean radius). */
function metres(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180, dLat = (b[1] - a[1]) * r, dLon = (b[0] - a[0]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** GDAL's own reprojection of points (an independent reference). */
function gdaltransform(srs: string, pts: [number, number][]): [number, number][] {
  const out = execFileSync('gdaltransform', ['-s_srs', srs, '-t_srs', 'EPSG:4326'], { input: pts.map((p) => `${p[0]} ${p[1]}`).join('\n') + '\n' }).toString();
  return out.trim().split('\n').map((l) => l.trim().split(/\s+/).slice(0, 2).map(Number) as [number, number]);
}

// 4 × 3 cells: -9999 (nodata), 0 and -2 are left out; 8 populated cells, 36.75 people.
const ROWS = [
  [1, 2, -9999, 0],
  [3.5, 0, 4, 5],
  [-9999, 6, 7, -2],
];
const POPULATED: { r: number; c: number; v: number }[] = [];
ROWS.forEach((row, r) => row.forEach((v, c) => { if (v > 0) POPULATED.push({ r, c, v }); }));
const TOTAL = POPULATED.reduce((a, p) => a + p.v, 0);

describe('population GeoTIFF reader', () => {
  it('EPSG:4326: the populated cells, their centres within 1 m of the hand-computed ones, the total', async () => {
    const file = tif('deg', { xll: 74.5, yll: 42.8, cell: 0.01, rows: ROWS, srs: 'EPSG:4326' });
    const { cells, stats, raster } = await readAll(file);
    expect(raster.info.crs.code).toBe('EPSG:4326');
    expect(cells).toHaveLength(7);
    expect(TOTAL).toBe(28.5);
    expect(cells.reduce((a, c) => a + c.population, 0)).toBeCloseTo(TOTAL, 9);
    expect(stats).toMatchObject({ pixels: 12, populated: 7, dropped: 5, outside: 0 });
    // The top-left corner is (74.5, 42.8 + 3 × 0.01); cell (r, c)'s centre is half a cell in.
    POPULATED.forEach((p, k) => {
      const want: [number, number] = [74.5 + (p.c + 0.5) * 0.01, 42.83 - (p.r + 0.5) * 0.01];
      expect(metres([cells[k]!.lon, cells[k]!.lat], want)).toBeLessThan(1);
      expect(cells[k]!.population).toBe(p.v);
    });
    // A 0.01° cell at 42.8° N: 0.01 × 81.8 km by 0.01 × 111.1 km, as a square of the same area.
    const m = metresPerDegree(cells[0]!.lat);
    expect(cells[0]!.cellM).toBe(Math.round(Math.sqrt(0.01 * m.lon * 0.01 * m.lat)));
    expect(cells[0]!.cellM).toBeGreaterThan(940);
    expect(cells[0]!.cellM).toBeLessThan(960);
  });

  it('UTM 43N (EPSG:32643): centres within 1 m of GDAL\'s, cell size 100 m', async () => {
    const file = tif('utm', { xll: 467000, yll: 4746000, cell: 100, rows: ROWS, srs: 'EPSG:32643' });
    const { cells, raster } = await readAll(file);
    expect(raster.info.crs.code).toBe('EPSG:32643');
    expect(cells).toHaveLength(7);
    const want = gdaltransform('EPSG:32643', POPULATED.map((p) => [467000 + (p.c + 0.5) * 100, 4746300 - (p.r + 0.5) * 100]));
    cells.forEach((c, k) => expect(metres([c.lon, c.lat], want[k]!)).toBeLessThan(1));
    expect(cells.every((c) => c.cellM === 100)).toBe(true);
    expect(cells.reduce((a, c) => a + c.population, 0)).toBeCloseTo(TOTAL, 9);
  });

  it('Mollweide (ESRI:54009, how GHSL is published): centres within 1 m of GDAL\'s', async () => {
    const file = tif('moll', { xll: 6162400, yll: 5107500, cell: 100, rows: ROWS, srs: 'ESRI:54009' });
    const { cells, raster } = await readAll(file);
    expect(raster.info.crs.code).toBe('ESRI:54009');
    const want = gdaltransform('ESRI:54009', POPULATED.map((p) => [6162400 + (p.c + 0.5) * 100, 5107800 - (p.r + 0.5) * 100]));
    cells.forEach((c, k) => expect(metres([c.lon, c.lat], want[k]!)).toBeLessThan(1));
    expect(cells[0]!.lon).toBeCloseTo(74.6, 1);
  });

  it('a tiled file (16 × 16 blocks) read in windows of a few blocks: every cell once, the same total', async () => {
    // 40 × 37 cells (3 × 3 tiles, partial at the edges): value (r * 40 + c) % 7 — a seventh of them 0.
    const rows = Array.from({ length: 37 }, (_, r) => Array.from({ length: 40 }, (_, c) => ((r * 40 + c) % 7) + (r === 5 && c === 5 ? -9999 : 0)));
    const file = tif('tiled', { xll: 74.5, yll: 42.5, cell: 0.001, rows, srs: 'EPSG:4326', co: ['TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16'] });
    const want = rows.flat().filter((v) => v > 0);
    const { cells, stats, raster } = await readAll(file, { limits: { windowPixels: 700 } }, 100);
    expect(raster.info.tiled).toBe(true);
    expect(raster.info.blockHeight).toBe(16);
    expect(raster.windowRows).toBe(16); // 700 pixels: one row of tiles at a time
    expect(cells).toHaveLength(want.length);
    expect(stats.pixels).toBe(40 * 37);
    expect(cells.reduce((a, c) => a + c.population, 0)).toBe(want.reduce((a, v) => a + v, 0));
    // Row by row from the top: the last cell is the bottom row's last populated one.
    const last = cells.at(-1)!;
    const lastCol = rows[36]!.map((v, c) => (v > 0 ? c : -1)).filter((c) => c >= 0).at(-1)!;
    expect(metres([last.lon, last.lat], [74.5 + (lastCol + 0.5) * 0.001, 42.5 + 0.5 * 0.001])).toBeLessThan(1);
  });

  it('refuses what is not a one-band population GeoTIFF, saying why', async () => {
    const notTiff = join(dir, 'not.tif');
    writeFileSync(notTiff, 'ncols 4\nnrows 3\n');
    await expect(PopulationRaster.open(notTiff)).rejects.toThrow(RasterProblem);
    await expect(PopulationRaster.open(notTiff)).rejects.toThrow(/is not a TIFF/);
    const broken = join(dir, 'broken.tif');
    writeFileSync(broken, Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    await expect(PopulationRaster.open(broken)).rejects.toThrow(/cannot be read as a GeoTIFF/);
    await expect(PopulationRaster.open(join(dir, 'missing.tif'))).rejects.toThrow(/no such file/);

    const two = tif('two', { xll: 74.5, yll: 42.8, cell: 0.01, rows: ROWS, srs: 'EPSG:4326', bands: 2 });
    await expect(PopulationRaster.open(two)).rejects.toThrow(/has 2 bands: say which holds the population \(--band 1…2\)/);
    await expect(PopulationRaster.open(two, { band: 3 })).rejects.toThrow(/--band 3: .* has 2 bands/);
    expect((await readAll(two, { band: 2 })).cells).toHaveLength(7);

    const laea = tif('laea', { xll: 4321000, yll: 3210000, cell: 100, rows: ROWS, srs: 'EPSG:3035' });
    await expect(PopulationRaster.open(laea)).rejects.toThrow(/coordinate system EPSG:3035 is not supported/);

    const deg = join(dir, 'deg.tif');
    await expect(PopulationRaster.open(deg, { limits: { maxPixels: 11 } })).rejects.toThrow(/4 × 3 pixels: more than this loader reads/);
    await expect(PopulationRaster.open(deg, { limits: { maxBytes: 100 } })).rejects.toThrow(/more than the 0 MB allowed/);
    // gdal_translate writes this small grid as one strip of 4 × 3: over a limit of 10 pixels a block, refused.
    await expect(PopulationRaster.open(deg, { limits: { maxBlockPixels: 10 } })).rejects.toThrow(/blocks of 4 × 3 pixels, too large to read a part at a time/);
  });

  it('a large positive nodata value (Float32-rounded in the band) is dropped, not taken for a huge count', async () => {
    const file = tif('bignodata', { xll: 74.5, yll: 42.8, cell: 0.01, rows: [[1, 3.1e38, 2]], srs: 'EPSG:4326', nodata: '3.1e38' });
    const { cells, stats } = await readAll(file);
    expect(cells.map((c) => c.population)).toEqual([1, 2]);
    expect(stats.dropped).toBe(1);
  });

  it('refuses a cell of 10 million people or more (not a count per cell)', async () => {
    const file = tif('huge', { xll: 74.5, yll: 42.8, cell: 0.01, rows: [[1, 2e7]], srs: 'EPSG:4326' });
    await expect(readAll(file)).rejects.toThrow(/row 0, column 1 holds 20000000: not a count of people per cell/);
  });
});
