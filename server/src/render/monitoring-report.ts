// The monitoring report after its map page: for each decision its line (body, date, number,
// document), the summary sentence, progress bars in the status colours with the straight-line plan
// marked, the table (commitment, responsible, due date, indicator baseline → latest → target, status),
// then the evidence photos (thumbnails with captions and dates), the monitoring visits when the visits
// module gives them, and the sources and provenance. The brief's page furniture (render/pages.ts);
// the illustrative flag on every page when a decision is illustrative. Nothing here knows SQL or HTTP.
import { pick, type Lang } from '../i18n/pick.js';
import { STATUS_PALETTE } from '../commitments/commitments.palette.js';
import type { Commitment, DecisionDetail, IndicatorTotal, StatusCounts, VisitChange } from '../commitments/commitments.types.js';
import { KIND_LABEL, STATUS_LABEL, T, fmtDay, msg, num, pct, summarySentence, withUnit } from '../commitments/tracker.messages.js';
import { dataTable } from './budget-page.js';
import { commitmentNumbers } from './commitments-map.js';
import type { PageSize } from './output.js';
import { GREY, HEAD, INK, Pages, RULE } from './pages.js';
import { attrs, n1, rect, text } from './svg.js';
import { truncate, wrap } from './text.js';

export interface ReportPhoto { caption: string; takenOn: string; commitment: string; dataUri: string; width: number; height: number }

export interface MonitoringReportContent {
  lang: Lang;
  size: PageSize;
  /** The running title of every page. */
  title: string;
  /** The heading of the first text page: the campaign's or the decision's title. */
  heading: string;
  asOf: string;
  decisions: DecisionDetail[];
  counts: StatusCounts;
  indicators: IndicatorTotal[];
  photos: ReportPhoto[];
  /** Undefined: the report was made without the visits module (no section); [] prints "none recorded". */
  visits?: VisitChange[];
  /** The live tracker page (sources section). */
  trackerUrl: string;
  /** The day the report was made, in Kyrgyzstan (the service's clock, like asOf). */
  generatedOn: string;
  footerLeft: string;
}

const illustrative = (c: MonitoringReportContent) => c.decisions.some((d) => d.provenance === 'illustrative');

/** The red flag band, as the budget pages draw it, with the tracker's wording. */
function flag(p: Pages, lang: Lang) {
  const s = p.s;
  const body = wrap(msg(T.illustrative, lang), p.w - 16 * s, 8 * s, { maxLines: 3 });
  const h = 20 * s + body.length * 10.5 * s;
  p.need(h + 6 * s);
  p.out.push(rect({ x: p.x, y: p.y, w: p.w, h }, { fill: '#fdecea', stroke: '#b2182b', 'stroke-width': 1.4 * s }));
  p.out.push(text(p.x + 8 * s, p.y + 13 * s, msg(T.illustrativeFlag, lang), { size: 10 * s, bold: true, fill: '#b2182b' }));
  body.forEach((ln, i) => p.out.push(text(p.x + 8 * s, p.y + 25 * s + i * 10.5 * s, ln, { size: 8 * s, fill: '#3d0a0f' })));
  p.y += h + 8 * s;
}

function subheading(p: Pages, t: string) {
  const s = p.s;
  p.need(48 * s);
  p.out.push(text(p.x, p.y + 10 * s, truncate(t, p.w, 10.5 * s, true), { size: 10.5 * s, bold: true, fill: HEAD }));
  p.y += 16 * s;
}

export function decisionLine(d: DecisionDetail, lang: Lang): string {
  return [KIND_LABEL[d.kind][lang], pick(d.body, lang), fmtDay(d.decidedOn, lang), d.number ? msg(T.number, lang, { number: d.number }) : ''].filter(Boolean).join(' · ');
}

