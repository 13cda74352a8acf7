// The map frame of a printed page: the offline basemap, the layers drawn with the registry's own
// MapLibre style layers (evaluated by expr.ts at the web zoom that matches the printed scale; labels
// kept clear of each other and of the markers), the annotations with numbered markers, and the north
// arrow and scale bar on top.
import { colorClasses, styleLayers, type StyleLayer } from '../layers/style.js';
import type { Lang, LayerDef } from '../layers/types.js';
import { BASEMAP_STYLE, basemapPath } from './basemap.js';
import { OSM_BUILDING, OSM_LANDUSE_COLOURS, OSM_LANDUSE_DEFAULT, OSM_ROADS, OSM_ROAD_OUTLINE, OSM_WATER, roadWidthAt } from '../basemap/osm.style.js';
import { evaluate, type EvalContext } from './expr.js';
import { textWidth } from './fonts.js';
import type { MapLayout } from './layout.js';
import { ANNOTATION_COLOR, GREY, INK, RULE, marker, northArrow, scaleBarSvg } from './map-furniture.js';
import { M, msg } from './messages.js';
import { PX, type Rect } from './projection.js';
import type { MapScene, PrintFeature, PrintLayer } from './scene.js';
import { attrs, n1, rect, text } from './svg.js';
import { plain, wrap } from './text.js';

const TYPE_RANK: Record<string, number> = { fill: 0, line: 1, circle: 2, symbol: 3 };

export const str = (v: unknown, fallback = '') => (v === null || v === undefined ? fallback : String(v));

/** The colour class of a feature (first matching class of the registry's colour rules), or null. */
export function classOf(def: LayerDef, f: PrintFeature, zoom: number): string | null {
  const ctx: EvalContext = { zoom, properties: f.props, geometryType: f.geometryType };
  for (const c of colorClasses(def)) if (evaluate(c.when, ctx) === true) return c.id;
  return null;
}

function visibleAt(l: StyleLayer, zoom: number) {
  return (typeof l.minzoom !== 'number' || zoom >= l.minzoom) && (typeof l.maxzoom !== 'number' || zoom < l.maxzoom);
}

interface Box { x0: number; y0: number; x1: number; y1: number }
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Draws one registry style layer over the features of its layer. */
function drawStyleLayer(sl: StyleLayer, pl: PrintLayer, lang: Lang, zoom: number, placed: Box[], frame: Rect, ink: number): string {
  const PXI = PX * ink;
  const paint = (sl.paint ?? {}) as Record<string, unknown>;
  const layout = (sl.layout ?? {}) as Record<string, unknown>;
  const labelSource = String(sl['source-layer'] ?? '').endsWith('_label');
  const out: string[] = [];
  for (const f0 of pl.features) {
    // Area layers label from one point per feature: treat it as a point feature.
    const f: PrintFeature = labelSource ? { ...f0, geometryType: 'Point', d: null } : f0;
    const ctx: EvalContext = { zoom, properties: f.props, geometryType: f.geometryType };
    if (sl.filter !== undefined && evaluate(sl.filter, ctx) !== true) continue;
    const p = (k: string, dflt: unknown = undefined) => (paint[k] === undefined ? dflt : evaluate(paint[k], ctx));
    if (sl.type === 'fill') {
      if (!f.d || f.geometryType !== 'Polygon') continue;
      out.push(`<path${attrs({ d: f.d, fill: str(p('fill-color')), 'fill-opacity': Number(p('fill-opacity', 1)), 'fill-rule': 'evenodd' })}/>`);
    } else if (sl.type === 'line') {
      if (!f.d || f.geometryType === 'Point') continue;
      const w = Number(p('line-width', 1)) * PXI;
      const dash = p('line-dasharray') as number[] | undefined;
      out.push(`<path${attrs({
        d: f.d, fill: 'none', stroke: str(p('line-color')), 'stroke-width': Math.max(w, 0.3), 'stroke-opacity': p('line-opacity') === undefined ? undefined : Number(p('line-opacity')),
        'stroke-linecap': str(layout['line-cap'], 'butt'), 'stroke-linejoin': str(layout['line-join'], 'miter'),
        'stroke-dasharray': dash ? dash.map((x) => n1(Math.max(x * w, 0.5))).join(' ') : undefined,
      })}/>`);
    } else if (sl.type === 'circle') {
      if (f.geometryType !== 'Point') continue;
      out.push(`<circle${attrs({ cx: f.x, cy: f.y, r: Math.max(Number(p('circle-radius', 5)) * PXI, 1), fill: str(p('circle-color')), stroke: str(p('circle-stroke-color')), 'stroke-width': Number(p('circle-stroke-width', 0)) * PXI })}/>`);
    } else if (sl.type === 'symbol') {
      const txt = plain(str(evaluate(layout['text-field'], ctx)));
      if (!txt) continue;
      const size = Number(evaluate(layout['text-size'] ?? 12, ctx)) * PXI * 0.85; // type keeps the paper scale, not the extra stroke weight
      const offset = (layout['text-offset'] as number[] | undefined) ?? [0, 0];
      const anchorTop = layout['text-anchor'] === 'top';
      const x = f.x + offset[0]! * size;
      const y = anchorTop ? f.y + offset[1]! * size + size * 0.85 : f.y + offset[1]! * size + size * 0.35;
      const maxW = Number(layout['text-max-width'] ?? 10) * size;
      const lines = layout['symbol-placement'] === 'line' ? [txt] : wrap(txt, maxW, size, { maxLines: 4 });
      const w = Math.max(...lines.map((ln) => textWidth(ln, size)));
      const lh = size * 1.15;
      const box = { x0: x - w / 2, y0: y - size * 0.85, x1: x + w / 2, y1: y + size * 0.25 + (lines.length - 1) * lh };
      if (box.x0 < frame.x || box.x1 > frame.x + frame.w || box.y0 < frame.y || box.y1 > frame.y + frame.h) continue;
      const overlap = layout['text-allow-overlap'] === true;
      if (!overlap && placed.some((b) => overlaps(b, box))) continue;
      if (!overlap) placed.push(box);
      const halo = Number(p('text-halo-width', 0)) * PXI;
      lines.forEach((ln, i) => out.push(text(x, y + i * lh, ln, { size, anchor: 'middle', fill: str(p('text-color'), INK), halo })));
    }
  }
  return out.length ? `<g data-style="${sl.id.replace(/[^a-z0-9_-]/gi, '')}">${out.join('')}</g>` : '';
}

