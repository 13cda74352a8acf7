// PostGIS's view of an analysis area: validity (with the reason), size, extent, overlap with the country.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Geometry } from '../geo/geometry.js';
import { KG_EXTENT } from './analysis.schema.js';
import type { DatasetRow } from './analysis.types.js';
import { areaCte, geomFromGeoJson, inAreaJoin, provenanceCounts, jsonAs } from './analysis.sql.js';

export interface AreaFacts {
  valid: boolean;
  reason: string;
  areaKm2: number;
  /** Geodesic area of Kyrgyzstan's bounding box, the largest area accepted. */
  maxKm2: number;
  overlapsCountry: boolean;
  bbox: [number, number, number, number] | null;
}

export async function areaFacts(db: Kysely<DB>, g: Geometry): Promise<AreaFacts> {
  const [x0, y0, x1, y1] = KG_EXTENT;
  const r = await sql<{ valid: boolean; reason: string; km2: number | null; max_km2: number; overlaps: boolean | null; xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null }>`
    WITH g AS (SELECT ${geomFromGeoJson(g)} AS g), kg AS (SELECT ST_MakeEnvelope(${x0}::float8, ${y0}::float8, ${x1}::float8, ${y1}::float8, 4326) AS e)
    SELECT ST_IsValid(g.g) AS valid, ST_IsValidReason(g.g) AS reason,
           CASE WHEN ST_IsValid(g.g) THEN round((ST_Area(g.g::geography) / 1e6)::numeric, 3)::float8 END AS km2,
           round((ST_Area(kg.e::geography) / 1e6)::numeric, 3)::float8 AS max_km2,
           CASE WHEN ST_IsValid(g.g) THEN ST_Intersects(g.g, kg.e) END AS overlaps,
           ST_XMin(g.g) AS xmin, ST_YMin(g.g) AS ymin, ST_XMax(g.g) AS xmax, ST_YMax(g.g) AS ymax
    FROM g, kg`.execute(db);
  const row = r.rows[0]!;
  return {
    valid: row.valid,
    reason: row.reason,
    areaKm2: Number(row.km2 ?? 0),
    maxKm2: Number(row.max_km2),
    overlapsCountry: row.overlaps === true,
    bbox: row.xmin === null ? null : [Number(row.xmin), Number(row.ymin), Number(row.xmax), Number(row.ymax)],
  };
}

export interface KindFacts { kind: string; defaultRadiusM: number; basis: string; facilities: number; brokenFacilities: number; maxServiceRadiusM: number | null }