/** One bar per commitment: its title, the share of the way from baseline to target in the status colour, the plan marked. */
function bars(p: Pages, cs: Commitment[], lang: Lang, no: Map<string, number>) {
  const s = p.s, rowH = 17 * s, labelW = p.w * 0.42, barX = p.x + labelW + 6 * s, barW = p.w - labelW - 52 * s;
  for (const c of cs) {
    p.need(rowH);
    const pal = STATUS_PALETTE[c.status];
    const share = c.share === null ? 0 : Math.max(0, Math.min(1, c.share));
    const planned = Math.max(0, Math.min(1, c.planned));
    const cy = p.y + rowH / 2;
    p.out.push(text(p.x, cy + 3 * s, truncate(`${no.get(c.id) ?? ''}. ${pick(c.title, lang)}`, labelW, 7.8 * s), { size: 7.8 * s }));
    p.out.push(rect({ x: barX, y: cy - 4.5 * s, w: barW, h: 9 * s }, { fill: '#e6ebf0', rx: 4.5 * s }));
    if (share > 0) p.out.push(rect({ x: barX, y: cy - 4.5 * s, w: Math.max(barW * share, 3 * s), h: 9 * s }, { fill: pal.color, rx: 4.5 * s }));
    const px = barX + barW * planned;
    p.out.push(`<path${attrs({ d: `M${n1(px)} ${n1(cy - 7 * s)}v${n1(14 * s)}`, stroke: HEAD, 'stroke-width': 1.1 * s, 'stroke-dasharray': `${n1(2 * s)} ${n1(1.5 * s)}` })}/>`);
    p.out.push(text(p.x + p.w, cy + 3 * s, c.share === null ? '—' : pct(c.share, lang), { size: 7.8 * s, anchor: 'end', bold: true }));
    p.y += rowH;
  }
  p.para(msg(T.barsNote, lang), 7, GREY);
}

function table(p: Pages, d: DecisionDetail, lang: Lang, no: Map<string, number>) {
  const rows = d.commitments.map((c) => [
    `${no.get(c.id) ?? ''}. ${pick(c.title, lang)}`, pick(c.responsible, lang), fmtDay(c.dueOn, lang),
    // Noto Sans has no arrow: the header names the three figures, the cell separates them with slashes.
    `${pick(c.indicator, lang)}: ${withUnit(c.baseline, c.unit, lang)} / ${c.latestValue === null ? '—' : withUnit(c.latestValue, c.unit, lang)} / ${withUnit(c.target, c.unit, lang)}`,
    `${STATUS_PALETTE[c.status].mark} ${msg(STATUS_LABEL[c.status], lang)}${c.daysLate > 0 && c.status !== 'done' ? ` (${msg(T.daysLate, lang, { n: c.daysLate })})` : ''}`,
  ]);
  dataTable(p, [
    { title: msg(T.commitment, lang), w: 2.4, maxLines: 4 }, { title: msg(T.responsible, lang), w: 1.5 }, { title: msg(T.due, lang), w: 1 },
    { title: msg(T.baselineLatestTarget, lang), w: 2.2, maxLines: 4 }, { title: msg(T.status, lang), w: 1.1 },
  ], rows, `${pick(d.title, lang)} ${msg(T.continued, lang)}`, { size: 7.6 });
}

const photoGrid = (p: Pages) => {
  const perRow = p.landscape ? 5 : 4, gap = 10 * p.s;
  const w = (p.w - gap * (perRow - 1)) / perRow;
  return { perRow, gap, w, h: w * 0.75, capH: 30 * p.s };
};
const photoRowHeight = (p: Pages) => { const g = photoGrid(p); return g.h + g.capH + 6 * p.s; };

function photos(p: Pages, c: MonitoringReportContent) {
  const { lang } = c, s = p.s;
  if (!c.photos.length) { p.para(msg(T.noPhotos, lang), 9, GREY); return; }
  const { perRow, gap, w, h, capH } = photoGrid(p);
  for (let i = 0; i < c.photos.length; i += perRow) {
    p.need(h + capH + 6 * s);
    c.photos.slice(i, i + perRow).forEach((ph, j) => {
      const x = p.x + j * (w + gap);
      p.out.push(rect({ x, y: p.y, w, h }, { fill: '#e6ebf0' }));
      p.out.push(`<image${attrs({ x, y: p.y, width: w, height: h, preserveAspectRatio: 'xMidYMid meet', href: ph.dataUri })}/>`);
      const cap = wrap(ph.caption || ph.commitment, w, 6.8 * s, { maxLines: 2 });
      cap.forEach((ln, k) => p.out.push(text(x, p.y + h + 9 * s + k * 8.2 * s, ln, { size: 6.8 * s })));
      p.out.push(text(x, p.y + h + 9 * s + cap.length * 8.2 * s, truncate(`${fmtDay(ph.takenOn, lang)} · ${ph.commitment}`, w, 6.2 * s), { size: 6.2 * s, fill: GREY }));
    });
    p.y += h + capH + 8 * s;
  }
}

