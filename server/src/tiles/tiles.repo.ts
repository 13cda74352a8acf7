// Vector tiles, two ways behind one interface:
//  - server PostGIS: ST_AsMVT over ST_AsMVTGeom (protobuf encoded in the database);
//  - embedded PGlite (its PostGIS has no protobuf support): the same rows as GeoJSON from one bbox
//    query, cut and encoded in Node with @maplibre/geojson-vt + @maplibre/vt-pbf.
// Both select the same features: the same envelope (with buffer), the same zoom filter, the same
// zoom-dependent simplification and, for layers whose rows an organisation owns, the same visibility
// predicate for the reader. Every registry layer goes through here, annotations included.
import { sql, CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type * as GeoJSON from 'geojson';
import type { DB } from '../db/schema.js';
import { col } from '../db/postgis.js';
import { layerFrom, type LayerDef } from '../layers/types.js';
import { PUBLIC_READER, type Reader } from '../access/viewer.js';
import { labelLayer } from './tiles.schema.js';

export { labelLayer } from './tiles.schema.js';

export const EXTENT = 4096;
export const BUFFER = 64;
const WORLD = 40075016.68557849;

export interface TileRenderer {
  readonly kind: 'postgis-mvt' | 'node-geojson-vt';
  /** `reader` defaults to the public: a layer with a visibility rule shows only published rows. */
  render(def: LayerDef, z: number, x: number, y: number, reader?: Reader): Promise<Buffer>;
}

/** One tile pixel (1/4096 of the tile) in EPSG:3857 metres: the simplification tolerance at this zoom. */
export const toleranceAt = (z: number) => WORLD / 2 ** z / EXTENT;

/** Values of the zoom-filter attribute shown at z, or null when the layer has no zoom filter. */
export function visibleValues(def: LayerDef, z: number): string[] | null {
  if (!def.zoomFilter) return null;
  return Object.entries(def.zoomFilter.minzoom).filter(([, mz]) => mz <= z).map(([v]) => v);
}

const tileValue = (def: LayerDef, name: string) => {
  const a = def.attributes.find((x) => x.name === name)!;
  const c = col('t', a.name);
  return a.type === 'number' ? sql`${c}::float8` : a.type === 'integer' ? sql`${c}::int` : a.type === 'date' || a.type === 'uuid' ? sql`${c}::text` : c;
};

/** Uuid ids travel as an `id` property (MVT feature ids are unsigned integers). */
const idIsProperty = (def: LayerDef) => def.rows?.idType === 'uuid';

/** The layer's label thinning when it applies at z (LayerDef.labelThinning), else null. */
const thinningAt = (def: LayerDef, z: number) => (def.labelThinning && z <= def.labelThinning.maxzoom ? def.labelThinning : null);

/** The tile's properties as (name, SQL value) pairs; thinned attributes only on the rows that keep their label. */
function tileProperties(def: LayerDef, z: number): [string, RawBuilder<unknown>][] {
  const thin = thinningAt(def, z)?.attributes ?? [];
  const props: [string, RawBuilder<unknown>][] = def.attributes.filter((a) => a.tile).map((a) =>
    [a.name, thin.includes(a.name) ? sql`CASE WHEN t.tile_labelled THEN ${tileValue(def, a.name)} END` : tileValue(def, a.name)]);
  return idIsProperty(def) ? [['id', sql`t.id::text`], ...props] : props;
}

function tileColumns(def: LayerDef, z: number): RawBuilder<unknown>[] {
  const cols = tileProperties(def, z).map(([name, value]) => sql`${value} AS ${sql.id(name)}`);
  return idIsProperty(def) ? cols : [sql`t.id`, ...cols];
}

/** The rows a tile reads, as `t` (FROM … WHERE …). */
function tileRows(def: LayerDef, z: number, env: RawBuilder<unknown>, reader: Reader): RawBuilder<unknown> {
  const thinned = thinnedRows(def, z, env, reader);
  return thinned ? sql`(${thinned}) AS t WHERE TRUE` : sql`${layerFrom(def)} AS t WHERE ${conditions(def, z, env, reader)}`;
}

/**
 * Where labels are thinned at z (else null): the tile's rows, each telling whether it keeps its label
 * (`tile_labelled`): the first of its square of the world grid by class, rank and id; the rows come in that order.
 */
function thinnedRows(def: LayerDef, z: number, env: RawBuilder<unknown>, reader: Reader): RawBuilder<unknown> | null {
  const thin = thinningAt(def, z);
  if (!thin) return null;
  const cell = (WORLD / 2 ** z / 512) * thin.cellPx;
  const p = def.geometry === 'point' ? sql`t.geom_3857` : sql`ST_PointOnSurface(t.geom_3857)`;
  const square = (axis: RawBuilder<unknown>) => sql`floor((${axis} + ${WORLD / 2}::float8) / ${cell}::float8)`;
  const order: RawBuilder<unknown>[] = [];
  const zf = def.zoomFilter;
  if (zf) order.push(sql`CASE ${col('t', zf.attribute)} ${sql.join(Object.entries(zf.minzoom).map(([v, mz]) => sql`WHEN ${v} THEN ${mz}::int`), sql` `)} END`);
  if (thin.rankBy) order.push(sql`${col('t', thin.rankBy)} DESC NULLS LAST`);
  order.push(sql`t.id`);
  // Rows in the same order, so the map (which places labels in tile order) tries the first of each class first.
  return sql`SELECT t.*, row_number() OVER (PARTITION BY ${square(sql`ST_X(${p})`)}, ${square(sql`ST_Y(${p})`)} ORDER BY ${sql.join(order)}) = 1 AS tile_labelled
      FROM ${layerFrom(def)} AS t WHERE ${conditions(def, z, env, reader)} ORDER BY ${sql.join(order)}`;
}

function conditions(def: LayerDef, z: number, env: RawBuilder<unknown>, reader: Reader): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`t.geom_3857 && ${env}`];
  const vis = visibleValues(def, z);
  if (vis) conds.push(sql`${col('t', def.zoomFilter!.attribute)} IN (${sql.join(vis)})`);
  if (def.rows) conds.push(def.rows.visible(reader, 't'));
  return sql.join(conds, sql` AND `);
}

