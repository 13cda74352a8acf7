// Service coverage in SQL: each settlement's nearest serving facility of a kind (condition not 'broken') (KNN candidates on the GiST
// index, exact geodesic distance), covered or not, totals and per-municipality sums, and the
// dissolved geodesic coverage area. A what-if proposal enters as bound GeoJSON in the `prop` CTE and
// goes through the same statements as the real facilities.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { asGeoJson } from '../db/postgis.js';
import type { DB } from '../db/schema.js';
import type { Geometry } from '../geo/geometry.js';
import { KNN_CANDIDATES } from './analysis.schema.js';
import type { CoverageGroup, CoverageSettlement, CoverageTotals } from './analysis.types.js';
import { areaCte, centerJson, inAreaJoin, listWhere, mercatorRadius, metres1, namesJson, provenanceCounts, type ListFilter, jsonAs } from './analysis.sql.js';

export interface ProposedFacility { id: number; geometry: Geometry; radiusM: number | null; name: string | null }

export interface CoverageParams {
  kind: string;
  /** The kind's default radius (facility_kinds.default_service_radius_m). */
  defaultRadiusM: number;
  /** A fixed threshold for every facility; null: each facility's own radius (service_radius_m, else the default). */
  thresholdM: number | null;
  /** The largest radius in play (per-facility mode): bounds the index search. */
  maxRadiusM: number;
  area: Geometry | null;
  settlementId?: number;
  proposals: ProposedFacility[];
  limit: number;
  offset: number;
  /** Restrict the listed settlements (not the totals): those whose nearest facility is a proposal, or these ids (what-if). */
  list?: ListFilter;
}

export interface CoverageFigures {
  totals: CoverageTotals;
  municipalities: CoverageGroup[];
  settlements: CoverageSettlement[];
  inputs: { settlements: Record<string, number>; facilities: Record<string, number>; datasets: string[] };
}

/** The settlements in scope, as CTE `s`. */
function settlementsCte(p: CoverageParams): RawBuilder<unknown> {
  return sql`s AS (
    SELECT s.id, s.ref, s.name_ky, s.name_ru, s.name_en, s.settlement_type, s.legal_status, s.population, s.households,
           s.municipality, s.district, s.region, s.provenance, s.dataset_id, s.geom, s.geom_3857
    FROM settlements s ${inAreaJoin(p.area, 's')}
    ${p.settlementId !== undefined ? sql`WHERE s.id = ${p.settlementId}` : sql``}
  )`;
}

/** Proposed facilities (what-if) as CTE `prop(id, geom, radius_m, name)`; empty for the real analysis. */
function proposalsCte(p: CoverageParams): RawBuilder<unknown> {
  const json = JSON.stringify(p.proposals.map((x) => ({ id: x.id, geometry: x.geometry, radius_m: x.radiusM, name: x.name })));
  return sql`prop AS (
    SELECT (j->>'id')::bigint AS id, ST_SetSRID(ST_GeomFromGeoJSON(j->>'geometry'), 4326) AS geom, (j->>'radius_m')::float8 AS radius_m, j->>'name' AS name
    FROM json_array_elements(${json}::json) j
  )`;
}

/** A facility's effective radius: the fixed threshold, else its own radius, else the kind's default. */
function radius(p: CoverageParams, own: RawBuilder<unknown>): RawBuilder<unknown> {
  return p.thresholdM !== null ? sql`${p.thresholdM}::float8` : sql`COALESCE(${own}, ${p.defaultRadiusM}::float8)`;
}

