// "People within reach" and "complete data here" as SQL snippets (README "Gap analysis", the reach rule).
//
// The rule, chosen per settlement from the best data present (population_units is written by
// population/population.repo.ts; each population row and OSM building belongs to its nearest settlement):
//   'cells'     population rows assigned to it: the people of the rows whose point is within reach,
//               as a share of all its rows' people (so the count is scaled to its recorded population);
//   'buildings' else OSM buildings assigned to it: the footprint area of the buildings whose point is
//               within reach, as a share of all its buildings' area;
//   'area'      else its polygon: the share of its area inside the union of the catchment discs;
//   'point'     else all or nothing by its point (flagged when it holds many people).
// Counted people = population × share. A unit is within reach when a serving facility (or a proposal)
// lies within that facility's radius of the unit's point — the same test as a settlement's point.
//
// Complete data: a settlement is judged only where the layer's (and facility kind's) data is declared
// complete (complete_areas); elsewhere it gets no distance, no verdict and no cost.
import { sql, type RawBuilder } from 'kysely';
import { mercatorRadius } from './analysis.sql.js';

/** A layer (and facility kind) whose declared complete area counts. */
export interface Scope { layer: string; kind: string | null }

/** Whether settlement `alias` lies in the complete area of any of the scopes (a layer, and a facility kind). */
export function completeFor(alias: string, scopes: readonly Scope[]): RawBuilder<boolean> {
  const s = (c: string) => sql.ref(`${alias}.${c}`);
  const scope = sql.join(scopes.map((x) => x.kind === null
    ? sql`(ca.layer = ${x.layer})`
    : sql`(ca.layer = ${x.layer} AND (ca.kind IS NULL OR ca.kind = ${x.kind}))`), sql` OR `);
  return sql<boolean>`EXISTS (
    SELECT 1 FROM complete_areas ca
    WHERE (${scope})
      AND ((ca.geom IS NOT NULL AND ca.geom && ${s('geom')} AND ST_Covers(ca.geom, ST_PointOnSurface(${s('geom')})))
           OR (ca.municipalities IS NOT NULL AND ${s('municipality')} = ANY (ca.municipalities))))`;
}

/**
 * The facilities (and proposals) that can serve a point: `serving` lists them as (geom, geom_3857, r)
 * rows, r the effective radius; `maxRadiusM` bounds the index search.
 */
export interface Catchments {
  /** `(SELECT geom, geom_3857, r FROM …)`: every serving facility and proposal with its effective radius. */
  serving: RawBuilder<unknown>;
  maxRadiusM: number;
}


/**
 * Per settlement row of `rows` (columns id, geom, geom_3857, complete, covered, d, nr): the
 * rule, the share within reach and the people counted, as CTE `reach(id, rule, share)`.
 * `covered` is the all-or-nothing verdict of the settlement's own geometry (the 'point' rule); `d` the
 * distance to the nearest serving facility and `nr` that facility's radius (quick "none" and "all of its
 * units are in reach" tests).
 */
