// Canal network gaps in SQL: length by condition and class, connectivity (components with
// ST_ClusterDBSCAN in EPSG:3857, dangling ends, intakes, components without a main canal),
// settlements far from a functioning canal, and the public annotations about drinking water used for
// irrigation. A what-if repair (canal ids → 'good') enters as bound JSON in the `rep` CTE.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { refreshWhenStale } from '../db/refresh.js';
import type { Geometry } from '../geo/geometry.js';
import { annotationVisible } from '../access/visibility.js';
import { completeFor } from './reach.sql.js';
import { DEFAULT_TOLERANCE_M, KNN_CANDIDATES } from './analysis.schema.js';
import type { AnnotationSummary, CanalEnd, CanalRef, ComponentRow, FarSettlement, Tally, WithoutMain } from './analysis.types.js';
import { listWhere, type ListFilter, areaCte, centerJson, inAreaJoin, mercatorRadius, metres1, namesJson, provenanceCounts, jsonAs } from './analysis.sql.js';

export const CONDITIONS = ['good', 'fair', 'poor', 'broken', 'unknown'] as const;
export const CLASSES = ['main', 'distributor', 'on_farm', 'drain'] as const;
/** A canal counts as functioning in these conditions. */
export const FUNCTIONING = ['good', 'fair'] as const;
export const DRINKING_WATER_CATEGORY = 'drinking_water_irrigation';

const repCte = (ids: number[]) => sql`rep AS (SELECT (v)::bigint AS id FROM json_array_elements_text(${JSON.stringify(ids)}::json) v)`;

/** Length of the part inside the area: the stored geodesic length when the canal lies wholly inside. */
function clippedLength(area: Geometry | null, alias: string): RawBuilder<unknown> {
  const c = (x: string) => sql.ref(`${alias}.${x}`);
  return area ? sql`CASE WHEN ST_CoveredBy(${c('geom')}, a.g) THEN ${c('length_m')} ELSE ST_Length(ST_Intersection(${c('geom')}, a.g)::geography) END` : c('length_m');
}

export interface LengthCell { class: string | null; condition: string | null; segments: number; km: number }

export async function canalLengths(db: Kysely<DB>, p: { area: Geometry | null; repairedIds: number[] }): Promise<LengthCell[]> {
  const r = await sql<{ class: string | null; condition: string | null; segments: number; km: number }>`
    WITH ${areaCte(p.area)} ${repCte(p.repairedIds)},
    c AS (
      SELECT c.class, CASE WHEN c.id IN (SELECT id FROM rep) THEN 'good' ELSE c.condition END AS condition, ${clippedLength(p.area, 'c')} AS len
      FROM canals c ${inAreaJoin(p.area, 'c')}
    )
    SELECT class, condition, count(*)::int AS segments, round((COALESCE(sum(len), 0) / 1000.0)::numeric, 3)::float8 AS km
    FROM c GROUP BY GROUPING SETS ((class, condition), (class), (condition), ())
    ORDER BY class NULLS FIRST, condition NULLS FIRST`.execute(db);
  return r.rows.map((x) => ({ ...x, segments: Number(x.segments), km: Number(x.km) }));
}

/** The tolerance the stored canal ends (table canal_ends) are made at: the analyses' default. */
export const STORED_ENDS_TOLERANCE_M = DEFAULT_TOLERANCE_M;

/** Whether canal_ends was made from the canals as they are now (same statement, same snapshot). */
const endsFresh = sql`EXISTS (SELECT 1 FROM canal_ends_state st
    WHERE st.tolerance_m = ${STORED_ENDS_TOLERANCE_M}::float8
      AND st.canals_version = COALESCE((SELECT v.version FROM layer_versions v WHERE v.layer = 'canals'), 0))`;

export interface Components {
  count: number;
  withoutMain: WithoutMain;
  list: ComponentRow[];
  unconnected: (CanalRef & { component: number })[];
  /** The DBSCAN radius in EPSG:3857 units: tolerance / cos(mid-latitude of the canals). */
  epsMercator: number | null;
}

