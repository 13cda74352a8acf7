import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';

export interface SearchRow {
  type: 'settlement' | 'facility';
  id: number;
  name_ky: string | null; name_ru: string | null; name_en: string | null;
  sub: string; place: string | null; pop: number | null;
  lon: number; lat: number; xmin: number; ymin: number; xmax: number; ymax: number;
  rank: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function rankOf(cols: RawBuilder<unknown>[], variants: string[]): RawBuilder<unknown> {
  const exact = sql.join(cols.flatMap((c) => variants.map((v) => sql`lower(${c}) = ${v}`)), sql` OR `);
  const prefix = sql.join(cols.flatMap((c) => variants.map((v) => sql`lower(${c}) LIKE ${`${escapeLike(v)}%`}`)), sql` OR `);
  return sql`CASE WHEN ${exact} THEN 0 WHEN ${prefix} THEN 1 ELSE 2 END`;
}

function matches(cols: RawBuilder<unknown>[], variants: string[]): RawBuilder<unknown> {
  return sql.join(cols.flatMap((c) => variants.map((v) => sql`lower(${c}) LIKE ${`%${escapeLike(v)}%`}`)), sql` OR `);
}

/** Settlements and facilities whose Kyrgyz, Russian or English name contains the query (or its transliteration). */
export async function searchPlaces(db: Kysely<DB>, variants: string[], limit: number): Promise<SearchRow[]> {
  const names = (a: string) => ['name_ky', 'name_ru', 'name_en'].map((n) => sql.ref(`${a}.${n}`));
  const s = names('s'), f = names('f');
  const r = await sql<SearchRow>`
    SELECT * FROM (
      SELECT 'settlement' AS type, s.id, s.name_ky, s.name_ru, s.name_en, s.settlement_type AS sub, s.region AS place, s.population AS pop,
             ST_X(ST_PointOnSurface(s.geom)) AS lon, ST_Y(ST_PointOnSurface(s.geom)) AS lat,
             ST_XMin(s.geom) AS xmin, ST_YMin(s.geom) AS ymin, ST_XMax(s.geom) AS xmax, ST_YMax(s.geom) AS ymax,
             ${rankOf(s, variants)} AS rank
      FROM settlements s WHERE ${matches(s, variants)}
      UNION ALL
      SELECT 'facility', f.id, f.name_ky, f.name_ru, f.name_en, f.kind, f.municipality, NULL::int,
             ST_X(f.geom), ST_Y(f.geom), ST_X(f.geom), ST_Y(f.geom), ST_X(f.geom), ST_Y(f.geom),
             ${rankOf(f, variants)}
      FROM facilities f WHERE ${matches(f, variants)}
    ) r
    ORDER BY rank, pop DESC NULLS LAST, name_en, id
    LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), rank: Number(x.rank), pop: x.pop === null ? null : Number(x.pop) }));
}
