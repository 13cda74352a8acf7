// SQL of complete areas (sql/0011_population.sql complete_areas): read them as GeoJSON, declare one,
// delete one; the areas an import declares (the buffered hull of its rows, a polygon, municipalities),
// set aside by a replacing import and put back by its undo; and the OpenStreetMap import's declarations.
// Values are bound; table names come from the layer registry or the OSM mapping, never from a request.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Geometry } from '../geo/geometry.js';
import type { Region } from '../geo/region.js';
import type { CompleteAreaFeature, CompleteAreaLayer } from './complete-areas.schema.js';

type Db = Kysely<DB>;
const isRawBuilder = (g: Geometry | RawBuilder<unknown>): g is RawBuilder<unknown> => 'toOperationNode' in g;
const REPLACED = 'complete_areas';

const envelope = (b: readonly [number, number, number, number]) =>
  sql`ST_MakeEnvelope(${b[0]}::float8, ${b[1]}::float8, ${b[2]}::float8, ${b[3]}::float8, 4326)`;

/** An area as the table stores it: the polygons of `g`, clipped to the service region; NULL when nothing is left. */
const stored = (g: RawBuilder<unknown>, region: Region) =>
  sql`(SELECT CASE WHEN a IS NULL OR ST_IsEmpty(a) THEN NULL ELSE ST_Multi(a) END
       FROM (SELECT ST_CollectionExtract(ST_MakeValid(ST_Intersection(${g}, ${envelope(region)})), 3) AS a) x)`;

interface Row {
  id: string; dataset_id: string; dataset_title: string | null; layer: CompleteAreaLayer; kind: string | null;
  municipalities: string[] | null; note: string | null; import_id: string | null; created_at: string; geometry: string | null;
}

const SELECT = sql`SELECT c.id, c.dataset_id, d.title AS dataset_title, c.layer, c.kind, c.municipalities, c.note, c.import_id,
    to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at, ST_AsGeoJSON(c.geom, 7) AS geometry
  FROM complete_areas c LEFT JOIN datasets d ON d.id = c.dataset_id`;

const feature = (r: Row): CompleteAreaFeature => ({
  type: 'Feature', id: Number(r.id),
  geometry: r.geometry ? JSON.parse(r.geometry) : null,
  properties: {
    id: Number(r.id), dataset_id: r.dataset_id, dataset_title: r.dataset_title, layer: r.layer, kind: r.kind,
    municipalities: r.municipalities, note: r.note, import_id: r.import_id, created_at: r.created_at,
  },
});

export async function listCompleteAreas(db: Db, q: { layer?: string; kind?: string; dataset?: string }): Promise<CompleteAreaFeature[]> {
  const where: RawBuilder<unknown>[] = [sql`true`];
  if (q.layer) where.push(sql`c.layer = ${q.layer}`);
  // A kind asks for what covers that kind: its own rows and the facilities rows for every kind.
  if (q.kind) where.push(sql`(c.kind = ${q.kind} OR (c.kind IS NULL AND c.layer = 'facilities'))`);
  if (q.dataset) where.push(sql`c.dataset_id = ${q.dataset}`);
  const r = await sql<Row>`${SELECT} WHERE ${sql.join(where, sql` AND `)} ORDER BY c.layer, c.kind NULLS FIRST, c.dataset_id, c.id`.execute(db);
  return r.rows.map(feature);
}

export async function getCompleteArea(db: Db, id: number): Promise<CompleteAreaFeature | undefined> {
  const r = await sql<Row>`${SELECT} WHERE c.id = ${id}`.execute(db);
  return r.rows[0] ? feature(r.rows[0]) : undefined;
}

export async function deleteCompleteArea(db: Db, id: number): Promise<boolean> {
  const r = await sql`DELETE FROM complete_areas WHERE id = ${id}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function datasetExists(db: Db, id: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM datasets WHERE id = ${id}`.execute(db)).rows.length > 0;
}