/** CTE `eps`: one DBSCAN radius for the canals of `c`: the tolerance at their mid-latitude (Mercator scale sec φ). */
const epsCte = (toleranceM: number) => sql`eps AS (SELECT ${toleranceM}::float8 / cos(radians((ST_YMin(x.e) + ST_YMax(x.e)) / 2)) AS e FROM (SELECT ST_Extent(geom)::geometry AS e FROM c) x)`;
/** CTE `cl`: the canals of `c` with their component (cid), clustered now: DBSCAN with one point per cluster = the connected canals. */
const clusteredCte = sql`cl AS MATERIALIZED (SELECT c.*, ST_ClusterDBSCAN(c.geom_3857, (SELECT e FROM eps), 1) OVER () AS cid FROM c)`;
/** CTE `cl` from canal_components (whole country at STORED_ENDS_TOLERANCE_M; the same clusters, other cluster numbers, which are not shown). */
const clusteredStoredCte = sql`cl AS MATERIALIZED (SELECT c.*, cc.cid FROM c JOIN canal_components cc ON cc.canal_id = c.id)`;

/**
 * Components of the canal network. `stored` (whole country at STORED_ENDS_TOLERANCE_M only): the
 * clusters from canal_components, `fresh` saying whether they were made from the current canals.
 */
export function componentsSql(p: { area: Geometry | null; toleranceM: number; limit: number; stored?: boolean }) {
  return sql<{ count: number; without_main: unknown; list: unknown; unconnected: unknown; eps: number | null; fresh: boolean }>`
    WITH ${areaCte(p.area)}
    c AS (
      SELECT c.id, c.ref, c.name_ky, c.name_ru, c.name_en, c.class, c.condition, c.provenance, c.geom, c.geom_3857,
             ${clippedLength(p.area, 'c')} AS len, ${p.area ? sql`NOT ST_CoveredBy(c.geom, a.g)` : sql`false`} AS cut
      FROM canals c ${inAreaJoin(p.area, 'c')}
    ),
    ${epsCte(p.toleranceM)},
    ${p.stored ? clusteredStoredCte : clusteredCte},
    comp AS (
      SELECT cid, min(id) AS first_id, count(*)::int AS n, sum(len) AS len, bool_or(class = 'main') AS has_main, bool_or(cut) AS cut,
             count(*) FILTER (WHERE class = 'main')::int AS main, count(*) FILTER (WHERE class = 'distributor')::int AS distributor,
             count(*) FILTER (WHERE class = 'on_farm')::int AS on_farm, count(*) FILTER (WHERE class = 'drain')::int AS drain,
             ST_Extent(geom) AS ext
      FROM cl GROUP BY cid
    ),
    num AS MATERIALIZED (SELECT comp.*, row_number() OVER (ORDER BY first_id) AS k FROM comp)
    SELECT
      (SELECT count(*)::int FROM num) AS count,
      (SELECT json_build_object('components', count(*), 'segments', COALESCE(sum(n), 0), 'km', round((COALESCE(sum(len), 0) / 1000.0)::numeric, 3)::float8)
         FROM num WHERE NOT has_main) AS without_main,
      (SELECT COALESCE(json_agg(json_build_object(
          'id', t.k, 'segments', t.n, 'km', round((t.len / 1000.0)::numeric, 3)::float8, 'hasMain', t.has_main, 'cutByArea', t.cut,
          'classes', json_build_object('main', t.main, 'distributor', t.distributor, 'on_farm', t.on_farm, 'drain', t.drain),
          'bbox', json_build_array(round(ST_XMin(t.ext)::numeric, 6)::float8, round(ST_YMin(t.ext)::numeric, 6)::float8, round(ST_XMax(t.ext)::numeric, 6)::float8, round(ST_YMax(t.ext)::numeric, 6)::float8))
          ORDER BY t.has_main, t.n DESC, t.k), '[]'::json)
       FROM (SELECT * FROM num ORDER BY has_main, n DESC, k LIMIT ${p.limit}) t) AS list,
      (SELECT COALESCE(json_agg(json_build_object(
          'id', u.id, 'ref', u.ref, 'names', ${namesJson('u')}, 'class', u.class, 'condition', u.condition,
          'km', round((u.len / 1000.0)::numeric, 3)::float8, 'provenance', u.provenance, 'component', u.k) ORDER BY u.k, u.id), '[]'::json)
       FROM (SELECT cl.*, num.k FROM cl JOIN num ON num.cid = cl.cid WHERE NOT num.has_main ORDER BY num.k, cl.id LIMIT ${p.limit}) u) AS unconnected,
      (SELECT e FROM eps) AS eps,
      ${p.stored ? endsFresh : sql`true`} AS fresh`;
}

