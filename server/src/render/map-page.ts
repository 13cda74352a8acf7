// The printed map page as SVG: header (title ≤ 2 lines, subtitle, organisation, date), the map
// (basemap, layers drawn with the registry's web styles, annotations with numbered markers, scale
// bar, north arrow), a panel with the inset locator, the legend of what is shown, the numbered
// problems, sources and licences, the illustrative-data notice, and a footer with the live-map link
// and its QR code.
import { colorClasses, legend, styleLayers, type StyleLayer } from '../layers/style.js';
import type { Lang, LayerDef, LegendItem } from '../layers/types.js';
import { BASEMAP_STYLE, basemapPath, countryExtent } from './basemap.js';
import { evaluate, type EvalContext } from './expr.js';
import { textWidth } from './fonts.js';
import { mapLayout, type MapLayout } from './layout.js';
import { CATEGORY, M, fmtDate, label, msg } from './messages.js';
import type { Orientation, PageSize } from './output.js';
import { PX, scaleBar, type Rect } from './projection.js';
import { qrPath } from './qr.js';
import type { MapScene, PrintFeature, PrintLayer } from './scene.js';
import { attrs, n1, rect, svgDocument, text } from './svg.js';
import { plain, truncate, wrap } from './text.js';

export const ANNOTATION_COLOR = '#7b3294';
const INK = '#1a1a1a', GREY = '#5a6570', RULE = '#c9d1d9';
const TYPE_RANK: Record<string, number> = { fill: 0, line: 1, circle: 2, symbol: 3 };

const str = (v: unknown, fallback = '') => (v === null || v === undefined ? fallback : String(v));

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

function northArrow(x: number, y: number, s: number, lang: Lang): string {
  const h = 22 * s, w = 8 * s;
  return `<g>${rect({ x: x - 12 * s, y: y - 4 * s, w: 24 * s, h: h + 18 * s }, { fill: '#ffffff', 'fill-opacity': 0.85, rx: 3 * s })}`
    + `<path${attrs({ d: `M${n1(x)} ${n1(y + 10 * s)}l${n1(w / 2)} ${n1(h)}l${n1(-w / 2)} ${n1(-h * 0.3)}z`, fill: INK })}/>`
    + `<path${attrs({ d: `M${n1(x)} ${n1(y + 10 * s)}l${n1(-w / 2)} ${n1(h)}l${n1(w / 2)} ${n1(-h * 0.3)}z`, fill: '#ffffff', stroke: INK, 'stroke-width': 0.8 * s })}/>`
    + text(x, y + 8 * s, msg(M.north, lang), { size: 9 * s, bold: true, anchor: 'middle' })
    + '</g>';
}

function scaleBarSvg(scene: MapScene, s: number): string {
  const v = scene.view;
  const { metres, points } = scaleBar(v, v.frame.w * 0.28);
  const km = metres >= 1000;
  const lbl = `${km ? metres / 1000 : metres} ${msg(km ? M.km : M.m, scene.lang)}`;
  const x = v.frame.x + 10 * s, y = v.frame.y + v.frame.h - 12 * s;
  const caption = msg(M.scaleAt, scene.lang, { lat: v.center[1].toFixed(1) });
  const capW = textWidth(caption, 6.5 * s);
  const half = points / 2;
  return `<g>${rect({ x: x - 5 * s, y: y - 24 * s, w: Math.max(points + 10 * s + textWidth(lbl, 8 * s), capW + 10 * s), h: 31 * s }, { fill: '#ffffff', 'fill-opacity': 0.85, rx: 3 * s })}`
    + rect({ x, y: y - 3 * s, w: half, h: 4 * s }, { fill: INK })
    + rect({ x: x + half, y: y - 3 * s, w: half, h: 4 * s }, { fill: '#ffffff', stroke: INK, 'stroke-width': 0.7 * s })
    + rect({ x, y: y - 3 * s, w: points, h: 4 * s }, { fill: 'none', stroke: INK, 'stroke-width': 0.7 * s })
    + text(x, y - 6 * s, '0', { size: 7 * s })
    + text(x + points + 3 * s, y + 1 * s, lbl, { size: 8 * s, bold: true })
    + text(x, y - 15 * s, caption, { size: 6.5 * s, fill: GREY })
    + '</g>';
}

function marker(x: number, y: number, n: number, s: number): string {
  const r = (n >= 10 ? 8 : 7) * s;
  return `<circle${attrs({ cx: x, cy: y, r, fill: ANNOTATION_COLOR, stroke: '#ffffff', 'stroke-width': 1.5 * s })}/>`
    + text(x, y + 3 * s, String(n), { size: (n >= 100 ? 6.5 : 8) * s, bold: true, fill: '#ffffff', anchor: 'middle' });
}

