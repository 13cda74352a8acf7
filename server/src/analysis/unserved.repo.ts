// Unserved settlements in SQL: settlements whose water, electricity or road is 'none' or 'partial',
// the nearest network element that would serve them (KNN candidates, geodesic distance), households
// affected and a connection-cost estimate. A proposed line (what-if) is one more candidate source.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Geometry } from '../geo/geometry.js';
import { KNN_CANDIDATES, type Service } from './analysis.schema.js';
import type { ElementKind, StatusCounts, StatusSum, UnservedSettlement } from './analysis.types.js';
import { completeFor } from './reach.sql.js';
import { listWhere, type ListFilter, areaCte, centerJson, inAreaJoin, metres1, namesJson, provenanceCounts, ref, table, jsonAs } from './analysis.sql.js';

/** What may serve a settlement, per service. Layers and filters are code, never request input. */
interface Source { element: ElementKind; layer: string; filter: (alias: string) => RawBuilder<unknown>; voltage?: boolean; kind?: string }

const operational = (a: string) => sql`${ref(a, 'status')} = 'operational'`;
const facilityOfKind = (kind: string) => (a: string) => sql`${ref(a, 'kind')} = ${kind} AND ${ref(a, 'condition')} <> 'broken'`;

export const SOURCES: Record<Service, Source[]> = {
  electricity: [
    { element: 'power_line', layer: 'power_lines', filter: operational, voltage: true },
    { element: 'substation', layer: 'facilities', filter: facilityOfKind('substation'), kind: 'substation' },
  ],
  water: [
    { element: 'water_main', layer: 'water_mains', filter: operational },
    { element: 'water_point', layer: 'facilities', filter: facilityOfKind('water_point'), kind: 'water_point' },
  ],
  road: [{ element: 'road', layer: 'roads', filter: operational }],
};

/**
 * Beyond this distance a link estimate is meaningless (a new network, not a connection): the distance
 * is still reported, the cost is left out (null) and counted as out of range.
 */
export const MAX_LINK_M = 50_000;

/** The settlements' column that holds each service's status (a constant, not request input). */
const STATUS_COLUMN: Record<Service, string> = { water: 'water', electricity: 'electricity', road: 'road' };

export interface ProposedLine { service: Service; geometry: Geometry; voltageKv: number | null; name: string | null }

export interface UnservedParams {
  service: Service;
  area: Geometry | null;
  proposals: ProposedLine[];
  costPerKm: number;
  limit: number;
  offset: number;
  list?: ListFilter;
}

export interface UnservedFigures {
  statusCounts: StatusCounts;
  none: StatusSum;
  partial: StatusSum;
  settlements: UnservedSettlement[];
  inputs: { settlements: Record<string, number>; elements: Record<string, number>; datasets: string[] };
}

function candidates(p: UnservedParams): RawBuilder<unknown> {
  const branches = SOURCES[p.service].map((src) => sql`(
    SELECT ${src.element}::text AS element, ${src.layer}::text AS layer, x.id, ${namesJson('x')} AS names,
           ${src.voltage ? sql`x.voltage_kv::float8` : sql`NULL::float8`} AS voltage_kv, x.provenance, x.dataset_id,
           ST_Distance(x.geom::geography, s.geom::geography) AS d
    FROM ${table(src.layer)} x WHERE ${src.filter('x')}
    ORDER BY x.geom_3857 <-> s.geom_3857 LIMIT ${KNN_CANDIDATES})`);
  branches.push(sql`(
    SELECT 'proposed'::text, NULL::text, NULL::bigint, json_build_object('ky', pr.name, 'ru', pr.name, 'en', pr.name),
           pr.voltage_kv, 'proposed'::text, NULL::text, ST_Distance(pr.geom::geography, s.geom::geography)
    FROM prop pr)`);
  return sql.join(branches, sql` UNION ALL `);
}

const statusSum = (status: string) => sql`(SELECT json_build_object(
    'settlements', count(*), 'population', COALESCE(sum(population), 0), 'households', COALESCE(sum(households), 0),
    'cost', COALESCE(sum(cost), 0), 'outOfRange', count(*) FILTER (WHERE d > ${MAX_LINK_M}::float8), 'noNetwork', count(*) FILTER (WHERE d IS NULL AND complete),
    'noData', count(*) FILTER (WHERE NOT complete), 'noDataPopulation', COALESCE(sum(population) FILTER (WHERE NOT complete), 0),
    'distanceM', json_build_object('min', min(d), 'median', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY d))::numeric, 1)::float8, 'max', max(d)))
  FROM rows WHERE status = ${status})`;

