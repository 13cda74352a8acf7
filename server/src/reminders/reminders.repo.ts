// SQL for the reminders: the commitments a digest may name (those of campaigns the person's
// organisation owns or that are shared with it: the same organisations that see a draft decision, so a
// digest never names what its reader could not open), the people to write to, and the record of the
// e-mails sent (sql/0015_reminders.sql). Statuses are not SQL: the service applies commitments.rules.ts.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Database } from '../db/connect.js';
import type { I18n } from '../commitments/commitments.types.js';
import type { Update } from '../commitments/commitments.rules.js';

type Db = Kysely<DB>;

export interface CommitmentFacts {
  id: string;
  title: I18n;
  responsible: I18n;
  start: string;
  due: string;
  baseline: number;
  target: number;
  updates: Update[];
  decision: { id: string; title: I18n; status: 'draft' | 'published' };
  campaign: { id: string; title: I18n };
  /** The campaign's organisation and the organisations it is shared with: whose members the digest is for. */
  organisationIds: string[];
}

export interface Recipient { userId: string; organisationId: string; email: string; displayName: string }

/**
 * The commitments due on or before `until` (the window's last day; everything past due is a candidate
 * for "late") of the campaigns of `organisationId` (or of every organisation when null), with their
 * progress updates known on `asOf`. Archived campaigns are left out.
 */
export async function candidateCommitments(db: Db, asOf: string, until: string, organisationId: string | null): Promise<CommitmentFacts[]> {
  const member = organisationId === null ? sql`TRUE`
    : sql`(cp.organisation_id = ${organisationId} OR EXISTS (SELECT 1 FROM campaign_shares cs WHERE cs.campaign_id = cp.id AND cs.organisation_id = ${organisationId}))`;
  const r = await sql<CommitmentFacts>`
    SELECT m.id, json_build_object('ky', m.title_ky, 'ru', m.title_ru, 'en', m.title_en) AS title,
           json_build_object('ky', m.responsible_ky, 'ru', m.responsible_ru, 'en', m.responsible_en) AS responsible,
           COALESCE(m.start_on, d.decided_on)::text AS start, m.due_on::text AS due,
           m.baseline::float8 AS baseline, m.target::float8 AS target,
           COALESCE((SELECT json_agg(json_build_object('on', u.reported_on::text, 'value', u.value::float8, 'abandoned', u.abandoned) ORDER BY u.reported_on, u.created_at)
                     FROM progress_updates u WHERE u.commitment_id = m.id AND u.deleted_at IS NULL AND u.reported_on <= ${asOf}::date), '[]'::json) AS updates,
           json_build_object('id', d.id, 'title', json_build_object('ky', d.title_ky, 'ru', d.title_ru, 'en', d.title_en), 'status', d.status) AS decision,
           json_build_object('id', cp.id, 'title', json_build_object('ky', cp.title_ky, 'ru', cp.title_ru, 'en', cp.title_en)) AS campaign,
           ARRAY(SELECT cp.organisation_id UNION SELECT cs.organisation_id FROM campaign_shares cs WHERE cs.campaign_id = cp.id)::text[] AS "organisationIds"
    FROM commitments m
    JOIN decisions d ON d.id = m.decision_id
    JOIN campaigns cp ON cp.id = d.campaign_id
    WHERE m.due_on <= ${until}::date AND cp.status <> 'archived' AND ${member}
    ORDER BY m.due_on, m.position, m.id`.execute(db);
  // The embedded database answers json columns as text.
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return r.rows.map((row) => ({
    ...row,
    title: json<I18n>(row.title), updates: json<Update[]>(row.updates), decision: json(row.decision), campaign: json(row.campaign),
    organisationIds: Array.isArray(row.organisationIds) ? row.organisationIds : json<string[]>(row.organisationIds),
  }));
}

/** Everyone who may get a digest: accounts not disabled, by e-mail. */
export async function recipients(db: Db): Promise<Recipient[]> {
  const r = await sql<Recipient>`
    SELECT u.id AS "userId", u.organisation_id AS "organisationId", u.email, u.display_name AS "displayName"
    FROM users u WHERE u.disabled_at IS NULL ORDER BY u.email`.execute(db);
  return r.rows;
}

/** The people already sent the digest of `day` (a second run the same day skips them). */
export async function deliveredOn(db: Db, day: string): Promise<Set<string>> {
  const r = await sql<{ user_id: string }>`SELECT user_id FROM reminder_deliveries WHERE digest_on = ${day}::date`.execute(db);
  return new Set(r.rows.map((x) => x.user_id));
}

/** Records a digest the SMTP server accepted; false when one was already recorded for that person and day. */
export async function recordDelivery(db: Db, d: { userId: string; day: string; email: string; dueSoon: number; late: number; commitmentIds: string[]; messageId: string | null }): Promise<boolean> {
  const r = await sql`
    INSERT INTO reminder_deliveries (user_id, digest_on, email, due_soon, late, commitment_ids, message_id)
    VALUES (${d.userId}, ${d.day}::date, ${d.email}, ${d.dueSoon}, ${d.late}, ${d.commitmentIds}::uuid[], ${d.messageId})
    ON CONFLICT (user_id, digest_on) DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0n) > 0;
}

const SEND_LOCK = 4_271_994; // advisory lock: one reminders:send at a time across machines (migrate.ts uses 4_271_993)

/**
 * Runs `fn` while holding the reminders' advisory lock on a server database, or answers null when
 * another run holds it. The embedded database needs none: one process at a time opens its folder.
 */
export async function withSendLock<T>(database: Database, fn: () => Promise<T>): Promise<T | null> {
  if (database.backend !== 'server') return fn();
  return database.session(async (s) => {
    const [r] = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SEND_LOCK]);
    if (!r?.ok) return null;
    try { return await fn(); } finally { await s.query('SELECT pg_advisory_unlock($1)', [SEND_LOCK]); }
  });
}