export async function canalComponents(db: Kysely<DB>, p: { area: Geometry | null; toleranceM: number; limit: number }): Promise<Components> {
  // The whole country at the default tolerance: the stored clusters when fresh; else clustered now.
  let row = p.area === null && p.toleranceM === STORED_ENDS_TOLERANCE_M ? (await componentsSql({ ...p, stored: true }).execute(db)).rows[0]! : null;
  if (!row || !row.fresh) row = (await componentsSql(p).execute(db)).rows[0]!;
  const j = jsonAs;
  return { count: Number(row.count), withoutMain: j(row.without_main), list: j(row.list), unconnected: j(row.unconnected), epsMercator: row.eps === null ? null : Number(row.eps) };
}

export interface Ends {
  intakes: CanalEnd[];
  intakeCount: number;
  dangling: { total: number; gaps: number; tails: number; list: CanalEnd[] };
}

/**
 * The listed ends (`(SELECT id, part, which, role …) x`) with their canal's columns and end point, as rows
 * for endJson.
 */
const withCanal = (ends: RawBuilder<unknown>) => sql`(SELECT x.id, x.part, x.which, x.role, cc.ref, cc.name_ky, cc.name_ru, cc.name_en, cc.class, cc.condition, cc.length_m, cc.provenance,
    CASE WHEN x.which = 'head' THEN ST_StartPoint(ST_GeometryN(cc.geom, x.part)) ELSE ST_EndPoint(ST_GeometryN(cc.geom, x.part)) END AS p
  FROM ${ends} x JOIN canals cc ON cc.id = x.id)`;

/**
 * CTE `t`: every end of the canals of CTE `c` (id, part, which, touches, intake), computed:
 * whether another canal passes within the tolerance (one index probe per end), and for the head of a
 * main canal whether it is an intake.
 */
function endsComputedCte(toleranceM: number): RawBuilder<unknown> {
  const tol = sql`${toleranceM}::float8`;
  // Another canal passes within the tolerance of the end point (index on geom_3857, then geodesic check).
  const near = (extra: RawBuilder<unknown>) => sql`EXISTS (SELECT 1 FROM canals o WHERE o.id <> e.id
      AND ST_DWithin(o.geom_3857, e.p3, ${mercatorRadius(tol, sql`e.p`)})
      AND ST_DWithin(o.geom::geography, e.p::geography, ${tol}) ${extra})`;
  return sql`parts AS (SELECT c.*, COALESCE(d.path[1], 1) AS part, d.geom AS g FROM c, LATERAL ST_Dump(c.geom) d),
    e AS (
      SELECT parts.*, 'head'::text AS which, ST_StartPoint(g) AS p, ST_Transform(ST_StartPoint(g), 3857) AS p3 FROM parts
      UNION ALL
      SELECT parts.*, 'tail'::text, ST_EndPoint(g), ST_Transform(ST_EndPoint(g), 3857) FROM parts
    ),
    t AS MATERIALIZED (
      SELECT e.id, e.part, e.which, ${near(sql``)} AS touches,
             -- The head of a main canal is an intake unless another canal feeds it (its head touches another
             -- canal anywhere but at that canal's own head, i.e. not merely a shared headworks).
             (e.which = 'head' AND e.class = 'main' AND NOT ${near(sql`AND NOT ST_DWithin(ST_StartPoint(ST_GeometryN(o.geom, 1))::geography, e.p::geography, ${tol})`)}) AS intake
      FROM e
    )`;
}

