// The "Budget and gaps" section of the council brief (and the pages of the hearing pack that share its
// parts): title, the illustrative-figures flag on every page that uses such figures, the two charts
// (plan against execution per sector; share of contributions against share of spending per village),
// the villages table and the ready sentences of the analysis in the brief's language. Input is a
// BudgetAnalysis as GET /api/budgets/{id}/analysis answers it; nothing here knows SQL or HTTP.
import type { Lang } from '../layers/types.js';
import { pick } from '../i18n/pick.js';
import type { Sector } from '../budgets/budgets.schema.js';
import type { BudgetAnalysis, Names, VillageFigures } from '../budgets/budgets.types.js';
import { B, PHASE, SECTOR, bmsg, fmtKgs, fmtNum, fmtShare } from './budget-messages.js';
import { CONTRIB_COLOR, EXEC_COLOR, PLAN_COLOR, SPEND_COLOR, pairedBarChart } from './budget-charts.js';
import { M, msg } from './messages.js';
import { BAND, GREY, HEAD, Pages, RULE } from './pages.js';
import { attrs, n1, rect, text } from './svg.js';
import { wrap } from './text.js';
import { textWidth } from './fonts.js';

export interface BudgetPageContent {
  lang: Lang;
  analysis: BudgetAnalysis;
}

export const villageName = (n: Names, lang: Lang) => pick(n, lang) || '—';

/**
 * The sector whose people without the service the table counts: the one with the most capital spending
 * among the sectors with unserved figures (else the one with the most spending; drinking water when none).
 */
export function focusSector(a: BudgetAnalysis): Sector {
  const withData = a.sectors.filter((s) => s.unserved !== null);
  const by = (list: typeof a.sectors) => [...list].sort((x, y) => (y.capital - x.capital) || (y.planned - x.planned))[0]?.sector;
  return by(withData.filter((s) => s.capital > 0)) ?? by(withData) ?? by(a.sectors.filter((s) => s.sector !== 'other')) ?? 'drinking_water';
}

/** The document's line: "Bel ayil aymak: approved budget for 2014". */
export function documentLine(a: BudgetAnalysis, lang: Lang): string {
  const d = a.document;
  return bmsg(B.documentLine, lang, { municipality: municipalityName(d, lang), phase: PHASE[d.phase][lang], year: d.fiscalYear });
}

/** The municipality's name in the language (municipality_names), else as the settlements spell it. */
export function municipalityName(d: { municipality: string; municipalityNames: Names | null }, lang: Lang): string {
  return (d.municipalityNames && pick(d.municipalityNames, lang)) || d.municipality;
}

/** The red flag band; height in points. */
export function illustrativeFlag(p: Pages, lang: Lang) {
  const s = p.s;
  const body = wrap(B.illustrativeText[lang], p.w - 16 * s, 8 * s, { maxLines: 3 });
  const h = 20 * s + body.length * 10.5 * s;
  p.need(h + 6 * s);
  p.out.push(rect({ x: p.x, y: p.y, w: p.w, h }, { fill: '#fdecea', stroke: '#b2182b', 'stroke-width': 1.4 * s }));
  p.out.push(text(p.x + 8 * s, p.y + 13 * s, B.illustrativeFlag[lang], { size: 10 * s, bold: true, fill: '#b2182b' }));
  body.forEach((ln, i) => p.out.push(text(p.x + 8 * s, p.y + 25 * s + i * 10.5 * s, ln, { size: 8 * s, fill: '#3d0a0f' })));
  p.y += h + 8 * s;
}

export interface Col { title: string; w: number; align?: 'start' | 'end'; maxLines?: number }

