// The offline basemap on paper: Kyrgyzstan's outline, lakes and rivers from the same reference files
// the web map's basemap serves (server/src/basemap), projected to the page here, with the same
// colours as the web basemap style. Vertices closer than a fraction of a point are dropped.
import fs from 'node:fs';
import path from 'node:path';
import { FILES, REFERENCE_DIR } from '../basemap/basemap.js';
import { merc, type MapView, type Rect } from './projection.js';

type Ring = [number, number][];
interface Shape { rings: Ring[]; bbox: [number, number, number, number] }

/** The web basemap's paint (server/src/basemap/basemap.ts, offline mode). */
export const BASEMAP_STYLE = {
  background: '#e8ecef', country: '#fbfaf6', lakes: '#b7d6ea', lakeOutline: '#8fbbd9', rivers: '#8fbbd9', outline: '#7c8a99',
} as const;

let loaded: Record<string, Shape[]> | undefined;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

function shapesOf(geojson: { features: { geometry: { type: string; coordinates: unknown } | null }[] }): Shape[] {
  const out: Shape[] = [];
  const add = (rings: number[][][]) => {
    const rs: Ring[] = rings.map((r) => r.map(([lon, lat]) => merc(lon!, lat!)));
    const xs = rs.flat().map((p) => p[0]), ys = rs.flat().map((p) => p[1]);
    out.push({ rings: rs, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
  };
  for (const f of geojson.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'Polygon' || g.type === 'MultiLineString') add(g.coordinates as number[][][]);
    else if (g.type === 'MultiPolygon') for (const p of g.coordinates as number[][][][]) add(p);
    else if (g.type === 'LineString') add([g.coordinates as number[][]]);
  }
  return out;
}

function basemapShapes(): Record<string, Shape[]> {
  loaded ??= Object.fromEntries(FILES.map((f) => [f.id, shapesOf(JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, f.file), 'utf8')))]));
  return loaded;
}

/** Attribution lines of the basemap files (printed under "Sources and licences"). */
export const basemapAttribution = () => FILES.map((f) => ({ dataset: f.dataset, attribution: f.attribution, licence: f.licence, url: f.url }));

/** SVG path data of a basemap layer in the view, rings outside the view skipped, tiny steps dropped. */
export function basemapPath(id: 'country' | 'lakes' | 'rivers', v: { k: number; minX: number; maxY: number; frame: Rect }, closed: boolean, minStep = 0.4): string {
  const x1 = v.minX + v.frame.w / v.k, y0 = v.maxY - v.frame.h / v.k;
  const parts: string[] = [];
  for (const s of basemapShapes()[id] ?? []) {
    if (s.bbox[2] < v.minX || s.bbox[0] > x1 || s.bbox[3] < y0 || s.bbox[1] > v.maxY) continue;
    for (const ring of s.rings) {
      let last: [number, number] | null = null;
      const pts: string[] = [];
      for (let i = 0; i < ring.length; i++) {
        // Vertices outside the frame are pulled onto a band just outside it: what shows inside the
        // frame is unchanged, and the far-away outline collapses into a few points.
        const px = clamp(v.frame.x + (ring[i]![0] - v.minX) * v.k, v.frame.x - 20, v.frame.x + v.frame.w + 20);
        const py = clamp(v.frame.y + (v.maxY - ring[i]![1]) * v.k, v.frame.y - 20, v.frame.y + v.frame.h + 20);
        if (last && i < ring.length - 1 && Math.abs(px - last[0]) < minStep && Math.abs(py - last[1]) < minStep) continue;
        pts.push(`${px.toFixed(1)} ${py.toFixed(1)}`);
        last = [px, py];
      }
      if (pts.length >= 2) parts.push(`M${pts.join('L')}${closed ? 'Z' : ''}`);
    }
  }
  return parts.join('');
}

/** The country's extent in EPSG:3857 (for the inset locator map). */
export function countryExtent(): [number, number, number, number] {
  const b = basemapShapes().country!.map((s) => s.bbox);
  return [Math.min(...b.map((x) => x[0])), Math.min(...b.map((x) => x[1])), Math.max(...b.map((x) => x[2])), Math.max(...b.map((x) => x[3]))];
}

export type { MapView };
