// SQL for reading layer features, for every registry layer. Values are always bound; identifiers
// come from the registry; a layer whose rows an organisation owns adds its visibility predicate.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { col, envelope4326, geojsonGeometry, propertiesJson } from '../db/postgis.js';
import { layerFrom, type LayerDef } from '../layers/types.js';
import { PUBLIC_READER, type Reader } from '../access/viewer.js';
import type { FeatureQuery } from './features.schema.js';

export interface GeoJSONFeature {
  type: 'Feature';
  /** A whole number for the shared layers, a uuid for layers whose rows an organisation owns. */
  id: number | string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

function whereClause(def: LayerDef, q: Pick<FeatureQuery, 'bbox' | 'filters'>, reader: Reader): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`TRUE`];
  if (def.rows) conds.push(def.rows.visible(reader, 't'));
  if (q.bbox) {
    const env = envelope4326(q.bbox);
    conds.push(sql`t.geom && ${env}`, sql`ST_Intersects(t.geom, ${env})`);
  }
  for (const f of q.filters) {
    const c = col('t', f.column);
    if (f.kind === 'in') conds.push(sql`${c} IN (${sql.join(f.cast === 'int' ? f.values.map((v) => sql`${Number(v)}::int`) : f.values)})`);
    else if (f.kind === 'eq') conds.push(sql`${c} = ${f.value}`);
    else if (f.kind === 'min') conds.push(sql`${c} >= ${f.value}`);
    else conds.push(sql`${c} <= ${f.value}`);
  }
  return sql.join(conds, sql` AND `);
}

const featureJson = (def: LayerDef) =>
  sql`json_build_object('type', 'Feature', 'id', t.id, 'geometry', ${geojsonGeometry('t')}, 'properties', ${propertiesJson(def, 't')})`;

export async function listFeatures(db: Kysely<DB>, def: LayerDef, q: FeatureQuery, reader: Reader = PUBLIC_READER): Promise<{ features: GeoJSONFeature[]; matched: number }> {
  const where = whereClause(def, q, reader);
  const table = layerFrom(def);
  const rows = await sql<{ f: GeoJSONFeature }>`
    SELECT ${featureJson(def)} AS f FROM ${table} AS t WHERE ${where} ORDER BY t.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table} AS t WHERE ${where}`.execute(db);
  return { features: rows.rows.map((r) => r.f), matched: Number(count.rows[0]?.n ?? 0) };
}

export async function getFeature(db: Kysely<DB>, def: LayerDef, id: number | string, reader: Reader = PUBLIC_READER): Promise<GeoJSONFeature | undefined> {
  const visible = def.rows ? def.rows.visible(reader, 't') : sql`TRUE`;
  const r = await sql<{ f: GeoJSONFeature }>`
    SELECT ${featureJson(def)} AS f FROM ${layerFrom(def)} AS t WHERE t.id = ${id} AND ${visible}`.execute(db);
  return r.rows[0]?.f;
}

/** Ids of features whose geometry intersects a bbox, for comparing tiles with the features API. */
export async function idsInBbox(db: Kysely<DB>, def: LayerDef, bbox: [number, number, number, number]): Promise<number[]> {
  const r = await sql<{ id: number }>`SELECT t.id FROM ${layerFrom(def)} t WHERE ${whereClause(def, { bbox, filters: [] }, PUBLIC_READER)} ORDER BY t.id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export const _forTests = { whereClause, col };
