// Pages 2… of the council brief as SVG: the gap-analysis figures (a table and a bar chart), key
// sentences, the numbered problems table, then the recommendations text, paginated, each page with
// its number. Input is plain data; nothing here knows SQL or HTTP.
import type { Lang } from '../layers/types.js';
import { ANNOTATION_COLOR } from './map-furniture.js';
import { CATEGORY, M, STATUS, fmtNumber, label, msg } from './messages.js';
import type { PageSize } from './output.js';
import { attrs, n1, rect, text } from './svg.js';
import { paragraphs, truncate, wrap } from './text.js';
import { textWidth } from './fonts.js';
import { BAND, GREY, Pages, RULE } from './pages.js';
import { budgetPages, type BudgetPageContent } from './budget-page.js';

export interface BriefFigureRow { label: string; value: string }
export interface BriefBar { label: string; value: number; color: string }
export interface BriefAnnotation { n: number; title: string; category: string; severity: number; status: string; affectedPeople: number | null }

export interface BriefContent {
  lang: Lang;
  size: PageSize;
  title: string;
  areaTitle: string;
  figures: BriefFigureRow[];
  chartTitle: string;
  bars: BriefBar[];
  findings: string[];
  notices: string[];
  annotations: BriefAnnotation[];
  recommendations: string | null;
  footerLeft: string;
  /** "Budget and gaps" pages (one per municipality with a visible budget), before the recommendations. */
  budgets?: BudgetPageContent[];
}

function figuresTable(p: Pages, rows: BriefFigureRow[], lang: Lang) {
  const s = p.s, rh = 13.5 * s, valueW = 110 * s;
  p.need(rh * 2);
  p.out.push(rect({ x: p.x, y: p.y, w: p.w, h: rh }, { fill: '#14202b' }));
  p.out.push(text(p.x + 6 * s, p.y + 10.5 * s, msg(M.figure, lang), { size: 8.5 * s, bold: true, fill: '#ffffff' }));
  p.out.push(text(p.x + p.w - 6 * s, p.y + 10.5 * s, msg(M.value, lang), { size: 8.5 * s, bold: true, fill: '#ffffff', anchor: 'end' }));
  p.y += rh;
  rows.forEach((r, i) => {
    p.need(rh);
    if (i % 2 === 0) p.out.push(rect({ x: p.x, y: p.y, w: p.w, h: rh }, { fill: BAND }));
    p.out.push(text(p.x + 6 * s, p.y + 9.5 * s, truncate(r.label, p.w - valueW - 12 * s, 8.5 * s), { size: 8.5 * s }));
    p.out.push(text(p.x + p.w - 6 * s, p.y + 9.5 * s, r.value, { size: 8.5 * s, bold: true, anchor: 'end' }));
    p.y += rh;
  });
  p.y += 12 * s;
}

function barChart(p: Pages, title: string, bars: BriefBar[], lang: Lang) {
  const s = p.s;
  const bh = 13 * s, gap = 5 * s;
  const labelW = Math.min(150 * s, Math.max(...bars.map((b) => textWidth(b.label, 8 * s)), 40 * s) + 8 * s);
  p.need(20 * s + bars.length * (bh + gap));
  p.out.push(text(p.x, p.y + 10 * s, title, { size: 10 * s, bold: true }));
  p.y += 18 * s;
  if (!bars.length) { p.para(msg(M.chartNone, lang), 9, GREY); return; }
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  const plotW = p.w - labelW - 60 * s;
  for (const b of bars) {
    const w = Math.max((b.value / max) * plotW, b.value > 0 ? 1.5 * s : 0);
    p.out.push(text(p.x + labelW - 6 * s, p.y + 9.5 * s, truncate(b.label, labelW - 8 * s, 8 * s), { size: 8 * s, anchor: 'end' }));
    p.out.push(rect({ x: p.x + labelW, y: p.y, w, h: bh }, { fill: b.color }));
    p.out.push(text(p.x + labelW + w + 4 * s, p.y + 9.5 * s, fmtNumber(b.value, lang, 1), { size: 8 * s, bold: true }));
    p.y += bh + gap;
  }
  p.out.push(`<path${attrs({ d: `M${n1(p.x + labelW)} ${n1(p.y - bars.length * (bh + gap) - 2 * s)}V${n1(p.y - gap + 2 * s)}`, stroke: GREY, 'stroke-width': 0.8 })}/>`);
  p.y += 10 * s;
}