/** A facility kind's default radius and what the facilities of that kind say about their own radii. */
export async function kindFacts(db: Kysely<DB>, kind: string): Promise<KindFacts | undefined> {
  const r = await sql<{ kind: string; r: number; basis: string; n: number; broken: number; max_r: number | null }>`
    SELECT k.kind, k.default_service_radius_m AS r, k.radius_basis AS basis,
           (SELECT count(*)::int FROM facilities f WHERE f.kind = k.kind AND f.condition <> 'broken') AS n,
           (SELECT count(*)::int FROM facilities f WHERE f.kind = k.kind AND f.condition = 'broken') AS broken,
           (SELECT max(f.service_radius_m) FROM facilities f WHERE f.kind = k.kind AND f.condition <> 'broken') AS max_r
    FROM facility_kinds k WHERE k.kind = ${kind}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  return { kind: row.kind, defaultRadiusM: Number(row.r), basis: row.basis, facilities: Number(row.n), brokenFacilities: Number(row.broken), maxServiceRadiusM: row.max_r === null ? null : Number(row.max_r) };
}

/** Kinds that have at least one facility (the default set summarised by the figures). */
export async function kindsWithFacilities(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ kind: string }>`SELECT k.kind FROM facility_kinds k WHERE EXISTS (SELECT 1 FROM facilities f WHERE f.kind = k.kind AND f.condition <> 'broken') ORDER BY k.kind`.execute(db);
  return r.rows.map((x) => x.kind);
}

export async function datasetsByIds(db: Kysely<DB>, ids: string[]): Promise<DatasetRow[]> {
  if (!ids.length) return [];
  const r = await sql<DatasetRow>`SELECT id, title, attribution, licence FROM datasets WHERE id IN (${sql.join(ids)}) ORDER BY id`.execute(db);
  return r.rows;
}

/** Canal ids (of a what-if repair) that do not exist, and the geodesic length of those that do. */
export async function repairFacts(db: Kysely<DB>, ids: number[]): Promise<{ missing: number[]; km: number; provenance: string[]; datasets: string[] }> {
  const r = await sql<{ missing: unknown; km: number; provenance: unknown; datasets: unknown }>`
    WITH x AS (SELECT DISTINCT (v)::bigint AS id FROM json_array_elements_text(${JSON.stringify(ids)}::json) v)
    SELECT (SELECT COALESCE(json_agg(x.id ORDER BY x.id), '[]'::json) FROM x WHERE NOT EXISTS (SELECT 1 FROM canals c WHERE c.id = x.id)) AS missing,
           (SELECT round((COALESCE(sum(c.length_m), 0) / 1000.0)::numeric, 3)::float8 FROM canals c JOIN x ON x.id = c.id) AS km,
           (SELECT COALESCE(json_agg(DISTINCT c.provenance ORDER BY c.provenance), '[]'::json) FROM canals c JOIN x ON x.id = c.id) AS provenance,
           (SELECT COALESCE(json_agg(DISTINCT c.dataset_id ORDER BY c.dataset_id), '[]'::json) FROM canals c JOIN x ON x.id = c.id) AS datasets`.execute(db);
  const row = r.rows[0]!;
  const j = jsonAs;
  return { missing: j<number[]>(row.missing).map(Number), km: Number(row.km), provenance: j(row.provenance), datasets: j(row.datasets) };
}

/** Whether a table exists (annotations come with migration 0003; an older database may lack it). */
export async function tableExists(db: Kysely<DB>, name: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db);
  return r.rows[0]?.t != null;
}

/** A proposed line: geodesic length in metres and validity. */
export async function lineFacts(db: Kysely<DB>, g: Geometry): Promise<{ lengthM: number; valid: boolean; reason: string }> {
  const r = await sql<{ len: number; valid: boolean; reason: string }>`
    SELECT round(ST_Length(g::geography)::numeric, 1)::float8 AS len, ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ${geomFromGeoJson(g)} AS g) x`.execute(db);
  const row = r.rows[0]!;
  return { lengthM: Number(row.len), valid: row.valid, reason: row.reason };
}

export interface Population { settlements: number; population: number; households: number; populationUnknown: number; provenance: Record<string, number>; datasets: string[] }

/** Settlements, residents and households in the area. */
export async function areaPopulation(db: Kysely<DB>, area: Geometry | null): Promise<Population> {
  const r = await sql<{ n: number; pop: number; hh: number; unk: number; prov: unknown; ds: unknown }>`
    WITH ${areaCte(area)} s AS (SELECT s.population, s.households, s.provenance, s.dataset_id FROM settlements s ${inAreaJoin(area, 's')})
    SELECT count(*)::int AS n, COALESCE(sum(population), 0) AS pop, COALESCE(sum(households), 0) AS hh,
           count(*) FILTER (WHERE population IS NULL)::int AS unk, ${provenanceCounts(sql`s`)} AS prov,
           (SELECT COALESCE(json_agg(DISTINCT dataset_id ORDER BY dataset_id), '[]'::json) FROM s) AS ds
    FROM s`.execute(db);
  const row = r.rows[0]!;
  const j = jsonAs;
  return { settlements: Number(row.n), population: Number(row.pop), households: Number(row.hh), populationUnknown: Number(row.unk), provenance: j(row.prov), datasets: j(row.ds) };
}

/** Limits of an analysis transaction: a statement timeout (SET LOCAL) and no JIT (its compile time dominates these plans). */
export async function limitTransaction(db: Kysely<DB>, statementTimeoutMs: number): Promise<void> {
  await sql`SELECT set_config('statement_timeout', ${String(statementTimeoutMs)}, true), set_config('jit', 'off', true)`.execute(db);
}

/** One read-only transaction with the limits of an analysis (limitTransaction). */
export async function readOnlyTransaction<T>(db: Kysely<DB>, statementTimeoutMs: number, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.transaction().setAccessMode('read only').execute(async (trx) => {
    await limitTransaction(trx, statementTimeoutMs);
    return fn(trx);
  });
}

export async function listKinds(db: Kysely<DB>): Promise<{ kind: string; default_service_radius_m: number; radius_basis: string }[]> {
  return db.selectFrom('facility_kinds').select(['kind', 'default_service_radius_m', 'radius_basis']).orderBy('kind').execute();
}
