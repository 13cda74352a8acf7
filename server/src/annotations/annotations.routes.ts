// /api/annotations (GeoJSON in and out), comments, history, timeline; the annotations map layer
// (/api/layers/annotations/features and /tiles/annotations/{z}/{x}/{y}.mvt); council response times.
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { etagOf, ifMatchVersions, jsonBody } from '../http/preconditions.js';
import { TileParams } from '../tiles/tiles.routes.js';
import { readerOf, type Viewer } from '../access/viewer.js';
import type { HttpSessions } from '../auth/session.js';
import type { AnnotationsService, AnnotationFeature } from './annotations.service.js';
import type { AnnotationTileRenderer } from './annotations.tiles.js';
import {
  AnnotationCreate, AnnotationPatch, AnnotationQuery, CommentCreate, CommentIdParam, IdParam, ReviewChange, StatusChange,
  type AnnotationQueryInput,
} from './annotations.schema.js';

/** Answers that depend on who asks are never stored by shared caches. */
export function personalised(res: Response, viewer: Viewer) {
  res.set({ 'Cache-Control': viewer.kind === 'user' ? 'private, no-store' : 'no-cache', Vary: 'Cookie' });
}

const GEOJSON = 'application/geo+json';

function sendFeature(res: Response, f: AnnotationFeature, status = 200) {
  res.status(status).set('ETag', etagOf(f.properties.version)).type(GEOJSON).send(JSON.stringify(f));
}

export function annotationsRouter(service: AnnotationsService, sessions: HttpSessions, tiles: AnnotationTileRenderer, tileMaxAgeSeconds: number): Router {
  const r = Router();

  const list = async (req: Request, res: Response) => {
    const viewer = await sessions.viewerOf(req);
    const q: AnnotationQueryInput = parseOr400(AnnotationQuery, req.query, 'query');
    const limit = q.limit ?? 200, offset = q.offset ?? 0;
    const page = await service.list(viewer, {
      campaign: q.campaign, category: q.category, status: q.status, reviewStatus: q.reviewStatus,
      severity: q.severity?.map(Number), bbox: q.bbox, deleted: q.deleted === 'true',
    }, limit, offset);
    const self = new URL(`${baseUrl(req)}${req.originalUrl}`);
    const link = (o: number) => { const u = new URL(self); u.searchParams.set('offset', String(o)); u.searchParams.set('limit', String(limit)); return u.toString(); };
    const links = [{ rel: 'self', type: GEOJSON, href: self.toString() }];
    if (offset + page.features.length < page.matched) links.push({ rel: 'next', type: GEOJSON, href: link(offset + limit) });
    if (offset > 0) links.push({ rel: 'prev', type: GEOJSON, href: link(Math.max(0, offset - limit)) });
    personalised(res, viewer);
    res.type(GEOJSON).send(JSON.stringify({
      type: 'FeatureCollection', features: page.features,
      numberMatched: page.matched, numberReturned: page.features.length, limit, offset,
      timeStamp: new Date().toISOString(), links,
    }));
  };

  r.get('/api/annotations', list);
  r.get('/api/layers/annotations/features', list);

  r.post('/api/annotations', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(AnnotationCreate, jsonBody(req), 'body');
    const f = await service.create(viewer, body);
    personalised(res, viewer);
    res.set('Location', `${baseUrl(req)}/api/annotations/${f.id}`);
    sendFeature(res, f, 201);
  });

  r.get('/api/annotations/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    personalised(res, viewer);
    sendFeature(res, await service.get(viewer, id));
  });

  r.patch('/api/annotations/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const body = parseOr400(AnnotationPatch, jsonBody(req), 'body');
    const versions = ifMatchVersions(req, 'an annotation');
    personalised(res, viewer);
    sendFeature(res, await service.update(viewer, id, versions, body));
  });

  r.delete('/api/annotations/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const versions = ifMatchVersions(req, 'an annotation');
    personalised(res, viewer);
    sendFeature(res, await service.remove(viewer, id, versions));
  });

  r.post('/api/annotations/:id/restore', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const versions = ifMatchVersions(req, 'an annotation');
    personalised(res, viewer);
    sendFeature(res, await service.restore(viewer, id, versions));
  });

  r.post('/api/annotations/:id/status', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const body = parseOr400(StatusChange, jsonBody(req), 'body');
    const versions = ifMatchVersions(req, "an annotation's status");
    personalised(res, viewer);
    sendFeature(res, await service.changeStatus(viewer, id, versions, body));
  });

  r.post('/api/annotations/:id/review', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const body = parseOr400(ReviewChange, jsonBody(req), 'body');
    const versions = ifMatchVersions(req, "an annotation's review status");
    personalised(res, viewer);
    sendFeature(res, await service.review(viewer, id, versions, body));
  });

  r.get('/api/annotations/:id/comments', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const comments = await service.listComments(viewer, id);
    personalised(res, viewer);
    res.json({ comments });
  });

  r.post('/api/annotations/:id/comments', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const body = parseOr400(CommentCreate, jsonBody(req), 'body');
    const c = await service.addComment(viewer, id, body.body);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/annotations/${id}/comments/${c.id}`).json(c);
  });

  r.delete('/api/annotations/:id/comments/:commentId', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, commentId } = parseOr400(CommentIdParam, req.params, 'path');
    await service.deleteComment(viewer, id, commentId);
    res.status(204).end();
  });

  r.get('/api/annotations/:id/history', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const items = await service.history(viewer, id);
    personalised(res, viewer);
    res.json({ items });
  });

  r.get('/api/annotations/:id/timeline', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParam, req.params, 'path');
    const entries = await service.timeline(viewer, id);
    personalised(res, viewer);
    res.json({ entries });
  });

  r.get('/tiles/annotations/:z/:x/:y.mvt', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const p = parseOr400(TileParams, { ...req.params, layer: 'annotations' }, 'path');
    const data = await tiles.render(readerOf(viewer), p.z, p.x, p.y);
    const etag = `"${crypto.createHash('sha1').update(data).update(viewer.kind === 'user' ? viewer.orgId : 'public').digest('base64url').slice(0, 22)}"`;
    res.set({
      'Content-Type': 'application/vnd.mapbox-vector-tile',
      // The public tile may be cached briefly by anyone; a signed-in user's tile holds drafts: never stored.
      'Cache-Control': viewer.kind === 'user' ? 'private, no-store' : `public, max-age=${tileMaxAgeSeconds}`,
      Vary: 'Cookie',
      ETag: etag,
    });
    if (req.fresh) { res.status(304).end(); return; }
    res.status(200).end(data);
  });

  return r;
}
