// The furniture of a printed map page around and over the map: header (title ≤ 2 lines, subtitle,
// organisation, date), north arrow, scale bar, numbered annotation markers, the inset locator, the notes
// band (illustrative-data notice, sources and licences, QR code of the live-map link) and the footer.
import type { Lang } from '../layers/types.js';
import { BASEMAP_STYLE, basemapPath, countryExtent } from './basemap.js';
import { textWidth } from './fonts.js';
import type { MapLayout } from './layout.js';
import { M, fmtDate, msg } from './messages.js';
import { scaleBar, type Rect } from './projection.js';
import { qrPath } from './qr.js';
import type { MapScene } from './scene.js';
import { attrs, n1, rect, text } from './svg.js';
import { truncate, wrap } from './text.js';

export const ANNOTATION_COLOR = '#7b3294';
export const INK = '#1a1a1a', GREY = '#5a6570', RULE = '#c9d1d9';

export function northArrow(x: number, y: number, s: number, lang: Lang): string {
  const h = 22 * s, w = 8 * s;
  return `<g>${rect({ x: x - 12 * s, y: y - 4 * s, w: 24 * s, h: h + 18 * s }, { fill: '#ffffff', 'fill-opacity': 0.85, rx: 3 * s })}`
    + `<path${attrs({ d: `M${n1(x)} ${n1(y + 10 * s)}l${n1(w / 2)} ${n1(h)}l${n1(-w / 2)} ${n1(-h * 0.3)}z`, fill: INK })}/>`
    + `<path${attrs({ d: `M${n1(x)} ${n1(y + 10 * s)}l${n1(-w / 2)} ${n1(h)}l${n1(w / 2)} ${n1(-h * 0.3)}z`, fill: '#ffffff', stroke: INK, 'stroke-width': 0.8 * s })}/>`
    + text(x, y + 8 * s, msg(M.north, lang), { size: 9 * s, bold: true, anchor: 'middle' })
    + '</g>';
}

export function scaleBarSvg(scene: MapScene, s: number): string {
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

export function marker(x: number, y: number, n: number, s: number): string {
  const r = (n >= 10 ? 8 : 7) * s;
  return `<circle${attrs({ cx: x, cy: y, r, fill: ANNOTATION_COLOR, stroke: '#ffffff', 'stroke-width': 1.5 * s })}/>`
    + text(x, y + 3 * s, String(n), { size: (n >= 100 ? 6.5 : 8) * s, bold: true, fill: '#ffffff', anchor: 'middle' });
}

export function inset(scene: MapScene, r: Rect, s: number): string {
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

/** Under the map: the illustrative-data notice (boxed) and the sources and licences of what is shown. */
export function notesBand(scene: MapScene, L: MapLayout): string {
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

export function header(scene: MapScene, L: MapLayout): string {
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

export function footer(scene: MapScene, L: MapLayout): string {
  const s = L.s, f = L.footer;
  const right = scene.pageLabel ?? '';
  const leftW = f.w - textWidth(right, 7 * s) - 16 * s;
  const left = `${msg(M.liveMap, scene.lang)}: ${scene.link}`;
  return text(f.x, f.y + 9 * s, truncate(left, leftW, 7 * s), { size: 7 * s, fill: GREY })
    + (right ? text(f.x + f.w, f.y + 9 * s, right, { size: 7 * s, fill: GREY, anchor: 'end' }) : '');
}
