// The public tracker, its Atom feeds and the monitoring report:
//   GET /tracker/decisions/{id}[?lang=&embed=1]            HTML page (drafts: 404 for whoever may not see them)
//   GET /tracker/decisions/{id}/feed.atom[?lang=]          Atom feed of its progress updates
//   GET /tracker/decisions/{id}/map.png[?lang=]            the page's map (print renderer)
//   GET /tracker/campaigns/{id}[…], …/feed.atom, …/map.png the same for every published decision of a campaign
//   GET /s/{token}/tracker[?lang=&embed=1], /s/{token}/tracker/map.png, /s/{token}/feed.atom
//                                                          the campaign's tracker through a share link (as the public sees it)
//   GET /api/decisions/{id}/report.pdf|png?lang=&paper=&orientation=&page=&dpi=
//   GET /api/campaigns/{id}/monitoring-report.pdf|png?…    the monitoring report
// The reader decides visibility (CommitmentsReader: a 404 problem for what the viewer may not see).
// Only the embed form (?embed=1) may be framed by other sites; every other answer keeps the app's headers.
import { Router, type Request, type Response } from 'express';
import { LRUCache } from 'lru-cache';
import { PUBLIC, type Viewer } from '../access/viewer.js';
import { HttpProblem } from '../http/problem.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { LANGS, pick, type Lang } from '../i18n/pick.js';
import { gonePage } from '../shares/shares.pages.js';
import { allowAnyFramer } from '../shares/shares.routes.js';
import type { SharesService } from '../shares/shares.service.js';
import { send as sendFile } from '../budgets/budgets-print.routes.js';
import type { CommitmentsPrintService, Scope } from './commitments-print.service.js';
import type { CommitmentsReader } from './commitments.types.js';
import { atomFeed } from './tracker.feed.js';
import { T, msg } from './tracker.messages.js';
import { campaignPage, decisionPage, notFoundPage, type PageLinks } from './tracker.pages.js';
import { FeedQuery, IdParams, MapImageQuery, PageQuery, ReportParams, ReportQuery } from './tracker.schema.js';

export interface TrackerRouterOptions { viewerOf: (req: Request) => Promise<Viewer> }

/** Most entries in one feed. */
export const FEED_LIMIT = 50;

const langOf = (req: Request, asked: Lang | undefined): Lang => asked ?? ((req.acceptsLanguages(...LANGS) || 'ru') as Lang);

/** The answer depends on who asks (a member sees their drafts) and on live data: never kept by a shared cache. */
function headers(res: Response, viewer: Viewer) {
  res.set({ 'Cache-Control': viewer.kind === 'public' ? 'no-cache' : 'private, no-store', 'Referrer-Policy': 'no-referrer', Vary: 'Accept-Language, Cookie' });
}

