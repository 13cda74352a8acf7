// Nearest facilities of a kind to a point: KNN on the spatial index, then exact geodesic distance.
import { Router } from 'express';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { parseOr400, intString } from '../http/validate.js';
import { FACILITY_KINDS } from '../layers/facilities.js';

const coord = (name: string, max: number) =>
  z.string().regex(/^-?\d+(\.\d+)?$/, `${name} must be a decimal number`).transform(Number)
    .pipe(z.number().min(-max, `${name} must be between -${max} and ${max}`).max(max, `${name} must be between -${max} and ${max}`));

export const NearestQuery = z.object({
  lon: coord('lon', 180).describe('Longitude (WGS84)'),
  lat: coord('lat', 90).describe('Latitude (WGS84)'),
  kind: z.enum(FACILITY_KINDS.map((k) => k.value) as [string, ...string[]], { message: `kind must be one of ${FACILITY_KINDS.map((k) => k.value).join(', ')}` }),
  limit: intString('limit', 1, 20).optional(),
}).strict();

export function nearestRouter(db: Kysely<DB>): Router {
  const r = Router();
  r.get('/api/nearest', async (req, res) => {
    const q = parseOr400(NearestQuery, req.query, 'query');
    const limit = q.limit ?? 3;
    const origin = sql`ST_SetSRID(ST_MakePoint(${q.lon}::float8, ${q.lat}::float8), 4326)`;
    // KNN (<->) in degrees picks candidates through the GiST index; the geodesic distance orders them.
    const rows = await sql<{ id: number; name_ky: string; name_ru: string; name_en: string; kind: string; provenance: string; lon: number; lat: number; d: number }>`
      SELECT * FROM (
        SELECT f.id, f.name_ky, f.name_ru, f.name_en, f.kind, f.provenance, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat,
               ST_Distance(f.geom::geography, ${origin}::geography) AS d
        FROM facilities f WHERE f.kind = ${q.kind}
        ORDER BY f.geom <-> ${origin} LIMIT ${limit * 5}
      ) c ORDER BY d, id LIMIT ${limit}`.execute(db);
    res.json({
      kind: q.kind,
      origin: [q.lon, q.lat],
      results: rows.rows.map((x) => ({
        id: Number(x.id), names: { ky: x.name_ky, ru: x.name_ru, en: x.name_en }, kind: x.kind,
        distance_m: Math.round(Number(x.d)), center: [Number(x.lon), Number(x.lat)], provenance: x.provenance,
      })),
    });
  });
  return r;
}
