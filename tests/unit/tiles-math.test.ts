import { describe, expect, it } from 'vitest';
import { TileParams } from '../../server/src/tiles/tiles.routes.js';
import { toleranceAt, visibleValues } from '../../server/src/tiles/tiles.repo.js';
import { canals } from '../../server/src/layers/canals.js';
import { facilities } from '../../server/src/layers/facilities.js';
import { lonLatToTile, tileBbox } from '../helpers/tiles.js';

describe('tile maths', () => {
  it('validates z/x/y ranges', () => {
    expect(TileParams.safeParse({ layer: 'canals', z: '0', x: '0', y: '0' }).success).toBe(true);
    expect(TileParams.safeParse({ layer: 'canals', z: '22', x: String(2 ** 22 - 1), y: '0' }).success).toBe(true);
    expect(TileParams.safeParse({ layer: 'canals', z: '22', x: String(2 ** 22), y: '0' }).success).toBe(false);
    expect(TileParams.safeParse({ layer: 'canals', z: '23', x: '0', y: '0' }).success).toBe(false);
    expect(TileParams.safeParse({ layer: 'canals', z: '1', x: '0', y: '2' }).success).toBe(false);
  });

  it('simplifies by one tile pixel: halves per zoom level', () => {
    expect(toleranceAt(0)).toBeCloseTo(40075016.68557849 / 4096, 6);
    expect(toleranceAt(14) / toleranceAt(15)).toBeCloseTo(2, 9);
  });

  it('zoom filter shows more canal classes as one zooms in', () => {
    expect(visibleValues(canals, 5)).toEqual(['main']);
    expect(visibleValues(canals, 12)?.sort()).toEqual(['distributor', 'drain', 'main', 'on_farm']);
    expect(visibleValues(facilities, 3)).toBeNull();
  });

  it('tile bbox round-trips Karakol', () => {
    const [x, y] = lonLatToTile(78.3936, 42.4907, 14);
    const b = tileBbox(14, x, y);
    expect(b[0]).toBeLessThanOrEqual(78.3936);
    expect(b[2]).toBeGreaterThan(78.3936);
    expect(b[1]).toBeLessThanOrEqual(42.4907);
    expect(b[3]).toBeGreaterThan(42.4907);
  });
});
