// The commitments on a printed map: a layer definition coloured by status (the palette of
// commitments.palette.ts, so the map, its legend, the tracker page and the report agree) and the
// features of GET /api/decisions/{id}/commitments.geojson projected onto the page, so the print
// renderer draws them and their legend like any registry layer. Also the extent to frame them in.
import type { Geometry, Position } from 'geojson';
import type { LayerDef } from '../layers/types.js';
import { STATUS_ORDER, STATUS_PALETTE } from '../commitments/commitments.palette.js';
import type { CommitmentsGeoJson } from '../commitments/commitments.types.js';
import { STATUS_LABEL, T } from '../commitments/tracker.messages.js';
import { lonLatToPage, type Bbox, type MapView } from './projection.js';
import type { GeomType, PrintFeature, PrintLayer } from './scene.js';
import { attrs, n1, text } from './svg.js';

/** The layer the commitments are drawn as: any geometry, one colour class per status. */
export const COMMITMENTS_LAYER: LayerDef = {
  id: 'commitments',
  table: 'commitments',
  title: T.mapLayer,
  description: T.mapLayer,
  geometry: 'any',
  group: 'advocacy',
  minzoom: 0,
  maxzoom: 22,
  attributes: [{
    name: 'status', type: 'enum', label: T.mapLayer,
    values: STATUS_ORDER.map((s) => ({ value: s, label: STATUS_LABEL[s], color: STATUS_PALETTE[s].color, mark: STATUS_PALETTE[s].mark })),
  }],
  style: { colorBy: 'status', defaultColor: '#888888' },
};

function each(g: Geometry, f: (type: GeomType, coords: Position[][]) => void) {
  switch (g.type) {
    case 'Point': f('Point', [[g.coordinates]]); break;
    case 'MultiPoint': for (const p of g.coordinates) f('Point', [[p]]); break;
    case 'LineString': f('LineString', [g.coordinates]); break;
    case 'MultiLineString': for (const l of g.coordinates) f('LineString', [l]); break;
    case 'Polygon': f('Polygon', g.coordinates); break;
    case 'MultiPolygon': for (const p of g.coordinates) f('Polygon', p); break;
    case 'GeometryCollection': for (const x of g.geometries) each(x, f); break;
  }
}

/** The lon/lat extent of every commitment with a place, or null when none has one. */
export function commitmentsBbox(geo: CommitmentsGeoJson): Bbox | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const ft of geo.features) {
    each(ft.geometry, (_t, rings) => {
      for (const r of rings) for (const [x, y] of r) {
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        x0 = Math.min(x0, x!); y0 = Math.min(y0, y!); x1 = Math.max(x1, x!); y1 = Math.max(y1, y!);
      }
    });
  }
  if (!Number.isFinite(x0)) return null;
  // A margin of a fifth of the extent (at least about 200 m: a bazaar's commitments lie within a few
  // hundred metres and must not shrink into one cluster) so that nothing sits on the frame.
  const px = Math.max((x1 - x0) * 0.2, 0.0025), py = Math.max((y1 - y0) * 0.2, 0.002);
  return [x0 - px, y0 - py, x1 + px, y1 + py];
}

/** The commitments as a print layer on `view` (page path data; a point for markers and labels). */
export function commitmentsLayer(geo: CommitmentsGeoJson, view: MapView): PrintLayer {
  const features: PrintFeature[] = [];
  for (const ft of geo.features) {
    // No provenance here: an illustrative decision is flagged on the page (notes band, red flag), not by a line style.
    const props = { status: ft.properties.status, id: ft.properties.id };
    each(ft.geometry, (type, rings) => {
      const pts = rings.map((r) => r.map(([lon, lat]) => lonLatToPage(view, lon!, lat!)));
      if (type === 'Point') { const [x, y] = pts[0]![0]!; features.push({ d: null, geometryType: 'Point', x, y, props }); return; }
      const d = pts.map((r) => `M${r.map(([x, y]) => `${n1(x)} ${n1(y)}`).join('L')}${type === 'Polygon' ? 'Z' : ''}`).join('');
      const ring = pts[0]!;
      const mid = type === 'LineString' ? ring[Math.floor(ring.length / 2)]! : [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length] as [number, number];
      features.push({ d, geometryType: type, x: mid[0], y: mid[1], props });
    });
  }
  return { def: COMMITMENTS_LAYER, features, truncated: false };
}


/** Each commitment's number in reading order (the page's cards, the report's bars and table): 1, 2, … over all decisions. */
export function commitmentNumbers(decisions: { commitments: { id: string }[] }[]): Map<string, number> {
  return new Map(decisions.flatMap((d) => d.commitments).map((c, i) => [c.id, i + 1]));
}

/**
 * A numbered marker per commitment at its label point (the middle of a line, a point itself), so the
 * map reads with the list: a white disc ringed in the status colour, the number in ink. Drawn over the
 * map frame (appended to the page's SVG); one marker per commitment even when it has several parts.
 */
export function commitmentMarkers(layer: PrintLayer, numbers: Map<string, number>, s: number): string {
  // `s`: the marker's scale (the page's type scale; larger for a picture that a phone shows shrunk).
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of layer.features) {
    const id = String(f.props.id), n = numbers.get(id);
    if (n === undefined || seen.has(id)) continue;
    seen.add(id);
    const color = STATUS_PALETTE[f.props.status as keyof typeof STATUS_PALETTE]?.color ?? '#888888';
    const r = (n >= 10 ? 7.5 : 6.5) * s;
    // Points sit on their own circle: the marker goes just above it.
    const y = f.geometryType === 'Point' ? f.y - r - 5 * s : f.y;
    out.push(`<circle${attrs({ cx: f.x, cy: y, r, fill: '#ffffff', stroke: color, 'stroke-width': 2 * s })}/>`
      + text(f.x, y + 2.7 * s, String(n), { size: (n >= 100 ? 5.5 : 7.5) * s, bold: true, fill: '#14202b', anchor: 'middle' }));
  }
  return out.length ? `<g data-layer="commitment-numbers">${out.join('')}</g>` : '';
}

/** The page's SVG with the markers drawn last. */
export const withMarkers = (svg: string, markers: string) => (markers ? svg.replace(/<\/svg>\s*$/, `${markers}</svg>\n`) : svg);
