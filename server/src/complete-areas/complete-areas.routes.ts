// /api/complete-areas: where each dataset is complete, per layer and facility kind (public, GeoJSON);
// admins declare one (POST) or delete one (DELETE). Writes need the CSRF header (the /api guard in app.ts).
// /api/complete-areas/municipalities: the municipality names settlements carry (what an area may list).
import { Router } from 'express';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { jsonBody } from '../http/preconditions.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { CompleteAreaCreate, CompleteAreaParams, CompleteAreaQuery } from './complete-areas.schema.js';
import type { CompleteAreasService } from './complete-areas.service.js';

const GEOJSON = 'application/geo+json';

export function completeAreasRouter(service: CompleteAreasService, sessions: HttpSessions): Router {
  const r = Router();

  r.get('/api/complete-areas', async (req, res) => {
    const q = parseOr400(CompleteAreaQuery, req.query, 'query');
    res.set('Cache-Control', 'no-cache').type(GEOJSON).send(JSON.stringify(await service.list(q)));
  });

  r.get('/api/complete-areas/municipalities', async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json({ municipalities: await service.municipalities() });
  });

  r.post('/api/complete-areas', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(CompleteAreaCreate, jsonBody(req), 'body');
    const f = await service.create(viewer, body);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/complete-areas/${f.id}`).type(GEOJSON).send(JSON.stringify(f));
  });

  r.delete('/api/complete-areas/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(CompleteAreaParams, req.params, 'path');
    await service.remove(viewer, id);
    personalised(res, viewer);
    res.status(204).end();
  });

  return r;
}