const simplified = (def: LayerDef, z: number) =>
  def.geometry === 'point' ? sql`t.geom_3857`
  : def.geometry === 'any' ? sql`CASE WHEN GeometryType(t.geom_3857) = 'POINT' THEN t.geom_3857 ELSE ST_Simplify(t.geom_3857, ${toleranceAt(z)}::float8, true) END`
  : sql`ST_Simplify(t.geom_3857, ${toleranceAt(z)}::float8, true)`;

const isPoint = (def: LayerDef) => def.geometry === 'point' ? sql`TRUE` : def.geometry === 'any' ? sql`GeometryType(t.geom_3857) = 'POINT'` : sql`FALSE`;


export function buffered(z: number, x: number, y: number) {
  return sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${BUFFER / EXTENT}::float8)`;
}

/** Runs a compiled statement whose answer is one bytea value (db/connect.ts `Database.readBytes`). */
export type BytesReader = (query: CompiledQuery) => Promise<Buffer | null>;

/** A tile statement compiled once per layer and zoom, with the places where x and y go. */
interface TileStatement { sql: string; parameters: readonly unknown[]; xAt: number[]; yAt: number[] }
// Stand-ins for x and y while compiling: no other parameter of a tile statement can take these values.
const X_MARK = -2_000_000_011, Y_MARK = -2_000_000_013;

export class PostgisMvtRenderer implements TileRenderer {
  readonly kind = 'postgis-mvt' as const;
  /** The public statements, compiled once per (layer, zoom): Kysely's compiler does not run per tile. */
  private readonly compiled = new WeakMap<LayerDef, Map<number, TileStatement>>();
  private readonly read: BytesReader;

  /** `read` runs the statement (the Database's readBytes: no per-row mapping); without it Kysely does. */
  constructor(private readonly db: Kysely<DB>, read?: BytesReader) {
    this.read = read ?? (async (q) => {
      const r = await db.executeQuery<{ tile: Buffer | null }>(q);
      return r.rows[0]?.tile ?? null;
    });
  }

  async render(def: LayerDef, z: number, x: number, y: number, reader: Reader = PUBLIC_READER): Promise<Buffer> {
    if (visibleValues(def, z)?.length === 0) return Buffer.alloc(0);
    const tile = await this.read(this.statement(def, z, x, y, reader));
    return tile ?? Buffer.alloc(0);
  }

  /** The statement for this tile: the public one from the compiled template, a member's compiled afresh. */
  statement(def: LayerDef, z: number, x: number, y: number, reader: Reader = PUBLIC_READER): CompiledQuery {
    if (reader.orgId) return this.query(def, z, x, y, reader).compile(this.db);
    let byZoom = this.compiled.get(def);
    if (!byZoom) this.compiled.set(def, (byZoom = new Map()));
    let t = byZoom.get(z);
    if (!t) {
      const q = this.query(def, z, X_MARK, Y_MARK, reader).compile(this.db);
      const at = (mark: number) => q.parameters.flatMap((p, i) => (p === mark ? [i] : []));
      t = { sql: q.sql, parameters: q.parameters, xAt: at(X_MARK), yAt: at(Y_MARK) };
      byZoom.set(z, t);
    }
    const parameters = t.parameters.slice();
    for (const i of t.xAt) parameters[i] = x;
    for (const i of t.yAt) parameters[i] = y;
    return CompiledQuery.raw(t.sql, parameters);
  }

  private query(def: LayerDef, z: number, x: number, y: number, reader: Reader): RawBuilder<{ tile: Buffer | null }> {
    const env = sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`;
    // Thinned rows are ranked once for both tile layers.
    const thinned = thinnedRows(def, z, buffered(z, x, y), reader);
    const rows = thinned ? sql`tile_rows AS t WHERE TRUE` : tileRows(def, z, buffered(z, x, y), reader);
    const asMvt = (q: string, name: string) => idIsProperty(def)
      ? sql`ST_AsMVT(${sql.id(q)}, ${name}, ${EXTENT}::int, 'geom')`
      : sql`ST_AsMVT(${sql.id(q)}, ${name}, ${EXTENT}::int, 'geom', 'id')`;
    const main = sql`SELECT ${asMvt('q', def.id)} FROM (
        SELECT ${sql.join(tileColumns(def, z))},
               ST_AsMVTGeom(${simplified(def, z)}, ${env}, ${EXTENT}::int, ${BUFFER}::int, true) AS geom
        FROM ${rows}
      ) AS q WHERE q.geom IS NOT NULL`;
    // Area layers also get one label point per feature, so a polygon cut by tile edges is labelled once.
    const labels = def.geometry === 'area-or-point'
      ? sql`SELECT ${asMvt('l', labelLayer(def))} FROM (
          SELECT ${sql.join(tileColumns(def, z))},
                 ST_AsMVTGeom(ST_PointOnSurface(t.geom_3857), ${env}, ${EXTENT}::int, ${BUFFER}::int, true) AS geom
          FROM ${rows} AND ST_PointOnSurface(t.geom_3857) && ${buffered(z, x, y)}
        ) AS l WHERE l.geom IS NOT NULL`
      : sql`SELECT NULL::bytea`;
    return sql<{ tile: Buffer | null }>`${thinned ? sql`WITH tile_rows AS MATERIALIZED (${thinned}) ` : sql``}SELECT COALESCE((${main}), ''::bytea) || COALESCE((${labels}), ''::bytea) AS tile`;
  }
}

