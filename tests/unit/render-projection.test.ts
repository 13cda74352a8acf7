// Web Mercator on paper: fitting, the web zoom for the printed scale, and a scale bar that is true on
// the ground at the map's latitude (compared with a geodesic distance from turf).
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { fitView, lonLatToPage, metresPerPoint, scaleBar } from '../../server/src/render/projection.js';

const frame = { x: 20, y: 100, w: 580, h: 400 };

describe('fitView', () => {
  it('shows the whole extent inside the frame, centred, with the frame aspect', () => {
    const v = fitView([78.345, 42.46, 78.44, 42.525], frame);
    for (const [lon, lat] of [[78.345, 42.46], [78.44, 42.525]] as const) {
      const [x, y] = lonLatToPage(v, lon, lat);
      expect(x).toBeGreaterThan(frame.x); expect(x).toBeLessThan(frame.x + frame.w);
      expect(y).toBeGreaterThan(frame.y); expect(y).toBeLessThan(frame.y + frame.h);
    }
    expect((v.maxX - v.minX) / (v.maxY - v.minY)).toBeCloseTo(frame.w / frame.h, 6);
    // Karakol at this size is what the web map shows at about zoom 12.
    expect(v.zoom).toBeGreaterThan(11); expect(v.zoom).toBeLessThan(13);
  });
  it('widens a single point to a readable extent', () => {
    const v = fitView([74.7, 42.8, 74.7, 42.8], frame);
    expect(v.bbox[2] - v.bbox[0]).toBeGreaterThan(0.01);
  });
});

describe('scale bar', () => {
  for (const lat of [39.5, 42.5]) {
    it(`is true on the ground at ${lat}° N (within 0.5 %)`, () => {
      const v = fitView([74.5, lat - 0.05, 74.7, lat + 0.05], frame);
      const bar = scaleBar(v, 150);
      expect([1, 2, 5]).toContain(bar.metres / 10 ** Math.floor(Math.log10(bar.metres)));
      expect(bar.points).toBeLessThanOrEqual(150);
      // Two points `bar.points` apart on the page along the centre parallel, measured on the ellipsoid.
      const [cx, cy] = [frame.x + frame.w / 2, frame.y + frame.h / 2];
      const lonAt = (x: number) => v.center[0] + ((x - cx) / frame.w) * (v.bbox[2] - v.bbox[0]);
      const ground = turf.distance([lonAt(cx - bar.points / 2), v.center[1]], [lonAt(cx + bar.points / 2), v.center[1]], { units: 'meters' });
      expect(Math.abs(ground - bar.metres) / bar.metres).toBeLessThan(0.005);
      expect(cy).toBeGreaterThan(0);
      expect(metresPerPoint(v)).toBeGreaterThan(0);
    });
  }
});