/** Per settlement: the nearest facility (real or proposed) and whether it is covered. CTE `rows`. */
function rowsCte(p: CoverageParams): RawBuilder<unknown> {
  const covered = p.thresholdM !== null
    ? sql`COALESCE(${metres1(sql`n.d`)} <= ${p.thresholdM}::float8, false)`
    // Per-facility radii: the nearest facility may not be the one whose radius reaches the settlement.
    : sql`(COALESCE(${metres1(sql`n.d`)} <= n.r, false)
        OR EXISTS (SELECT 1 FROM facilities f2 WHERE f2.kind = ${p.kind} AND f2.condition <> 'broken'
                     AND ST_DWithin(f2.geom_3857, s.geom_3857, ${mercatorRadius(sql`${p.maxRadiusM}::float8`, sql`s.geom`)})
                     AND ST_DWithin(f2.geom::geography, s.geom::geography, ${radius(p, sql`f2.service_radius_m::float8`)}))
        OR EXISTS (SELECT 1 FROM prop p2 WHERE ST_DWithin(p2.geom::geography, s.geom::geography, ${radius(p, sql`p2.radius_m`)})))`;
  // Distances are rounded to 0.1 m before the comparison, so that the figure shown and the verdict agree.
  return sql`rows AS MATERIALIZED (
    SELECT s.id, s.ref, s.name_ky, s.name_ru, s.name_en, s.settlement_type, s.legal_status, s.population, s.households,
           s.municipality, s.district, s.region, s.provenance, s.dataset_id, ${centerJson('s')} AS center,
           n.id AS nid, n.proposed AS nproposed, n.name AS nname, ${metres1(sql`n.d`)} AS d, n.r AS nr,
           ${covered} AS covered,
           -- A proposal (what-if) within its radius: the settlement may owe its coverage to it even when an existing facility is nearer.
           EXISTS (SELECT 1 FROM prop p3 WHERE ST_DWithin(p3.geom::geography, s.geom::geography, ${radius(p, sql`p3.radius_m`)})) AS by_prop
    FROM s
    LEFT JOIN LATERAL (
      SELECT c.id, c.d, c.r, c.proposed, c.name FROM (
        (SELECT f.id, ST_Distance(f.geom::geography, s.geom::geography) AS d, ${radius(p, sql`f.service_radius_m::float8`)} AS r, false AS proposed, NULL::text AS name
           FROM facilities f WHERE f.kind = ${p.kind} AND f.condition <> 'broken'
           ORDER BY f.geom_3857 <-> s.geom_3857 LIMIT ${KNN_CANDIDATES})
        UNION ALL
        SELECT pr.id, ST_Distance(pr.geom::geography, s.geom::geography), ${radius(p, sql`pr.radius_m`)}, true, pr.name FROM prop pr
      ) c ORDER BY c.d, c.id LIMIT 1
    ) n ON true
  )`;
}

const countSum = (cond: RawBuilder<unknown>) => sql`json_build_object(
  'settlements', count(*) FILTER (WHERE ${cond}),
  'population', COALESCE(sum(population) FILTER (WHERE ${cond}), 0),
  'households', COALESCE(sum(households) FILTER (WHERE ${cond}), 0))`;

