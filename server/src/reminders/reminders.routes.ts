// GET /api/reminders: the signed-in person's digest of commitments due soon and late (ReminderDigest),
// from their organisation's campaigns and those shared with it, at the service's clock. The public has
// none (401 as for other signed-in-only reads).
import { Router } from 'express';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { parseOr400 } from '../http/validate.js';
import { RemindersQuery } from './reminders.schema.js';
import type { RemindersService } from './reminders.service.js';

export function remindersRouter(service: RemindersService, sessions: HttpSessions): Router {
  const r = Router();
  r.get('/api/reminders', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const q = parseOr400(RemindersQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await service.digestFor(viewer, q.as_of));
  });
  return r;
}