/** CTE `t` read from canal_ends (made by refreshCanalEnds at STORED_ENDS_TOLERANCE_M); every canal has its ends there. */
const endsStoredCte = (area: Geometry | null) => sql`t AS (
      SELECT ce.canal_id AS id, ce.part, ce.which, ce.touches, ce.intake FROM canal_ends ce ${area ? sql`WHERE ce.canal_id IN (SELECT id FROM c)` : sql``}
    )`;

/**
 * Dangling ends and intakes. `stored`: read each end's role from canal_ends (only valid at
 * STORED_ENDS_TOLERANCE_M; the row's `fresh` says whether it was made from the current canals —
 * when not, the caller computes instead). Both ways give the same answer.
 */
export function endsSql(p: { area: Geometry | null; toleranceM: number; limit: number; stored?: boolean }) {
  const endJson = (alias: string) => sql`json_build_object(
      'canal', json_build_object('id', ${sql.ref(`${alias}.id`)}, 'ref', ${sql.ref(`${alias}.ref`)}, 'names', ${namesJson(alias)}, 'class', ${sql.ref(`${alias}.class`)},
                                 'condition', ${sql.ref(`${alias}.condition`)}, 'km', round((${sql.ref(`${alias}.length_m`)} / 1000.0)::numeric, 3)::float8, 'provenance', ${sql.ref(`${alias}.provenance`)}),
      'end', ${sql.ref(`${alias}.which`)}, 'part', ${sql.ref(`${alias}.part`)},
      'point', json_build_array(round(ST_X(${sql.ref(`${alias}.p`)})::numeric, 7)::float8, round(ST_Y(${sql.ref(`${alias}.p`)})::numeric, 7)::float8),
      'role', ${sql.ref(`${alias}.role`)})`;
  return sql<{ intakes: unknown; intake_count: number; total: number; gaps: number; tails: number; list: unknown; fresh: boolean }>`
    WITH ${areaCte(p.area)}
    c AS (SELECT c.id, c.ref, c.name_ky, c.name_ru, c.name_en, c.class, c.condition, c.length_m, c.provenance, c.geom FROM canals c ${inAreaJoin(p.area, 'c')}),
    ${p.stored ? endsStoredCte(p.area) : endsComputedCte(p.toleranceM)},
    r AS MATERIALIZED (SELECT t.id, t.part, t.which, CASE WHEN t.intake THEN 'intake' WHEN t.which = 'head' THEN 'gap' ELSE 'tail' END AS role FROM t WHERE t.intake OR NOT t.touches)
    SELECT
      (SELECT COALESCE(json_agg(${endJson('i')} ORDER BY i.id, i.part), '[]'::json) FROM ${withCanal(sql`(SELECT * FROM r WHERE role = 'intake' ORDER BY id, part LIMIT ${p.limit})`)} i) AS intakes,
      (SELECT count(*)::int FROM r WHERE role = 'intake') AS intake_count,
      (SELECT count(*)::int FROM r WHERE role <> 'intake') AS total,
      (SELECT count(*)::int FROM r WHERE role = 'gap') AS gaps,
      (SELECT count(*)::int FROM r WHERE role = 'tail') AS tails,
      (SELECT COALESCE(json_agg(json_build_object('end', ${endJson('d')}, 'nearestCanal', n.j) ORDER BY d.role, d.id, d.part, d.which), '[]'::json)
       FROM ${withCanal(sql`(SELECT * FROM r WHERE role <> 'intake' ORDER BY role, id, part, which LIMIT ${p.limit})`)} d
       LEFT JOIN LATERAL (
         SELECT json_build_object('id', k.id, 'distanceM', ${metres1(sql`k.dist`)}) AS j FROM (
           SELECT o.id, ST_Distance(o.geom::geography, d.p::geography) AS dist FROM canals o WHERE o.id <> d.id
           ORDER BY o.geom_3857 <-> ST_Transform(d.p, 3857) LIMIT ${KNN_CANDIDATES}) k ORDER BY k.dist, k.id LIMIT 1
       ) n ON true) AS list,
      ${p.stored ? endsFresh : sql`true`} AS fresh`;
}

