// Vector tiles of annotations, filtered by the one visibility rule for the reader. The same two
// engines as the reference layers (tiles/tiles.repo.ts): ST_AsMVT on a PostgreSQL server; on the
// embedded PGlite the same rows as GeoJSON, cut and encoded in Node with geojson-vt + vt-pbf.
import { sql, type Kysely } from 'kysely';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type * as GeoJSON from 'geojson';
import type { DB } from '../db/schema.js';
import { BUFFER, EXTENT, buffered, toleranceAt } from '../tiles/tiles.repo.js';
import { annotationVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';

export const ANNOTATION_LAYER = 'annotations';

export interface AnnotationTileRenderer {
  readonly kind: 'postgis-mvt' | 'node-geojson-vt';
  render(reader: Reader, z: number, x: number, y: number): Promise<Buffer>;
}

// Properties carried in the tile (the id as a string property: MVT feature ids are integers).
const properties = sql`a.id::text AS id, a.title, a.category, a.severity::int AS severity, a.status, a.review_status, a.campaign_id::text AS campaign_id`;
const simplified = (z: number) => sql`CASE WHEN GeometryType(a.geom_3857) = 'POINT' THEN a.geom_3857 ELSE ST_Simplify(a.geom_3857, ${toleranceAt(z)}::float8, true) END`;

export class PostgisAnnotationTiles implements AnnotationTileRenderer {
  readonly kind = 'postgis-mvt' as const;
  constructor(private readonly db: Kysely<DB>) {}

  async render(reader: Reader, z: number, x: number, y: number): Promise<Buffer> {
    const r = await sql<{ tile: Buffer | null }>`
      SELECT ST_AsMVT(q, ${ANNOTATION_LAYER}, ${EXTENT}::int, 'geom') AS tile FROM (
        SELECT ${properties},
               ST_AsMVTGeom(${simplified(z)}, ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int), ${EXTENT}::int, ${BUFFER}::int, true) AS geom
        FROM annotations a
        WHERE a.geom_3857 && ${buffered(z, x, y)} AND ${annotationVisible(reader, 'a')}
      ) AS q WHERE q.geom IS NOT NULL`.execute(this.db);
    const tile = r.rows[0]?.tile;
    return tile ? Buffer.from(tile) : Buffer.alloc(0);
  }
}

export class NodeAnnotationTiles implements AnnotationTileRenderer {
  readonly kind = 'node-geojson-vt' as const;
  constructor(private readonly db: Kysely<DB>) {}

  async render(reader: Reader, z: number, x: number, y: number): Promise<Buffer> {
    const env = buffered(z, x, y);
    const r = await sql<{ f: GeoJSON.Feature | string }>`
      SELECT json_build_object('type', 'Feature',
               'geometry', ST_AsGeoJSON(ST_Transform(CASE WHEN GeometryType(a.geom_3857) = 'POINT' THEN a.geom_3857 ELSE ST_ClipByBox2D(${simplified(z)}, ${env}) END, 4326), 9)::json,
               'properties', json_build_object('id', a.id::text, 'title', a.title, 'category', a.category, 'severity', a.severity::int,
                 'status', a.status, 'review_status', a.review_status, 'campaign_id', a.campaign_id::text)) AS f
      FROM annotations a
      WHERE a.geom_3857 && ${env} AND ${annotationVisible(reader, 'a')}`.execute(this.db);
    const features = r.rows
      .map((row) => (typeof row.f === 'string' ? (JSON.parse(row.f) as GeoJSON.Feature) : row.f))
      .filter((f) => f.geometry && !('coordinates' in f.geometry && Array.isArray(f.geometry.coordinates) && f.geometry.coordinates.length === 0));
    if (!features.length) return Buffer.alloc(0);
    const tile = geoJSONToTile({ type: 'FeatureCollection', features }, z, x, y, { extent: EXTENT, buffer: BUFFER, clip: true, wrap: false, maxZoom: 24 });
    if (!tile || !tile.features.length) return Buffer.alloc(0);
    return Buffer.from(fromGeojsonVt({ [ANNOTATION_LAYER]: tile }, { version: 2, extent: EXTENT }));
  }
}
