// SQL of imports: the record, the staged features, the validation report (PostGIS judges geometry:
// validity and its reason, repair with ST_MakeValid, the service region, the geometry type), the
// commit into a shared layer or a new organisation layer, and the undo. Values are bound; table and
// column names come from the layer registry and the database's own catalogue, never from a request.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type * as GeoJSON from 'geojson';
import type { DB } from '../db/schema.js';
import type { Region } from '../geo/region.js';
import type { Detection } from './formats/types.js';
import type { ImportResult, ImportStatus, MappingInput, ValidationIssue, ValidationReport } from './imports.schema.js';
import type { OrganisationColumn, OrganisationLayerStyle } from '../layers/organisation.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface ImportRow {
  id: string;
  organisation_id: string | null;
  created_by: string;
  created_by_name: string;
  organisation: string | null;
  filename: string;
  size: number;
  sha256: string;
  upload_path: string | null;
  detection: Detection;
  mapping: MappingInput | null;
  report: ValidationReport | null;
  result: ImportResult | null;
  target_layer: string | null;
  status: ImportStatus | 'discarded';
  error: string | null;
  idempotency_key: string | null;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
}

const iso = (c: string) => sql<string>`to_char(${sql.ref(c)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const SELECT = sql`SELECT i.id, i.organisation_id, i.created_by, u.display_name AS created_by_name,
    COALESCE(NULLIF(o.name_en, ''), NULLIF(o.name_ru, ''), o.name_ky) AS organisation,
    i.filename, i.size, i.sha256, i.upload_path, i.detection, i.mapping, i.report, i.result, i.target_layer,
    i.status, i.error, i.idempotency_key, ${iso('i.created_at')} AS created_at, ${iso('i.committed_at')} AS committed_at, ${iso('i.undone_at')} AS undone_at
  FROM imports i JOIN users u ON u.id = i.created_by LEFT JOIN organisations o ON o.id = i.organisation_id`;

export async function insertImport(db: Db, v: { orgId: string; userId: string; filename: string; size: number; sha256: string; uploadPath: string; detection: Detection }): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO imports (organisation_id, created_by, filename, size, sha256, upload_path, detection)
    VALUES (${v.orgId}, ${v.userId}, ${v.filename}, ${v.size}, ${v.sha256}, ${v.uploadPath}, ${JSON.stringify(v.detection)}::jsonb) RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function getImport(db: Db, id: string): Promise<ImportRow | undefined> {
  const r = await sql<ImportRow>`${SELECT} WHERE i.id = ${id}`.execute(db);
  return r.rows[0];
}

/** An organisation's imports, newest first (all organisations' for `orgId` null). */
export async function listImports(db: Db, orgId: string | null, limit: number): Promise<ImportRow[]> {
  const r = await sql<ImportRow>`${SELECT} WHERE i.status <> 'discarded' ${orgId ? sql`AND i.organisation_id = ${orgId}` : sql``}
    ORDER BY i.created_at DESC, i.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function updateImport(db: Db, id: string, v: Partial<{ status: string; mapping: MappingInput | null; report: ValidationReport | null; result: ImportResult | null; error: string | null; target_layer: string | null; upload_path: string | null; idempotency_key: string | null; committed: boolean; undone: boolean }>): Promise<void> {
  const sets: RawBuilder<unknown>[] = [];
  if (v.status !== undefined) sets.push(sql`status = ${v.status}`);
  if (v.mapping !== undefined) sets.push(sql`mapping = ${v.mapping === null ? null : JSON.stringify(v.mapping)}::jsonb`);
  if (v.report !== undefined) sets.push(sql`report = ${v.report === null ? null : JSON.stringify(v.report)}::jsonb`);
  if (v.result !== undefined) sets.push(sql`result = ${v.result === null ? null : JSON.stringify(v.result)}::jsonb`);
  if (v.error !== undefined) sets.push(sql`error = ${v.error}`);
  if (v.target_layer !== undefined) sets.push(sql`target_layer = ${v.target_layer}`);
  if (v.upload_path !== undefined) sets.push(sql`upload_path = ${v.upload_path}`);
  if (v.idempotency_key !== undefined) sets.push(sql`idempotency_key = ${v.idempotency_key}`);
  if (v.committed) sets.push(sql`committed_at = now()`);
  if (v.undone) sets.push(sql`undone_at = now()`);
  if (!sets.length) return;
  await sql`UPDATE imports SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

/** Imports that were committing when the server stopped: their transaction was rolled back. */
/**
 * At start-up, for the imports whose file was in this server's upload folder: one that was committing
 * was rolled back by the database; one not yet committed lost its file. Both are marked failed.
 */
export async function failInterruptedCommits(db: Db, folder: string): Promise<number> {
  const mine = sql`starts_with(upload_path, ${folder.replace(/\/+$/, '') + '/'})`;
  const r = await sql`UPDATE imports SET status = 'failed', upload_path = NULL,
      error = CASE WHEN status = 'committing'
        THEN 'The server stopped while this import was being committed; nothing of it was stored. Upload the file again.'
        ELSE 'The server restarted before this import was committed, and uploaded files are not kept across restarts. Upload the file again.' END
    WHERE status IN ('committing', 'detected', 'mapped') AND ${mine}`.execute(db);
  await sql`DELETE FROM import_staging s USING imports i WHERE i.id = s.import_id AND i.status IN ('failed', 'committed', 'undone', 'discarded')`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function uploadPaths(db: Db): Promise<string[]> {
  const r = await sql<{ p: string }>`SELECT upload_path AS p FROM imports WHERE upload_path IS NOT NULL AND status IN ('detected', 'mapped', 'failed')`.execute(db);
  return r.rows.map((x) => x.p);
}

// ---- staging ----

export interface StagedRow { idx: number; source: Record<string, unknown>; target: Record<string, unknown> | null; geometry: GeoJSON.Geometry | null; issues: { kind: string; detail: string }[] }

export async function clearStaging(db: Db, id: string) {
  await sql`DELETE FROM import_staging WHERE import_id = ${id}`.execute(db);
}

/**
 * One batch of staged features: geometry parsed by PostGIS (NULL when it cannot be built), made 2D.
 * Sent as five arrays unnested in one INSERT … SELECT (five bound parameters, not six per row).
 */
export async function stageBatch(db: Db, id: string, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  const idx: number[] = [], source: string[] = [], target: (string | null)[] = [], geom: (string | null)[] = [], issues: (string | null)[] = [];
  for (const r of rows) {
    idx.push(r.idx);
    source.push(JSON.stringify(r.source));
    target.push(r.target ? JSON.stringify(r.target) : null);
    geom.push(r.geometry ? JSON.stringify(r.geometry) : null);
    issues.push(r.issues.length ? JSON.stringify(r.issues) : null);
  }
  // A valid geometry is also what will be stored (final_geom), set here rather than by a second pass over every row.
  await sql`INSERT INTO import_staging (import_id, idx, source, target, geom, final_geom, issues)
    SELECT ${id}::uuid, u.idx, u.source::jsonb, u.target::jsonb, g.g, CASE WHEN ST_IsValid(g.g) THEN g.g END, u.issues::jsonb
    FROM unnest(${idx}::int[], ${source}::text[], ${target}::text[], ${geom}::text[], ${issues}::text[]) AS u(idx, source, target, geom, issues)
    CROSS JOIN LATERAL (SELECT ST_Force2D(import_geometry(u.geom)) AS g) g`.execute(db);
}

export const GEOMETRY_TYPES: Record<string, string[]> = {
  line: ['LINESTRING', 'MULTILINESTRING'],
  point: ['POINT'],
  'area-or-point': ['POINT', 'POLYGON', 'MULTIPOLYGON'],
  any: ['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON'],
};

export interface ValidateOptions {
  region: Region;
  repair: boolean;
  allowedTypes: string[];
  /** Shared layers: refs must be unique in the file and not taken by rows that stay. */
  refs?: { table: string; mode: 'append' | 'replace'; dataset: string };
}

const MAX_LISTED = 1000;

/**
 * Judges every staged feature and writes what will be stored (final_geom) and whether it blocks the
 * commit. Problems found while mapping (unreadable rows, missing and bad values) come from `issues`.
 */
export async function validateStaged(db: Db, id: string, o: ValidateOptions): Promise<ValidationReport> {
  const env = sql`ST_MakeEnvelope(${o.region[0]}::float8, ${o.region[1]}::float8, ${o.region[2]}::float8, ${o.region[3]}::float8, 4326)`;
  // Repair keeps the feature's own dimension (a polygon stays areal) and drops what ST_MakeValid splits off.
  // Valid geometries got their final_geom when staged; only the invalid ones are looked at again.
  if (o.repair) {
    await sql`UPDATE import_staging SET final_geom = ST_CollectionExtract(ST_MakeValid(geom), ST_Dimension(geom) + 1)
      WHERE import_id = ${id} AND final_geom IS NULL AND geom IS NOT NULL`.execute(db);
  }
  const allowed = sql.join(o.allowedTypes.map((t) => sql`${t}`));
  const refDup = o.refs
    ? sql`UNION ALL
      SELECT s.idx, 'duplicate-ref', 'ref ' || (s.target->>'ref') || CASE WHEN d.n > 1 THEN ' appears ' || d.n || ' times in the file' ELSE ' is already used by a row of the layer' END, false
      FROM import_staging s
      LEFT JOIN (SELECT target->>'ref' AS ref, count(*) AS n FROM import_staging WHERE import_id = ${id} AND target->>'ref' IS NOT NULL GROUP BY 1) d ON d.ref = s.target->>'ref'
      WHERE s.import_id = ${id} AND s.target->>'ref' IS NOT NULL AND (d.n > 1 OR EXISTS (
        SELECT 1 FROM ${sql.table(o.refs.table)} t WHERE t.ref = s.target->>'ref' ${o.refs.mode === 'replace' ? sql`AND t.dataset_id <> ${o.refs.dataset}` : sql``}))`
    : sql``;
  const issues = await sql<{ idx: number; kind: string; detail: string; repaired: boolean }>`
    WITH s AS (SELECT * FROM import_staging WHERE import_id = ${id})
    SELECT idx, kind, detail, repaired FROM (
      SELECT s.idx, i->>'kind' AS kind, i->>'detail' AS detail, false AS repaired FROM s, jsonb_array_elements(COALESCE(s.issues, '[]'::jsonb)) i
      UNION ALL
      SELECT idx, 'no-geometry', 'the feature has no geometry', false FROM s
        WHERE geom IS NULL AND NOT COALESCE(issues @> '[{"kind":"unreadable"}]'::jsonb, false)
      UNION ALL
      SELECT idx, 'invalid-geometry', ST_IsValidReason(geom), final_geom IS NOT NULL AND NOT ST_IsEmpty(final_geom) FROM s
        WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)
      UNION ALL
      SELECT idx, 'outside-region', 'the feature lies outside the service region (' || round(ST_X(ST_PointOnSurface(final_geom))::numeric, 5) || ', ' || round(ST_Y(ST_PointOnSurface(final_geom))::numeric, 5) || ')', false FROM s
        WHERE final_geom IS NOT NULL AND NOT ST_IsEmpty(final_geom) AND NOT ST_CoveredBy(final_geom, ${env})
      UNION ALL
      SELECT idx, 'wrong-geometry-type', 'a ' || lower(GeometryType(final_geom)) || ' where the layer takes ' || ${o.allowedTypes.map((t) => t.toLowerCase()).join(', ')}, false FROM s
        WHERE final_geom IS NOT NULL AND NOT ST_IsEmpty(final_geom) AND GeometryType(final_geom) NOT IN (${allowed})
      ${refDup}
    ) x ORDER BY idx, kind`.execute(db);
  const blockingIdx = [...new Set(issues.rows.filter((i) => !i.repaired).map((i) => Number(i.idx)))];
  // Rows are staged with blocking = false (map() clears the staging first): only the blocked ones are rewritten.
  await sql`UPDATE import_staging SET blocking = true WHERE import_id = ${id} AND NOT blocking
    AND (idx = ANY(${blockingIdx}::int[]) OR final_geom IS NULL OR ST_IsEmpty(final_geom))`.execute(db);
  const sum = await sql<{ total: number; ready: number; types: string[] | null; xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE NOT blocking)::int AS ready,
      array_agg(DISTINCT GeometryType(final_geom)) FILTER (WHERE final_geom IS NOT NULL) AS types,
      ST_XMin(ST_Extent(final_geom)::box3d) AS xmin, ST_YMin(ST_Extent(final_geom)::box3d) AS ymin,
      ST_XMax(ST_Extent(final_geom)::box3d) AS xmax, ST_YMax(ST_Extent(final_geom)::box3d) AS ymax
    FROM import_staging WHERE import_id = ${id}`.execute(db);
  const s = sum.rows[0];
  const listed: ValidationIssue[] = issues.rows.slice(0, MAX_LISTED).map((i) => ({ index: Number(i.idx), kind: i.kind as ValidationIssue['kind'], detail: i.detail + (i.repaired ? ' — repaired' : '') }));
  return {
    total: s ? Number(s.total) : 0,
    ready: s ? Number(s.ready) : 0,
    repaired: issues.rows.filter((i) => i.repaired).length,
    blocking: s ? Number(s.total) - Number(s.ready) : 0,
    issues: listed,
    issuesTruncated: issues.rows.length > MAX_LISTED,
    geometryTypes: s?.types ?? [],
    extent: s && s.xmin !== null ? [Number(s.xmin), Number(s.ymin), Number(s.xmax), Number(s.ymax)] : null,
  };
}

