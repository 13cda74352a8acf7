// /api/annotations (GeoJSON in and out: the editing API with permissions and the workflow), comments,
// history, timeline. The annotations MAP layer (tiles, features, OGC API, downloads) is a registry
// layer (layers/annotations.ts) and goes through the same paths as every other layer.
import { Router, type Request, type Response } from 'express';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { etagOf, ifMatchVersions, jsonBody } from '../http/preconditions.js';
import { personalised } from '../http/cache.js';
import { GEOJSON, pageLinks } from '../http/paging.js';
import type { HttpSessions } from '../auth/session.js';
import type { AnnotationsService, AnnotationFeature } from './annotations.service.js';
import {
  AnnotationCreate, AnnotationPatch, AnnotationQuery, CommentCreate, CommentIdParam, IdParam, ReviewChange, StatusChange,
  type AnnotationQueryInput,
} from './annotations.schema.js';

function sendFeature(res: Response, f: AnnotationFeature, status = 200) {
  res.status(status).set('ETag', etagOf(f.properties.version)).type(GEOJSON).send(JSON.stringify(f));
}

export function annotationsRouter(service: AnnotationsService, sessions: HttpSessions): Router {
  const r = Router();

  r.get('/api/annotations', async (req: Request, res: Response) => {
    const viewer = await sessions.viewerOf(req);
    const q: AnnotationQueryInput = parseOr400(AnnotationQuery, req.query, 'query');
    const limit = q.limit ?? 200, offset = q.offset ?? 0;
    const page = await service.list(viewer, {
      campaign: q.campaign, category: q.category, status: q.status, reviewStatus: q.reviewStatus,
      severity: q.severity?.map(Number), bbox: q.bbox, deleted: q.deleted === 'true',
    }, limit, offset);
    const links = pageLinks(req, { offset, limit, returned: page.features.length, matched: page.matched });
    personalised(res, viewer);
    res.type(GEOJSON).send(JSON.stringify({
      type: 'FeatureCollection', features: page.features,
      numberMatched: page.matched, numberReturned: page.features.length, limit, offset,
      timeStamp: new Date().toISOString(), links,
    }));
  });

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

  return r;
}