export function reachCte(c: Catchments): RawBuilder<unknown> {
  // The facilities that can reach any of the settlement's units (within the largest radius + its farthest
  // unit), found once per settlement on the index; each unit is then tested against those few only.
  // m3, rmin, rmax: the same facilities as one multipoint with their smallest and largest radius, for the
  // quick per-unit tests below.
  const near = sql`(SELECT array_agg(f.geom) AS g, array_agg(f.geom_3857) AS g3, array_agg(f.r) AS r,
      ST_Collect(f.geom_3857) AS m3, min(f.r) AS rmin, max(f.r) AS rmax FROM ${c.serving} f
    WHERE ST_DWithin(f.geom_3857, r.geom_3857, ${mercatorRadius(sql`(${c.maxRadiusM}::float8 + COALESCE(x.ext, 0))`, sql`r.geom`)}))`;
  const unitShare = (unit: 'cell' | 'building') => sql`(
    SELECT CASE WHEN sum(u.weight) > 0 THEN sum(u.weight) FILTER (WHERE CASE
             -- Quick answers, exact: beyond every facility's outer band (largest radius) no facility reaches
             -- the unit; inside the inner band of the smallest radius one certainly does. Only the units in
             -- between are tested facility by facility.
             WHEN k.m3 IS NULL OR NOT ST_DWithin(k.m3, u.geom_3857, k.rmax * 1.02 / cos(radians(ST_Y(u.geom)))) THEN false
             WHEN ST_DWithin(k.m3, u.geom_3857, k.rmin * 0.98 / cos(radians(ST_Y(u.geom)))) THEN true
             ELSE EXISTS (
             SELECT 1 FROM unnest(k.g, k.g3, k.r) AS f(geom, g3, r)
             -- Mercator distance × cos(latitude) is the ground distance within 0.5 % here: outside ±2 % of the
             -- radius the plane decides; only the units in that band are measured on the spheroid.
             WHERE ST_DWithin(f.g3, u.geom_3857, f.r * 1.02 / cos(radians(ST_Y(u.geom))))
               AND (ST_DWithin(f.g3, u.geom_3857, f.r * 0.98 / cos(radians(ST_Y(u.geom))))
                    OR ST_DWithin(f.geom::geography, u.geom::geography, f.r))) END) / sum(u.weight) END
    FROM population_units u, ${near} k
    WHERE u.settlement_id = r.id AND u.unit = ${unit})`;
  const areaShare = sql`(
    SELECT ST_Area(ST_Intersection(r.geom, ST_Union(ST_Buffer(f.geom::geography, f.r, 'quad_segs=16')::geometry))::geography)
           / NULLIF(ST_Area(r.geom::geography), 0)
    FROM ${c.serving} f
    WHERE ST_DWithin(f.geom_3857, r.geom_3857, ${mercatorRadius(sql`${c.maxRadiusM}::float8`, sql`r.geom`)})
      AND ST_DWithin(f.geom::geography, r.geom::geography, f.r))`;
  return sql`reach AS MATERIALIZED (
    SELECT r.id, x.rule,
      round(LEAST(1.0, GREATEST(0.0, COALESCE(CASE
        WHEN x.rule = 'point' THEN CASE WHEN r.covered THEN 1.0 ELSE 0.0 END
        -- No unit of the settlement can be nearer a facility than (distance to the settlement − the farthest unit's distance to it).
        WHEN x.rule IN ('cells', 'buildings') AND (r.d IS NULL OR r.d - x.ext > ${c.maxRadiusM}::float8) THEN 0.0
        -- A point settlement's units all lie within ext of it, so within d + ext of its nearest facility: all in reach when that is within its radius.
        WHEN x.rule IN ('cells', 'buildings') AND GeometryType(r.geom) = 'POINT' AND r.d + 0.1 + x.ext <= r.nr THEN 1.0
        WHEN x.rule = 'cells' THEN ${unitShare('cell')}
        WHEN x.rule = 'buildings' THEN ${unitShare('building')}
        WHEN NOT r.covered THEN 0.0  -- no catchment touches the polygon
        ELSE ${areaShare}
      END, 0.0)))::numeric, 4)::float8 AS share
    FROM rows r
    LEFT JOIN population_summary ps ON ps.settlement_id = r.id
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ps.cells > 0 THEN 'cells' WHEN ps.buildings > 0 THEN 'buildings'
                  WHEN GeometryType(r.geom) IN ('POLYGON', 'MULTIPOLYGON') THEN 'area' ELSE 'point' END AS rule,
             ps.ext_m AS ext
    ) x
    WHERE r.complete
  )`;
}

/** A settlement's verdict from its completeness and share. */
export const statusOf = (complete: RawBuilder<unknown>, share: RawBuilder<unknown>) => sql<string>`CASE
  WHEN NOT ${complete} THEN 'no-data' WHEN ${share} >= 1 THEN 'covered' WHEN ${share} > 0 THEN 'partly' ELSE 'not-covered' END`;