/** A table with a dark header row (repeated on a new page), banded rows, every cell wrapped to its column. */
export function dataTable(p: Pages, cols: Col[], rows: string[][], continued: string, opts: { size?: number; bold?: (r: number, c: number) => boolean } = {}) {
  const s = p.s, size = (opts.size ?? 7.8) * s, lh = size * 1.3;
  const total = cols.reduce((a, c) => a + c.w, 0);
  const widths = cols.map((c) => (c.w / total) * p.w);
  // Header type as large as lets every word of every title fit its column (7 pt down to 5.5 pt), so no word is broken.
  const longest = cols.map((c) => Math.max(...c.title.split(/\s+/).map((w) => textWidth(w, 1, true))));
  const hs = Math.max(5.5 * s, Math.min(7 * s, ...longest.map((lw, i) => (widths[i]! - 7 * s) / lw)));
  const header = () => {
    const hl = cols.map((c, i) => wrap(c.title, widths[i]! - 7 * s, hs, { bold: true, maxLines: 4 }));
    const hh = Math.max(...hl.map((l) => l.length)) * hs * 1.23 + 6 * s;
    p.need(hh + 18 * s);
    p.out.push(rect({ x: p.x, y: p.y, w: p.w, h: hh }, { fill: HEAD }));
    let x = p.x;
    cols.forEach((c, i) => {
      hl[i]!.forEach((ln, j) => p.out.push(text(c.align === 'end' ? x + widths[i]! - 3.5 * s : x + 3.5 * s, p.y + 3 * s + hs + j * hs * 1.23, ln, { size: hs, bold: true, fill: '#ffffff', anchor: c.align === 'end' ? 'end' : 'start' })));
      x += widths[i]!;
    });
    p.y += hh;
  };
  header();
  rows.forEach((row, ri) => {
    const cells = row.map((v, ci) => wrap(v, widths[ci]! - 7 * s, size, { maxLines: cols[ci]!.maxLines ?? 3, bold: opts.bold?.(ri, ci) }));
    const rh = Math.max(1, ...cells.map((c) => c.length)) * lh + 5 * s;
    if (p.y + rh > p.bottom) { p.newPage(); p.para(continued, 8, GREY); header(); }
    if (ri % 2 === 1) p.out.push(rect({ x: p.x, y: p.y, w: p.w, h: rh }, { fill: BAND }));
    let x = p.x;
    cells.forEach((lines, ci) => {
      const end = cols[ci]!.align === 'end';
      lines.forEach((ln, j) => p.out.push(text(end ? x + widths[ci]! - 3.5 * s : x + 3.5 * s, p.y + size + 2 * s + j * lh, ln, { size, anchor: end ? 'end' : 'start', bold: opts.bold?.(ri, ci) })));
      x += widths[ci]!;
    });
    p.out.push(`<path${attrs({ d: `M${n1(p.x)} ${n1(p.y + rh)}h${n1(p.w)}`, stroke: RULE, 'stroke-width': 0.5 })}/>`);
    p.y += rh;
  });
  p.y += 8 * s;
}

/** The two charts: side by side on a landscape page, one under the other on a portrait one. */
export function budgetCharts(p: Pages, a: BudgetAnalysis, lang: Lang) {
  const s = p.s;
  const hasExecuted = a.executed !== null;
  const sectors = a.sectors.filter((x) => x.planned > 0 || (x.executed ?? 0) > 0);
  const shareRows = a.villages.map((v) => ({ label: villageName(v.names, lang), a: v.shares.contributions, b: v.shares.spending }));
  const charts = [
    (box: { x: number; y: number; w: number }) => pairedBarChart({
      title: B.chartPlanActual[lang], legend: [B.planned[lang], B.executed[lang]], colors: [PLAN_COLOR, EXEC_COLOR],
      rows: sectors.map((x) => ({ label: SECTOR[x.sector][lang], a: x.planned, b: hasExecuted ? x.executed ?? 0 : null })),
      format: (v) => fmtNum(v, lang), note: hasExecuted ? undefined : B.noExecuted[lang], empty: B.noSectors[lang],
    }, box, s, lang),
    (box: { x: number; y: number; w: number }) => pairedBarChart({
      title: B.chartShares[lang], legend: [B.shareContributions[lang], B.shareSpending[lang]], colors: [CONTRIB_COLOR, SPEND_COLOR],
      rows: shareRows, format: (v) => fmtShare(v, lang), empty: B.noVillages[lang],
    }, box, s, lang),
  ];
  if (p.landscape) {
    const gap = 24 * s, half = (p.w - gap) / 2;
    const drawn = charts.map((f, i) => f({ x: p.x + i * (half + gap), y: 0, w: half }));
    const h = Math.max(...drawn.map((d) => d.height));
    p.need(h);
    drawn.forEach((d) => p.out.push(`<g transform="translate(0 ${n1(p.y)})">${d.svg}</g>`));
    p.y += h + 8 * s;
  } else {
    for (const f of charts) {
      const d = f({ x: p.x, y: 0, w: p.w });
      p.need(d.height);
      p.out.push(`<g transform="translate(0 ${n1(p.y)})">${d.svg}</g>`);
      p.y += d.height + 8 * s;
    }
  }
}

