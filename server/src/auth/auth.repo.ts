// SQL for accounts, sessions and sign-in attempts. Values are always bound.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Role } from '../access/viewer.js';

export interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  show_name_publicly: boolean;
  role: Role;
  password_hash: string;
  disabled_at: Date | null;
}

const USER_COLUMNS = ['id', 'organisation_id', 'email', 'display_name', 'show_name_publicly', 'role', 'password_hash', 'disabled_at'] as const;

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('email', '=', email).executeTakeFirst() as Promise<UserRow | undefined>;
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<UserRow | undefined>;
}

export async function setPasswordHash(db: Kysely<DB>, userId: string, hash: string, changed: boolean): Promise<void> {
  await db.updateTable('users')
    .set(changed ? { password_hash: hash, password_changed_at: sql<Date>`now()` } : { password_hash: hash })
    .where('id', '=', userId)
    .execute();
}

export async function updateProfile(db: Kysely<DB>, userId: string, p: { display_name?: string; show_name_publicly?: boolean }): Promise<void> {
  if (!Object.keys(p).length) return;
  await db.updateTable('users').set(p).where('id', '=', userId).execute();
}

export interface SessionRow extends Omit<UserRow, 'password_hash' | 'disabled_at'> {
  session_id: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

/** A live session with its (enabled) user. */
export async function findSession(db: Kysely<DB>, sessionId: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.csrf_token', 's.created_at', 's.expires_at', 's.last_seen_at',
      'u.id', 'u.organisation_id', 'u.email', 'u.display_name', 'u.show_name_publicly', 'u.role'])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst() as Promise<SessionRow | undefined>;
}

export async function insertSession(db: Kysely<DB>, s: { id: string; userId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null }): Promise<void> {
  await db.insertInto('sessions').values({
    id: s.id, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent,
  }).execute();
}

/** Sliding expiry: push expires_at to now + idle, never past created_at + max. */
export async function extendSession(db: Kysely<DB>, sessionId: string, idleMs: number, maxMs: number): Promise<Date | undefined> {
  const r = await sql<{ expires_at: Date }>`
    UPDATE sessions SET last_seen_at = now(),
      expires_at = LEAST(now() + make_interval(secs => ${idleMs / 1000}::float8), created_at + make_interval(secs => ${maxMs / 1000}::float8))
    WHERE id = ${sessionId} RETURNING expires_at`.execute(db);
  return r.rows[0]?.expires_at;
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export async function deleteExpiredSessions(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', sql<Date>`now()`).execute();
}

export async function recordAttempt(db: Kysely<DB>, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ email, ip, succeeded }).execute();
}

/**
 * The most recent failures (newest first, at most `limit`) inside the window, for an account (since
 * its last successful sign-in) and for an address.
 */
export async function recentFailures(db: Kysely<DB>, email: string, ip: string, windowMs: number, limitEmail: number, limitIp: number): Promise<{ email: Date[]; ip: Date[] }> {
  const since = sql`now() - make_interval(secs => ${windowMs / 1000}::float8)`;
  const byEmail = await sql<{ at: Date }>`
    SELECT at FROM login_attempts
    WHERE email = ${email} AND NOT succeeded AND at > ${since}
      AND at > COALESCE((SELECT max(at) FROM login_attempts WHERE email = ${email} AND succeeded), '-infinity'::timestamptz)
    ORDER BY at DESC LIMIT ${limitEmail}`.execute(db);
  const byIp = await sql<{ at: Date }>`
    SELECT at FROM login_attempts WHERE ip = ${ip} AND NOT succeeded AND at > ${since}
    ORDER BY at DESC LIMIT ${limitIp}`.execute(db);
  return { email: byEmail.rows.map((r) => new Date(r.at)), ip: byIp.rows.map((r) => new Date(r.at)) };
}

export async function pruneAttempts(db: Kysely<DB>, olderThanMs: number): Promise<void> {
  await sql`DELETE FROM login_attempts WHERE at < now() - make_interval(secs => ${olderThanMs / 1000}::float8)`.execute(db);
}

export async function organisationOf(db: Kysely<DB>, orgId: string) {
  return db.selectFrom('organisations').select(['id', 'slug', 'name_ky', 'name_ru', 'name_en', 'kind']).where('id', '=', orgId).executeTakeFirst();
}

/** The instance holds demo organisations (and so demo accounts with published passwords). */
export async function hasDemoData(db: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ demo: boolean }>`SELECT EXISTS (SELECT 1 FROM organisations WHERE is_demo) AS demo`.execute(db);
  return !!r.rows[0]?.demo;
}
