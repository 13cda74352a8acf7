// The illustrative population grid's pure parts: cells laid in rings around a centre (each position once)
// and cells shared among settlements in proportion to their population (largest remainder).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PopulationRaster } from '../../server/src/population/geotiff.js';
import { aroundCells, gridGeoTiff, ringOffsets, settlementCells, shareCells } from '../../server/src/seed/population-grid.js';

describe('population grid', () => {
  it('ringOffsets: the centre, then whole square rings, every position once', () => {
    const nine = [...ringOffsets(9)];
    expect(nine[0]).toEqual([0, 0]);
    expect(new Set(nine.map((p) => p.join(','))).size).toBe(9);
    expect(nine.every(([x, y]) => Math.max(Math.abs(x), Math.abs(y)) <= 1)).toBe(true);
    const many = [...ringOffsets(1000)];
    expect(many).toHaveLength(1000);
    expect(new Set(many.map((p) => p.join(','))).size).toBe(1000);
    // 25 cells fill rings 0–2 exactly; the 26th starts ring 3.
    const rings = [...ringOffsets(26)].map(([x, y]) => Math.max(Math.abs(x), Math.abs(y)));
    expect(rings.slice(0, 25).every((r) => r <= 2)).toBe(true);
    expect(rings[25]).toBe(3);
    expect([...ringOffsets(0)]).toEqual([]);
  });

  it('shareCells: in proportion to population, summing to the total', () => {
    expect(shareCells(10, [900, 100])).toEqual([9, 1]);
    expect(shareCells(7, [1, 1, 1])).toEqual([3, 2, 2]);
    const s = shareCells(2_000_000, [900_000, 322_164, 123_239, 5_000, 12]);
    expect(s.reduce((a, b) => a + b, 0)).toBe(2_000_000);
    expect(s[0]! / s[1]!).toBeCloseTo(900_000 / 322_164, 3);
  });

  it('--around --tif: the GeoTIFF reads back (with the app\'s reader) as the same cells and people', async () => {
    const place = { lon: 72.99, lat: 40.93, population: 12_345 };
    const n = aroundCells(place.population);
    expect(n).toBe(617);
    const want = [...settlementCells(place, n, 100, 1, 0)];
    expect(want.reduce((a, c) => a + c.population, 0)).toBeCloseTo(12_345, 6);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pop-grid-')), 'grid.tif');
    fs.writeFileSync(file, Buffer.from(gridGeoTiff(place, n, 100, 1)));
    const r = await PopulationRaster.open(file);
    let cells = 0, total = 0, centre = Infinity;
    for await (const b of r.cells()) {
      cells += b.length;
      for (let i = 0; i < b.length; i++) { total += b.population[i]!; centre = Math.min(centre, Math.hypot(b.lon[i]! - place.lon, b.lat[i]! - place.lat)); }
    }
    await r.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(cells).toBe(n);
    expect(total).toBeCloseTo(12_345, 0); // Float32 cells
    expect(centre).toBeLessThan(1e-9); // a cell centred on the settlement
  });
});
