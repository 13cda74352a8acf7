// Share links: managed under /api/campaigns/{id}/share-links, read at /api/shares/{token}, opened at
// /s/{token} (the app with Open Graph tags), /s/{token}/embed (framable from any site) and
// /s/{token}/og.png (the preview image).
import { Router, type Request, type Response } from 'express';
import { LRUCache } from 'lru-cache';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { jsonBody } from '../http/preconditions.js';
import { HttpProblem } from '../http/problem.js';
import { LANGS, type Lang } from '../i18n/pick.js';
import type { HttpSessions } from '../auth/session.js';
import { CampaignLinkParams, LinkIdParams, ShareLinkCreate } from './shares.schema.js';
import type { SharesService } from './shares.service.js';
import { fallbackOgImage, gonePage, html, metaFor, sharedPage } from './shares.pages.js';
import { safeError } from '../http/log-safe.js';

type OgImage = (campaignId: string, lang: Lang, baseUrl?: string) => Promise<Buffer | Uint8Array>;

/** The print renderer's preview image, when the exports service offers one (server/src/exports). */
function rendererOgImage(req: Request): OgImage | undefined {
  const exp = (req.app as unknown as { services?: { exports?: { ogImage?: OgImage } } }).services?.exports;
  return typeof exp?.ogImage === 'function' ? exp.ogImage.bind(exp) : undefined;
}

const langOf = (req: Request): Lang => (req.acceptsLanguages(...LANGS) || 'ru') as Lang;

/** This answer may be framed by any site (the CSO's own): for the embed forms only; everything else keeps frame-ancestors 'self'. */
export function allowAnyFramer(res: Response) {
  const csp = String(res.getHeader('Content-Security-Policy') ?? '');
  res.setHeader('Content-Security-Policy', /frame-ancestors [^;]*/.test(csp) ? csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *') : `${csp}${csp ? ';' : ''}frame-ancestors *`);
  res.removeHeader('X-Frame-Options');
}

function noStore(res: Response) {
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
}

export function sharesRouter(shares: SharesService, sessions: HttpSessions, webDist: string): Router {
  const r = Router();
  // Drawing a preview takes seconds and link previews are fetched in bursts (every chat that shows the
  // link): keep each campaign's image for a few minutes. The token is still checked on every request.
  const previews = new LRUCache<string, Buffer>({ max: 200, ttl: 10 * 60_000 });

  r.post('/api/campaigns/:id/share-links', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(CampaignLinkParams, req.params, 'path');
    const body = parseOr400(ShareLinkCreate, jsonBody(req), 'body');
    const { link, token, title } = await shares.create(viewer, id, body);
    const url = `${baseUrl(req)}/s/${token}`;
    const embedUrl = `${url}/embed`;
    const embedHtml = `<iframe src="${html(embedUrl)}" title="${html(title)}" width="100%" height="480" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`;
    res.status(201).set({ 'Cache-Control': 'no-store', Location: `${baseUrl(req)}/api/campaigns/${id}/share-links` })
      .json({ id: link.id, token, url, embedUrl, embedHtml, label: link.label, expiresAt: link.expiresAt, createdAt: link.createdAt, revokedAt: null });
  });

  r.get('/api/campaigns/:id/share-links', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(CampaignLinkParams, req.params, 'path');
    const links = await shares.list(viewer, id);
    res.set('Cache-Control', 'private, no-store').json({ links });
  });

  r.delete('/api/campaigns/:id/share-links/:linkId', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, linkId } = parseOr400(LinkIdParams, req.params, 'path');
    await shares.revoke(viewer, id, linkId);
    res.status(204).end();
  });

  r.get('/api/shares/:token', async (req, res) => {
    const view = await shares.read(String(req.params.token));
    noStore(res);
    res.json(view);
  });

  /** The link's campaign, or the short "this link does not work" page (404) for a dead token. */
  const resolveOrGone = async (req: Request, res: Response) => {
    try {
      return await shares.resolve(String(req.params.token));
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 404) { res.status(404).type('html').send(gonePage()); return null; }
      throw err;
    }
  };

  const page = (embed: boolean) => async (req: Request, res: Response) => {
    noStore(res);
    const resolved = await resolveOrGone(req, res);
    if (!resolved) return;
    const self = `${baseUrl(req)}/s/${encodeURIComponent(String(req.params.token))}`;
    const meta = metaFor(resolved.campaign, langOf(req), embed ? `${self}/embed` : self, `${self}/og.png`);
    if (embed) allowAnyFramer(res);
    res.status(200).type('html').send(await sharedPage(webDist, meta, embed));
  };
  r.get('/s/:token', page(false));
  r.get('/s/:token/embed', page(true));

  r.get('/s/:token/og.png', async (req, res) => {
    noStore(res);
    const resolved = await resolveOrGone(req, res);
    if (!resolved) return;
    const lang = langOf(req);
    const key = `${resolved.campaign.id}:${lang}`;
    const rendered = rendererOgImage(req);
    let png: Buffer | Uint8Array | undefined = previews.get(key);
    if (!png && rendered) {
      try {
        png = await rendered(resolved.campaign.id, lang, baseUrl(req));
      } catch (err) {
        req.log?.warn({ err: safeError(err) }, 'preview image from the print renderer failed; serving the title card');
      }
    }
    png ??= fallbackOgImage(resolved.campaign, lang);
    previews.set(key, Buffer.from(png));
    res.status(200).type('png').set('Content-Disposition', 'inline; filename="preview.png"').end(Buffer.from(png));
  });

  return r;
}
