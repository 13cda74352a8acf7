// Evidence photos of annotations: POST the image itself (not multipart) with its Content-Type, a caption
// and whether to keep the photo's GPS position; GET the re-encoded image or its thumbnail; DELETE one.
// Adding and removing are edits of the annotation: they need If-Match and answer the updated annotation.
import express, { Router } from 'express';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { etagOf, ifMatchVersions } from '../http/preconditions.js';
import { HttpProblem } from '../http/problem.js';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { processPhoto } from './photos.image.js';
import { IdOnly, MAX_PHOTOS_PER_ANNOTATION, PHOTO_TYPES, PhotoGetQuery, PhotoParams, PhotoUploadQuery } from './photos.schema.js';
import { rawImage, sendPhoto } from './photos.http.js';
import type { AnnotationPhotos } from './photos.service.js';

export function photosRouter(service: AnnotationPhotos, sessions: HttpSessions, maxBytes: number): Router {
  const r = Router();
  const raw = express.raw({ type: [...PHOTO_TYPES], limit: maxBytes });

  r.post('/api/annotations/:id/photos', raw, async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(IdOnly, req.params, 'path');
    const q = parseOr400(PhotoUploadQuery, req.query, 'query');
    const versions = ifMatchVersions(req, 'an annotation (adding a photo)');
    const body = rawImage(req);
    // Authorise and check the version before spending CPU on decoding: a cheap read first.
    const current = await service.get(viewer, id);
    if (!current.properties.permissions.edit) {
      throw new HttpProblem('forbidden', "Only advocates and admins of the annotation's organisation add photos to it.");
    }
    const photo = await processPhoto(body, { keepLocation: q.keepLocation === 'true' });
    const { feature, photoId } = await service.addPhoto(viewer, id, versions, q.caption ?? '', photo, MAX_PHOTOS_PER_ANNOTATION);
    personalised(res, viewer);
    res.status(201).set({ ETag: etagOf(feature.properties.version), Location: `${baseUrl(req)}/api/annotations/${id}/photos/${photoId}` })
      .type('application/geo+json').send(JSON.stringify(feature));
  });

  r.get('/api/annotations/:id/photos/:photoId', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id, photoId } = parseOr400(PhotoParams, req.params, 'path');
    const { size } = parseOr400(PhotoGetQuery, req.query, 'query');
    const p = await service.photo(viewer, id, photoId, size ?? 'full');
    personalised(res, viewer);
    sendPhoto(req, res, p, size ?? 'full');
  });

  r.delete('/api/annotations/:id/photos/:photoId', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, photoId } = parseOr400(PhotoParams, req.params, 'path');
    const versions = ifMatchVersions(req, 'an annotation (removing a photo)');
    const f = await service.removePhoto(viewer, id, versions, photoId);
    personalised(res, viewer);
    res.set('ETag', etagOf(f.properties.version)).type('application/geo+json').send(JSON.stringify(f));
  });

  return r;
}
