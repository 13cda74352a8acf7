// Service coverage in SQL: each settlement's nearest serving facility of a kind (condition not 'broken') (KNN candidates on the GiST
// index, exact geodesic distance), covered or not, totals and per-municipality sums, and the
// dissolved geodesic coverage area. A what-if proposal enters as bound GeoJSON in the `prop` CTE and
// goes through the same statements as the real facilities.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { asGeoJson } from '../db/postgis.js';
import type { DB } from '../db/schema.js';
import { refreshWhenStale } from '../db/refresh.js';
import type { Geometry } from '../geo/geometry.js';
import { KNN_CANDIDATES } from './analysis.schema.js';
import type { CoverageGroup, CoverageSettlement, CoverageTotals } from './analysis.types.js';
import { completeFor, reachCte, statusOf, type Catchments } from './reach.sql.js';
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
  /** A settlement recorded as one point with at least this many people is flagged (counted all or nothing). */
  flagPopulation: number;
}

/**
 * How the nearest facility and the reach are found: 'request' computes them (KNN on the index, each unit
 * tested); 'stored' reads them from coverage_reach (fixed threshold, no proposals; the statement also says
 * whether the stored rows are fresh); 'refresh' computes them for every settlement as if it lay in a
 * complete area, for refreshCoverageReach to store.
 */
type Mode = 'request' | 'stored' | 'refresh';

export interface CoverageFigures {
  totals: CoverageTotals;
  municipalities: CoverageGroup[];
  settlements: CoverageSettlement[];
  inputs: { settlements: Record<string, number>; facilities: Record<string, number>; datasets: string[] };
}

/** The settlements in scope, as CTE `s` (materialised: `complete` is evaluated once per settlement, not at each use). */
function settlementsCte(p: CoverageParams, mode: Mode): RawBuilder<unknown> {
  return sql`s AS MATERIALIZED (
    SELECT s.id, s.ref, s.name_ky, s.name_ru, s.name_en, s.settlement_type, s.legal_status, s.population, s.households,
           s.municipality, s.district, s.region, s.provenance, s.dataset_id, s.geom, s.geom_3857,
           ${mode === 'refresh' ? sql`true` : completeFor('s', [{ layer: 'facilities', kind: p.kind }])} AS complete
    FROM settlements s ${inAreaJoin(p.area, 's')}
    ${p.settlementId !== undefined ? sql`WHERE s.id = ${p.settlementId}` : sql``}
  )`;
}

/** Proposed facilities (what-if) as CTE `prop(id, geom, radius_m, name)`; empty for the real analysis. */
function proposalsCte(p: CoverageParams): RawBuilder<unknown> {
  const json = JSON.stringify(p.proposals.map((x) => ({ id: x.id, geometry: x.geometry, radius_m: x.radiusM, name: x.name })));
  return sql`prop AS (
    SELECT x.*, ST_Transform(x.geom, 3857) AS geom_3857 FROM (
      SELECT (j->>'id')::bigint AS id, ST_SetSRID(ST_GeomFromGeoJSON(j->>'geometry'), 4326) AS geom, (j->>'radius_m')::float8 AS radius_m, j->>'name' AS name
      FROM json_array_elements(${json}::json) j) x
  )`;
}

/** A facility's effective radius: the fixed threshold, else its own radius, else the kind's default. */
function radius(p: CoverageParams, own: RawBuilder<unknown>): RawBuilder<unknown> {
  return p.thresholdM !== null ? sql`${p.thresholdM}::float8` : sql`COALESCE(${own}, ${p.defaultRadiusM}::float8)`;
}

/** The largest effective radius: the fixed threshold, else the largest per-facility radius. */
const searchRadius = (p: CoverageParams) => p.thresholdM ?? p.maxRadiusM;

/** Every serving facility of the kind and every proposal, with its effective radius (inlined, so the facilities' index serves each probe). */
function catchments(p: CoverageParams): Catchments {
  return {
    serving: sql`(SELECT f.geom, f.geom_3857, ${radius(p, sql`f.service_radius_m::float8`)} AS r FROM facilities f WHERE f.kind = ${p.kind} AND f.condition <> 'broken'
                  UNION ALL SELECT pr.geom, pr.geom_3857, ${radius(p, sql`pr.radius_m`)} FROM prop pr)`,
    maxRadiusM: searchRadius(p),
  };
}

