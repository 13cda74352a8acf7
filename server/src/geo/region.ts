// The service region: the part of the flat map (WGS84 longitude/latitude) where shapes people send may
// lie — annotations, campaign areas, analysis areas, what-if sites. Kyrgyzstan's extent with a margin by
// default; SERVICE_REGION sets another, so another country can use the app. A shape is checked on the
// flat map, so a ring meant to cross the 180° meridian is refused instead of becoming a 358°-wide polygon.
import type { Geometry } from './geometry.js';

/** [minLon, minLat, maxLon, maxLat] in WGS84. */
export type Region = [number, number, number, number];

/** Kyrgyzstan's extent (lon 69.2–80.3, lat 39.1–43.3) with a margin of half a degree. */
export const DEFAULT_SERVICE_REGION: Region = [68.7, 38.6, 80.8, 43.8];

export const regionText = (r: Region) => `longitude ${r[0]} to ${r[2]}, latitude ${r[1]} to ${r[3]}`;

function positions(g: Geometry): [number, number][] {
  switch (g.type) {
    case 'Point': return [g.coordinates];
    case 'LineString': return g.coordinates;
    case 'Polygon': return g.coordinates.flat();
    case 'MultiPolygon': return g.coordinates.flat(2);
  }
}

/** Null when every position lies in the region, else how many do not and the first of them. */
export function outsideRegion(g: Geometry, r: Region): { count: number; first: [number, number] } | null {
  const out = positions(g).filter(([x, y]) => x < r[0] || x > r[2] || y < r[1] || y > r[3]);
  return out.length ? { count: out.length, first: out[0]! } : null;
}

/** The sentence a person reads when a shape leaves the region. */
export function outsideRegionReason(o: { count: number; first: [number, number] }, r: Region): string {
  return `${o.count === 1 ? 'a position' : `${o.count} positions`} (the first at [${o.first[0]}, ${o.first[1]}]) lie outside the service region (${regionText(r)}); positions are [longitude, latitude], and a shape may not cross the 180° meridian`;
}
