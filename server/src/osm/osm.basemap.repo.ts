// SQL of the OpenStreetMap basemap tiles: one tile with the MVT layers landuse, water, roads,
// buildings, places, rendered like every other tile (tiles/tiles.repo.ts, whose envelope, tolerance,
// extent and buffer it uses): ST_AsMVT on a server; on the embedded database the same rows as GeoJSON,
// cut and encoded with geojson-vt + vt-pbf. Each row's min_zoom decides from which zoom it is drawn;
// areas smaller than about two tile pixels are left out.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type * as GeoJSON from 'geojson';
import type { DB } from '../db/schema.js';
import { BUFFER, EXTENT, buffered, toleranceAt } from '../tiles/tiles.repo.js';
import { BASEMAP_OSM_TABLES } from './osm.mapping.js';

interface TileLayer { name: string; table: string; kind: 'polygon' | 'line' | 'point'; props: readonly string[] }
/** The tile's layers, bottom to top (identifiers from code). */
export const OSM_TILE_LAYERS: readonly TileLayer[] = [
  { name: 'landuse', table: 'osm_landuse', kind: 'polygon', props: ['class'] },
  { name: 'water', table: 'osm_water', kind: 'polygon', props: ['class', 'name_ky', 'name_ru', 'name_en'] },
  { name: 'roads', table: 'osm_roads', kind: 'line', props: ['class', 'name_ky', 'name_ru', 'name_en'] },
  { name: 'buildings', table: 'osm_buildings', kind: 'polygon', props: ['building'] },
  { name: 'places', table: 'osm_places', kind: 'point', props: ['class', 'name_ky', 'name_ru', 'name_en', 'population'] },
];

export interface OsmTileRenderer {
  readonly kind: 'postgis-mvt' | 'node-geojson-vt';
  render(z: number, x: number, y: number): Promise<Buffer>;
}

function where(l: TileLayer, z: number, env: RawBuilder<unknown>): RawBuilder<unknown> {
  const conds = [sql`t.geom_3857 && ${env}`, sql`t.min_zoom <= ${z}::int`];
  if (l.kind === 'polygon') conds.push(sql`ST_Area(t.geom_3857) >= ${(2 * toleranceAt(z)) ** 2}::float8`);
  return sql.join(conds, sql` AND `);
}
const geometry = (l: TileLayer, z: number) => (l.kind === 'point' ? sql`t.geom_3857` : sql`ST_Simplify(t.geom_3857, ${toleranceAt(z)}::float8, true)`);
const props = (l: TileLayer) => l.props.map((p) => sql.ref(`t.${p}`));

export class PostgisOsmTileRenderer implements OsmTileRenderer {
  readonly kind = 'postgis-mvt' as const;
  constructor(private readonly db: Kysely<DB>) {}

  async render(z: number, x: number, y: number): Promise<Buffer> {
    const env = sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`;
    const parts = OSM_TILE_LAYERS.map((l) => sql`COALESCE((SELECT ST_AsMVT(q, ${l.name}, ${EXTENT}::int, 'geom') FROM (
        SELECT ${sql.join(props(l))}, ST_AsMVTGeom(${geometry(l, z)}, ${env}, ${EXTENT}::int, ${BUFFER}::int, true) AS geom
        FROM ${sql.table(l.table)} AS t WHERE ${where(l, z, buffered(z, x, y))}
      ) AS q WHERE q.geom IS NOT NULL), ''::bytea)`);
    const r = await sql<{ tile: Buffer | null }>`SELECT ${sql.join(parts, sql` || `)} AS tile`.execute(this.db);
    const tile = r.rows[0]?.tile;
    return tile ? Buffer.from(tile) : Buffer.alloc(0);
  }
}

export class NodeOsmTileRenderer implements OsmTileRenderer {
  readonly kind = 'node-geojson-vt' as const;
  constructor(private readonly db: Kysely<DB>) {}

  async render(z: number, x: number, y: number): Promise<Buffer> {
    const env = buffered(z, x, y);
    const opts = { extent: EXTENT, buffer: BUFFER, clip: true, wrap: false, maxZoom: 24 };
    const layers: Record<string, NonNullable<ReturnType<typeof geoJSONToTile>>> = {};
    for (const l of OSM_TILE_LAYERS) {
      const g = l.kind === 'point' ? geometry(l, z) : sql`ST_ClipByBox2D(${geometry(l, z)}, ${env})`;
      const r = await sql<{ f: GeoJSON.Feature }>`
        SELECT json_build_object('type', 'Feature',
                 'geometry', ST_AsGeoJSON(ST_Transform(${g}, 4326), 9)::json,
                 'properties', json_build_object(${sql.join(l.props.map((p) => sql`${sql.lit(p)}, ${sql.ref(`t.${p}`)}`))})) AS f
        FROM ${sql.table(l.table)} AS t WHERE ${where(l, z, env)}`.execute(this.db);
      const features = r.rows.map((row) => row.f)
        .filter((f) => f.geometry && !('coordinates' in f.geometry && Array.isArray(f.geometry.coordinates) && f.geometry.coordinates.length === 0))
        .map((f) => ({ ...f, properties: Object.fromEntries(Object.entries(f.properties ?? {}).filter(([, v]) => v !== null && v !== undefined)) }));
      if (!features.length) continue;
      const tile = geoJSONToTile({ type: 'FeatureCollection', features }, z, x, y, opts);
      if (tile?.features.length) layers[l.name] = tile;
    }
    if (!Object.keys(layers).length) return Buffer.alloc(0);
    return Buffer.from(fromGeojsonVt(layers, { version: 2, extent: EXTENT }));
  }
}

/** The renderer for the database in use (as tileRendererFor does for the registry layers). */
export function osmTileRendererFor(database: { backend: 'embedded' | 'server'; db: Kysely<DB> }): OsmTileRenderer {
  return database.backend === 'server' ? new PostgisOsmTileRenderer(database.db) : new NodeOsmTileRenderer(database.db);
}

/** Whether any basemap table has a row (the style offers the OSM source only then). */
export async function hasBasemapRows(db: Kysely<DB>): Promise<boolean> {
  const any = BASEMAP_OSM_TABLES.map((t) => sql`EXISTS (SELECT 1 FROM ${sql.table(t)})`);
  const r = await sql<{ any: boolean }>`SELECT (${sql.join(any, sql` OR `)}) AS any`.execute(db);
  return r.rows[0]?.any === true;
}