export async function stagedIdxRange(db: Db, id: string): Promise<{ min: number; max: number; ready: number }> {
  const r = await sql<{ min: number | null; max: number | null; ready: number }>`
    SELECT min(idx) AS min, max(idx) AS max, count(*) FILTER (WHERE NOT blocking)::int AS ready FROM import_staging WHERE import_id = ${id}`.execute(db);
  return { min: Number(r.rows[0]?.min ?? 0), max: Number(r.rows[0]?.max ?? -1), ready: Number(r.rows[0]?.ready ?? 0) };
}

// ---- commit and undo: shared layers ----

interface ColumnInfo { name: string; nullable: boolean; default: string | null; generated: boolean; identity: boolean }

/** The table's columns as the database describes them (defaults are the catalogue's own SQL). */
export async function columnsOf(db: Db, table: string): Promise<ColumnInfo[]> {
  const r = await sql<{ name: string; nullable: string; def: string | null; generated: string; identity: string }>`
    SELECT column_name AS name, is_nullable AS nullable, column_default AS def, is_generated AS generated, is_identity AS identity
    FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db);
  return r.rows.map((c) => ({ name: c.name, nullable: c.nullable === 'YES', default: c.def, generated: c.generated === 'ALWAYS', identity: c.identity === 'YES' }));
}

export async function ensureDataset(db: Db, v: { id: string; title: string; publisher: string; licence: string; sourceDate: string }) {
  await sql`INSERT INTO datasets (id, title, publisher, licence, attribution, source_date)
    VALUES (${v.id}, ${v.title}, ${v.publisher}, ${v.licence}, ${v.publisher}, ${v.sourceDate}::date) ON CONFLICT (id) DO NOTHING`.execute(db);
}

/** Replace mode: the dataset's rows are kept as JSON for an undo, then removed. */
export async function removeDatasetRows(db: Db, importId: string, table: string, dataset: string): Promise<number> {
  await sql`INSERT INTO import_replaced (import_id, layer, row_data)
    SELECT ${importId}, ${table}, to_jsonb(t) FROM ${sql.table(table)} t WHERE t.dataset_id = ${dataset}`.execute(db);
  const r = await sql`DELETE FROM ${sql.table(table)} WHERE dataset_id = ${dataset}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Inserts staged rows idx in [from, to] into a shared table; returns how many. */
export async function insertStagedIntoTable(db: Db, importId: string, table: string, columns: ColumnInfo[], mapped: readonly string[], from: number, to: number): Promise<number> {
  const cols = columns.filter((c) => mapped.includes(c.name));
  // A column left empty in a row takes the table's default, as an INSERT without it would.
  const exprs = cols.map((c) => (c.default && !c.nullable ? sql`COALESCE(r.${sql.id(c.name)}, ${sql.raw(c.default)})` : sql`r.${sql.id(c.name)}`));
  const r = await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.id(c.name)))}, geom, import_id)
    SELECT ${sql.join(exprs)}, s.final_geom, ${importId}::uuid
    FROM import_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::${sql.table(table)}, s.target) r
    WHERE s.import_id = ${importId} AND NOT s.blocking AND s.idx BETWEEN ${from} AND ${to}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Undo of a shared-layer import: its rows go, the rows it replaced come back with their ids. */
