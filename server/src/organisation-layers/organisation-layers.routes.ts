// PATCH /api/organisation-layers/{id} (publish, withdraw, retitle, restyle) and DELETE. Reading an
// organisation layer goes through the layer paths like any layer (/api/layers, tiles, features, OGC, downloads).
import { Router } from 'express';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { jsonBody } from '../http/preconditions.js';
import { parseOr400 } from '../http/validate.js';
import { OrgLayerParams, OrgLayerPatch } from './organisation-layers.schema.js';
import type { OrganisationLayersService } from './organisation-layers.service.js';

export function organisationLayersRouter(service: OrganisationLayersService, sessions: HttpSessions): Router {
  const r = Router();
  r.patch('/api/organisation-layers/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(OrgLayerParams, req.params, 'path');
    const body = parseOr400(OrgLayerPatch, jsonBody(req), 'body');
    await service.patch(viewer, id, body);
    personalised(res, viewer);
    res.status(204).end();
  });
  r.delete('/api/organisation-layers/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(OrgLayerParams, req.params, 'path');
    await service.remove(viewer, id);
    personalised(res, viewer);
    res.status(204).end();
  });
  return r;
}