function mapBody(scene: MapScene, L: MapLayout): string {
  const v = scene.view, f = v.frame, s = L.s;
  const out: string[] = [];
  out.push(`<defs><clipPath id="map-frame"><rect${attrs({ x: f.x, y: f.y, width: f.w, height: f.h })}/></clipPath></defs>`);
  out.push('<g clip-path="url(#map-frame)">');
  out.push(rect(f, { fill: BASEMAP_STYLE.background }));
  out.push(`<path${attrs({ d: basemapPath('country', v, true), fill: BASEMAP_STYLE.country, 'fill-rule': 'evenodd' })}/>`);
  out.push(`<path${attrs({ d: basemapPath('lakes', v, true), fill: BASEMAP_STYLE.lakes, stroke: BASEMAP_STYLE.lakeOutline, 'stroke-width': 0.5 })}/>`);
  out.push(`<path${attrs({ d: basemapPath('rivers', v, false), fill: 'none', stroke: BASEMAP_STYLE.rivers, 'stroke-width': Math.min(2.6, Math.max(0.6, (0.8 + (v.zoom - 5) * 0.24) * PX * scene.ink)), 'stroke-linejoin': 'round' })}/>`);
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

/** Legend items actually present on the map: colour classes, widths and provenance classes seen. */
export function presentLegend(pl: PrintLayer, zoom: number) {
  const def = pl.def;
  const classes = new Set(pl.features.map((f) => classOf(def, f, zoom)));
  const widthAttr = def.style.widthBy?.attribute;
  const widths = new Set(widthAttr ? pl.features.map((f) => str(f.props[widthAttr])) : []);
  const prov = new Set(pl.features.map((f) => str(f.props.provenance)));
  if (prov.has('derived')) prov.add('real');
  return legend(def).map((sec) => ({
    title: sec.title,
    items: sec.items.filter((it) => (it.attribute === 'provenance' ? prov.has(String(it.value)) : it.attribute === widthAttr && widthAttr !== def.style.colorBy ? widths.has(String(it.value)) : classes.has(String(it.value)))),
  })).filter((sec) => sec.items.length);
}

function swatch(it: LegendItem, x: number, y: number, s: number): string {
  const cy = y - 3 * s;
  if (it.shape === 'line') {
    const w = Math.max((it.width ?? 2.5) * PX * 1.2, 1) * s;
    return `<path${attrs({ d: `M${n1(x)} ${n1(cy)}h${n1(16 * s)}`, stroke: it.color, 'stroke-width': w, 'stroke-dasharray': it.dashed ? `${n1(3 * s)} ${n1(2 * s)}` : undefined })}/>`
      + (it.mark ? text(x + 8 * s, y - 0.5 * s, plain(it.mark), { size: 7 * s, bold: true, anchor: 'middle', halo: 1.2 * s }) : '');
  }
  if (it.shape === 'circle') {
    return `<circle${attrs({ cx: x + 6 * s, cy, r: 4.5 * s, fill: it.color, stroke: it.dashed ? '#000000' : '#ffffff', 'stroke-width': (it.dashed ? 1.4 : 0.8) * s })}/>`
      + (it.mark && it.mark !== '◌' ? text(x + 6 * s, cy + 2.2 * s, plain(it.mark), { size: 5.5 * s, bold: true, fill: '#ffffff', anchor: 'middle' }) : '');
  }
  return rect({ x, y: cy - 4 * s, w: 14 * s, h: 8 * s }, { fill: it.color, 'fill-opacity': 0.5, stroke: it.color, 'stroke-width': 1 * s, 'stroke-dasharray': it.dashed ? `${n1(2 * s)} ${n1(1.5 * s)}` : undefined });
}

/** Writes blocks into panel columns, top to bottom; a block that does not fit moves to the next column or is cut. */
class Flow {
  private col = 0;
  private y: number;
  readonly parts: string[] = [];
  constructor(private readonly columns: Rect[], private readonly bottoms: number[]) { this.y = columns[0]!.y; }
  get rect() { return this.columns[this.col]!; }
  get cursor() { return this.y; }
  room() { return this.bottoms[this.col]! - this.y; }
  nextColumn(): boolean { if (this.col + 1 >= this.columns.length) return false; this.col++; this.y = this.columns[this.col]!.y; return true; }
  /** Reserve `h` points; false when nothing fits any more. */
  take(h: number): number | null {
    if (this.y + h > this.bottoms[this.col]!) { if (!this.nextColumn() || this.y + h > this.bottoms[this.col]!) return null; }
    const y = this.y; this.y += h; return y;
  }
  space(h: number) { this.y += h; }
  /** Move to the given column if it is later than the current one. */
  to(col: number) { if (col > this.col && col < this.columns.length) { this.col = col; this.y = this.columns[col]!.y; } }
}

function inset(scene: MapScene, r: Rect, s: number): string {
  const [x0, y0, x1, y1] = countryExtent();
  const k = Math.min(r.w / (x1 - x0), r.h / (y1 - y0));
  const w = (x1 - x0) * k, h = (y1 - y0) * k;
  const frame = { x: r.x + (r.w - w) / 2, y: r.y + (r.h - h) / 2, w, h };
  const v = { k, minX: x0, maxY: y1, frame };
  const mv = scene.view;
  const ex = frame.x + (mv.minX - x0) * k, ey = frame.y + (y1 - mv.maxY) * k;
  const ew = Math.max((mv.maxX - mv.minX) * k, 4 * s), eh = Math.max((mv.maxY - mv.minY) * k, 4 * s);
  const cx = ex + (mv.maxX - mv.minX) * k / 2, cy = ey + (mv.maxY - mv.minY) * k / 2;
  return `<g>${rect(r, { fill: BASEMAP_STYLE.background })}`
    + `<path${attrs({ d: basemapPath('country', v, true, 0.3), fill: BASEMAP_STYLE.country, stroke: BASEMAP_STYLE.outline, 'stroke-width': 0.6 * s })}/>`
    + `<path${attrs({ d: basemapPath('lakes', v, true, 0.3), fill: BASEMAP_STYLE.lakes })}/>`
    + rect({ x: cx - ew / 2, y: cy - eh / 2, w: ew, h: eh }, { fill: '#d7191c', 'fill-opacity': 0.15, stroke: '#d7191c', 'stroke-width': 1.2 * s })
    + rect(r, { fill: 'none', stroke: RULE, 'stroke-width': 0.6 })
    + '</g>';
}

function heading(flow: Flow, t: string, s: number) {
  const y = flow.take(14 * s);
  if (y === null) return false;
  flow.parts.push(text(flow.rect.x, y + 9 * s, t, { size: 8.5 * s, bold: true }));
  return true;
}

function panel(scene: MapScene, L: MapLayout): string {
  const s = L.s, lang = scene.lang;
  const bottoms = L.columns.map((c) => c.y + c.h);
  const flow = new Flow(L.columns, bottoms);
  const W = () => flow.rect.w;

  // Inset locator map.
  const insetH = Math.min(W() * 0.5, 84 * s);
  if (heading(flow, msg(M.locator, lang), s)) {
    const y = flow.take(insetH + 8 * s);
    if (y !== null) flow.parts.push(inset(scene, { x: flow.rect.x, y, w: W(), h: insetH }, s));
  }

  // Numbered problems (portrait: first column under the inset).
  const list = scene.showAnnotations ? scene.annotations : [];
  const annBlock = () => {
    if (!list.length) return;
    if (!heading(flow, msg(M.annotationsShort, lang), s)) return;
    // Landscape: the first few (the brief lists them all); portrait: as many as the column holds.
    const max = L.orientation === 'landscape' ? 6 : list.length;
    for (let i = 0; i < Math.min(list.length, max); i++) {
      const a = list[i]!;
      const lines = wrap(`${a.title} — ${label(CATEGORY[a.category], lang, a.category)}`, W() - 18 * s, 7 * s, { maxLines: 2 });
      const y = flow.take(lines.length * 8.5 * s + 3 * s);
      if (y === null) break;
      flow.parts.push(marker(flow.rect.x + 6 * s, y + 4 * s, a.n, s * 0.75));
      lines.forEach((ln, j) => flow.parts.push(text(flow.rect.x + 16 * s, y + 6.5 * s + j * 8.5 * s, ln, { size: 7 * s })));
    }
    if (list.length > max) {
      const y = flow.take(9 * s);
      if (y !== null) flow.parts.push(text(flow.rect.x + 16 * s, y + 6.5 * s, `+ ${list.length - max} …`, { size: 7 * s, fill: GREY }));
    }
    flow.space(6 * s);
  };
  annBlock();
  if (L.orientation === 'portrait') flow.to(1);

  // Legend: per layer shown, only the classes present.
  const shown = scene.layers.filter((l) => l.features.length);
  if (shown.length && heading(flow, msg(M.legend, lang), s)) {
    const item = (it: LegendItem): boolean => {
      const lines = wrap(it.label[lang], W() - 26 * s, 6.8 * s, { maxLines: 2 });
      const iy = flow.take(lines.length * 8 * s + 1.5 * s);
      if (iy === null) return false;
      flow.parts.push(swatch(it, flow.rect.x + 2 * s, iy + 7 * s, s));
      lines.forEach((ln, j) => flow.parts.push(text(flow.rect.x + 26 * s, iy + 7 * s + j * 8 * s, ln, { size: 6.8 * s })));
      return true;
    };
    const sectionTitle = (t: string): boolean => {
      if (flow.room() < 19 * s && !flow.nextColumn()) return false; // never a title without an item under it
      const sy = flow.take(9 * s);
      if (sy === null) return false;
      flow.parts.push(text(flow.rect.x, sy + 7 * s, t, { size: 6.5 * s, fill: GREY }));
      return true;
    };
    // How provenance is drawn is said once for all layers, after them (same words → one entry).
    const provenance = new Map<string, LegendItem>();
    let provTitle = '';
    let full = false;
    outer: for (const pl of shown) {
      if (flow.room() < 30 * s && !flow.nextColumn()) { full = true; break; }
      const y = flow.take(11 * s);
      if (y === null) { full = true; break; }
      flow.parts.push(text(flow.rect.x, y + 8 * s, truncate(pl.def.title[lang], W(), 7.5 * s, true), { size: 7.5 * s, bold: true, fill: '#2b3440' }));
      for (const sec of presentLegend(pl, scene.view.zoom)) {
        if (sec.items.every((it) => it.attribute === 'provenance')) {
          provTitle = sec.title[lang];
          for (const it of sec.items) provenance.set(`${it.shape}|${it.label.en}`, it);
          continue;
        }
        if (!sectionTitle(sec.title[lang])) { full = true; break outer; }
        for (const it of sec.items) if (!item(it)) { full = true; break outer; }
      }
      flow.space(3 * s);
    }
    if (!full && provenance.size && sectionTitle(provTitle)) for (const it of provenance.values()) if (!item(it)) break;
    if (list.length) {
      const y = flow.take(12 * s);
      if (y !== null) {
        flow.parts.push(marker(flow.rect.x + 8 * s, y + 5 * s, 1, s * 0.7));
        flow.parts.push(text(flow.rect.x + 26 * s, y + 7.5 * s, wrap(msg(M.annotations, lang), W() - 26 * s, 7 * s, { maxLines: 1 })[0] ?? '', { size: 7 * s }));
      }
    }
    flow.space(6 * s);
  }

  return flow.parts.join('');
}

/** Under the map: the illustrative-data notice (boxed) and the sources and licences of what is shown. */
function notesBand(scene: MapScene, L: MapLayout): string {
  const s = L.s, r = L.notes, lang = scene.lang, out: string[] = [];
  let x = r.x, w = r.w;
  // The QR code of the live-map link at the right end, with its caption.
  const qrSize = r.h;
  const qr = qrPath(scene.link);
  const qx = r.x + r.w - qrSize, qy = r.y;
  const m = qrSize / (qr.size + 2);
  out.push(rect({ x: qx, y: qy, w: qrSize, h: qrSize }, { fill: '#ffffff' }));
  out.push(`<path${attrs({ d: qr.d, fill: INK, transform: `translate(${n1(qx + m)} ${n1(qy + m)}) scale(${(Math.round(m * 1000) / 1000).toString()})` })}/>`);
  const capW = 78 * s;
  wrap(msg(M.liveMap, lang), capW, 7.5 * s, { bold: true, maxLines: 2 }).forEach((ln, j) => out.push(text(qx - 5 * s, qy + 9 * s + j * 9 * s, ln, { size: 7.5 * s, bold: true, anchor: 'end' })));
  const host = scene.link.replace(/^https?:\/\//, '').replace(/[/#?].*$/, '');
  out.push(text(qx - 5 * s, qy + r.h - 3 * s, truncate(host, capW, 6.5 * s), { size: 6.5 * s, anchor: 'end', fill: GREY }));
  w -= qrSize + capW + 14 * s;
  if (scene.illustrative) {
    const bw = Math.min(r.w * 0.42, 250 * s);
    const lines = wrap(msg(M.illustrative, lang), bw - 12 * s, 6.5 * s, { maxLines: 4 });
    out.push(rect({ x: r.x, y: r.y, w: bw, h: r.h }, { fill: '#fff4d6', stroke: '#e0a800', 'stroke-width': 0.8 * s, rx: 2 * s }));
    lines.forEach((ln, j) => out.push(text(r.x + 6 * s, r.y + 8.5 * s + j * 7.6 * s, ln, { size: 6.5 * s, fill: '#5c4100' })));
    x += bw + 10 * s; w -= bw + 10 * s;
  }
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  const credit = (src: { attribution: string; licence: string }) => `${src.attribution}${norm(src.attribution).includes(norm(src.licence)) ? '' : ` (${src.licence})`}`;
  const line = [`${msg(M.basemap, lang)}: ${scene.basemapSources.map((b) => b.attribution).join('; ')}`, ...scene.sources.map(credit)].join(' · ');
  out.push(text(x, r.y + 7 * s, msg(M.sources, lang), { size: 6.8 * s, bold: true }));
  wrap(line, w, 5.8 * s, { maxLines: 4 }).forEach((ln, j) => out.push(text(x, r.y + 14.5 * s + j * 6.9 * s, ln, { size: 5.8 * s, fill: '#3b4652' })));
  return out.join('');
}

/** The height of the title block: title (≤ 2 lines), subtitle (≤ 2, or 1 under a 2-line title), organisation and date. */
export function headerLines(title: string, subtitle: string, w: number, s: number) {
  const titleLines = wrap(title, w, 19 * s, { bold: true, maxLines: 2 });
  const sub = wrap(subtitle, w, 10.5 * s, { maxLines: titleLines.length > 1 ? 1 : 2 });
  return { titleLines, sub, height: titleLines.length * 19 * s * 1.18 + sub.length * 12.5 * s + 22 * s };
}

/** The layout of a map page for this title and subtitle (the header takes what it needs, the map the rest). */
export function mapPageLayout(size: PageSize, orientation: Orientation, title: string, subtitle: string): MapLayout {
  const base = mapLayout(size, orientation);
  return mapLayout(size, orientation, headerLines(title, subtitle, base.header.w, base.s).height);
}

function header(scene: MapScene, L: MapLayout): string {
  const s = L.s, h = L.header, lang = scene.lang;
  const out: string[] = [];
  const titleSize = 19 * s;
  const { titleLines, sub } = headerLines(scene.title, scene.subtitle, h.w, s);
  let y = h.y + titleSize * 0.95;
  for (const ln of titleLines) { out.push(text(h.x, y, ln, { size: titleSize, bold: true, fill: '#14202b' })); y += titleSize * 1.18; }
  y += -titleSize * 1.18 + 14 * s;
  for (const ln of sub) { out.push(text(h.x, y, ln, { size: 10.5 * s, fill: '#33404d' })); y += 12.5 * s; }
  const meta = [scene.organisation ? msg(M.preparedBy, lang, { org: scene.organisation }) : '', fmtDate(scene.date, lang)].filter(Boolean).join('  ·  ');
  out.push(text(h.x, h.y + h.h - 6 * s, truncate(meta, h.w, 8 * s), { size: 8 * s, fill: GREY }));
  out.push(`<path${attrs({ d: `M${n1(h.x)} ${n1(h.y + h.h - 1 * s)}h${n1(h.w)}`, stroke: '#14202b', 'stroke-width': 1.2 * s })}/>`);
  return out.join('');
}

function footer(scene: MapScene, L: MapLayout): string {
  const s = L.s, f = L.footer;
  const right = scene.pageLabel ?? '';
  const leftW = f.w - textWidth(right, 7 * s) - 16 * s;
  const left = `${msg(M.liveMap, scene.lang)}: ${scene.link}`;
  return text(f.x, f.y + 9 * s, truncate(left, leftW, 7 * s), { size: 7 * s, fill: GREY })
    + (right ? text(f.x + f.w, f.y + 9 * s, right, { size: 7 * s, fill: GREY, anchor: 'end' }) : '');
}

/** The map page as a standalone SVG document (points as user units). */
export function mapPageSvg(scene: MapScene, L: MapLayout = mapLayout(scene.size, scene.size.widthPt > scene.size.heightPt ? 'landscape' : 'portrait')): string {
  const body = header(scene, L) + mapBody(scene, L) + notesBand(scene, L) + panel(scene, L) + footer(scene, L);
  return svgDocument(scene.size.widthPt, scene.size.heightPt, body, scene.title, scene.lang);
}