function annotationsTable(p: Pages, list: BriefAnnotation[], lang: Lang) {
  const s = p.s, size = 8 * s, lh = 10 * s;
  const cols = [
    { key: 'n', w: 26 * s, title: msg(M.colNo, lang) },
    { key: 'title', w: 0, title: msg(M.colTitle, lang) },
    { key: 'category', w: 100 * s, title: msg(M.colCategory, lang) },
    { key: 'severity', w: 66 * s, title: msg(M.colSeverity, lang) },
    { key: 'status', w: 88 * s, title: msg(M.colStatus, lang) },
    { key: 'people', w: 74 * s, title: msg(M.colPeople, lang) },
  ];
  cols[1]!.w = p.w - cols.reduce((a, c) => a + c.w, 0);
  const headerRow = () => {
    const hl = cols.map((c) => wrap(c.title, c.w - 8 * s, 7.5 * s, { bold: true, maxLines: 2 }));
    const hh = Math.max(...hl.map((l) => l.length)) * 9 * s + 6 * s;
    p.need(hh + 20 * s);
    p.out.push(rect({ x: p.x, y: p.y, w: p.w, h: hh }, { fill: '#14202b' }));
    let x = p.x;
    cols.forEach((c, i) => { hl[i]!.forEach((ln, j) => p.out.push(text(x + 4 * s, p.y + 10 * s + j * 9 * s, ln, { size: 7.5 * s, bold: true, fill: '#ffffff' }))); x += c.w; });
    p.y += hh;
  };
  headerRow();
  list.forEach((a, i) => {
    const cells = [
      [String(a.n)],
      wrap(a.title, cols[1]!.w - 8 * s, size, { maxLines: 3 }),
      wrap(label(CATEGORY[a.category], lang, a.category), cols[2]!.w - 8 * s, size, { maxLines: 3 }),
      [String(a.severity)],
      wrap(label(STATUS[a.status], lang, a.status), cols[4]!.w - 8 * s, size, { maxLines: 2 }),
      [a.affectedPeople === null ? '—' : fmtNumber(a.affectedPeople, lang)],
    ];
    const rh = Math.max(...cells.map((c) => c.length)) * lh + 6 * s;
    if (p.y + rh > p.bottom) { p.newPage(); p.para(`${msg(M.annotationsShort, lang)} ${msg(M.continued, lang)}`, 9, GREY); headerRow(); }
    if (i % 2 === 1) p.out.push(rect({ x: p.x, y: p.y, w: p.w, h: rh }, { fill: BAND }));
    let x = p.x;
    cells.forEach((lines, ci) => {
      if (ci === 0) {
        p.out.push(`<circle${attrs({ cx: x + 11 * s, cy: p.y + 9.5 * s, r: 7 * s, fill: ANNOTATION_COLOR })}/>`);
        p.out.push(text(x + 11 * s, p.y + 12.3 * s, lines[0]!, { size: 7.5 * s, bold: true, fill: '#ffffff', anchor: 'middle' }));
      } else {
        lines.forEach((ln, j) => p.out.push(text(ci === 5 || ci === 3 ? x + cols[ci]!.w - 6 * s : x + 4 * s, p.y + 11 * s + j * lh, ln, { size, anchor: ci === 5 || ci === 3 ? 'end' : 'start' })));
      }
      x += cols[ci]!.w;
    });
    p.out.push(`<path${attrs({ d: `M${n1(p.x)} ${n1(p.y + rh)}h${n1(p.w)}`, stroke: RULE, 'stroke-width': 0.5 })}/>`);
    p.y += rh;
  });
  p.y += 10 * s;
}

/** Pages 2… of the brief, each a standalone SVG; `pageLabel(i)` numbers them (i counts from 0 here). */
export function briefPagesSvg(c: BriefContent, pageLabel: (i: number, total: number) => string, pagesBefore: number): string[] {
  const p = new Pages(c);
  const lang = c.lang;
  p.heading(`${msg(M.briefFigures, lang)}: ${c.areaTitle}`);
  if (c.size.widthPt > c.size.heightPt) {
    // Landscape: the table and the chart side by side.
    const y0 = p.y, x0 = p.x, w0 = p.w, gap = 24 * p.s, half = (w0 - gap) / 2;
    p.w = half;
    figuresTable(p, c.figures, lang);
    const yLeft = p.y;
    p.y = y0; p.x = x0 + half + gap;
    barChart(p, c.chartTitle, c.bars, lang);
    p.x = x0; p.w = w0; p.y = Math.max(yLeft, p.y);
  } else {
    figuresTable(p, c.figures, lang);
    barChart(p, c.chartTitle, c.bars, lang);
  }
  for (const f of c.findings) p.para(`• ${f}`, 8.5);
  if (c.notices.length) {
    p.y += 4 * p.s;
    p.para(`${msg(M.notices, lang)}: ${c.notices.join(' ')}`, 7, GREY);
  }
  p.y += 6 * p.s;
  p.heading(msg(M.annotations, lang));
  if (c.annotations.length) annotationsTable(p, c.annotations, lang); else p.para(msg(M.noAnnotations, lang), 9.5, GREY);

  for (const b of c.budgets ?? []) budgetPages(p, b);

  // Recommendations on their own page(s).
  p.newPage();
  p.heading(msg(M.recommendations, lang));
  const paras = paragraphs(c.recommendations);
  if (!paras.length) p.para(msg(M.noRecommendations, lang), 10, GREY);
  for (const para of paras) p.para(para, 10.5);

  return p.finish(c.footerLeft, lang, pageLabel, pagesBefore);
}

export { STATUS };
