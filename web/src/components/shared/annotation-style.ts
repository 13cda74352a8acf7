// How the shared map draws a campaign's annotations: a colour per category (the label comes from
// the message files, share.categories.*) and one point where its number goes.
import type { Feature, LngLat } from '../../api/types.ts';
import { CATEGORY_COLOURS } from '../annotations/labels.ts';

// One palette for the workspace, the shared view and the legend: the annotations module's.
export { CATEGORY_COLOURS } from '../annotations/labels.ts';

export const colourOf = (category: unknown) => (CATEGORY_COLOURS as Record<string, string>)[String(category)] ?? CATEGORY_COLOURS.other;

/** Where an annotation's number sits: the point itself, a line's middle vertex, an area's box centre. */
export function anchorOf(f: Feature): LngLat | null {
  const g = f.geometry;
  if (!g) return null;
  switch (g.type) {
    case 'Point': return g.coordinates;
    case 'MultiPoint': return g.coordinates[0] ?? null;
    case 'LineString': return g.coordinates[Math.floor(g.coordinates.length / 2)] ?? null;
    case 'MultiLineString': { const l = g.coordinates[0] ?? []; return l[Math.floor(l.length / 2)] ?? null; }
    case 'Polygon': return boxCentre(g.coordinates[0] ?? []);
    case 'MultiPolygon': return boxCentre(g.coordinates[0]?.[0] ?? []);
  }
}

function boxCentre(ring: LngLat[]): LngLat | null {
  if (!ring.length) return null;
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}
