// Commitments on paper and as pictures: the monitoring report (PDF, or one page as PNG) of a decision
// or a campaign, and the map image of the public tracker page. Reads everything through the
// CommitmentsReader (one visibility rule: what the viewer may not see is a 404 there), takes the
// basemap from the exports' scene and draws with the print renderer; no SQL, no express here.
import type { Viewer } from '../access/viewer.js';
import type { Lang } from '../i18n/pick.js';
import { pick } from '../i18n/pick.js';
import { HttpProblem } from '../http/problem.js';
import type { ExportsService } from '../exports/exports.service.js';
import { commitmentMarkers, commitmentNumbers, commitmentsBbox, commitmentsLayer, withMarkers } from '../render/commitments-map.js';
import { mapPageSvg } from '../render/map-page.js';
import { decisionLine, monitoringPagesSvg, type ReportPhoto } from '../render/monitoring-report.js';
import { SvgPrintRenderer, pageSize, pngPixels, type Orientation, type Paper, type PrintRenderer } from '../render/output.js';
import { n1 } from '../render/svg.js';
import { plain } from '../render/text.js';
import type { CommitmentsGeoJson, CommitmentsReader, DecisionDetail, IndicatorTotal, StatusCounts, VisitChange } from './commitments.types.js';
import { T, msg, summarySentence } from './tracker.messages.js';

import type { PrintFile } from '../budgets/budgets-print.service.js';
export type { PrintFile };
export interface ReportRequest { lang: Lang; format: 'pdf' | 'png'; paper: Paper; orientation: Orientation; page: number; dpi: number }
/** Which decision or campaign: exactly one. */
export type Scope = { decisionId: string; campaignId?: undefined } | { campaignId: string; decisionId?: undefined };
/** The monitoring visits of a campaign as the viewer may see them (server/src/visits/, another module). */
export type VisitsSource = (viewer: Viewer, campaignId: string) => Promise<VisitChange[]>;

/** At most this many evidence photos in one report (the newest first). */
export const MAX_REPORT_PHOTOS = 16;
/** The tracker page's map image: width in pixels, and the page the scene is laid out on (portrait: the frame is nearly square). */
export const MAP_IMAGE_PX = 960;
const MAP_PAGE = { widthPt: 600, heightPt: 900, widthMm: 600 / (72 / 25.4), heightMm: 900 / (72 / 25.4) };

/**
 * No registry layers under the commitments: canals, networks and the settlements' areas are coloured by
 * their condition or service in the registry's styles, with blues and oranges a reader would take for
 * statuses. The basemap (country, lakes, rivers, and the OSM streets and water when imported) gives the place.
 */
const CONTEXT_LAYERS: string[] = [];

const slug = (s: string) => plain(s).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'commitments';

interface Subject {
  title: string;
  heading: string;
  asOf: string;
  campaignId: string;
  decisions: DecisionDetail[];
  counts: StatusCounts;
  indicators: IndicatorTotal[];
  geo: CommitmentsGeoJson;
  organisation: string;
}

export class CommitmentsPrintService {
  constructor(
    private readonly reader: CommitmentsReader,
    private readonly exports: Pick<ExportsService, 'scene'>,
    private readonly options: { visits?: VisitsSource } = {},
    private readonly renderer: PrintRenderer = new SvgPrintRenderer(),
  ) {}

  private async subject(viewer: Viewer, scope: Scope, lang: Lang): Promise<Subject> {
    if (scope.decisionId) {
      const d = await this.reader.decision(viewer, scope.decisionId);
      const geo = await this.reader.geojson(viewer, d.id, null, d.asOf);
      return { title: pick(d.title, lang), heading: pick(d.title, lang), asOf: d.asOf, campaignId: d.campaign.id, decisions: [d], counts: d.counts, indicators: d.indicators, geo, organisation: pick(d.organisation.names, lang) };
    }
    const c = await this.reader.campaignTracker(viewer, scope.campaignId!);
    const geo = await this.reader.geojson(viewer, null, c.campaign.id, c.asOf);
    return { title: pick(c.campaign.title, lang), heading: pick(c.campaign.title, lang), asOf: c.asOf, campaignId: c.campaign.id, decisions: c.decisions, counts: c.counts, indicators: c.indicators, geo, organisation: c.decisions[0] ? pick(c.decisions[0].organisation.names, lang) : '' };
  }

  /** The map scene with the commitments on it, or null when none has a place. */
  private async scene(viewer: Viewer, sub: Subject, lang: Lang, paper: Paper, orientation: Orientation, baseUrl: string, link: string, title: string, subtitle: string, page?: typeof MAP_PAGE, markerScale = 1) {
    const bbox = commitmentsBbox(sub.geo);
    if (!bbox) return null;
    const { scene, layout } = await this.exports.scene({ bbox, lang, paper, orientation, annotations: false, layers: CONTEXT_LAYERS, title, subtitle, minMetres: 400 }, viewer, baseUrl, page);
    const illustrative = sub.decisions.some((d) => d.provenance === 'illustrative');
    const layer = commitmentsLayer(sub.geo, scene.view);
    scene.layers.push(layer);
    scene.illustrative ||= illustrative;
    scene.link = link;
    scene.organisation = sub.organisation;
    for (const d of sub.decisions) if (d.source) scene.sources.unshift({ attribution: plain(d.source), licence: plain(d.licence ?? '') });
    return { scene, layout, markers: commitmentMarkers(layer, commitmentNumbers(sub.decisions), layout.s * markerScale) };
  }

