// Nearest facilities of a kind to a point: KNN on the spatial index, then exact geodesic distance.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface NearestRow { id: number; name_ky: string; name_ru: string; name_en: string; kind: string; provenance: string; lon: number; lat: number; d: number }

export async function nearestFacilities(db: Kysely<DB>, q: { lon: number; lat: number; kind: string; limit: number }): Promise<NearestRow[]> {
  const origin = sql`ST_SetSRID(ST_MakePoint(${q.lon}::float8, ${q.lat}::float8), 4326)`;
  // KNN (<->) in degrees picks candidates through the GiST index; the geodesic distance orders them.
  const rows = await sql<NearestRow>`
      SELECT * FROM (
        SELECT f.id, f.name_ky, f.name_ru, f.name_en, f.kind, f.provenance, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat,
               ST_Distance(f.geom::geography, ${origin}::geography) AS d
        FROM facilities f WHERE f.kind = ${q.kind}
        ORDER BY f.geom <-> ${origin} LIMIT ${q.limit * 5}
      ) c ORDER BY d, id LIMIT ${q.limit}`.execute(db);
  return rows.rows;
}