/** The OSM landuse and water areas (under the reference lakes and rivers), with the web basemap's colours. */
function osmBelow(osm: NonNullable<MapScene['osm']>): string {
  const out = osm.landuse.map((a) => `<path${attrs({ d: a.d, fill: OSM_LANDUSE_COLOURS[a.cls] ?? OSM_LANDUSE_DEFAULT, 'fill-opacity': 0.9, 'fill-rule': 'evenodd' })}/>`);
  for (const w of osm.water) out.push(`<path${attrs({ d: w.d, fill: OSM_WATER.fill, stroke: OSM_WATER.outline, 'stroke-width': 0.3, 'fill-rule': 'evenodd' })}/>`);
  return out.length ? `<g data-style="basemap-osm-areas">${out.join('')}</g>` : '';
}

/** OSM roads (casing, then fill, widths of the web style at the printed zoom) and buildings. */
function osmAbove(osm: NonNullable<MapScene['osm']>, zoom: number, ink: number): string {
  const out: string[] = [];
  const width = (cls: string) => Math.max(roadWidthAt(cls, zoom) * PX * ink, 0.25);
  const rank = Object.keys(OSM_ROADS).reverse(); // paths first, motorways on top
  const roads = [...osm.roads].sort((a, b) => rank.indexOf(a.cls) - rank.indexOf(b.cls));
  for (const r of roads) {
    if (OSM_ROADS[r.cls]?.dash || zoom < 12) continue;
    out.push(`<path${attrs({ d: r.d, fill: 'none', stroke: OSM_ROAD_OUTLINE, 'stroke-width': width(r.cls) + 0.8 * PX * ink, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })}/>`);
  }
  for (const r of roads) {
    const style = OSM_ROADS[r.cls] ?? OSM_ROADS.minor!;
    const w = width(r.cls);
    out.push(`<path${attrs({ d: r.d, fill: 'none', stroke: style.color, 'stroke-width': w, 'stroke-linecap': style.dash ? 'butt' : 'round', 'stroke-linejoin': 'round',
      'stroke-dasharray': style.dash ? style.dash.map((x) => n1(Math.max(x * w, 0.5))).join(' ') : undefined })}/>`);
  }
  for (const b of osm.buildings) out.push(`<path${attrs({ d: b.d, fill: OSM_BUILDING.fill, stroke: OSM_BUILDING.outline, 'stroke-width': 0.3, 'fill-rule': 'evenodd' })}/>`);
  return out.length ? `<g data-style="basemap-osm-lines">${out.join('')}</g>` : '';
}

