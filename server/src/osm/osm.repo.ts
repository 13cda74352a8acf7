// SQL of the OpenStreetMap import. One INSERT … ON CONFLICT (ref) DO UPDATE per batch and table, the
// rows bound as ONE JSON parameter (json_to_recordset), so a batch of any size is one statement with
// one bound value. The parsed and repaired geometry is MATERIALIZED once per row (inlined, PostgreSQL
// would parse the GeoJSON again for every test in the WHERE: 4× slower). PostGIS repairs what it can (ST_MakeValid, then the table's geometry type is
// extracted; areas for point tables become ST_PointOnSurface); a row whose geometry still does not
// fit the table's CHECKs is not written and is counted. Table and column names come from
// OSM_TABLES (osm.mapping.ts), never from the file.
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { DEMO_DIR } from '../data-paths.js';
import type { Bbox } from './osm.reader.js';
import type { ColumnType, MappedRow, OsmTableSpec } from './osm.mapping.js';

export const OSM_DATASET = {
  id: 'osm',
  title: 'OpenStreetMap',
  publisher: 'OpenStreetMap contributors',
  url: 'https://www.openstreetmap.org/copyright',
  licence: 'ODbL-1.0',
  licence_url: 'https://opendatacommons.org/licenses/odbl/1-0/',
  attribution: '© OpenStreetMap contributors',
  notes: 'Imported with npm run import:osm (server/src/osm). Shared-layer rows carry ref osm:<type>/<id>; the basemap of context is in the osm_* tables.',
} as const;
/** The `source` written on every shared-layer row of the import. */
export const OSM_SOURCE = '© OpenStreetMap contributors';

/** Writes the datasets row 'osm' (the attribution that maps and exports show). */
export async function upsertDataset(db: Kysely<DB>, sourceDate: string): Promise<void> {
  const d = OSM_DATASET;
  await sql`INSERT INTO datasets (id, title, publisher, url, licence, licence_url, attribution, source_date, notes)
    VALUES (${d.id}, ${d.title}, ${d.publisher}, ${d.url}, ${d.licence}, ${d.licence_url}, ${d.attribution}, ${sourceDate}::date, ${d.notes})
    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher, url = EXCLUDED.url, licence = EXCLUDED.licence,
      licence_url = EXCLUDED.licence_url, attribution = EXCLUDED.attribution, source_date = EXCLUDED.source_date, notes = EXCLUDED.notes`.execute(db);
}

/**
 * Facility kinds the import writes must exist (facilities.kind references facility_kinds). Missing ones
 * are inserted from data/demo/facility_kinds.json (radii marked there as assumptions); returns how many.
 */
