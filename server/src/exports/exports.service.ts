// Council-ready exports: the advocacy map (PDF, PNG, SVG) and the council brief (multi-page PDF), and
// the Open Graph preview image of a campaign. Builds a MapScene from PostGIS (exports.repo.ts) with
// the one visibility rule for the viewer, then hands SVG pages to the print renderer. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Config } from '../config.js';
import { readerOf, PUBLIC, type Reader, type Viewer } from '../access/viewer.js';
import type { LayerCatalogue } from '../http/layers.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { ORG_LAYER_ID } from '../layers/organisation.js';
import type { LayerDef } from '../layers/types.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { AnalysisServices } from '../analysis/analysis.service.js';
import { CONDITION_VALUES } from '../layers/common.js';
import { LAYERS, findLayer } from '../layers/registry.js';
import { pick, type I18n, type Lang } from '../i18n/pick.js';
import type { Project } from '../projects/projects.schema.js';
import { basemapAttribution } from '../render/basemap.js';
import { creditLine } from '../render/credits.js';
import { briefPagesSvg, type BriefContent, type BriefFigureRow } from '../render/brief.js';
import type { BudgetPageContent } from '../render/budget-page.js';
import type { MapLayout } from '../render/layout.js';
import { mapPageLayout, mapPageSvg } from '../render/map-page.js';
import { M, fmtNumber, msg } from '../render/messages.js';
import { SvgPrintRenderer, pageSize, pngPixels, type PageSize, type PrintRenderer } from '../render/output.js';
import { fitView, toPage, type Bbox } from '../render/projection.js';
import type { MapScene, OsmContext, PrintFeature, PrintLayer } from '../render/scene.js';
import { OSM_ATTRIBUTION } from '../basemap/osm.style.js';
import { plain } from '../render/text.js';
import * as repo from './exports.repo.js';
import type { BriefRequest, Format, MapRequest } from './exports.schema.js';

export interface ExportFile { body: Buffer; contentType: string; filename: string }

/** The "Budget and gaps" sections of a campaign's brief, as the viewer may see them (BudgetsPrintService.forBrief). */
export type BriefBudgets = (viewer: Viewer, campaignId: string, lang: Lang) => Promise<BudgetPageContent[]>;

const slug = (s: string) => plain(s).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'map';
const CONTENT_TYPE: Record<Format, string> = { pdf: 'application/pdf', png: 'image/png', svg: 'image/svg+xml; charset=utf-8' };

/** Printed strokes, symbols and labels are this much heavier than on screen (paper is read at arm's length). */
const INK_WEIGHT = 1.2;

/** minMetres: the narrowest extent the map shows (1.5 km by default; a bazaar's commitments need less). */
type SceneRequest = Omit<MapRequest, 'dpi' | 'inline'> & { dpi?: number; minMetres?: number };

export class ExportsService {
  private readonly campaigns: CampaignsService;
  private readonly analysis: Pick<AnalysisServices, 'figures'>;

