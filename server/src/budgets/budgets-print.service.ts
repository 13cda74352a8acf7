// Budgets on paper and in spreadsheets: the "Budget and gaps" pages of the council brief, the budget
// hearing pack (PDF, or one page as PNG) and the villages table as CSV or XLSX. Reads budgets only
// through the budgets service (one visibility rule: a document the viewer may not see is a 404) and
// draws with the print renderer; no SQL, no express here.
import type { Viewer } from '../access/viewer.js';
import type { Lang } from '../layers/types.js';
import { PLAN_PHASES } from './budgets.schema.js';
import type { BudgetAnalysis, BudgetDocument, BudgetDocumentDetail, BudgetList } from './budgets.types.js';
import { budgetXlsx, sourceRows, tableFilename, villagesCsv, type TableFormat } from './budgets-table.js';
import type { ExportsService } from '../exports/exports.service.js';
import { B, bmsg } from '../render/budget-messages.js';
import type { BudgetPageContent } from '../render/budget-page.js';
import { documentLine, hearingPagesSvg, unservedLayer } from '../render/hearing-pack.js';
import { mapPageSvg } from '../render/map-page.js';
import { M, msg } from '../render/messages.js';
import { SvgPrintRenderer, pngPixels, type Orientation, type Paper, type PrintRenderer } from '../render/output.js';
import { lonLatToPage, type Bbox } from '../render/projection.js';
import { plain } from '../render/text.js';
import { HttpProblem } from '../http/problem.js';

/** What this service needs of the budgets service (the lead's BudgetsService, adapted in app.ts). */
export interface BudgetsReader {
  /** The documents the viewer may see, of one campaign. */
  list(viewer: Viewer, q: { campaign?: string }): Promise<BudgetList>;
  /** One document with its lines; a 404 problem when it does not exist or the viewer may not see it. */
  get(viewer: Viewer, id: string): Promise<BudgetDocumentDetail>;
  /** GET /api/budgets/{id}/analysis as the viewer sees it. */
  analysis(viewer: Viewer, id: string, lang: Lang): Promise<BudgetAnalysis>;
}

export interface PrintFile { body: Buffer; contentType: string; filename: string }

export interface HearingPackRequest { lang: Lang; format: 'pdf' | 'png'; paper: Paper; orientation: Orientation; page: number; dpi: number }