export async function ensureFacilityKinds(db: Kysely<DB>, kinds: readonly string[]): Promise<number> {
  const file = path.join(DEMO_DIR, 'facility_kinds.json');
  const known = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as { kind: string; default_service_radius_m: number; radius_basis: string }[] : [];
  const rows = kinds.map((k) => known.find((x) => x.kind === k) ?? {
    kind: k, default_service_radius_m: 5000,
    radius_basis: 'Assumption (no cited norm), inserted by npm run import:osm because the kind was missing; replace with a sourced national standard before real analysis.',
  });
  const r = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO facility_kinds (kind, default_service_radius_m, radius_basis)
      SELECT kind, default_service_radius_m, radius_basis FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS r(kind text, default_service_radius_m integer, radius_basis text)
      ON CONFLICT (kind) DO NOTHING RETURNING 1)
    SELECT count(*)::int AS n FROM ins`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

const SQL_TYPE: Record<ColumnType, RawBuilder<unknown>> = {
  text: sql`text`, integer: sql`integer`, numeric: sql`numeric`, boolean: sql`boolean`, smallint: sql`smallint`,
};

/** The geometry as the table stores it (repaired, right type), or an empty/NULL one when it cannot. */
function fitted(spec: OsmTableSpec): RawBuilder<unknown> {
  const valid = (type: 2 | 3) => sql`CASE WHEN ST_IsValid(s.g0) THEN s.g0 ELSE ST_CollectionExtract(ST_MakeValid(s.g0), ${sql.lit(type)}) END`;
  const isPoint = sql`GeometryType(s.g0) = 'POINT'`;
  switch (spec.geometry) {
    case 'line': return valid(2);
    case 'polygon': return valid(3);
    case 'point': return sql`CASE WHEN ${isPoint} THEN s.g0 ELSE ST_PointOnSurface(${valid(3)}) END`;
  }
}

const GEOMETRY_TYPES: Record<OsmTableSpec['geometry'], string[]> = {
  line: ['LINESTRING', 'MULTILINESTRING'], polygon: ['POLYGON', 'MULTIPOLYGON'], point: ['POINT'],
};

export interface BatchResult { inserted: number; updated: number; skipped: number }

/**
 * Upserts one batch of rows of one table (refs unique within the batch). Shared layers get dataset
 * 'osm', the licence and provenance 'real'; a ref held by another dataset's row is left alone (skipped).
 */
export async function upsertBatch(db: Kysely<DB>, spec: OsmTableSpec, rows: MappedRow[], sourceDate: string): Promise<BatchResult> {
  if (!rows.length) return { inserted: 0, updated: 0, skipped: 0 };
  const cols = Object.keys(spec.columns);
  const payload = JSON.stringify(rows.map((r) => ({ ref: r.ref, g: r.geometry, ...r.values })));
  const recordType = sql.join([sql`ref text`, sql`g json`, ...cols.map((c) => sql`${sql.id(c)} ${SQL_TYPE[spec.columns[c]!]}`)]);
  const t = sql.table(spec.table);
  const provenanceCols = spec.shared ? [sql`dataset_id`, sql`source`, sql`source_date`, sql`licence`, sql`provenance`] : [];
  const provenanceVals = spec.shared ? [sql`${OSM_DATASET.id}`, sql`${OSM_SOURCE}`, sql`${sourceDate}::date`, sql`${OSM_DATASET.licence}`, sql`'real'`] : [];
  const updates = [...cols, 'geom', ...(spec.shared ? ['source', 'source_date', 'licence', 'provenance'] : [])]
    .map((c) => sql`${sql.id(c)} = EXCLUDED.${sql.id(c)}`);
  const r = await sql<{ inserted: number; updated: number }>`
    WITH s AS MATERIALIZED (
      SELECT r.*, ST_SetSRID(ST_GeomFromGeoJSON(r.g::text), 4326) AS g0
      FROM json_to_recordset(${payload}::json) AS r(${recordType})
    ), f AS MATERIALIZED (
      SELECT s.*, ${fitted(spec)} AS geom FROM s
    ), ins AS (
      INSERT INTO ${t} (ref, ${sql.join(cols.map((c) => sql.id(c)))}, ${sql.join([...provenanceCols, sql`geom`])})
      SELECT f.ref, ${sql.join(cols.map((c) => sql.ref(`f.${c}`)))}, ${sql.join([...provenanceVals, sql`f.geom`])}
      FROM f
      WHERE f.geom IS NOT NULL AND NOT ST_IsEmpty(f.geom) AND GeometryType(f.geom) IN (${sql.join(GEOMETRY_TYPES[spec.geometry])})
        AND ST_IsValid(f.geom)
        AND ST_XMin(f.geom) >= -180 AND ST_XMax(f.geom) <= 180 AND ST_YMin(f.geom) >= -85.0511 AND ST_YMax(f.geom) <= 85.0511
      ON CONFLICT (ref) DO UPDATE SET ${sql.join(updates)}
        ${spec.shared ? sql`WHERE ${t}.dataset_id = ${OSM_DATASET.id}` : sql``}
      RETURNING (xmax = 0) AS fresh
    )
    SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated FROM ins`.execute(db);
  const inserted = Number(r.rows[0]?.inserted ?? 0), updated = Number(r.rows[0]?.updated ?? 0);
  return { inserted, updated, skipped: rows.length - inserted - updated };
}

/**
 * Deletes the table's OSM rows this run did not write: every row the run wrote or updated has
 * updated_at = now() (the transaction's start; the touch trigger sets it on update). With a bbox only
 * rows lying wholly inside it go (osmium extract keeps every way with a node inside, so such a row's
 * object would have been in the cut had it still existed); the rest of the table is left as it was.
 */
export async function deleteStale(db: Kysely<DB>, spec: OsmTableSpec, bbox?: Bbox): Promise<number> {
  const t = sql.table(spec.table);
  const conds: RawBuilder<unknown>[] = [sql`t.updated_at < now()`];
  if (spec.shared) conds.push(sql`t.dataset_id = ${OSM_DATASET.id}`);
  if (bbox) {
    conds.push(sql`ST_CoveredBy(t.geom, ST_MakeEnvelope(${bbox[0]}::float8, ${bbox[1]}::float8, ${bbox[2]}::float8, ${bbox[3]}::float8, 4326))`);
    // A point that stands for an area (a school's grounds, a town) says nothing of where the area's
    // nodes are, so the cut may not have held it: only points that are OSM nodes are judged by position.
    conds.push(sql`(GeometryType(t.geom) <> 'POINT' OR t.ref LIKE 'osm:node/%')`);
  }
  const r = await sql<{ n: number }>`WITH d AS (DELETE FROM ${t} AS t WHERE ${sql.join(conds, sql` AND `)} RETURNING 1) SELECT count(*)::int AS n FROM d`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Rows of dataset 'osm' (shared layers) or all rows (basemap tables), per table. */
export async function countRows(db: Kysely<DB>, spec: OsmTableSpec): Promise<number> {
  const t = sql.table(spec.table);
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${t} AS t ${spec.shared ? sql`WHERE t.dataset_id = ${OSM_DATASET.id}` : sql``}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
