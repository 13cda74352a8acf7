// GET /api/councils/response-times — submissions, responses and days to respond, per council.
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { parseOr400 } from '../http/validate.js';
import { uuid } from '../http/fields.js';
import { readerOf } from '../access/viewer.js';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { responseTimes } from './councils.repo.js';

export const ResponseTimesQuery = z.object({ campaign: uuid('campaign').optional().describe('only this campaign') }).strict();

export function councilsRouter(db: Kysely<DB>, sessions: HttpSessions): Router {
  const r = Router();
  r.get('/api/councils/response-times', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(ResponseTimesQuery, req.query, 'query');
    const rows = await responseTimes(db, readerOf(viewer), q);
    personalised(res, viewer);
    res.json({
      councils: rows.map((x) => ({
        council: x.council, submissions: x.submissions, responded: x.responded, pending: x.pending,
        days: { median: x.median_days, mean: x.mean_days, min: x.min_days, max: x.max_days },
        oldestPendingDays: x.oldest_pending_days,
      })),
    });
  });
  return r;
}
