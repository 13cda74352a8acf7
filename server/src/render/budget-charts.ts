// The two budget charts as SVG fragments, from plain figures: plan against execution per sector (two
// bars a sector, KGS), and each village's share of local contributions against its share of spending
// (two bars a village, %). Pure functions: a box in, { svg, height } out; labels are cut to fit with
// "…", never drawn past the box.
import type { Lang } from '../layers/types.js';
import { textWidth } from './fonts.js';
import { attrs, n1, rect, text } from './svg.js';
import { truncate, wrap } from './text.js';

export const PLAN_COLOR = '#92c5de', EXEC_COLOR = '#2166ac', CONTRIB_COLOR = '#e08214', SPEND_COLOR = '#542788';
const GREY = '#5a6570';

export interface PairedBar { label: string; a: number | null; b: number | null }
export interface PairedChart {
  title: string;
  legend: [string, string];
  colors: [string, string];
  rows: PairedBar[];
  /** How a value is written at the end of its bar. */
  format: (v: number) => string;
  /** A line under the chart (e.g. "no executed budget loaded"). */
  note?: string;
  /** Printed instead of bars when there are no rows. */
  empty: string;
}

/** A chart of two bars per row; `s` scales type and marks (1 = A4). */
export function pairedBarChart(c: PairedChart, box: { x: number; y: number; w: number }, s: number, _lang: Lang): { svg: string; height: number } {
  const out: string[] = [];
  let y = box.y;
  for (const ln of wrap(c.title, box.w, 10 * s, { bold: true, maxLines: 2 })) { out.push(text(box.x, y + 10 * s, ln, { size: 10 * s, bold: true })); y += 13 * s; }
  y += 3 * s;
  // Legend: two swatches side by side.
  // A series with no value in any row (no executed budget loaded) is left out, legend and bars.
  const series = c.rows.length && c.rows.every((r) => r.b === null) ? 1 : 2;
  let lx = box.x;
  c.legend.slice(0, series).forEach((l, i) => {
    out.push(rect({ x: lx, y, w: 9 * s, h: 7 * s }, { fill: c.colors[i] }));
    const lt = truncate(l, box.w / 2 - 16 * s, 7.5 * s);
    out.push(text(lx + 12 * s, y + 6.5 * s, lt, { size: 7.5 * s, fill: GREY }));
    lx += 12 * s + textWidth(lt, 7.5 * s) + 14 * s;
  });
  y += 14 * s;
  if (!c.rows.length) {
    out.push(text(box.x, y + 9 * s, truncate(c.empty, box.w, 8.5 * s), { size: 8.5 * s, fill: GREY }));
    return { svg: out.join(''), height: y + 14 * s - box.y };
  }
  const labelW = Math.min(box.w * 0.34, Math.max(...c.rows.map((r) => textWidth(r.label, 8 * s)), 30 * s) + 12 * s);
  const valueW = Math.max(...c.rows.flatMap((r) => [r.a, r.b]).filter((v): v is number => v !== null).map((v) => textWidth(c.format(v), 7 * s)), 20 * s) + 6 * s;
  const plotX = box.x + labelW, plotW = Math.max(box.w - labelW - valueW, 20 * s);
  const max = Math.max(...c.rows.flatMap((r) => [r.a ?? 0, r.b ?? 0]), 1e-9);
  // Many rows (six sectors and more): thinner bars, so the chart leaves room for the table and the sentences.
  const bh = (c.rows.length > 4 ? 5.5 : 6.5) * s, gap = 1 * s, rowGap = (c.rows.length > 4 ? 3.5 : 4.5) * s;
  const top = y;
  for (const r of c.rows) {
    out.push(text(plotX - 5 * s, y + (series * bh + (series - 1) * gap) / 2 + 3 * s, truncate(r.label, labelW - 6 * s, 8 * s), { size: 8 * s, anchor: 'end' }));
    [r.a, r.b].slice(0, series).forEach((v, i) => {
      const by = y + i * (bh + gap);
      if (v === null) { out.push(text(plotX + 3 * s, by + bh - 1 * s, '—', { size: 7 * s, fill: GREY })); return; }
      const w = Math.max((v / max) * plotW, v > 0 ? 1 * s : 0);
      out.push(rect({ x: plotX, y: by, w, h: bh }, { fill: c.colors[i] }));
      out.push(text(plotX + w + 3 * s, by + bh - 0.8 * s, c.format(v), { size: Math.min(7 * s, bh + 0.5 * s), fill: '#1a1a1a' }));
    });
    y += series * bh + (series - 1) * gap + rowGap;
  }
  out.push(`<path${attrs({ d: `M${n1(plotX)} ${n1(top - 2 * s)}V${n1(y - rowGap + 2 * s)}`, stroke: GREY, 'stroke-width': 0.8 })}/>`);
  if (c.note) for (const ln of wrap(c.note, box.w, 7 * s, { maxLines: 3 })) { out.push(text(box.x, y + 7 * s, ln, { size: 7 * s, fill: GREY })); y += 9.5 * s; }
  return { svg: out.join(''), height: y + 4 * s - box.y };
}
