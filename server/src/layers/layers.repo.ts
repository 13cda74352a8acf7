// Facts about each layer's rows: count, extent, provenance breakdown, datasets; and data versions.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { layerFrom, type LayerDef } from './types.js';
import type { OrganisationLayerRecord } from './organisation.js';
import { annotationVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';

export interface LayerStats {
  count: number;
  extent: [number, number, number, number] | null;
  provenance: { provenance: string; dataset_id: string; licence: string; count: number }[];
}

/** Public facts: a layer whose rows an organisation owns counts only what the public may see. */
export async function layerStats(db: Kysely<DB>, def: LayerDef): Promise<LayerStats> {
  const t = layerFrom(def);
  const visible = def.rows ? def.rows.visible({ orgId: null }, 't') : sql`TRUE`;
  const e = await sql<{ n: number; xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null }>`
    SELECT n, ST_XMin(x) AS xmin, ST_YMin(x) AS ymin, ST_XMax(x) AS xmax, ST_YMax(x) AS ymax
    FROM (SELECT count(*)::int AS n, ST_Extent(t.geom)::box3d AS x FROM ${t} AS t WHERE ${visible}) s`.execute(db);
  // Organisation-owned rows carry no dataset or licence: they are the organisation's own records.
  const p = def.rows ? { rows: [] } : await sql<{ provenance: string; dataset_id: string; licence: string; count: number }>`
    SELECT provenance, dataset_id, licence, count(*)::int AS count FROM ${t} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  const r = e.rows[0];
  return {
    count: r ? Number(r.n) : 0,
    extent: r && r.xmin !== null ? [Number(r.xmin), Number(r.ymin), Number(r.xmax), Number(r.ymax)] : null,
    provenance: p.rows.map((x) => ({ ...x, count: Number(x.count) })),
  };
}

export async function datasets(db: Kysely<DB>) {
  return db.selectFrom('datasets').selectAll().orderBy('id').execute();
}

/** One layer's data version, read now. */
export async function layerVersion(db: Kysely<DB>, layer: string): Promise<number> {
  const r = await db.selectFrom('layer_versions').select('version').where('layer', '=', layer).executeTakeFirst();
  return r ? Number(r.version) : 0;
}

export async function layerVersions(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('layer_versions').select(['layer', 'version']).execute();
  return new Map(rows.map((r) => [r.layer, Number(r.version)]));
}

/** The organisation layers that exist (not deleted), as records for layers/organisation.ts. */
export async function organisationLayerRecords(db: Kysely<DB>): Promise<OrganisationLayerRecord[]> {
  const r = await sql<OrganisationLayerRecord>`
    SELECT id, title, description, columns, style FROM organisation_layers WHERE deleted_at IS NULL ORDER BY created_at, id`.execute(db);
  return r.rows; // jsonb columns arrive parsed (db/parsers.ts)
}

/** Ids of the organisation layers the reader may see: the annotations' rule on the layer's organisation, campaign and status. */
export async function visibleOrganisationLayerIds(db: Kysely<DB>, reader: Reader): Promise<Set<string>> {
  const r = await sql<{ id: string }>`SELECT l.id FROM organisation_layers l WHERE ${annotationVisible(reader, 'l')}`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

/** Whether the reader may see this one organisation layer (the same rule, for one id: the tile path asks it per request). */
export async function organisationLayerVisible(db: Kysely<DB>, reader: Reader, id: string): Promise<boolean> {
  const r = await sql<{ ok: number }>`SELECT 1 AS ok FROM organisation_layers l WHERE l.id = ${id} AND ${annotationVisible(reader, 'l')}`.execute(db);
  return r.rows.length > 0;
}