export async function undoTableImport(db: Db, importId: string, table: string): Promise<{ removed: number; restored: number }> {
  const del = await sql`DELETE FROM ${sql.table(table)} WHERE import_id = ${importId}`.execute(db);
  const cols = (await columnsOf(db, table)).filter((c) => !c.generated);
  const list = sql.join(cols.map((c) => sql.id(c.name)));
  const ins = await sql`INSERT INTO ${sql.table(table)} (${list}) OVERRIDING SYSTEM VALUE
    SELECT ${sql.join(cols.map((c) => sql`r.${sql.id(c.name)}`))}
    FROM import_replaced x CROSS JOIN LATERAL jsonb_populate_record(NULL::${sql.table(table)}, x.row_data) r
    WHERE x.import_id = ${importId} AND x.layer = ${table}`.execute(db);
  await sql`DELETE FROM import_replaced WHERE import_id = ${importId}`.execute(db);
  return { removed: Number(del.numAffectedRows ?? 0), restored: Number(ins.numAffectedRows ?? 0) };
}

// ---- commit and undo: organisation layers ----

export async function insertOrganisationLayer(db: Db, v: {
  id: string; orgId: string; campaignId: string | null; importId: string; userId: string;
  title: object; description: object; columns: OrganisationColumn[]; style: OrganisationLayerStyle; provenance: MappingInput['provenance'];
}) {
  await sql`INSERT INTO organisation_layers (id, organisation_id, campaign_id, import_id, title, description, columns, style, source, source_date, licence, provenance, created_by)
    VALUES (${v.id}, ${v.orgId}, ${v.campaignId}, ${v.importId}, ${JSON.stringify(v.title)}::jsonb, ${JSON.stringify(v.description)}::jsonb,
      ${JSON.stringify(v.columns)}::jsonb, ${JSON.stringify(v.style)}::jsonb, ${v.provenance.source}, ${v.provenance.date}::date, ${v.provenance.licence}, ${v.provenance.provenance}, ${v.userId})`.execute(db);
}

export async function insertStagedIntoOrganisationLayer(db: Db, importId: string, layerId: string, from: number, to: number): Promise<number> {
  const r = await sql`INSERT INTO organisation_features (layer_id, idx, properties, geom)
    SELECT ${layerId}, s.idx, COALESCE(s.target, '{}'::jsonb), s.final_geom FROM import_staging s
    WHERE s.import_id = ${importId} AND NOT s.blocking AND s.idx BETWEEN ${from} AND ${to}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function deleteOrganisationLayer(db: Db, layerId: string): Promise<number> {
  const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation_features WHERE layer_id = ${layerId}`.execute(db);
  await sql`DELETE FROM organisation_layers WHERE id = ${layerId}`.execute(db);
  return Number(n.rows[0]?.n ?? 0);
}

export async function campaignOfOrganisation(db: Db, campaignId: string, orgId: string): Promise<boolean> {
  const r = await sql<{ ok: number }>`SELECT 1 AS ok FROM campaigns WHERE id = ${campaignId} AND organisation_id = ${orgId}`.execute(db);
  return r.rows.length > 0;
}