/** The villages table: population, capital spending, per resident, per resident without the service, and the three shares. */
export function villagesTable(p: Pages, a: BudgetAnalysis, lang: Lang) {
  const sector = focusSector(a);
  const sec = SECTOR[sector][lang];
  const cols: Col[] = [
    { title: B.colVillage[lang], w: 1.5 },
    { title: B.colPopulation[lang], w: 0.9, align: 'end' },
    { title: B.colCapital[lang], w: 1.15, align: 'end' },
    { title: B.colPerResident[lang], w: 1, align: 'end' },
    { title: bmsg(B.colPerUnserved, lang, { sector: sec }), w: 1.15, align: 'end' },
    { title: B.colShareContrib[lang], w: 0.95, align: 'end' },
    { title: B.colShareSpending[lang], w: 0.95, align: 'end' },
    { title: bmsg(B.colShareUnserved, lang, { sector: sec }), w: 1.1, align: 'end' },
  ];
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmtNum(v, lang));
  const rows = a.villages.map((v: VillageFigures) => [
    villageName(v.names, lang), num(v.population), num(v.spending.capital), num(v.perResident.total), num(v.perUnserved[sector]),
    fmtShare(v.shares.contributions, lang), fmtShare(v.shares.spending, lang), fmtShare(v.shares.unserved[sector], lang),
  ]);
  if (!rows.length) { p.para(B.noVillages[lang], 9, GREY); return; }
  dataTable(p, cols, rows, `${B.tableTitle[lang]} ${msg(M.continued, lang)}`);
}

/** The "Budget and gaps" section, starting on a fresh page; every page it fills carries the flag when the figures are illustrative. */
export function budgetPages(p: Pages, c: BudgetPageContent) {
  const { analysis: a, lang } = c;
  const s = p.s;
  p.freshPage();
  const flag = a.provenance.illustrative || a.document.provenance === 'illustrative';
  if (flag) p.onNewPage = () => illustrativeFlag(p, lang);
  p.heading(`${B.pageTitle[lang]}: ${documentLine(a, lang)}`, 40);
  if (flag) illustrativeFlag(p, lang);
  budgetCharts(p, a, lang);
  p.need(40 * s);
  p.out.push(text(p.x, p.y + 10 * s, B.tableTitle[lang], { size: 10 * s, bold: true }));
  p.y += 15 * s;
  villagesTable(p, a, lang);
  if (a.unallocated.amount > 0) p.para(bmsg(B.unallocated, lang, { amount: fmtKgs(a.unallocated.amount, lang) }), 8, GREY);
  if (a.sentences.length) {
    p.need(40 * s);
    p.out.push(text(p.x, p.y + 10 * s, B.sentencesTitle[lang], { size: 10 * s, bold: true }));
    p.y += 16 * s;
    for (const sn of a.sentences.slice(0, 8)) p.para(`• ${sn.text[lang]}`, p.landscape ? 7.5 : 7.8, undefined, false, 0.3);
  }
  // The flag already says the figures are illustrative; the other notices (allocation is the group's judgement, displaced points) follow.
  const notices = a.provenance.notices.filter((n) => !(flag && /illustrative/.test(n.id))).map((n) => n.text[lang]).filter(Boolean);
  if (notices.length) {
    // Kept together: a note split over two pages reads as two notes.
    const t = `${msg(M.notices, lang)}: ${notices.join(' ')}`;
    p.need(wrap(t, p.w, 7 * s).length * 7 * 1.38 * s);
    p.para(t, 7, GREY);
  }
  p.onNewPage = null;
}
