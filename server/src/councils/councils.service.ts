// Submissions, responses and days to respond, per council, as the viewer may see them.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { readerOf, type Viewer } from '../access/viewer.js';
import { responseTimes } from './councils.repo.js';
import type { ResponseTimesInput } from './councils.schema.js';

export class CouncilsService {
  constructor(private readonly db: Kysely<DB>) {}

  async responseTimes(viewer: Viewer, q: ResponseTimesInput) {
    const rows = await responseTimes(this.db, readerOf(viewer), q);
    return {
      councils: rows.map((x) => ({
        council: x.council, submissions: x.submissions, responded: x.responded, pending: x.pending,
        days: { median: x.median_days, mean: x.mean_days, min: x.min_days, max: x.max_days },
        oldestPendingDays: x.oldest_pending_days,
      })),
    };
  }
}