export async function canalEnds(db: Kysely<DB>, p: { area: Geometry | null; toleranceM: number; limit: number }): Promise<Ends> {
  // At the default tolerance the stored roles answer when they are fresh; else (or at another tolerance) they are computed.
  let row = p.toleranceM === STORED_ENDS_TOLERANCE_M ? (await endsSql({ ...p, stored: true }).execute(db)).rows[0]! : null;
  if (!row || !row.fresh) row = (await endsSql(p).execute(db)).rows[0]!;
  const j = jsonAs;
  const list = j<{ end: Omit<CanalEnd, 'nearestCanal'>; nearestCanal: CanalEnd['nearestCanal'] }[]>(row.list).map((x) => ({ ...x.end, nearestCanal: x.nearestCanal }));
  const intakes = j<Omit<CanalEnd, 'nearestCanal'>[]>(row.intakes).map((x) => ({ ...x, nearestCanal: null }));
  return { intakes, intakeCount: Number(row.intake_count), dangling: { total: Number(row.total), gaps: Number(row.gaps), tails: Number(row.tails), list } };
}

/** Canals are written per chunk of this many ids, so that each statement stays well inside the statement timeout. */
const ENDS_CHUNK = 20_000;

export interface EndsReport { redone: boolean; ends: number; seconds: number }

/**
 * Makes canal_ends (each canal end's role at STORED_ENDS_TOLERANCE_M) and canal_components (the whole
 * country's components at that tolerance) again when the canals changed
 * since it was made (their layer version differs), in one transaction. Called by whoever writes canals
 * (seeds, the synthetic generator, imports and their undo) and at start-up; until it has run, the
 * analyses compute the ends per request (the same answer, slower).
 */
export async function refreshCanalEnds(db: Kysely<DB>, force = false): Promise<EndsReport> {
  const t0 = performance.now();
  const stale = async (tx: Kysely<DB>) => !(await sql<{ fresh: boolean }>`SELECT ${endsFresh} AS fresh`.execute(tx)).rows[0]!.fresh;
  const done = await refreshWhenStale(db, 'canal_ends', force, stale, async (tx) => {
    // The canals' version before anything is read: each statement below sees the canals as committed when
    // it starts, so a canal written meanwhile leaves the stored version behind, and the next refresh redoes
    // the ends (recording the version read at the end could mark ends made from older canals as fresh).
    const version = Number((await sql<{ v: number }>`SELECT COALESCE((SELECT v.version FROM layer_versions v WHERE v.layer = 'canals'), 0) AS v`.execute(tx)).rows[0]!.v);
    await sql`DELETE FROM canal_ends`.execute(tx);
    await sql`DELETE FROM canal_components`.execute(tx);
    // The whole country's components, as componentsSql clusters them (~2 s for 200,000 canals).
    await sql`
      WITH c AS (SELECT c.id, c.geom, c.geom_3857 FROM canals c),
      ${epsCte(STORED_ENDS_TOLERANCE_M)},
      ${clusteredCte}
      INSERT INTO canal_components (canal_id, cid) SELECT id, cid FROM cl`.execute(tx);
    const b = (await sql<{ lo: string | null; hi: string | null }>`SELECT min(id)::text AS lo, max(id)::text AS hi FROM canals`.execute(tx)).rows[0]!;
    let ends = 0;
    if (b.lo !== null && b.hi !== null) {
      for (let lo = Number(b.lo); lo <= Number(b.hi); lo += ENDS_CHUNK) {
        const r = await sql`
          WITH c AS (SELECT c.id, c.ref, c.name_ky, c.name_ru, c.name_en, c.class, c.condition, c.length_m, c.provenance, c.geom FROM canals c
                     WHERE c.id >= ${lo} AND c.id < ${lo + ENDS_CHUNK}),
          ${endsComputedCte(STORED_ENDS_TOLERANCE_M)}
          INSERT INTO canal_ends (canal_id, part, which, touches, intake) SELECT id, part, which, touches, intake FROM t`.execute(tx);
        ends += Number(r.numAffectedRows ?? 0);
      }
    }
    await sql`
      INSERT INTO canal_ends_state (id, canals_version, tolerance_m, made_at)
      VALUES (true, ${version}::bigint, ${STORED_ENDS_TOLERANCE_M}::float8, now())
      ON CONFLICT (id) DO UPDATE SET canals_version = EXCLUDED.canals_version, tolerance_m = EXCLUDED.tolerance_m, made_at = now()`.execute(tx);
    return { redone: true, ends, seconds: (performance.now() - t0) / 1000 };
  });
  return done ?? { redone: false, ends: 0, seconds: 0 };
}

