// Time from submission to an official response, per council, over the submissions of annotations
// the reader may see (the one visibility rule).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { annotationVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';

export interface CouncilStatsRow {
  council: string;
  submissions: number;
  responded: number;
  pending: number;
  median_days: number | null;
  mean_days: number | null;
  min_days: number | null;
  max_days: number | null;
  oldest_pending_days: number | null;
}

export async function responseTimes(db: Kysely<DB>, reader: Reader, f: { campaign?: string }): Promise<CouncilStatsRow[]> {
  const r = await sql<CouncilStatsRow>`
    SELECT s.council,
           count(*)::int AS submissions,
           count(s.response_on)::int AS responded,
           (count(*) - count(s.response_on))::int AS pending,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.response_days)::float8 AS median_days,
           avg(s.response_days)::float8 AS mean_days,
           min(s.response_days)::int AS min_days,
           max(s.response_days)::int AS max_days,
           max(CASE WHEN s.response_on IS NULL THEN current_date - s.submitted_on END)::int AS oldest_pending_days
    FROM council_submissions s
    JOIN annotations a ON a.id = s.annotation_id
    WHERE ${annotationVisible(reader, 'a')} ${f.campaign ? sql`AND a.campaign_id = ${f.campaign}` : sql``}
    GROUP BY s.council
    ORDER BY s.council`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    median_days: x.median_days === null ? null : Number(x.median_days),
    mean_days: x.mean_days === null ? null : Math.round(Number(x.mean_days) * 10) / 10,
  }));
}