  /** The campaigns and analysis services are the app's own (one instance each, shared with their routers). */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Pick<Config, 'publicUrl'>,
    private readonly projects: Project[],
    services: { campaigns: CampaignsService; analysis: Pick<AnalysisServices, 'figures'>; layers?: LayerCatalogue; budgets?: BriefBudgets },
    private readonly renderer: PrintRenderer = new SvgPrintRenderer(),
  ) {
    this.campaigns = services.campaigns;
    this.analysis = services.analysis;
    this.layers = services.layers;
    this.budgets = services.budgets;
  }
  private readonly layers?: LayerCatalogue;
  private readonly budgets?: BriefBudgets;

  /** The layers to print: the shared ones asked for, then the organisation layers asked for that the reader may see. */
  private async printLayers(layerIds: string[] | undefined, reader: Reader): Promise<LayerDef[]> {
    const defs: LayerDef[] = LAYERS.filter((d) => !layerIds || layerIds.includes(d.id));
    for (const id of layerIds ?? []) {
      if (!ORG_LAYER_ID.test(id)) continue;
      const def = await this.layers?.find(id, reader);
      if (!def) throw notFound(`There is no layer '${id}' that you may see. See /api/layers for the list.`);
      defs.push(def);
    }
    return defs;
  }

  /** The map page as data: PostGIS geometry projected to the page, annotations visible to `viewer`. */
  async scene(req: SceneRequest, viewer: Viewer, baseUrl: string, pageOverride?: PageSize): Promise<{ scene: MapScene; campaign: Awaited<ReturnType<CampaignsService['get']>> | null; layout: MapLayout }> {
    const lang = req.lang;
    const size = pageOverride ?? pageSize(req.paper, req.orientation);
    const reader = readerOf(viewer);
    let bbox: Bbox;
    let layerIds: string[] | undefined = req.layers;
    let campaign = null;
    if (req.campaign) {
      campaign = await this.campaigns.get(viewer, req.campaign); // 404 when it does not exist or is not visible
      bbox = (await repo.campaignExtent(this.db, reader, req.campaign))!;
      const ref = await repo.campaignRef(this.db, req.campaign);
      // Demo campaigns carry their grant project as ref 'demo:campaign-<project id>'.
      const projectId = ref?.replace(/^demo:campaign-/, '');
      layerIds ??= this.projects.find((p) => p.id === projectId)?.layers;
    } else {
      bbox = req.bbox!;
    }
    const defs = await this.printLayers(layerIds, reader);
    const p = campaign?.properties;
    const title = plain(req.title) || (p ? pick(p.title, lang) : msg(M.defaultTitle, lang));
    const subtitle = req.subtitle !== undefined ? plain(req.subtitle) : p ? msg(M.forCouncil, lang, { council: pick(p.targetCouncil, lang) }) : '';
    const L = mapPageLayout(size, req.orientation, title, subtitle);
    const view = fitView(bbox, L.frame, undefined, req.minMetres, L.s);
    const t: repo.PageTransform = { k: view.k, minX: view.minX, maxY: view.maxY, maxX: view.maxX, minY: view.minY, fx: L.frame.x, fy: L.frame.y, fw: L.frame.w, fh: L.frame.h, zoom: view.zoom };
    const datasetIds = new Set<string>();
    const ownSources = new Map<string, { attribution: string; licence: string }>();
    const layers: PrintLayer[] = [];
    for (const def of defs) {
      const rows = await repo.layerFeatures(this.db, def, t, reader);
      const truncated = rows.length > repo.MAX_FEATURES_PER_LAYER;
      const features: PrintFeature[] = rows.slice(0, repo.MAX_FEATURES_PER_LAYER).map((r) => {
        if (r.dataset_id) datasetIds.add(r.dataset_id);
        else if (typeof r.props.source === 'string') ownSources.set(`${r.props.source}|${r.props.licence ?? ''}`, { attribution: `${pick(def.title, lang)}: ${r.props.source}`, licence: String(r.props.licence ?? '') });
        const [x, y] = toPage(view, Number(r.ax), Number(r.ay));
        return { d: r.d, geometryType: r.gtype, x, y, props: r.props };
      });
      layers.push({ def, features, truncated });
    }
    const annRows = req.annotations
      ? await repo.annotationsFor(this.db, reader, req.campaign ? { campaignId: req.campaign } : { bbox: view.bbox }, t)
      : [];
    const annotations = annRows.map((a, i) => {
      const [x, y] = toPage(view, Number(a.ax), Number(a.ay));
      return { n: i + 1, title: plain(a.title), category: a.category, severity: a.severity, status: a.status, affectedPeople: a.affected_people, d: a.d, geometryType: a.gtype, x, y };
    });
    const sources = [...(await repo.datasets(this.db, [...datasetIds].sort())).map((d) => ({ attribution: creditLine(d.id, d.attribution, lang), licence: d.licence })), ...ownSources.values()];
    // The OpenStreetMap context (npm run import:osm), when it has rows in the frame; then its credit is printed.
    const osmRows = await repo.osmContext(this.db, t);
    const osm: OsmContext | undefined = osmRows.length ? {
      landuse: osmRows.filter((r) => r.layer === 'landuse'), water: osmRows.filter((r) => r.layer === 'water'),
      roads: osmRows.filter((r) => r.layer === 'roads'), buildings: osmRows.filter((r) => r.layer === 'buildings'),
    } : undefined;
    const basemapSources = [...(osm ? [OSM_ATTRIBUTION] : []), ...basemapAttribution()]
      .map((b) => ({ attribution: creditLine(b.dataset, b.attribution, lang), licence: b.licence }));
    const illustrative = layers.some((l) => l.features.some((f) => f.props.provenance === 'illustrative'));
    const base = (this.config.publicUrl ?? baseUrl).replace(/\/$/, '');
    const link = `${base}/#map=${view.zoom.toFixed(2)}/${view.center[1].toFixed(5)}/${view.center[0].toFixed(5)}&layers=${defs.map((d) => d.id).join(',')}&lang=${lang}`;
    const scene: MapScene = {
      lang, size, title, subtitle, organisation: p ? pick(p.organisation.name, lang) : '', date: new Date(), view, layers,
      annotations, showAnnotations: req.annotations, ink: L.s * INK_WEIGHT, sources, basemapSources, osm, illustrative, link,
    };
    return { scene, campaign, layout: L };
  }

  async map(req: MapRequest, format: Format, viewer: Viewer, baseUrl: string): Promise<ExportFile> {
    const { scene, layout } = await this.scene(req, viewer, baseUrl);
    const svg = mapPageSvg(scene, layout);
    const filename = `${slug(scene.title)}-${req.paper}-${req.orientation}.${format}`;
    if (format === 'svg') return { body: Buffer.from(svg, 'utf8'), contentType: CONTENT_TYPE.svg, filename };
    if (format === 'png') return { body: this.renderer.png(svg, pngPixels(scene.size, req.dpi).width), contentType: CONTENT_TYPE.png, filename };
    const body = await this.renderer.pdf([svg], scene.size, { title: scene.title, author: scene.organisation, lang: scene.lang });
    return { body, contentType: CONTENT_TYPE.pdf, filename };
  }

  /** The brief as a PDF, or one of its pages as a PNG when `png` is given. */
  async brief(req: BriefRequest, viewer: Viewer, baseUrl: string, png?: { page: number; dpi: number }): Promise<ExportFile> {
    const lang = req.lang;
    const { scene, campaign, layout } = await this.scene({ ...req, bbox: undefined }, viewer, baseUrl);
    const c = campaign!;
    const fig = await this.analysis.figures.analyse({ campaign: req.campaign }, viewer);
    const rows: BriefFigureRow[] = [
      { label: msg(M.settlements, lang), value: fmtNumber(fig.population.settlements, lang) },
      { label: msg(M.population, lang), value: fmtNumber(fig.population.population, lang) },
      { label: msg(M.households, lang), value: fmtNumber(fig.population.households, lang) },
    ];
    for (const [service, block] of Object.entries(fig.services) as [string, { none: { settlements: number; population: number } }][]) {
      rows.push({ label: msg(M.serviceNone, lang, { service: M.services[service]?.[lang] ?? service }), value: `${fmtNumber(block.none.settlements, lang)} (${fmtNumber(block.none.population, lang)})` });
    }
    // The kinds whose data is complete somewhere in the area first: a row of zeros for a kind nobody can judge here says nothing.
    const judged = (k: (typeof fig.coverage)[number]) => k.covered.settlements + k.partly.settlements + k.notCovered.settlements;
    for (const cov of fig.coverage.filter((k) => k.facilities > 0 && judged(k) > 0).slice(0, 4)) {
      rows.push({ label: msg(M.notCoveredBy, lang, { kind: (cov.label as I18n)[lang] }), value: fmtNumber(cov.notCovered.population, lang) });
      // Outside the complete area of the kind's data: said, never counted as covered or not.
      if (cov.noData.settlements) rows.push({ label: msg(M.noDataFor, lang, { kind: (cov.label as I18n)[lang] }), value: `${fmtNumber(cov.noData.settlements, lang)} (${fmtNumber(cov.noData.population, lang)})` });
    }
    rows.push({ label: msg(M.canalKm, lang), value: fmtNumber(fig.canals.length.total.km, lang, 1) });
    rows.push({ label: msg(M.canalPoorKm, lang), value: fmtNumber(fig.canals.poorOrBrokenKm, lang, 1) });
    const bars = fig.canals.length.byCondition.filter((b) => b.km > 0).map((b) => {
      const v = CONDITION_VALUES.find((x) => x.value === b.condition);
      return { label: v?.label[lang] ?? String(b.condition), value: b.km, color: v?.color ?? '#8c8c8c' };
    });
    const recs = req.recommendations ?? readRecommendations(c.properties, lang);
    const content: BriefContent = {
      lang, size: scene.size, title: scene.title, areaTitle: pick(c.properties.title, lang),
      figures: rows, chartTitle: msg(M.chartCanals, lang), bars,
      findings: fig.sentences.slice(0, req.orientation === 'landscape' ? 3 : 4).map((s) => s.text[lang]),
      notices: fig.provenance.notices.map((n) => n.text[lang]),
      annotations: scene.annotations, recommendations: recs,
      footerLeft: `${msg(M.liveMap, lang)}: ${scene.link}`,
      budgets: this.budgets ? await this.budgets(viewer, req.campaign, lang) : [],
    };
    const label = (i: number, total: number) => msg(M.page, lang, { n: i + 1, total });
    const rest = briefPagesSvg(content, label, 1);
    scene.pageLabel = label(0, rest.length + 1);
    const first = mapPageSvg(scene, layout);
    if (png) {
      // One page of the brief as an image (a preview, or the budget page for a slide).
      const svg = [first, ...rest][png.page - 1];
      if (!svg) throw new HttpProblem('invalid-parameter', `page ${png.page} does not exist: this brief has ${rest.length + 1} pages (page=1…${rest.length + 1}).`, { errors: [{ in: 'query', name: 'page', reason: `1 to ${rest.length + 1}` }] });
      return { body: this.renderer.png(svg, pngPixels(scene.size, png.dpi).width), contentType: CONTENT_TYPE.png, filename: `${slug(scene.title)}-brief-${lang}-p${png.page}.png` };
    }
    const body = await this.renderer.pdf([first, ...rest], scene.size, { title: scene.title, author: scene.organisation, subject: msg(M.briefFigures, lang), lang });
    return { body, contentType: CONTENT_TYPE.pdf, filename: `${slug(scene.title)}-brief-${lang}.pdf` };
  }

  /** The Open Graph preview of a campaign: 1200×630 PNG, as the public sees it (published annotations only). */
  async ogImage(campaignId: string, lang: Lang, baseUrl = ''): Promise<Buffer> {
    // A landscape page of 1200×630 px (900×472.5 pt): the same layout, type scaled to the smaller page.
    const size = { widthPt: 900, heightPt: 472.5, widthMm: 900 / (72 / 25.4), heightMm: 472.5 / (72 / 25.4) };
    const { scene, layout } = await this.scene({ campaign: campaignId, lang, paper: 'a4', orientation: 'landscape', annotations: true }, PUBLIC, baseUrl, size);
    return this.renderer.png(mapPageSvg(scene, layout), 1200);
  }
}

/** Recommendations in the campaign JSON, read defensively (the field may not exist yet). */
function readRecommendations(props: object, lang: Lang): string | null {
  const r = (props as { recommendations?: unknown }).recommendations;
  if (typeof r === 'string') return r;
  if (r && typeof r === 'object') {
    // The language asked for, else another one the advocate wrote (better than an empty page).
    for (const l of [lang, 'ru', 'ky', 'en']) {
      const v = (r as Record<string, unknown>)[l];
      if (typeof v === 'string' && v.trim()) return v;
    }
  }
  return null;
}