/** The coverage statement (also used by the benchmark's EXPLAIN). */
export function coverageSql(p: CoverageParams) {
  return sql<{ totals: unknown; municipalities: unknown; settlements: unknown; inputs: unknown }>`
    WITH ${areaCte(p.area)} ${settlementsCte(p)}, ${proposalsCte(p)}, ${rowsCte(p)}
    SELECT
      (SELECT json_build_object(
         'settlements', count(*),
         'covered', ${countSum(sql`covered`)},
         'notCovered', ${countSum(sql`NOT covered`)},
         'populationUnknown', count(*) FILTER (WHERE population IS NULL),
         'householdsUnknown', count(*) FILTER (WHERE households IS NULL)) FROM rows) AS totals,
      (SELECT COALESCE(json_agg(json_build_object(
         'key', g.key, 'level', g.level, 'municipality', g.municipality, 'district', g.district, 'region', g.region,
         'settlements', g.n, 'covered', g.cov, 'notCovered', g.notcov)
         ORDER BY g.pop_nc DESC, g.key NULLS LAST, g.municipality NULLS LAST, g.district NULLS LAST, g.region NULLS LAST), '[]'::json)
       FROM (SELECT municipality, district, region, COALESCE(municipality, district, region) AS key,
                    CASE WHEN municipality IS NOT NULL THEN 'municipality' WHEN district IS NOT NULL THEN 'district'
                         WHEN region IS NOT NULL THEN 'region' ELSE 'unknown' END AS level,
                    count(*) AS n, ${countSum(sql`covered`)} AS cov, ${countSum(sql`NOT covered`)} AS notcov,
                    COALESCE(sum(population) FILTER (WHERE NOT covered), 0) AS pop_nc
             FROM rows GROUP BY municipality, district, region) g) AS municipalities,
      (SELECT COALESCE(json_agg(x.j ORDER BY x.ord), '[]'::json) FROM (
         SELECT json_build_object(
           'id', r.id, 'ref', r.ref, 'names', ${namesJson('r')}, 'type', r.settlement_type, 'legalStatus', r.legal_status,
           'population', r.population, 'households', r.households,
           'municipality', r.municipality, 'district', r.district, 'region', r.region,
           'provenance', r.provenance, 'datasetId', r.dataset_id, 'center', r.center,
           'covered', r.covered, 'distanceM', r.d,
           'nearest', CASE WHEN r.nid IS NULL THEN NULL ELSE json_build_object(
             'id', CASE WHEN r.nproposed THEN NULL ELSE r.nid END, 'proposed', r.nproposed,
             'names', CASE WHEN r.nproposed THEN json_build_object('ky', r.nname, 'ru', r.nname, 'en', r.nname) ELSE ${namesJson('nf')} END,
             'radiusM', r.nr, 'provenance', CASE WHEN r.nproposed THEN 'proposed' ELSE nf.provenance END,
             'datasetId', nf.dataset_id) END) AS j,
           row_number() OVER (ORDER BY r.covered, r.population DESC NULLS LAST, r.id) AS ord
         FROM rows r LEFT JOIN facilities nf ON nf.id = r.nid AND NOT r.nproposed
         ${listWhere(p.list, sql`(COALESCE(r.nproposed, false) OR r.by_prop)`, sql`r.id`)}
         ORDER BY ord LIMIT ${p.limit} OFFSET ${p.offset}) x) AS settlements,
      json_build_object(
        'settlements', ${provenanceCounts(sql`rows`)},
        'facilities', ${provenanceCounts(sql`(SELECT DISTINCT nf.id, nf.provenance FROM rows r JOIN facilities nf ON nf.id = r.nid AND NOT r.nproposed) u`)},
        'datasets', (SELECT COALESCE(json_agg(DISTINCT d ORDER BY d), '[]'::json) FROM (
            SELECT dataset_id AS d FROM rows
            UNION SELECT nf.dataset_id FROM rows r JOIN facilities nf ON nf.id = r.nid AND NOT r.nproposed) ds)) AS inputs`;
}

export async function coverageFigures(db: Kysely<DB>, p: CoverageParams): Promise<CoverageFigures> {
  const r = await coverageSql(p).execute(db);
  const row = r.rows[0]!;
  const j = jsonAs;
  return { totals: j(row.totals), municipalities: j(row.municipalities), settlements: j(row.settlements), inputs: j(row.inputs) };
}

export interface CoverageArea { geometry: Geometry | null; areaKm2: number; facilities: number }

/** The dissolved geodesic coverage area (16 segments per quarter circle), clipped to the area. */
export async function coverageArea(db: Kysely<DB>, p: CoverageParams): Promise<CoverageArea> {
  const near = p.area ? sql`JOIN area a ON ST_DWithin(f.geom::geography, a.g::geography, f.r)` : sql``;
  const r = await sql<{ geometry: unknown; km2: number | null; n: number }>`
    WITH ${areaCte(p.area)} ${proposalsCte(p)},
    fac AS (
      SELECT f.geom, ${radius(p, sql`f.service_radius_m::float8`)} AS r FROM facilities f WHERE f.kind = ${p.kind} AND f.condition <> 'broken' AND f.condition <> 'broken'
      UNION ALL SELECT pr.geom, ${radius(p, sql`pr.radius_m`)} FROM prop pr
    ),
    u AS (SELECT ST_Union(ST_Buffer(f.geom::geography, f.r, 'quad_segs=16')::geometry) AS g, count(*)::int AS n FROM fac f ${near}),
    c AS (SELECT ${p.area ? sql`ST_Intersection(u.g, (SELECT g FROM area))` : sql`u.g`} AS g, u.n FROM u)
    SELECT CASE WHEN c.g IS NULL OR ST_IsEmpty(c.g) THEN NULL ELSE ${asGeoJson(sql`c.g`, 6)} END AS geometry,
           round((COALESCE(ST_Area(c.g::geography), 0) / 1e6)::numeric, 3)::float8 AS km2, c.n
    FROM c`.execute(db);
  const row = r.rows[0]!;
  const g = row.geometry;
  return { geometry: (g ?? null) as Geometry | null, areaKm2: Number(row.km2 ?? 0), facilities: Number(row.n) };
}