function visits(p: Pages, c: MonitoringReportContent) {
  const { lang } = c;
  const v = c.visits!;
  if (!v.length) { p.para(msg(T.noVisits, lang), 9, GREY); return; }
  const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${num(Math.abs(n), lang, 0)}`;
  dataTable(p, [
    { title: msg(T.colFacility, lang), w: 2 }, { title: msg(T.colChecklist, lang), w: 1.8 }, { title: msg(T.colVisits, lang), w: 0.7, align: 'end' },
    { title: msg(T.colLastVisit, lang), w: 1.2 }, { title: msg(T.colScore, lang), w: 1, align: 'end' }, { title: msg(T.colChange, lang), w: 1.2, align: 'end' },
  ], v.map((x) => [
    pick(x.facility.name, lang) || `${x.facility.layer} ${x.facility.id}`, pick(x.checklist.title, lang), num(x.visits.length, lang, 0),
    x.visits.at(-1) ? fmtDay(x.visits.at(-1)!.visitedOn, lang) : '—', num(x.latest, lang, 0), x.change === null ? msg(T.firstVisit, lang) : signed(x.change),
  ]), `${msg(T.visits, lang)} ${msg(T.continued, lang)}`, { size: 7.6 });
}

function sources(p: Pages, c: MonitoringReportContent) {
  const { lang } = c, s = p.s;
  for (const d of c.decisions) {
    p.need(50 * s);
    p.para(pick(d.title, lang), 8.5, INK, true, 0.2);
    const rows: [string, string][] = [
      [msg(T.source, lang), d.source || pick(d.body, lang)],
      ...(d.licence ? [[msg(T.licence, lang), d.licence] as [string, string]] : []),
      [msg(T.provenance, lang), msg(T.provenanceValue[d.provenance] ?? T.provenanceValue.real!, lang)],
      ...(d.documentUrl ? [[msg(T.document, lang), d.documentUrl] as [string, string]] : []),
    ];
    for (const [k, v] of rows) p.para(`${k}: ${v}`, 7.8, GREY, false, 0.2);
    p.y += 4 * s;
  }
  // The closing lines stay together (the date alone once made a page of its own).
  p.need(4 * 7.8 * 1.38 * s + 8 * s);
  p.para(msg(T.generated, lang, { date: fmtDay(c.generatedOn, lang), url: c.trackerUrl }), 7.8, GREY);
  p.para(msg(T.asOf, lang, { date: fmtDay(c.asOf, lang) }), 7.8, GREY);
}

/** The pages after the map page, each a standalone SVG; `pageLabel(i, total)` numbers them over the whole report. */
export function monitoringPagesSvg(c: MonitoringReportContent, pageLabel: (i: number, total: number) => string, pagesBefore: number): string[] {
  const { lang } = c;
  const p = new Pages(c);
  const s = p.s;
  const flagged = illustrative(c);
  const no = commitmentNumbers(c.decisions);
  if (flagged) p.onNewPage = () => flag(p, lang);
  p.heading(c.heading, 60);
  if (flagged) flag(p, lang);
  p.para(summarySentence(c.counts, c.indicators, lang, (x) => pick(x, lang)), 10.5, INK, true, 0.4);
  p.para(msg(T.asOf, lang, { date: fmtDay(c.asOf, lang) }), 8, GREY);
  for (const d of c.decisions) {
    p.need(90 * s);
    p.out.push(`<path${attrs({ d: `M${n1(p.x)} ${n1(p.y)}h${n1(p.w)}`, stroke: RULE, 'stroke-width': 0.8 })}/>`);
    p.y += 6 * s;
    if (c.decisions.length > 1 || pick(d.title, lang) !== c.heading) subheading(p, pick(d.title, lang));
    p.para(decisionLine(d, lang), 8.5, GREY, false, 0.2);
    if (c.decisions.length > 1) p.para(summarySentence(d.counts, d.indicators, lang, (x) => pick(x, lang)), 8.8, INK, true, 0.3);
    const intro = pick(d.summary, lang);
    if (intro) p.para(intro, 8.5, INK, false, 0.4);
    bars(p, d.commitments, lang, no);
    table(p, d, lang, no);
  }
  /** A section heading kept with `keep` points of what follows it. */
  const section = (t: string, keep = 50 * s) => { p.need(keep + 24 * s); p.y += 4 * s; subheading(p, t); };
  section(msg(T.evidence, lang), c.photos.length ? photoRowHeight(p) : 20 * s);
  photos(p, c);
  if (c.visits) { section(msg(T.visits, lang)); visits(p, c); }
  section(msg(T.sources, lang));
  sources(p, c);
  p.onNewPage = null;
  return p.finish(c.footerLeft, lang, pageLabel, pagesBefore);
}