/** The kinds of the list that facility_kinds does not know. */
export async function unknownFacilityKinds(db: Db, kinds: string[]): Promise<string[]> {
  if (!kinds.length) return [];
  const r = await sql<{ k: string }>`SELECT k FROM unnest(${kinds}::text[]) k WHERE NOT EXISTS (SELECT 1 FROM facility_kinds f WHERE f.kind = k) ORDER BY k`.execute(db);
  return r.rows.map((x) => x.k);
}

/** The names of the list that no settlement has as its municipality. */
export async function unknownMunicipalities(db: Db, names: string[]): Promise<string[]> {
  if (!names.length) return [];
  const r = await sql<{ m: string }>`SELECT m FROM unnest(${names}::text[]) m WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.municipality = m) ORDER BY m`.execute(db);
  return r.rows.map((x) => x.m);
}

/** The municipalities named by settlements, with how many settlements each has. */
export async function municipalities(db: Db): Promise<{ name: string; settlements: number }[]> {
  const r = await sql<{ name: string; n: number }>`SELECT municipality AS name, count(*)::int AS n FROM settlements
    WHERE municipality IS NOT NULL AND btrim(municipality) <> '' GROUP BY municipality ORDER BY municipality`.execute(db);
  return r.rows.map((x) => ({ name: x.name, settlements: Number(x.n) }));
}

export interface Declaration {
  datasetId: string;
  layer: CompleteAreaLayer;
  kind: string | null;
  /** A GeoJSON polygon, or an SQL expression of the area (already in EPSG:4326); null with municipalities only. */
  geometry: Geometry | RawBuilder<unknown> | null;
  municipalities: string[] | null;
  note: string | null;
  importId: string | null;
}

/** Writes one complete area (clipped to the service region); returns its id, or null when no area is left and no municipality is named. */
export async function declareCompleteArea(db: Db, d: Declaration, region: Region): Promise<number | null> {
  const g = d.geometry === null ? null
    : isRawBuilder(d.geometry) ? d.geometry : sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.geometry)}), 4326)`;
  const geom = g ? stored(g, region) : sql`NULL::geometry`;
  const r = await sql<{ id: string }>`INSERT INTO complete_areas (dataset_id, layer, kind, municipalities, geom, note, import_id)
    SELECT ${d.datasetId}, ${d.layer}, ${d.kind}, ${d.municipalities}::text[], a.g, ${d.note}, ${d.importId}::uuid
    FROM (SELECT ${geom} AS g) a WHERE a.g IS NOT NULL OR cardinality(${d.municipalities}::text[]) > 0
    RETURNING id`.execute(db);
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

/** The convex hull of the rows an import wrote into `table`, buffered by `bufferM` metres (on the sphere). */
export function extentOfImport(table: string, importId: string, bufferM: number): RawBuilder<unknown> {
  return sql`(SELECT ST_Buffer(ST_ConvexHull(ST_Collect(t.geom))::geography, ${bufferM}::float8)::geometry
    FROM ${sql.table(table)} t WHERE t.import_id = ${importId}::uuid)`;
}

/** The facility kinds among the rows an import wrote. */
export async function kindsOfImport(db: Db, importId: string): Promise<string[]> {
  const r = await sql<{ kind: string }>`SELECT DISTINCT kind FROM facilities WHERE import_id = ${importId}::uuid AND kind IS NOT NULL ORDER BY kind`.execute(db);
  return r.rows.map((x) => x.kind);
}

/** A replacing import: the dataset's declarations for the layer are kept for an undo, then removed. */
export async function setAsideForImport(db: Db, importId: string, datasetId: string, layer: CompleteAreaLayer): Promise<number> {
  await sql`INSERT INTO import_replaced (import_id, layer, row_data)
    SELECT ${importId}::uuid, ${REPLACED}, jsonb_build_object('id', c.id, 'dataset_id', c.dataset_id, 'layer', c.layer, 'kind', c.kind,
      'municipalities', to_jsonb(c.municipalities), 'geom', ST_AsEWKT(c.geom), 'note', c.note, 'import_id', c.import_id, 'created_at', c.created_at)
    FROM complete_areas c WHERE c.dataset_id = ${datasetId} AND c.layer = ${layer}`.execute(db);
  const r = await sql`DELETE FROM complete_areas WHERE dataset_id = ${datasetId} AND layer = ${layer}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Undo of an import: what it declared goes, what it set aside comes back (with its ids). */