export function mapBody(scene: MapScene, L: MapLayout): string {
  const v = scene.view, f = v.frame, s = L.s;
  const out: string[] = [];
  out.push(`<defs><clipPath id="map-frame"><rect${attrs({ x: f.x, y: f.y, width: f.w, height: f.h })}/></clipPath></defs>`);
  out.push('<g clip-path="url(#map-frame)">');
  out.push(rect(f, { fill: BASEMAP_STYLE.background }));
  out.push(`<path${attrs({ d: basemapPath('country', v, true), fill: BASEMAP_STYLE.country, 'fill-rule': 'evenodd' })}/>`);
  if (scene.osm) out.push(osmBelow(scene.osm));
  out.push(`<path${attrs({ d: basemapPath('lakes', v, true), fill: BASEMAP_STYLE.lakes, stroke: BASEMAP_STYLE.lakeOutline, 'stroke-width': 0.5 })}/>`);
  out.push(`<path${attrs({ d: basemapPath('rivers', v, false), fill: 'none', stroke: BASEMAP_STYLE.rivers, 'stroke-width': Math.min(2.6, Math.max(0.6, (0.8 + (v.zoom - 5) * 0.24) * PX * scene.ink)), 'stroke-linejoin': 'round' })}/>`);
  if (scene.osm) out.push(osmAbove(scene.osm, v.zoom, scene.ink));
  out.push(`<path${attrs({ d: basemapPath('country', v, true), fill: 'none', stroke: BASEMAP_STYLE.outline, 'stroke-width': Math.min(2, Math.max(0.8, (1 + (v.zoom - 5) * 0.2) * PX * scene.ink)) })}/>`);
  // The registry's web styles, drawn fills first, then lines, circles and text.
  const styled = scene.layers.flatMap((pl) => styleLayers(pl.def, scene.lang).map((sl, i) => ({ sl, pl, i })))
    .filter(({ sl }) => visibleAt(sl, v.zoom))
    .sort((a, b) => (TYPE_RANK[a.sl.type] ?? 9) - (TYPE_RANK[b.sl.type] ?? 9));
  // Labels keep clear of the numbered markers (drawn last, on top).
  const placed: Box[] = scene.showAnnotations ? scene.annotations.map((a) => ({ x0: a.x - 9 * s, y0: a.y - 9 * s, x1: a.x + 9 * s, y1: a.y + 9 * s })) : [];
  for (const { sl, pl } of styled) out.push(drawStyleLayer(sl, pl, scene.lang, v.zoom, placed, f, scene.ink));
  if (scene.showAnnotations) {
    for (const a of scene.annotations) {
      if (!a.d || a.geometryType === 'Point') continue;
      const poly = a.geometryType === 'Polygon';
      out.push(`<path${attrs({ d: a.d, fill: poly ? ANNOTATION_COLOR : 'none', 'fill-opacity': poly ? 0.12 : undefined, stroke: '#ffffff', 'stroke-width': 5 * s, 'stroke-opacity': 0.8, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' })}/>`);
      out.push(`<path${attrs({ d: a.d, fill: 'none', stroke: ANNOTATION_COLOR, 'stroke-width': 2.5 * s, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' })}/>`);
    }
    for (const a of scene.annotations) out.push(marker(a.x, a.y, a.n, s));
  }
  out.push('</g>');
  const empty = scene.layers.every((l) => l.features.length === 0) && (!scene.showAnnotations || scene.annotations.length === 0);
  if (empty) {
    const t1 = msg(M.noFeatures, scene.lang), t2 = msg(M.noFeaturesHint, scene.lang);
    const w = Math.max(textWidth(t1, 14 * s, true), textWidth(t2, 9 * s)) + 32 * s;
    const cx = f.x + f.w / 2, cy = f.y + f.h / 2;
    out.push(rect({ x: cx - w / 2, y: cy - 26 * s, w, h: 48 * s }, { fill: '#ffffff', 'fill-opacity': 0.92, stroke: RULE, rx: 4 * s }));
    out.push(text(cx, cy - 4 * s, t1, { size: 14 * s, bold: true, anchor: 'middle' }));
    out.push(text(cx, cy + 13 * s, t2, { size: 9 * s, anchor: 'middle', fill: GREY }));
  }
  out.push(northArrow(f.x + f.w - 18 * s, f.y + 10 * s, s, scene.lang));
  out.push(scaleBarSvg(scene, s));
  out.push(rect(f, { fill: 'none', stroke: '#6b7785', 'stroke-width': 0.8 }));
  return out.join('');
}
