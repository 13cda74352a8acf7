// The panel beside (landscape) or under (portrait) the map: the inset locator, the numbered problems,
// and the legend of what is shown (per layer, only the classes present; provenance said once).
import { legend } from '../layers/style.js';
import type { LegendItem } from '../layers/types.js';
import type { MapLayout } from './layout.js';
import { classOf, str } from './map-features.js';
import { GREY, inset, marker } from './map-furniture.js';
import { CATEGORY, M, label, msg } from './messages.js';
import { PX, type Rect } from './projection.js';
import type { MapScene, PrintLayer } from './scene.js';
import { attrs, n1, rect, text } from './svg.js';
import { plain, truncate, wrap } from './text.js';

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

function heading(flow: Flow, t: string, s: number) {
  const y = flow.take(14 * s);
  if (y === null) return false;
  flow.parts.push(text(flow.rect.x, y + 9 * s, t, { size: 8.5 * s, bold: true }));
  return true;
}

export function panel(scene: MapScene, L: MapLayout): string {
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