export function unservedSql(p: UnservedParams) {
  const status = sql.ref(`s.${STATUS_COLUMN[p.service]}`);
  const json = JSON.stringify(p.proposals.filter((x) => x.service === p.service).map((x) => ({ geometry: x.geometry, voltage_kv: x.voltageKv, name: x.name })));
  return sql<{ counts: unknown; none: unknown; partial: unknown; settlements: unknown; inputs: unknown }>`
    WITH ${areaCte(p.area)}
    prop AS (
      SELECT ST_SetSRID(ST_GeomFromGeoJSON(j->>'geometry'), 4326) AS geom, (j->>'voltage_kv')::float8 AS voltage_kv, j->>'name' AS name
      FROM json_array_elements(${json}::json) j
    ),
    inarea AS (SELECT s.id, ${status} AS status FROM settlements s ${inAreaJoin(p.area, 's')}),
    rows AS MATERIALIZED (
      SELECT s.id, s.ref, s.name_ky, s.name_ru, s.name_en, s.settlement_type, s.legal_status, ${status} AS status, s.complete,
             s.population, s.households, s.municipality, s.district, s.region, s.provenance, s.dataset_id, ${centerJson('s')} AS center,
             n.element, n.layer, n.id AS nid, n.names AS nnames, n.voltage_kv, n.provenance AS nprovenance, n.dataset_id AS ndataset,
             ${metres1(sql`n.d`)} AS d,
             CASE WHEN n.d <= ${MAX_LINK_M}::float8 THEN round((n.d / 1000.0 * ${p.costPerKm}::float8)::numeric, 0)::float8 END AS cost
      FROM (SELECT s.*, ${completeFor('s', SOURCES[p.service].map((x) => ({ layer: x.layer, kind: x.kind ?? null })))} AS complete
            FROM settlements s ${inAreaJoin(p.area, 's')} WHERE ${status} IN ('none', 'partial')) s
      -- Outside the network's complete area: no nearest element, no distance, no cost.
      LEFT JOIN LATERAL (
        SELECT c.* FROM (${candidates(p)}) c WHERE s.complete ORDER BY c.d, c.layer, c.id LIMIT 1
      ) n ON true
    )
    SELECT
      (SELECT json_build_object(
         'connected', count(*) FILTER (WHERE status = 'connected'), 'partial', count(*) FILTER (WHERE status = 'partial'),
         'none', count(*) FILTER (WHERE status = 'none'), 'unknown', count(*) FILTER (WHERE status = 'unknown')) FROM inarea) AS counts,
      ${statusSum('none')} AS none,
      ${statusSum('partial')} AS partial,
      (SELECT COALESCE(json_agg(x.j ORDER BY x.ord), '[]'::json) FROM (
         SELECT json_build_object(
           'id', r.id, 'ref', r.ref, 'names', ${namesJson('r')}, 'type', r.settlement_type, 'legalStatus', r.legal_status, 'status', r.status,
           'population', r.population, 'households', r.households,
           'municipality', r.municipality, 'district', r.district, 'region', r.region,
           'provenance', r.provenance, 'datasetId', r.dataset_id, 'center', r.center,
           'nearest', CASE WHEN r.element IS NULL THEN NULL ELSE json_build_object(
             'element', r.element, 'layer', r.layer, 'id', r.nid, 'names', r.nnames, 'voltageKv', r.voltage_kv,
             'provenance', r.nprovenance, 'datasetId', r.ndataset, 'distanceM', r.d) END,
           'cost', r.cost, 'complete', r.complete) AS j,
           row_number() OVER (ORDER BY (r.status = 'none') DESC, r.households DESC NULLS LAST, r.population DESC NULLS LAST, r.id) AS ord
         FROM rows r ${listWhere(p.list, sql`r.element = 'proposed'`, sql`r.id`)}
         ORDER BY ord LIMIT ${p.limit} OFFSET ${p.offset}) x) AS settlements,
      json_build_object(
        'settlements', ${provenanceCounts(sql`rows`)},
        'elements', ${provenanceCounts(sql`(SELECT DISTINCT layer, nid, nprovenance FROM rows WHERE nid IS NOT NULL) u`, sql`nprovenance`)},
        'datasets', (SELECT COALESCE(json_agg(DISTINCT d ORDER BY d), '[]'::json) FROM (
            SELECT dataset_id AS d FROM rows UNION SELECT ndataset FROM rows WHERE ndataset IS NOT NULL) ds)) AS inputs`;
}

export async function unservedFigures(db: Kysely<DB>, p: UnservedParams): Promise<UnservedFigures> {
  const r = await unservedSql(p).execute(db);
  const row = r.rows[0]!;
  const j = jsonAs;
  return { statusCounts: j(row.counts), none: j(row.none), partial: j(row.partial), settlements: j(row.settlements), inputs: j(row.inputs) };
}

/** How far a proposed line is from the existing network of its service (does the extension start from it?). */
export async function distanceToNetwork(db: Kysely<DB>, service: Service, g: Geometry): Promise<{ element: ElementKind; id: number; distanceM: number } | null> {
  const branches = SOURCES[service].map((src) => sql`(
    SELECT ${src.element}::text AS element, x.id, ST_Distance(x.geom::geography, p.g::geography) AS d
    FROM ${table(src.layer)} x, p WHERE ${src.filter('x')}
    ORDER BY x.geom_3857 <-> p.g3857 LIMIT ${KNN_CANDIDATES})`);
  const r = await sql<{ element: ElementKind; id: number; d: number }>`
    WITH p AS (SELECT g, ST_Transform(g, 3857) AS g3857 FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}::text), 4326) AS g) x)
    SELECT element, id, ${metres1(sql`d`)} AS d FROM (${sql.join(branches, sql` UNION ALL `)}) c ORDER BY c.d, c.element, c.id LIMIT 1`.execute(db);
  const row = r.rows[0];
  return row ? { element: row.element, id: Number(row.id), distanceM: Number(row.d) } : null;
}
