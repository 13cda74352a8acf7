// PostGIS's opinion of a geometry: ST_IsValid, with ST_IsValidReason for the error message.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Geometry } from './geometry.js';

/**
 * A valid geometry also says the area it encloses on the flat map in m² (polygons; null otherwise): the
 * area in degrees² scaled at the shape's latitude. Not the area on the sphere: a ring whose corners lie
 * on one straight line of the map still bulges between great circles (186 m² for a 2 km sliver).
 */
export type Validity = { valid: true; areaM2: number | null } | { valid: false; reason: string };

export async function checkGeometry(db: Kysely<DB>, g: Geometry): Promise<Validity> {
  const r = await sql<{ valid: boolean; reason: string; area_m2: number | null }>`
    SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
           CASE WHEN ST_IsValid(g) AND GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') THEN (ST_Area(g) * 111319.49 * 111319.49 * cos(radians(ST_Y(ST_PointOnSurface(g)))))::float8 END AS area_m2
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326) AS g) s`.execute(db);
  const row = r.rows[0]!;
  return row.valid ? { valid: true, areaM2: row.area_m2 === null ? null : Number(row.area_m2) } : { valid: false, reason: row.reason };
}

/** The SQL expression that turns a bound GeoJSON geometry into a PostGIS geometry in EPSG:4326. */
export const fromGeoJson = (g: Geometry) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326)`;
