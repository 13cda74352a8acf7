// Stored figures made from other tables (canal ends, population units, coverage reach): rebuilt in one
// transaction, one writer at a time, only when the stamp they record (layer versions, a tolerance, a
// radius) differs from the inputs as they are now. Readers check the same stamp in their own statement and
// compute per request while it differs, so a stale or failed refresh costs time, never a different answer.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

/**
 * Run `rebuild` under the advisory lock `lock` when `stale` says the stored rows no longer match their
 * inputs (or `force`); null when they were fresh. `rebuild` records the new stamp itself, read before
 * anything else it reads (a write meanwhile then leaves the stamp behind and the next refresh redoes it).
 */
export async function refreshWhenStale<T>(db: Kysely<DB>, lock: string, force: boolean,
  stale: (tx: Transaction<DB>) => Promise<boolean>, rebuild: (tx: Transaction<DB>) => Promise<T>): Promise<T | null> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${lock}))`.execute(tx);
    if (!force && !(await stale(tx))) return null;
    return rebuild(tx);
  });
}