const CONTENT_TYPE = { pdf: 'application/pdf', png: 'image/png', csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** At most this many municipalities get a "Budget and gaps" section in one brief. */
export const MAX_BRIEF_BUDGETS = 4;

/**
 * The document a brief shows for each municipality: the plan (revised, then approved, then proposed) of
 * the latest year that also has its executed budget — plan against actual, the whole picture a council
 * can act on —, else the plan of the latest year, else the latest executed budget. Municipalities in
 * name order. (The hearing pack is where a proposed budget without execution is printed on its own.)
 */
export function briefDocuments(docs: BudgetDocument[]): BudgetDocument[] {
  const rank = (d: BudgetDocument) => PLAN_PHASES.indexOf(d.phase);
  const byMunicipality = new Map<string, BudgetDocument[]>();
  for (const d of docs) byMunicipality.set(d.municipality, [...(byMunicipality.get(d.municipality) ?? []), d]);
  const out: BudgetDocument[] = [];
  for (const list of byMunicipality.values()) {
    const plans = list.filter((d) => rank(d) >= 0).sort((x, y) => (y.fiscalYear - x.fiscalYear) || (rank(x) - rank(y)));
    const executedYears = new Set(list.filter((d) => d.phase === 'executed').map((d) => d.fiscalYear));
    const pick = plans.find((d) => executedYears.has(d.fiscalYear)) ?? plans[0] ?? [...list].sort((x, y) => y.fiscalYear - x.fiscalYear)[0];
    if (pick) out.push(pick);
  }
  return out.sort((a, b) => a.municipality.localeCompare(b.municipality)).slice(0, MAX_BRIEF_BUDGETS);
}

export class BudgetsPrintService {
  constructor(
    private readonly budgets: BudgetsReader,
    private readonly exports: Pick<ExportsService, 'scene'>,
    private readonly renderer: PrintRenderer = new SvgPrintRenderer(),
  ) {}

  /** The "Budget and gaps" sections of a campaign's brief: one per municipality with a budget the viewer may see. */
  async forBrief(viewer: Viewer, campaignId: string, lang: Lang): Promise<BudgetPageContent[]> {
    const { documents } = await this.budgets.list(viewer, { campaign: campaignId });
    const out: BudgetPageContent[] = [];
    for (const d of briefDocuments(documents)) out.push({ lang, analysis: await this.budgets.analysis(viewer, d.id, lang) });
    return out;
  }

  /** The villages table as CSV or XLSX. */
  async table(viewer: Viewer, id: string, format: TableFormat, lang: Lang): Promise<PrintFile> {
    const detail = await this.budgets.get(viewer, id); // 404 first: nothing is computed for a document one may not see
    const a = await this.budgets.analysis(viewer, id, lang);
    const body = format === 'csv' ? villagesCsv(a, lang) : await budgetXlsx(a, detail, lang);
    return { body, contentType: CONTENT_TYPE[format], filename: tableFilename(a, format) };
  }

  /** The hearing pack: the map of people without the service by village, then the budget pages. */
  async hearingPack(viewer: Viewer, id: string, q: HearingPackRequest, baseUrl: string): Promise<PrintFile> {
    const { lang } = q;
    const detail = await this.budgets.get(viewer, id);
    const a = await this.budgets.analysis(viewer, id, lang);
    const title = `${msg(B.hearingTitle, lang)}: ${documentLine(a, lang)}`;
    const { def, props } = unservedLayer(a);
    const { scene, layout } = await this.exports.scene({
      bbox: villagesBbox(a), lang, paper: q.paper, orientation: q.orientation, annotations: true, layers: [],
      title, subtitle: msg(B.hearingSubtitle, lang),
    }, viewer, baseUrl);
    scene.layers.push({
      def, truncated: false,
      features: a.villages.map((v) => { const [x, y] = lonLatToPage(scene.view, v.position[0], v.position[1]); return { d: null, geometryType: 'Point' as const, x, y, props: props(v) }; }),
    });
    scene.illustrative ||= a.provenance.illustrative || a.document.provenance === 'illustrative';
    scene.sources.unshift({ attribution: `${bmsg(B.sourceLine, lang, { source: plain(a.document.source) })}`, licence: plain(a.document.licence) });
    const pageLabel = (i: number, total: number) => msg(M.page, lang, { n: i + 1, total });
    const footerLeft = `${bmsg(B.sourceLine, lang, { source: plain(a.document.source) })} · ${plain(a.document.licence)} · ${msg(M.liveMap, lang)}: ${scene.link}`;
    const rest = hearingPagesSvg({ lang, size: scene.size, title, analysis: a, detail, footerLeft, sources: sourceRows(a, lang, new Date()) }, pageLabel, 1);
    scene.pageLabel = pageLabel(0, rest.length + 1);
    const pages = [mapPageSvg(scene, layout), ...rest];
    const name = tableFilename(a, 'pdf').replace(/^budget-/, 'hearing-pack-').replace(/\.pdf$/, `-${lang}`);
    if (q.format === 'png') {
      const svg = pages[q.page - 1];
      if (!svg) throw new HttpProblem('invalid-parameter', `page ${q.page} does not exist: this hearing pack has ${pages.length} pages (page=1…${pages.length}).`, { errors: [{ in: 'query', name: 'page', reason: `1 to ${pages.length}` }] });
      return { body: this.renderer.png(svg, pngPixels(scene.size, q.dpi).width), contentType: CONTENT_TYPE.png, filename: `${name}-p${q.page}.png` };
    }
    const body = await this.renderer.pdf(pages, scene.size, { title, author: plain(a.document.organisation.names[lang] ?? ''), subject: msg(B.hearingSubtitle, lang), lang });
    return { body, contentType: CONTENT_TYPE.pdf, filename: `${name}.pdf` };
  }
}

/** The villages' extent with a margin (at least about 3 km across), for the map page. */
export function villagesBbox(a: BudgetAnalysis): Bbox {
  const pts = a.villages.map((v) => v.position).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!pts.length) throw new HttpProblem('invalid-parameter', `The budget of ${a.document.municipality} has no villages on the map, so the hearing pack has no map to draw. Add the villages to the settlements layer first.`);
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  let [x0, y0, x1, y1] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const px = Math.max((x1 - x0) * 0.2, 0.02), py = Math.max((y1 - y0) * 0.2, 0.015);
  x0 -= px; x1 += px; y0 -= py; y1 += py;
  return [x0, y0, x1, y1];
}