export function trackerRouter(reader: CommitmentsReader, print: CommitmentsPrintService, shares: SharesService, opts: TrackerRouterOptions): Router {
  const r = Router();
  // Drawing a map takes a second or two and a shared page is opened in bursts: the public's maps are
  // kept for two minutes (a new update shows after that at the latest). Members' maps are never kept.
  const maps = new LRUCache<string, Buffer>({ max: 100, ttl: 2 * 60_000 });

  const withQuery = (path: string, lang: Lang, extra = '') => `${path}?lang=${lang}${extra}`;

  /** The page for a scope at `self` (its map, feed and report beside it). */
  async function page(req: Request, res: Response, viewer: Viewer, scope: Scope, self: string, reportPath: string | null) {
    const q = parseOr400(PageQuery, req.query, 'query');
    const lang = langOf(req, q.lang);
    let data;
    try {
      data = scope.decisionId ? await reader.decision(viewer, scope.decisionId) : await reader.campaignTracker(viewer, scope.campaignId!);
    } catch (err) {
      // A person following a link gets a page, not JSON; the same page for missing and unpublished.
      if (err instanceof HttpProblem && err.status === 404) { res.status(404).set('Cache-Control', 'no-store').type('html').send(notFoundPage(lang)); return; }
      throw err;
    }
    const links: PageLinks = {
      lang, embed: q.embed, self, origin: baseUrl(req),
      mapUrl: (await print.hasMap(viewer, scope)) ? withQuery(`${self}/map.png`, lang) : null,
      feedUrl: withQuery(self.endsWith('/tracker') ? `${self.replace(/\/tracker$/, '')}/feed.atom` : `${self}/feed.atom`, lang),
      reportUrl: reportPath ? withQuery(reportPath, lang) : null,
      decisionUrl: (id) => (self.startsWith('/tracker/') ? `/tracker/decisions/${id}?lang=${lang}` : null),
    };
    headers(res, viewer);
    res.set('Content-Language', lang);
    if (q.embed) allowAnyFramer(res);
    res.status(200).type('html').send('decisions' in data ? campaignPage(data, links) : decisionPage(data, links));
  }

  async function feed(req: Request, res: Response, viewer: Viewer, scope: Scope, pagePath: string) {
    const q = parseOr400(FeedQuery, req.query, 'query');
    const lang = langOf(req, q.lang);
    const data = scope.decisionId ? await reader.decision(viewer, scope.decisionId) : await reader.campaignTracker(viewer, scope.campaignId!);
    const entries = await reader.feed(viewer, scope, FEED_LIMIT);
    const base = baseUrl(req);
    const title = 'decisions' in data ? pick(data.campaign.title, lang) : pick(data.title, lang);
    const updated = 'decisions' in data ? (data.decisions.map((d) => d.updatedAt).sort().at(-1) ?? `${data.asOf}T00:00:00Z`) : data.updatedAt;
    const selfPath = pagePath.endsWith('/tracker') ? `${pagePath.replace(/\/tracker$/, '')}/feed.atom` : `${pagePath}/feed.atom`;
    headers(res, viewer);
    res.type('application/atom+xml; charset=utf-8').send(atomFeed(entries, {
      lang, title: msg(T.feedTitle, lang, { title }), key: scope.decisionId ? `decision:${scope.decisionId}` : `campaign:${scope.campaignId}`,
      selfUrl: `${base}${withQuery(selfPath, lang)}`, pageUrl: `${base}${withQuery(pagePath, lang)}`, fallbackUpdated: updated,
      absolute: (p) => (/^https?:\/\//.test(p) ? p : `${base}${p}`),
    }));
  }

  async function map(req: Request, res: Response, viewer: Viewer, scope: Scope, pagePath: string) {
    const q = parseOr400(MapImageQuery, req.query, 'query');
    const lang = langOf(req, q.lang);
    const key = viewer.kind === 'public' ? `${scope.decisionId ?? scope.campaignId}:${lang}:${reader.today()}` : null;
    let png = key ? maps.get(key) : undefined;
    if (!png) {
      png = await print.mapImage(viewer, scope, lang, baseUrl(req), `${baseUrl(req)}${withQuery(pagePath, lang)}`);
      if (key) maps.set(key, png);
    }
    headers(res, viewer);
    res.status(200).type('png').set('Content-Disposition', 'inline; filename="commitments-map.png"').end(png);
  }

  /** The share link's campaign, or the short "this link does not work" page (404). */
  async function shared(req: Request, res: Response): Promise<string | null> {
    try {
      return (await shares.resolve(String(req.params.token))).campaign.id;
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 404) { res.status(404).set('Cache-Control', 'no-store').type('html').send(gonePage()); return null; }
      throw err;
    }
  }

  r.get('/tracker/decisions/:id', async (req, res) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    await page(req, res, await opts.viewerOf(req), { decisionId: id }, `/tracker/decisions/${id}`, `/api/decisions/${id}/report.pdf`);
  });
  r.get('/tracker/decisions/:id/feed.atom', async (req, res) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    await feed(req, res, await opts.viewerOf(req), { decisionId: id }, `/tracker/decisions/${id}`);
  });
  r.get('/tracker/decisions/:id/map.png', async (req, res) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    await map(req, res, await opts.viewerOf(req), { decisionId: id }, `/tracker/decisions/${id}`);
  });
  r.get('/tracker/campaigns/:id', async (req, res) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    await page(req, res, await opts.viewerOf(req), { campaignId: id }, `/tracker/campaigns/${id}`, `/api/campaigns/${id}/monitoring-report.pdf`);
  });
  r.get('/tracker/campaigns/:id/feed.atom', async (req, res) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    await feed(req, res, await opts.viewerOf(req), { campaignId: id }, `/tracker/campaigns/${id}`);
  });
  r.get('/tracker/campaigns/:id/map.png', async (req, res) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    await map(req, res, await opts.viewerOf(req), { campaignId: id }, `/tracker/campaigns/${id}`);
  });

  // Through a share link: the campaign as the public sees it (published decisions only), whoever opens it.
  const tokenPath = (req: Request) => `/s/${encodeURIComponent(String(req.params.token))}/tracker`;
  r.get('/s/:token/tracker', async (req, res) => {
    const id = await shared(req, res);
    if (id) await page(req, res, PUBLIC, { campaignId: id }, tokenPath(req), null);
  });
  r.get('/s/:token/tracker/map.png', async (req, res) => {
    const id = await shared(req, res);
    if (id) await map(req, res, PUBLIC, { campaignId: id }, tokenPath(req));
  });
  r.get('/s/:token/feed.atom', async (req, res) => {
    const id = await shared(req, res);
    if (id) await feed(req, res, PUBLIC, { campaignId: id }, tokenPath(req));
  });

  // The monitoring report.
  const report = (kind: 'decision' | 'campaign') => async (req: Request, res: Response) => {
    const { id, format } = parseOr400(ReportParams, req.params, 'path');
    const q = parseOr400(ReportQuery, req.query, 'query');
    if (format === 'pdf' && q.page !== undefined) {
      throw new HttpProblem('invalid-parameter', 'page applies to the PNG only (one page as an image); the PDF holds every page.', { errors: [{ in: 'query', name: 'page', reason: 'PNG only' }] });
    }
    const lang = langOf(req, q.lang);
    const scope: Scope = kind === 'decision' ? { decisionId: id } : { campaignId: id };
    const trackerUrl = `${baseUrl(req)}/tracker/${kind === 'decision' ? 'decisions' : 'campaigns'}/${id}?lang=${lang}`;
    const file = await print.report(await opts.viewerOf(req), scope, { lang, format, paper: q.paper, orientation: q.orientation, page: q.page ?? 1, dpi: q.dpi }, baseUrl(req), trackerUrl);
    sendFile(res, file, format === 'png');
  };
  r.get('/api/decisions/:id/report.:format', report('decision'));
  r.get('/api/campaigns/:id/monitoring-report.:format', report('campaign'));
  return r;
}