  /** Whether the tracker page has a map (some commitment has a place). */
  async hasMap(viewer: Viewer, scope: Scope): Promise<boolean> {
    const geo = scope.decisionId ? await this.reader.geojson(viewer, scope.decisionId, null) : await this.reader.geojson(viewer, null, scope.campaignId!);
    return commitmentsBbox(geo) !== null;
  }

  /** The tracker page's map: the map frame of a print scene alone (basemap, commitments in status colours, scale bar), as PNG. */
  async mapImage(viewer: Viewer, scope: Scope, lang: Lang, baseUrl: string, link: string): Promise<Buffer> {
    const sub = await this.subject(viewer, scope, lang);
    // Numbers twice the print size: a phone shows the 960 px picture about a third as wide.
    const drawn = await this.scene(viewer, sub, lang, 'a4', 'portrait', baseUrl, link, sub.title, '', MAP_PAGE, 2);
    if (!drawn) throw new HttpProblem('not-found', `No commitment of ${scope.decisionId ? `decision ${scope.decisionId}` : `campaign ${scope.campaignId}`} has a place on the map yet: give one a geometry or link it to map features.`);
    const f = drawn.scene.view.frame;
    // The whole page drawn, the viewBox cut to the map frame.
    const svg = withMarkers(mapPageSvg(drawn.scene, drawn.layout), drawn.markers).replace(/<svg\b[^>]*>/, `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n1(f.w)}" height="${n1(f.h)}" viewBox="${n1(f.x)} ${n1(f.y)} ${n1(f.w)} ${n1(f.h)}" xml:lang="${lang}">`);
    return this.renderer.png(svg, MAP_IMAGE_PX);
  }

  private async reportPhotos(viewer: Viewer, ds: DecisionDetail[], lang: Lang): Promise<ReportPhoto[]> {
    const all = ds.flatMap((d) => d.commitments.flatMap((c) => c.updates.flatMap((u) => u.photos.map((p) => ({ u, p, c })))))
      .sort((a, b) => (b.u.reportedOn > a.u.reportedOn ? 1 : b.u.reportedOn < a.u.reportedOn ? -1 : 0))
      .slice(0, MAX_REPORT_PHOTOS);
    const out: ReportPhoto[] = [];
    for (const { u, p, c } of all) {
      const img = await this.reader.photo(viewer, u.id, p.id, 'thumb');
      out.push({ caption: p.caption, takenOn: p.takenAt ?? u.reportedOn, commitment: pick(c.title, lang), dataUri: `data:${img.mime};base64,${img.content.toString('base64')}`, width: p.width, height: p.height });
    }
    return out;
  }

  /** The monitoring report: the map page, then the text pages (monitoring-report.ts). */
  async report(viewer: Viewer, scope: Scope, q: ReportRequest, baseUrl: string, trackerUrl: string): Promise<PrintFile> {
    const { lang } = q;
    const sub = await this.subject(viewer, scope, lang);
    const title = `${msg(T.report, lang)}: ${sub.title}`;
    const summary = summarySentence(sub.counts, sub.indicators, lang, (x) => pick(x, lang));
    const subtitle = sub.decisions.length === 1 ? decisionLine(sub.decisions[0]!, lang) : summary;
    const drawn = await this.scene(viewer, sub, lang, q.paper, q.orientation, baseUrl, trackerUrl, title, subtitle);
    const visits = this.options.visits ? await this.options.visits(viewer, sub.campaignId) : undefined;
    const size = drawn?.scene.size ?? pageSize(q.paper, q.orientation);
    const pageLabel = (i: number, total: number) => msg(T.page, lang, { n: i + 1, total });
    const before = drawn ? 1 : 0;
    const rest = monitoringPagesSvg({
      lang, size, title, heading: sub.heading, asOf: sub.asOf, decisions: sub.decisions, counts: sub.counts, indicators: sub.indicators,
      photos: await this.reportPhotos(viewer, sub.decisions, lang), visits, trackerUrl, generatedOn: this.reader.today(), footerLeft: `${msg(T.tracker, lang)}: ${trackerUrl}`,
    }, pageLabel, before);
    let pages = rest;
    if (drawn) { drawn.scene.pageLabel = pageLabel(0, rest.length + 1); pages = [withMarkers(mapPageSvg(drawn.scene, drawn.layout), drawn.markers), ...rest]; }
    const name = `monitoring-report-${slug(sub.title)}-${lang}`;
    if (q.format === 'png') {
      const svg = pages[q.page - 1];
      if (!svg) throw new HttpProblem('invalid-parameter', `page ${q.page} does not exist: this report has ${pages.length} pages (page=1…${pages.length}).`, { errors: [{ in: 'query', name: 'page', reason: `1 to ${pages.length}` }] });
      return { body: this.renderer.png(svg, pngPixels(size, q.dpi).width), contentType: 'image/png', filename: `${name}-p${q.page}.png` };
    }
    const body = await this.renderer.pdf(pages, size, { title, author: sub.organisation, subject: summary, lang });
    return { body, contentType: 'application/pdf', filename: `${name}.pdf` };
  }
}
