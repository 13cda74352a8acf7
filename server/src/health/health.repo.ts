import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The server's PostgreSQL and PostGIS versions. */
export async function serverVersions(db: Kysely<DB>): Promise<{ pg: string; postgis: string } | undefined> {
  const v = await sql<{ pg: string; postgis: string }>`SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis`.execute(db);
  return v.rows[0];
}