export interface FarFigures {
  settlements: number;
  far: Tally;
  near: Tally;
  /** Outside the canals' complete area: neither far nor near. */
  noData: Tally;
  noFunctioningCanal: number;
  list: FarSettlement[];
  inputs: { settlements: Record<string, number>; datasets: string[] };
}

export interface FarParams { area: Geometry | null; thresholdM: number; repairedIds: number[]; limit: number; list?: ListFilter }

export function farSql(p: FarParams) {
  // Only settlements in the canals' complete area are judged; the others are counted as noData.
  const far = sql`(r.complete AND (r.d IS NULL OR r.d > ${p.thresholdM}::float8))`;
  const near = sql`(r.complete AND r.d <= ${p.thresholdM}::float8)`;
  const sums = (cond: RawBuilder<unknown>) => sql`json_build_object('settlements', count(*) FILTER (WHERE ${cond}),
      'population', COALESCE(sum(r.population) FILTER (WHERE ${cond}), 0), 'households', COALESCE(sum(r.households) FILTER (WHERE ${cond}), 0))`;
  return sql<{ totals: unknown; list: unknown; inputs: unknown }>`
    WITH ${areaCte(p.area)} ${repCte(p.repairedIds)},
    rows AS MATERIALIZED (
      SELECT s.id, s.ref, s.name_ky, s.name_ru, s.name_en, s.settlement_type, s.population, s.households, s.irrigation,
             s.municipality, s.district, s.region, s.provenance, s.dataset_id, ${centerJson('s')} AS center,
             n.id AS nid, n.repaired, ${metres1(sql`n.d`)} AS d, s.complete
      FROM (SELECT s.*, ${completeFor('s', [{ layer: 'canals', kind: null }])} AS complete FROM settlements s ${inAreaJoin(p.area, 's')}) s
      LEFT JOIN LATERAL (
        SELECT k.id, k.d, k.id IN (SELECT id FROM rep) AS repaired FROM (
          SELECT x.id, ST_Distance(x.geom::geography, s.geom::geography) AS d FROM canals x
          WHERE x.condition IN ('good', 'fair') OR x.id IN (SELECT id FROM rep)
          ORDER BY x.geom_3857 <-> s.geom_3857 LIMIT ${KNN_CANDIDATES}) k
        WHERE s.complete ORDER BY k.d, k.id LIMIT 1
      ) n ON true
    )
    SELECT
      (SELECT json_build_object('settlements', count(*), 'far', ${sums(far)}, 'near', ${sums(near)}, 'noData', ${sums(sql`NOT r.complete`)},
              'noFunctioningCanal', count(*) FILTER (WHERE r.d IS NULL AND r.complete)) FROM rows r) AS totals,
      (SELECT COALESCE(json_agg(x.j ORDER BY x.ord), '[]'::json) FROM (
         SELECT json_build_object('id', r.id, 'ref', r.ref, 'names', ${namesJson('r')}, 'type', r.settlement_type,
           'population', r.population, 'households', r.households, 'irrigation', r.irrigation,
           'municipality', r.municipality, 'district', r.district, 'region', r.region,
           'provenance', r.provenance, 'datasetId', r.dataset_id, 'center', r.center, 'distanceM', r.d,
           'nearestCanal', CASE WHEN r.nid IS NULL THEN NULL ELSE json_build_object('id', r.nid, 'repaired', r.repaired) END) AS j,
           row_number() OVER (ORDER BY r.population DESC NULLS LAST, r.id) AS ord
         FROM rows r ${p.list ? listWhere(p.list, sql`COALESCE(r.repaired, false)`, sql`r.id`) : sql`WHERE ${far}`}
         ORDER BY ord LIMIT ${p.limit}) x) AS list,
      json_build_object('settlements', ${provenanceCounts(sql`rows`)},
        'datasets', (SELECT COALESCE(json_agg(DISTINCT dataset_id ORDER BY dataset_id), '[]'::json) FROM rows)) AS inputs`;
}