export async function undoImport(db: Db, importId: string): Promise<{ removed: number; restored: number }> {
  // ON DELETE CASCADE fires only when the import row goes; an undo keeps that row.
  const del = await sql`DELETE FROM complete_areas WHERE import_id = ${importId}::uuid`.execute(db);
  const ins = await sql`INSERT INTO complete_areas (id, dataset_id, layer, kind, municipalities, geom, note, import_id, created_at) OVERRIDING SYSTEM VALUE
    SELECT (x.row_data->>'id')::bigint, x.row_data->>'dataset_id', x.row_data->>'layer', x.row_data->>'kind',
      CASE WHEN jsonb_typeof(x.row_data->'municipalities') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(x.row_data->'municipalities')) END,
      ST_GeomFromEWKT(x.row_data->>'geom'), x.row_data->>'note', (x.row_data->>'import_id')::uuid, (x.row_data->>'created_at')::timestamptz
    FROM import_replaced x WHERE x.import_id = ${importId}::uuid AND x.layer = ${REPLACED}
      AND EXISTS (SELECT 1 FROM datasets d WHERE d.id = x.row_data->>'dataset_id')`.execute(db);
  await sql`DELETE FROM import_replaced WHERE import_id = ${importId}::uuid AND layer = ${REPLACED}`.execute(db);
  return { removed: Number(del.numAffectedRows ?? 0), restored: Number(ins.numAffectedRows ?? 0) };
}

// ---- OpenStreetMap ----

/** A bounding box as an area. */
export const boxArea = (b: readonly [number, number, number, number]) => envelope(b);

/** The extent of a dataset's rows in these tables (names from the OSM mapping), widened by ~100 m so a single point still makes an area. */
export function datasetExtentArea(tables: readonly string[], datasetId: string): RawBuilder<unknown> {
  const parts = tables.map((t) => sql`SELECT ST_Extent(geom)::geometry AS g FROM ${sql.table(t)} WHERE dataset_id = ${datasetId}`);
  // ST_Extent is a box2d, without an SRID: it is set again.
  return sql`(SELECT ST_SetSRID(ST_Expand(ST_Envelope(ST_Collect(g)), 0.001), 4326) FROM (${sql.join(parts, sql` UNION ALL `)}) e)`;
}

/**
 * Replaces the declarations the dataset holds without an import (what the OSM import wrote) for each
 * layer and kind; with `merge`, the new area is joined to the previous one (a run limited to a box
 * leaves the rest of the earlier extract as it was). Returns how many rows were written.
 */
export async function replaceDatasetDeclarations(db: Db, v: {
  datasetId: string; entries: { layer: CompleteAreaLayer; kind: string | null }[]; area: RawBuilder<unknown>; merge: boolean; note: string; region: Region;
}): Promise<number> {
  let n = 0;
  for (const e of v.entries) {
    const prev = sql`SELECT geom FROM complete_areas WHERE dataset_id = ${v.datasetId} AND import_id IS NULL AND layer = ${e.layer} AND kind IS NOT DISTINCT FROM ${e.kind}::text AND geom IS NOT NULL`;
    const area = v.merge ? sql`(SELECT ST_Union(g) FROM (SELECT ${v.area} AS g UNION ALL ${prev}) u)` : v.area;
    // The new area is computed before the old rows go (one statement would not see its own delete).
    const r = await sql<{ g: string | null }>`SELECT ST_AsEWKT(${stored(area, v.region)}) AS g`.execute(db);
    await sql`DELETE FROM complete_areas WHERE dataset_id = ${v.datasetId} AND import_id IS NULL AND layer = ${e.layer} AND kind IS NOT DISTINCT FROM ${e.kind}::text`.execute(db);
    const g = r.rows[0]?.g;
    if (!g) continue;
    await sql`INSERT INTO complete_areas (dataset_id, layer, kind, geom, note) VALUES (${v.datasetId}, ${e.layer}, ${e.kind}, ST_GeomFromEWKT(${g}), ${v.note})`.execute(db);
    n++;
  }
  return n;
}
