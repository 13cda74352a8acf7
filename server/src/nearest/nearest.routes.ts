// GET /api/nearest: the nearest facilities of a kind to a point.
import { Router } from 'express';
import { parseOr400 } from '../http/validate.js';
import type { NearestService } from './nearest.service.js';
import { NearestQuery } from './nearest.schema.js';

export function nearestRouter(service: NearestService): Router {
  const r = Router();
  r.get('/api/nearest', async (req, res) => {
    const q = parseOr400(NearestQuery, req.query, 'query');
    res.json(await service.nearest(q));
  });
  return r;
}