export async function settlementsFarFromCanals(db: Kysely<DB>, p: FarParams): Promise<FarFigures> {
  const row = (await farSql(p).execute(db)).rows[0]!;
  const j = jsonAs;
  const totals = j<Omit<FarFigures, 'list' | 'inputs'>>(row.totals);
  return { ...totals, list: j(row.list), inputs: j(row.inputs) };
}

/** Provenance of the canals in the area (for the notice), and their datasets. */
export async function canalInputs(db: Kysely<DB>, p: { area: Geometry | null }): Promise<{ canals: Record<string, number>; datasets: string[] }> {
  const r = await sql<{ canals: unknown; datasets: unknown }>`
    WITH ${areaCte(p.area)} c AS (SELECT c.provenance, c.dataset_id FROM canals c ${inAreaJoin(p.area, 'c')})
    SELECT ${provenanceCounts(sql`c`)} AS canals, (SELECT COALESCE(json_agg(DISTINCT dataset_id ORDER BY dataset_id), '[]'::json) FROM c) AS datasets`.execute(db);
  const row = r.rows[0]!;
  const j = jsonAs;
  return { canals: j(row.canals), datasets: j(row.datasets) };
}

/** Public (non-draft, not deleted) annotations of one category in the area — the rule in access/visibility.ts. */
export async function annotationSummary(db: Kysely<DB>, p: { area: Geometry | null; category: string }): Promise<AnnotationSummary> {
  const r = await sql<{ n: number; people: number; households: number; by_status: unknown; by_severity: unknown }>`
    WITH ${areaCte(p.area)}
    x AS (SELECT an.status, an.severity, an.affected_people, an.affected_households FROM annotations an ${inAreaJoin(p.area, 'an')}
          WHERE an.category = ${p.category} AND ${annotationVisible({ orgId: null }, 'an')})
    SELECT count(*)::int AS n, COALESCE(sum(affected_people), 0) AS people, COALESCE(sum(affected_households), 0) AS households,
           (SELECT COALESCE(json_object_agg(status, k ORDER BY status), '{}'::json) FROM (SELECT status, count(*)::int AS k FROM x GROUP BY status) s) AS by_status,
           (SELECT COALESCE(json_object_agg(severity, k ORDER BY severity), '{}'::json) FROM (SELECT severity, count(*)::int AS k FROM x GROUP BY severity) s) AS by_severity
    FROM x`.execute(db);
  const row = r.rows[0]!;
  const j = jsonAs;
  return { count: Number(row.n), affectedPeople: Number(row.people), affectedHouseholds: Number(row.households), byStatus: j(row.by_status), bySeverity: j(row.by_severity) };
}

export type { Geometry };

/** Canals intersecting the area (to decide whether connectivity is affordable in a summary). */
export async function canalCount(db: Kysely<DB>, area: Geometry | null): Promise<number> {
  const r = await sql<{ n: number }>`WITH ${areaCte(area)} x AS (SELECT 1 FROM canals c ${inAreaJoin(area, 'c')}) SELECT count(*)::int AS n FROM x`.execute(db);
  return Number(r.rows[0]!.n);
}
