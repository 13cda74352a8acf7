// PostGIS's opinion of a geometry: ST_IsValid, with ST_IsValidReason for the error message.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Geometry } from './geometry.js';

export type Validity = { valid: true } | { valid: false; reason: string };

export async function checkGeometry(db: Kysely<DB>, g: Geometry): Promise<Validity> {
  const r = await sql<{ valid: boolean; reason: string }>`
    SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326) AS g) s`.execute(db);
  const row = r.rows[0]!;
  return row.valid ? { valid: true } : { valid: false, reason: row.reason };
}

/** The SQL expression that turns a bound GeoJSON geometry into a PostGIS geometry in EPSG:4326. */
export const fromGeoJson = (g: Geometry) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326)`;
