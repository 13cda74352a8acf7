// /api/visits: monitoring visits with checklists (visits.types.ts lists the routes). Writes need the
// CSRF header (the /api guard in app.ts); changes need If-Match with the version read (428 / 412).
// A photo is POSTed as the image itself (not multipart), like an annotation's, and goes through the
// same pipeline (photos/photos.image.ts: decoded, re-encoded as JPEG without metadata, a thumbnail).
import express, { Router } from 'express';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { etagOf, ifMatchVersions, jsonBody } from '../http/preconditions.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { processPhoto } from '../photos/photos.image.js';
import { PHOTO_TYPES } from '../photos/photos.schema.js';
import { rawImage, sendPhoto } from '../photos/photos.http.js';
import {
  ChangesQuery, FormQuery, LatestQuery, PhotoGetQuery, PhotoParams, PhotoUploadQuery, VisitCreate, VisitListQuery, VisitParams, VisitPatch,
} from './visits.schema.js';
import type { VisitsService } from './visits.service.js';

export function visitsRouter(service: VisitsService, sessions: HttpSessions, photoMaxBytes: number): Router {
  const r = Router();
  const raw = express.raw({ type: [...PHOTO_TYPES], limit: photoMaxBytes });

  r.get('/api/visits/checklists', async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(await service.checklists());
  });

  r.get('/api/visits/form', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const q = parseOr400(FormQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await service.form(viewer, q.layer, q.feature));
  });

  r.get('/api/visits/latest.geojson', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(LatestQuery, req.query, 'query');
    personalised(res, viewer);
    res.type('application/geo+json').send(JSON.stringify(await service.latest(viewer, q)));
  });

  r.get('/api/visits/changes', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(ChangesQuery, req.query, 'query');
    personalised(res, viewer);
    res.json({ changes: await service.changes(viewer, q.campaign) });
  });

  r.get('/api/visits', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(VisitListQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await service.list(viewer, q));
  });

  r.post('/api/visits', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(VisitCreate, jsonBody(req), 'body');
    const v = await service.create(viewer, body, baseUrl(req));
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/visits/${v.id}`).set('ETag', etagOf(v.version)).json(v);
  });

  r.get('/api/visits/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(VisitParams, req.params, 'path');
    const v = await service.get(viewer, id, baseUrl(req));
    personalised(res, viewer);
    res.set('ETag', etagOf(v.version)).json(v);
  });

  r.patch('/api/visits/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(VisitParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'a monitoring visit');
    const body = parseOr400(VisitPatch, jsonBody(req), 'body');
    const v = await service.patch(viewer, id, versions, body, baseUrl(req));
    personalised(res, viewer);
    res.set('ETag', etagOf(v.version)).json(v);
  });

  r.delete('/api/visits/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(VisitParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'a monitoring visit (deleting it)');
    await service.remove(viewer, id, versions);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.post('/api/visits/:id/photos', raw, async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(VisitParams, req.params, 'path');
    const q = parseOr400(PhotoUploadQuery, req.query, 'query');
    const body = rawImage(req);
    await service.mayAddPhoto(viewer, id); // before spending CPU on decoding
    const photo = await processPhoto(body, { keepLocation: q.keepLocation === 'true' });
    const { visit, photoId } = await service.addPhoto(viewer, id, q.item ?? null, q.caption ?? '', photo, baseUrl(req));
    personalised(res, viewer);
    res.status(201).set({ ETag: etagOf(visit.version), Location: `${baseUrl(req)}/api/visits/${id}/photos/${photoId}` }).json(visit);
  });

  r.get('/api/visits/:id/photos/:photoId', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id, photoId } = parseOr400(PhotoParams, req.params, 'path');
    const { size } = parseOr400(PhotoGetQuery, req.query, 'query');
    const p = await service.photo(viewer, id, photoId, size ?? 'full');
    personalised(res, viewer);
    sendPhoto(req, res, p, size ?? 'full', 'visit-photo');
  });

  return r;
}