/** A what-if: some population unit (cell, building) of the settlement lies within a proposal's radius, though its own geometry may not. */
function byProposalUnits(p: CoverageParams): RawBuilder<unknown> {
  return sql`(x.rule IN ('cells', 'buildings') AND EXISTS (
    SELECT 1 FROM population_units u JOIN prop p4 ON ST_DWithin(p4.geom_3857, u.geom_3857, ${mercatorRadius(sql`${searchRadius(p)}::float8`, sql`p4.geom`)})
    WHERE u.settlement_id = r.id AND ST_DWithin(p4.geom::geography, u.geom::geography, ${radius(p, sql`p4.radius_m`)})))`;
}

/** Per settlement: the nearest facility (real or proposed) and whether it is covered. CTE `rows`. */
function rowsCte(p: CoverageParams, mode: Mode): RawBuilder<unknown> {
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
           s.municipality, s.district, s.region, s.provenance, s.dataset_id, ${centerJson('s')} AS center, s.geom, s.geom_3857, s.complete,
           n.id AS nid, n.proposed AS nproposed, n.name AS nname, ${metres1(sql`n.d`)} AS d, n.r AS nr, n.d AS dexact,
           s.complete AND ${covered} AS covered,
           -- A proposal (what-if) within its radius: the settlement may owe its coverage to it even when an existing facility is nearer.
           EXISTS (SELECT 1 FROM prop p3 WHERE ST_DWithin(p3.geom::geography, s.geom::geography, ${radius(p, sql`p3.radius_m`)})) AS by_prop
    FROM s
    LEFT JOIN LATERAL ${mode === 'stored' ? sql`(
      -- As the KNN below finds it (fixed threshold, no proposals): the nearest facility and its exact distance.
      SELECT cr.nid AS id, cr.d, ${p.thresholdM}::float8 AS r, false AS proposed, NULL::text AS name
      FROM coverage_reach cr WHERE cr.kind = ${p.kind} AND cr.settlement_id = s.id AND cr.nid IS NOT NULL AND s.complete
    )` : sql`(
      SELECT c.id, c.d, c.r, c.proposed, c.name FROM (
        (SELECT f.id, ST_Distance(f.geom::geography, s.geom::geography) AS d, ${radius(p, sql`f.service_radius_m::float8`)} AS r, false AS proposed, NULL::text AS name
           FROM facilities f WHERE f.kind = ${p.kind} AND f.condition <> 'broken'
           ORDER BY f.geom_3857 <-> s.geom_3857 LIMIT ${KNN_CANDIDATES})
        UNION ALL
        SELECT pr.id, ST_Distance(pr.geom::geography, s.geom::geography), ${radius(p, sql`pr.radius_m`)}, true, pr.name FROM prop pr
      ) c WHERE s.complete ORDER BY c.d, c.id LIMIT 1
    )`} n ON true
  ),
  ${mode === 'stored' ? sql`reach AS MATERIALIZED (
    SELECT r.id, cr.rule, cr.share FROM rows r JOIN coverage_reach cr ON cr.kind = ${p.kind} AND cr.settlement_id = r.id WHERE r.complete
  )` : reachCte(catchments(p))},
  scored AS (
    SELECT r.*, x.rule, x.share, ${statusOf(sql`r.complete`, sql`x.share`)} AS status,
           round(r.population * x.share)::bigint AS rpop, round(r.households * x.share)::bigint AS rhh,
           (x.rule = 'point' AND r.population >= ${p.flagPopulation}) AS flagged,
           ${p.proposals.length ? byProposalUnits(p) : sql`false`} AS by_prop_units
    FROM rows r LEFT JOIN reach x ON x.id = r.id
  ),
  -- The population datasets (one row per dataset and class), when some settlement was counted from cells.
  -- (one index probe per dataset, not a scan of every cell).
  -- A skip scan over the dataset index: one probe per dataset, not a scan of every cell.
  ds AS (SELECT (SELECT min(p.dataset_id) FROM population p) AS id WHERE EXISTS (SELECT 1 FROM reach WHERE rule = 'cells')
         UNION ALL SELECT (SELECT min(p.dataset_id) FROM population p WHERE p.dataset_id > ds.id) FROM ds WHERE ds.id IS NOT NULL),
  popsets AS (SELECT ds.id AS dataset_id, (SELECT p.provenance FROM population p WHERE p.dataset_id = ds.id LIMIT 1) AS provenance FROM ds WHERE ds.id IS NOT NULL)`;
}

const tally = (settlements: RawBuilder<unknown>, population: RawBuilder<unknown>, households: RawBuilder<unknown>, among: RawBuilder<unknown>) => sql`json_build_object(
  'settlements', count(*) FILTER (WHERE ${settlements}),
  'population', COALESCE(sum(${population}) FILTER (WHERE ${among}), 0),
  'households', COALESCE(sum(${households}) FILTER (WHERE ${among}), 0))`;
/** People within reach (every complete settlement adds its counted share), settlements fully covered. */
const coveredTally = tally(sql`status = 'covered'`, sql`rpop`, sql`rhh`, sql`complete`);
/** People not within reach (the rest of each complete settlement), settlements with nobody in reach. */
const notCoveredTally = tally(sql`status = 'not-covered'`, sql`population - rpop`, sql`households - rhh`, sql`complete`);
/** Settlements outside the complete area: counted in neither. */
const noDataTally = tally(sql`NOT complete`, sql`population`, sql`households`, sql`NOT complete`);
const byRule = sql`json_build_object(${sql.join(['cells', 'buildings', 'area', 'point'].map((r) => sql`${r}::text, json_build_object(
  'settlements', count(*) FILTER (WHERE rule = ${r}), 'population', COALESCE(sum(population) FILTER (WHERE rule = ${r}), 0))`))})`;

/** The layer versions and population assignment coverage_reach is made from, as they are now. */
const inputsNow = sql`COALESCE((SELECT v.version FROM layer_versions v WHERE v.layer = 'facilities'), 0) AS facilities_version,
    COALESCE((SELECT v.version FROM layer_versions v WHERE v.layer = 'settlements'), 0) AS settlements_version,
    (SELECT pa.assigned_at FROM population_assignment pa) AS assigned_at`;

/** Whether coverage_reach holds `kind` at `thresholdM`, made from the inputs as they are now (in the reader's statement: same snapshot). */
const reachFresh = (kind: RawBuilder<unknown>, thresholdM: RawBuilder<unknown>) => sql<boolean>`EXISTS (
    SELECT 1 FROM coverage_reach_state st, (SELECT ${inputsNow}) i
    WHERE st.kind = ${kind} AND st.threshold_m = ${thresholdM}
      AND st.facilities_version = i.facilities_version AND st.settlements_version = i.settlements_version
      AND st.assigned_at IS NOT DISTINCT FROM i.assigned_at)`;

/** Whether the stored nearest facilities and reach can answer `p` (when fresh): a fixed threshold, no what-if. */
export const storedApplies = (p: CoverageParams) => p.thresholdM !== null && p.proposals.length === 0;

/** The coverage statement (also used by the benchmark's EXPLAIN); `stored`: read coverage_reach (see storedApplies), and say whether it is fresh. */
export function coverageSql(p: CoverageParams, stored = false) {
  const mode: Mode = stored ? 'stored' : 'request';
  return sql<{ totals: unknown; municipalities: unknown; settlements: unknown; inputs: unknown; fresh: boolean }>`
    WITH RECURSIVE ${areaCte(p.area)} ${settlementsCte(p, mode)}, ${proposalsCte(p)}, ${rowsCte(p, mode)}
    SELECT
      (SELECT json_build_object(
         'settlements', count(*),
         'covered', ${coveredTally},
         'partly', json_build_object('settlements', count(*) FILTER (WHERE status = 'partly')),
         'notCovered', ${notCoveredTally},
         'noData', ${noDataTally},
         'populationUnknown', count(*) FILTER (WHERE population IS NULL),
         'householdsUnknown', count(*) FILTER (WHERE households IS NULL),
         'byRule', ${byRule},
         'flagged', json_build_object('settlements', count(*) FILTER (WHERE flagged), 'population', COALESCE(sum(population) FILTER (WHERE flagged), 0),
           'examples', (SELECT COALESCE(json_agg(json_build_object('id', e.id, 'names', ${namesJson('e')}, 'population', e.population) ORDER BY e.population DESC, e.id), '[]'::json)
                        FROM (SELECT * FROM scored WHERE flagged ORDER BY population DESC, id LIMIT 3) e))) FROM scored) AS totals,
      (SELECT COALESCE(json_agg(json_build_object(
         'key', g.key, 'level', g.level, 'municipality', g.municipality, 'district', g.district, 'region', g.region,
         'settlements', g.n, 'covered', g.cov, 'notCovered', g.notcov, 'noData', g.nodata)
         ORDER BY g.pop_nc DESC, g.key NULLS LAST, g.municipality NULLS LAST, g.district NULLS LAST, g.region NULLS LAST), '[]'::json)
       FROM (SELECT municipality, district, region, COALESCE(municipality, district, region) AS key,
                    CASE WHEN municipality IS NOT NULL THEN 'municipality' WHEN district IS NOT NULL THEN 'district'
                         WHEN region IS NOT NULL THEN 'region' ELSE 'unknown' END AS level,
                    count(*) AS n, ${coveredTally} AS cov, ${notCoveredTally} AS notcov, ${noDataTally} AS nodata,
                    COALESCE(sum(population - rpop) FILTER (WHERE complete), 0) AS pop_nc
             FROM scored GROUP BY municipality, district, region) g) AS municipalities,
      -- The page of settlements first (ordered on the plain columns), then the JSON of those rows only.
      (SELECT COALESCE(json_agg(json_build_object(
             'id', r.id, 'ref', r.ref, 'names', ${namesJson('r')}, 'type', r.settlement_type, 'legalStatus', r.legal_status,
             'population', r.population, 'households', r.households,
             'municipality', r.municipality, 'district', r.district, 'region', r.region,
             'provenance', r.provenance, 'datasetId', r.dataset_id, 'center', r.center,
             'status', r.status, 'covered', r.status = 'covered', 'distanceM', r.d,
             'reach', CASE WHEN r.complete THEN json_build_object('rule', r.rule, 'share', r.share, 'population', r.rpop, 'households', r.rhh, 'flagged', r.flagged) END,
             'nearest', CASE WHEN r.nid IS NULL THEN NULL ELSE json_build_object(
               'id', CASE WHEN r.nproposed THEN NULL ELSE r.nid END, 'proposed', r.nproposed,
               'names', CASE WHEN r.nproposed THEN json_build_object('ky', r.nname, 'ru', r.nname, 'en', r.nname) ELSE ${namesJson('nf')} END,
               'radiusM', r.nr, 'provenance', CASE WHEN r.nproposed THEN 'proposed' ELSE nf.provenance END,
               'datasetId', nf.dataset_id) END)
           ORDER BY r.ord), '[]'::json) FROM (
         SELECT r.*, row_number() OVER (ORDER BY CASE r.status WHEN 'not-covered' THEN 0 WHEN 'partly' THEN 1 WHEN 'covered' THEN 2 ELSE 3 END,
                                       (r.population - COALESCE(r.rpop, 0)) DESC NULLS LAST, r.population DESC NULLS LAST, r.id) AS ord
         FROM scored r
         ${listWhere(p.list, sql`(COALESCE(r.nproposed, false) OR r.by_prop OR r.by_prop_units)`, sql`r.id`)}
         ORDER BY ord LIMIT ${p.limit} OFFSET ${p.offset}) r
       LEFT JOIN facilities nf ON nf.id = r.nid AND NOT r.nproposed) AS settlements,
      json_build_object(
        'settlements', ${provenanceCounts(sql`rows`)},
        'population', ${provenanceCounts(sql`(SELECT provenance FROM popsets) pu`)},
        'facilities', ${provenanceCounts(sql`(SELECT DISTINCT nf.id, nf.provenance FROM rows r JOIN facilities nf ON nf.id = r.nid AND NOT r.nproposed) u`)},
        'datasets', (SELECT COALESCE(json_agg(DISTINCT d ORDER BY d), '[]'::json) FROM (
            SELECT dataset_id AS d FROM rows
            UNION SELECT dataset_id FROM popsets
            UNION SELECT nf.dataset_id FROM rows r JOIN facilities nf ON nf.id = r.nid AND NOT r.nproposed) ds)) AS inputs,
      ${stored ? reachFresh(sql`${p.kind}`, sql`${p.thresholdM}::float8`) : sql`true`} AS fresh`;
}

export async function coverageFigures(db: Kysely<DB>, p: CoverageParams, useStored = true): Promise<CoverageFigures> {
  // The stored nearest facilities and reach answer when they apply and are fresh (asked first: a quick look at
  // coverage_reach_state, then again in the statement itself); else computed per request.
  const stored = useStored && storedApplies(p)
    && (await sql<{ fresh: boolean }>`SELECT ${reachFresh(sql`${p.kind}`, sql`${p.thresholdM}::float8`)} AS fresh`.execute(db)).rows[0]!.fresh;
  let row = stored ? (await coverageSql(p, true).execute(db)).rows[0]! : null;
  if (!row || !row.fresh) row = (await coverageSql(p).execute(db)).rows[0]!;
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

export interface ReachReport { redone: boolean; kinds: number; settlements: number; seconds: number }

/** The kinds whose stored reach is missing or stale (each at its default radius). */
const staleKinds = sql<{ kind: string; radius: number }>`
  SELECT k.kind, k.default_service_radius_m::float8 AS radius FROM facility_kinds k
  WHERE NOT ${reachFresh(sql`k.kind`, sql`k.default_service_radius_m::float8`)} ORDER BY k.kind`;

/**
 * Store each settlement's nearest facility and reach per facility kind at the kind's default radius
 * (coverage_reach), for the kinds whose stored rows are missing or were made from other facilities,
 * settlements or population units (all kinds when `force`). Run after the data changes (seeds, the
 * synthetic generator, imports and their undo, population and OSM loads) and at start-up; the analysis
 * computes per request whenever they are stale.
 */
export async function refreshCoverageReach(db: Kysely<DB>, force = false): Promise<ReachReport> {
  const t0 = performance.now();
  const stale = async (tx: Kysely<DB>) => (await staleKinds.execute(tx)).rows.length > 0;
  const done = await refreshWhenStale(db, 'coverage_reach', force, stale, async (tx) => {
    // The inputs' stamp before anything is read (a write meanwhile leaves the stamp behind: redone next time).
    // (assigned_at as text: a JavaScript Date would drop its microseconds.)
    const now = (await sql<{ facilities_version: string; settlements_version: string; assigned_at: string | null }>`
      SELECT i.facilities_version::text, i.settlements_version::text, i.assigned_at::text FROM (SELECT ${inputsNow}) i`.execute(tx)).rows[0]!;
    const kinds = force
      ? (await sql<{ kind: string; radius: number }>`SELECT kind, default_service_radius_m::float8 AS radius FROM facility_kinds ORDER BY kind`.execute(tx)).rows
      : (await staleKinds.execute(tx)).rows;
    await sql`DELETE FROM coverage_reach_state st WHERE NOT EXISTS (SELECT 1 FROM facility_kinds k WHERE k.kind = st.kind)`.execute(tx);
    await sql`DELETE FROM coverage_reach cr WHERE NOT EXISTS (SELECT 1 FROM facility_kinds k WHERE k.kind = cr.kind)`.execute(tx);
    let settlements = 0;
    for (const k of kinds) {
      const p: CoverageParams = { kind: k.kind, defaultRadiusM: k.radius, thresholdM: k.radius, maxRadiusM: k.radius, area: null, proposals: [], limit: 0, offset: 0, flagPopulation: 0 };
      await sql`DELETE FROM coverage_reach WHERE kind = ${k.kind}`.execute(tx);
      const r = await sql`
        WITH RECURSIVE ${settlementsCte(p, 'refresh')}, ${proposalsCte(p)}, ${rowsCte(p, 'refresh')}
        INSERT INTO coverage_reach (kind, settlement_id, nid, d, rule, share)
        SELECT ${k.kind}, r.id, r.nid, r.dexact, x.rule, x.share FROM rows r JOIN reach x ON x.id = r.id`.execute(tx);
      settlements += Number(r.numAffectedRows ?? 0);
      await sql`
        INSERT INTO coverage_reach_state (kind, threshold_m, facilities_version, settlements_version, assigned_at, made_at)
        VALUES (${k.kind}, ${k.radius}::float8, ${now.facilities_version}::bigint, ${now.settlements_version}::bigint, ${now.assigned_at}::timestamptz, now())
        ON CONFLICT (kind) DO UPDATE SET threshold_m = EXCLUDED.threshold_m, facilities_version = EXCLUDED.facilities_version,
          settlements_version = EXCLUDED.settlements_version, assigned_at = EXCLUDED.assigned_at, made_at = now()`.execute(tx);
    }
    return { redone: true, kinds: kinds.length, settlements, seconds: (performance.now() - t0) / 1000 };
  });
  return done ?? { redone: false, kinds: 0, settlements: 0, seconds: 0 };
}