export class NodeMvtRenderer implements TileRenderer {
  readonly kind = 'node-geojson-vt' as const;
  constructor(private readonly db: Kysely<DB>) {}

  async render(def: LayerDef, z: number, x: number, y: number, reader: Reader = PUBLIC_READER): Promise<Buffer> {
    if (visibleValues(def, z)?.length === 0) return Buffer.alloc(0);
    const env = buffered(z, x, y);
    const geom = def.geometry === 'point' ? simplified(def, z) : sql`CASE WHEN ${isPoint(def)} THEN t.geom_3857 ELSE ST_ClipByBox2D(${simplified(def, z)}, ${env}) END`;
    const r = await sql<{ f: GeoJSON.Feature & { label: GeoJSON.Point | null } }>`
      SELECT json_build_object('type', 'Feature', 'id', ${idIsProperty(def) ? sql`NULL::int` : sql`t.id`},
               'geometry', ST_AsGeoJSON(ST_Transform(${geom}, 4326), 9)::json,
               'properties', json_build_object(${sql.join(tileProperties(def, z).map(([name, value]) => sql`${sql.lit(name)}, ${value}`))}),
               'label', ${def.geometry === 'area-or-point' ? sql`CASE WHEN ST_PointOnSurface(t.geom_3857) && ${env} THEN ST_AsGeoJSON(ST_Transform(ST_PointOnSurface(t.geom_3857), 4326), 9)::json END` : sql`NULL::json`}) AS f
      FROM ${tileRows(def, z, env, reader)}`.execute(this.db);
    if (!r.rows.length) return Buffer.alloc(0);
    const features = r.rows
      .map((row) => row.f)
      .filter((f) => f.geometry && !isEmptyGeometry(f.geometry))
      .map(({ id, ...f }) => ({ ...f, ...(id === null || id === undefined ? {} : { id }), properties: dropNulls(f.properties ?? {}) }));
    const opts = { extent: EXTENT, buffer: BUFFER, clip: true, wrap: false, maxZoom: 24 };
    const layers: Record<string, NonNullable<ReturnType<typeof geoJSONToTile>>> = {};
    const tile = geoJSONToTile({ type: 'FeatureCollection', features }, z, x, y, opts);
    if (tile?.features.length) layers[def.id] = tile;
    if (def.geometry === 'area-or-point') {
      // One label point per feature (point on surface for polygons), as on the server.
      const points = r.rows
        .map((row) => row.f)
        .filter((f) => f.label)
        .map((f) => ({ type: 'Feature' as const, id: f.id, geometry: f.label!, properties: dropNulls(f.properties ?? {}) }));
      const lt = geoJSONToTile({ type: 'FeatureCollection', features: points }, z, x, y, opts);
      if (lt?.features.length) layers[labelLayer(def)] = lt;
    }
    if (!Object.keys(layers).length) return Buffer.alloc(0);
    return Buffer.from(fromGeojsonVt(layers, { version: 2, extent: EXTENT }));
  }
}

function isEmptyGeometry(g: GeoJSON.Geometry): boolean {
  return 'coordinates' in g && Array.isArray(g.coordinates) && g.coordinates.length === 0;
}

/** ST_AsMVT leaves out null attributes; do the same so both tiles carry identical properties. */
function dropNulls(p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined));
}

/** The renderer for the database in use: the one place that chooses by backend. */
export function tileRendererFor(database: { backend: 'embedded' | 'server'; db: Kysely<DB>; readBytes?: BytesReader }): TileRenderer {
  return database.backend === 'server' ? new PostgisMvtRenderer(database.db, database.readBytes?.bind(database)) : new NodeMvtRenderer(database.db);
}
