// SQL of idempotency keys: claim a key for a request, store its answer, read it back, forget old keys.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface StoredAnswer { request_hash: string; status: number | null; headers: Record<string, string> | null; body: Buffer | Uint8Array | null; fresh: boolean }

/** True when this request now owns the key (no live row held it). Rows older than `ttlHours` are forgotten first. */
export async function claimKey(db: Kysely<DB>, userId: string, key: string, hash: string, ttlHours: number): Promise<boolean> {
  await sql`DELETE FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key} AND created_at < now() - make_interval(hours => ${ttlHours}::int)`.execute(db);
  const r = await sql<{ key: string }>`INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES (${userId}, ${key}, ${hash})
    ON CONFLICT (user_id, key) DO NOTHING RETURNING key`.execute(db);
  return r.rows.length === 1;
}

export async function storedAnswer(db: Kysely<DB>, userId: string, key: string): Promise<StoredAnswer | undefined> {
  const r = await sql<StoredAnswer>`SELECT request_hash, status, headers, body, true AS fresh FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key}`.execute(db);
  return r.rows[0];
}

export async function storeAnswer(db: Kysely<DB>, userId: string, key: string, status: number, headers: Record<string, string>, body: Buffer) {
  await sql`UPDATE idempotency_keys SET status = ${status}, headers = ${JSON.stringify(headers)}::jsonb, body = ${body} WHERE user_id = ${userId} AND key = ${key}`.execute(db);
}

export async function releaseKey(db: Kysely<DB>, userId: string, key: string) {
  await sql`DELETE FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key} AND status IS NULL`.execute(db);
}

export async function forgetOldKeys(db: Kysely<DB>, ttlHours: number) {
  await sql`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${ttlHours}::int)`.execute(db);
}
