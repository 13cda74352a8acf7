// /api/decisions, /api/commitments, /api/progress-updates: council decisions, their commitments and the
// progress reported on them (route list in commitments.types.ts). Writes need the CSRF header (the /api
// guard in app.ts); changes of a decision or a commitment need If-Match (428 without, 412 when stale);
// a retried create with the same Idempotency-Key answers the first answer (http/idempotency.ts).
import express, { Router } from 'express';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { etagOf, ifMatchVersions, jsonBody } from '../http/preconditions.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { processPhoto } from '../photos/photos.image.js';
import { rawImage, sendPhoto } from '../photos/photos.http.js';
import { PHOTO_TYPES, PhotoGetQuery, PhotoUploadQuery } from '../photos/photos.schema.js';
import {
  AsOfQuery, CommitmentInput, CommitmentPatch, DecisionCreate, DecisionListQuery, DecisionPatch, IdParams, PhotoParams, UpdateCreate, VerificationPut,
} from './commitments.schema.js';
import type { CommitmentsService } from './commitments.service.js';

const CampaignParams = IdParams;

export function commitmentsRouter(service: CommitmentsService, sessions: HttpSessions, photoMaxBytes: number): Router {
  const r = Router();
  const raw = express.raw({ type: [...PHOTO_TYPES], limit: photoMaxBytes });

  r.get('/api/decisions', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(DecisionListQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await service.list(viewer, q));
  });

  r.post('/api/decisions', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(DecisionCreate, jsonBody(req), 'body');
    const d = await service.create(viewer, body);
    personalised(res, viewer);
    res.status(201).set({ Location: `${baseUrl(req)}/api/decisions/${d.id}`, ETag: etagOf(d.version) }).json(d);
  });

  r.get('/api/decisions/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const q = parseOr400(AsOfQuery, req.query, 'query');
    const d = await service.decision(viewer, id, q.as_of);
    personalised(res, viewer);
    res.set('ETag', etagOf(d.version)).json(d);
  });

  r.patch('/api/decisions/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'a decision');
    const body = parseOr400(DecisionPatch, jsonBody(req), 'body');
    const d = await service.patch(viewer, id, versions, body);
    personalised(res, viewer);
    res.set('ETag', etagOf(d.version)).json(d);
  });

  r.delete('/api/decisions/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'a decision');
    await service.remove(viewer, id, versions);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.get('/api/decisions/:id/commitments.geojson', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const q = parseOr400(AsOfQuery, req.query, 'query');
    personalised(res, viewer);
    res.type('application/geo+json').send(JSON.stringify(await service.geojson(viewer, id, null, q.as_of)));
  });

  r.post('/api/decisions/:id/commitments', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const body = parseOr400(CommitmentInput, jsonBody(req), 'body');
    const c = await service.addCommitment(viewer, id, body);
    personalised(res, viewer);
    res.status(201).set({ Location: `${baseUrl(req)}/api/commitments/${c.id}`, ETag: etagOf(c.version) }).json(c);
  });

  r.get('/api/commitments/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const q = parseOr400(AsOfQuery, req.query, 'query');
    const c = await service.commitment(viewer, id, q.as_of);
    personalised(res, viewer);
    res.set('ETag', etagOf(c.version)).json(c);
  });

  r.patch('/api/commitments/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'a commitment');
    const body = parseOr400(CommitmentPatch, jsonBody(req), 'body');
    const c = await service.patchCommitment(viewer, id, versions, body);
    personalised(res, viewer);
    res.set('ETag', etagOf(c.version)).json(c);
  });

  r.delete('/api/commitments/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'a commitment');
    await service.removeCommitment(viewer, id, versions);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.post('/api/commitments/:id/updates', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const body = parseOr400(UpdateCreate, jsonBody(req), 'body');
    const u = await service.addUpdate(viewer, id, body);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/progress-updates/${u.id}`).json(u);
  });

  r.post('/api/commitments/:id/reopen-annotations', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    personalised(res, viewer);
    res.json(await service.reopen(viewer, id));
  });

  r.get('/api/progress-updates/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    personalised(res, viewer);
    res.json(await service.progressUpdate(viewer, id));
  });

  r.delete('/api/progress-updates/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    await service.removeUpdate(viewer, id);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.post('/api/progress-updates/:id/photos', raw, async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const q = parseOr400(PhotoUploadQuery, req.query, 'query');
    const image = rawImage(req);
    await service.checkPhotoRights(viewer, id); // before spending CPU on decoding
    const photo = await processPhoto(image, { keepLocation: q.keepLocation === 'true' });
    const { update, photoId } = await service.addPhoto(viewer, id, q.caption ?? '', photo);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/progress-updates/${id}/photos/${photoId}`).json(update);
  });

  r.get('/api/progress-updates/:id/photos/:photoId', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id, photoId } = parseOr400(PhotoParams, req.params, 'path');
    const { size } = parseOr400(PhotoGetQuery, req.query, 'query');
    const p = await service.photo(viewer, id, photoId, size ?? 'full');
    personalised(res, viewer);
    sendPhoto(req, res, { id: photoId, ...p }, size ?? 'full');
  });

  r.put('/api/progress-updates/:id/verification', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdParams, req.params, 'path');
    const body = parseOr400(VerificationPut, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.verify(viewer, id, body));
  });

  r.get('/api/campaigns/:id/tracker', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(CampaignParams, req.params, 'path');
    const q = parseOr400(AsOfQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await service.campaignTracker(viewer, id, q.as_of));
  });

  r.get('/api/campaigns/:id/commitments.geojson', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(CampaignParams, req.params, 'path');
    const q = parseOr400(AsOfQuery, req.query, 'query');
    personalised(res, viewer);
    res.type('application/geo+json').send(JSON.stringify(await service.geojson(viewer, null, id, q.as_of)));
  });

  return r;
}
