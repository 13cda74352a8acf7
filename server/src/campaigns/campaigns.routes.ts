// /api/campaigns: GeoJSON Features whose geometry is the area of interest.
import { Router, type Response } from 'express';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { etagOf, ifMatchVersions, jsonBody } from '../http/preconditions.js';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import type { CampaignFeature, CampaignsService } from './campaigns.service.js';
import { CampaignCreate, CampaignIdParam, CampaignPatch, CampaignQuery } from './campaigns.schema.js';

const GEOJSON = 'application/geo+json';

function send(res: Response, f: CampaignFeature, status = 200) {
  res.status(status).set('ETag', etagOf(f.properties.version)).type(GEOJSON).send(JSON.stringify(f));
}

export function campaignsRouter(service: CampaignsService, sessions: HttpSessions): Router {
  const r = Router();

  r.get('/api/campaigns', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(CampaignQuery, req.query, 'query');
    const fc = await service.list(viewer, q);
    personalised(res, viewer);
    res.type(GEOJSON).send(JSON.stringify(fc));
  });

  r.post('/api/campaigns', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(CampaignCreate, jsonBody(req), 'body');
    const f = await service.create(viewer, body);
    personalised(res, viewer);
    res.set('Location', `${baseUrl(req)}/api/campaigns/${f.id}`);
    send(res, f, 201);
  });

  r.get('/api/campaigns/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(CampaignIdParam, req.params, 'path');
    personalised(res, viewer);
    send(res, await service.get(viewer, id));
  });

  r.patch('/api/campaigns/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(CampaignIdParam, req.params, 'path');
    const body = parseOr400(CampaignPatch, jsonBody(req), 'body');
    const versions = ifMatchVersions(req, 'a campaign');
    personalised(res, viewer);
    send(res, await service.update(viewer, id, versions, body));
  });

  r.get('/api/campaigns/:id/history', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(CampaignIdParam, req.params, 'path');
    const h = await service.history(viewer, id);
    personalised(res, viewer);
    res.json(h);
  });

  return r;
}
