// Inputs of the reminders: the query of GET /api/reminders and the arguments of npm run reminders:send.
import { z } from 'zod';
import { futureOrPastDate } from '../http/fields.js';

/** GET /api/reminders?as_of=YYYY-MM-DD (the service's today by default). */
export const RemindersQuery = z.object({ as_of: futureOrPastDate('as_of').optional() }).strict();

/** npm run reminders:send [-- --dry-run] [--as-of YYYY-MM-DD] */
export const SendArgs = z.object({
  'dry-run': z.boolean().optional(),
  'as-of': futureOrPastDate('--as-of').optional(),
}).strict();
