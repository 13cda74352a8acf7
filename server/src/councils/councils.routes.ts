// GET /api/councils/response-times — submissions, responses and days to respond, per council.
import { Router } from 'express';
import { parseOr400 } from '../http/validate.js';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import type { CouncilsService } from './councils.service.js';
import { ResponseTimesQuery } from './councils.schema.js';

export function councilsRouter(service: CouncilsService, sessions: HttpSessions): Router {
  const r = Router();
  r.get('/api/councils/response-times', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(ResponseTimesQuery, req.query, 'query');
    const body = await service.responseTimes(viewer, q);
    personalised(res, viewer);
    res.json(body);
  });
  return r;
}
