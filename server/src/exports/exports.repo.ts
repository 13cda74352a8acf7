// SQL of the print exports (map and brief). PostGIS does the spatial work: it clips each layer to the
// map frame, simplifies to a quarter of a printed point, projects EPSG:3857 to page points with one
// affine transform and writes SVG path data (ST_AsSVG). Identifiers come from the layer registry;
// every value is bound. Annotations follow the one visibility rule.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { annotationVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import { col } from '../db/postgis.js';
import { layerFrom, type LayerDef } from '../layers/types.js';
import { visibleValues } from '../tiles/tiles.repo.js';

/** Page transform: x = fx + (X − minX)·k, y = fy + (maxY − Y)·k (EPSG:3857 metres → points). */
export interface PageTransform { k: number; minX: number; maxY: number; maxX: number; minY: number; fx: number; fy: number; fw: number; fh: number; zoom: number }

export type Bbox = [number, number, number, number];

/** The most features drawn per layer (a national extent of the synthetic data has 200,000 canals). */
export const MAX_FEATURES_PER_LAYER = 20_000;

const envelope = (t: PageTransform, margin: number) =>
  sql`ST_MakeEnvelope(${t.minX - margin}::float8, ${t.minY - margin}::float8, ${t.maxX + margin}::float8, ${t.maxY + margin}::float8, 3857)`;

/** ST_AsSVG negates y, so the affine maps Y to −(page y). One decimal of a point is enough. */
const pageSvg = (g: RawBuilder<unknown>, t: PageTransform) =>
  sql<string>`ST_AsSVG(ST_Affine(${g}, ${t.k}::float8, 0, 0, ${t.k}::float8, ${t.fx - t.minX * t.k}::float8, ${-(t.fy + t.maxY * t.k)}::float8), 0, 1)`;

const kind = (g: RawBuilder<unknown>) =>
  sql<string>`CASE WHEN ST_Dimension(${g}) = 0 THEN 'Point' WHEN ST_Dimension(${g}) = 1 THEN 'LineString' ELSE 'Polygon' END`;

/** A point to place a label or marker on: the point itself, the middle of a line, a point inside an area. */
const anchor = (g: RawBuilder<unknown>) =>
  sql`CASE WHEN GeometryType(${g}) = 'LINESTRING' THEN ST_LineInterpolatePoint(${g}, 0.5) ELSE ST_PointOnSurface(${g}) END`;

export interface FeatureRow { d: string | null; gtype: 'Point' | 'LineString' | 'Polygon'; ax: number; ay: number; props: Record<string, unknown>; dataset_id: string | null }

/** The features of one layer in the frame, clipped, simplified and projected to page points. */
export async function layerFeatures(db: Kysely<DB>, def: LayerDef, t: PageTransform, reader: Reader): Promise<FeatureRow[]> {
  const tol = 0.25 / t.k; // a quarter of a printed point, in metres
  const margin = 8 / t.k; // clip a little outside the frame so line ends and casings are not cut visibly
  // Rows an organisation owns carry their citation on the row (no dataset) and the visibility rule.
  const names = def.attributes.filter((a) => a.tile || a.name === 'provenance' || (def.rows && (a.name === 'source' || a.name === 'licence'))).map((a) => a.name);
  const props = sql`json_build_object(${sql.join(names.map((n) => sql`${sql.lit(n)}, ${col('t', n)}`))})`;
  const conds: RawBuilder<unknown>[] = [sql`t.geom_3857 && ${envelope(t, margin)}`];
  const vis = visibleValues(def, Math.floor(t.zoom));
  if (vis) conds.push(vis.length ? sql`${col('t', def.zoomFilter!.attribute)} IN (${sql.join(vis)})` : sql`FALSE`);
  if (def.rows) conds.push(def.rows.visible(reader, 't'));
  const clipped = def.geometry === 'point'
    ? sql`t.geom_3857`
    : sql`ST_SimplifyPreserveTopology(ST_ClipByBox2D(t.geom_3857, ${envelope(t, margin)}), ${tol}::float8)`;
  const r = await sql<FeatureRow>`
    SELECT ${kind(sql.ref('g'))} AS gtype,
           CASE WHEN ST_Dimension(g) = 0 THEN NULL ELSE ${pageSvg(sql.ref('g'), t)} END AS d,
           ST_X(${anchor(sql.ref('g'))}) AS ax, ST_Y(${anchor(sql.ref('g'))}) AS ay,
           props, dataset_id
    FROM (
      SELECT ${clipped} AS g, ${props} AS props, ${def.rows ? sql`NULL::text` : sql`t.dataset_id`} AS dataset_id, t.id
      FROM ${layerFrom(def)} t
      WHERE ${sql.join(conds, sql` AND `)}
      ORDER BY t.id
      LIMIT ${MAX_FEATURES_PER_LAYER + 1}
    ) q
    WHERE g IS NOT NULL AND NOT ST_IsEmpty(g)
    ORDER BY id`.execute(db);
  return r.rows;
}

/** The OpenStreetMap context of a printed map: areas and lines of the osm_* tables in the frame, page path data. */
export interface OsmPrintRow { layer: 'landuse' | 'water' | 'roads' | 'buildings'; cls: string; d: string }
const OSM_PRINT = [
  { layer: 'landuse', table: 'osm_landuse', cls: sql`t.class`, area: true },
  { layer: 'water', table: 'osm_water', cls: sql`t.class`, area: true },
  { layer: 'roads', table: 'osm_roads', cls: sql`t.class`, area: false },
  { layer: 'buildings', table: 'osm_buildings', cls: sql`t.building`, area: true },
] as const;

/** Rows drawn at the printed zoom (each row's min_zoom), areas under about a printed point left out, at most MAX_FEATURES_PER_LAYER per layer. */
export async function osmContext(db: Kysely<DB>, t: PageTransform): Promise<OsmPrintRow[]> {
  const tol = 0.25 / t.k, margin = 8 / t.k, env = envelope(t, margin);
  const parts = OSM_PRINT.map((l) => sql`(
    SELECT ${l.layer}::text AS layer, ${l.cls} AS cls, ${pageSvg(sql`ST_SimplifyPreserveTopology(ST_ClipByBox2D(t.geom_3857, ${env}), ${tol}::float8)`, t)} AS d
    FROM ${sql.table(l.table)} t
    WHERE t.geom_3857 && ${env} AND t.min_zoom <= ${Math.floor(t.zoom)}::int
      ${l.area ? sql`AND ST_Area(t.geom_3857) >= ${(4 * tol) ** 2}::float8` : sql``}
    ORDER BY t.id LIMIT ${MAX_FEATURES_PER_LAYER})`);
  const r = await sql<OsmPrintRow>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) u WHERE d IS NOT NULL AND d <> ''`.execute(db);
  return r.rows;
}

export interface AnnotationPrintRow {
  id: string; title: string; category: string; severity: number; status: string; affected_people: number | null;
  d: string | null; gtype: 'Point' | 'LineString' | 'Polygon'; ax: number; ay: number;
}

/** The annotations the reader may see: of a campaign, or in an extent; numbered in creation order. */
export async function annotationsFor(db: Kysely<DB>, reader: Reader, where: { campaignId: string } | { bbox: Bbox }, t: PageTransform | null): Promise<AnnotationPrintRow[]> {
  const scope = 'campaignId' in where
    ? sql`a.campaign_id = ${where.campaignId}`
    : sql`a.geom && ST_MakeEnvelope(${where.bbox[0]}::float8, ${where.bbox[1]}::float8, ${where.bbox[2]}::float8, ${where.bbox[3]}::float8, 4326)`;
  const g = t ? sql`ST_SimplifyPreserveTopology(a.geom_3857, ${0.25 / t.k}::float8)` : sql`a.geom_3857`;
  const r = await sql<AnnotationPrintRow>`
    SELECT a.id, a.title, a.category, a.severity, a.status, a.affected_people,
           ${t ? sql`CASE WHEN ST_Dimension(a.geom) = 0 THEN NULL ELSE ${pageSvg(g, t)} END` : sql`NULL`} AS d,
           ${kind(sql`a.geom`)} AS gtype,
           ST_X(${anchor(sql`a.geom_3857`)}) AS ax, ST_Y(${anchor(sql`a.geom_3857`)}) AS ay
    FROM annotations a
    WHERE ${scope} AND ${annotationVisible(reader, 'a')}
    ORDER BY a.created_at, a.id
    LIMIT 500`.execute(db);
  return r.rows;
}

/** The extent (lon/lat) of a campaign's area together with its visible annotations. */
export async function campaignExtent(db: Kysely<DB>, reader: Reader, campaignId: string): Promise<Bbox | null> {
  const r = await sql<{ x0: number | null; y0: number | null; x1: number | null; y1: number | null }>`
    WITH e AS (
      SELECT ST_Extent(g) AS b FROM (
        SELECT c.area AS g FROM campaigns c WHERE c.id = ${campaignId}
        UNION ALL
        SELECT a.geom FROM annotations a WHERE a.campaign_id = ${campaignId} AND ${annotationVisible(reader, 'a')}
      ) u
    )
    SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1 FROM e`.execute(db);
  const b = r.rows[0];
  return b && b.x0 !== null ? [Number(b.x0), Number(b.y0), Number(b.x1), Number(b.y1)] : null;
}

export interface DatasetRow { id: string; title: string; publisher: string; licence: string; attribution: string; url: string | null }

export async function datasets(db: Kysely<DB>, ids: string[]): Promise<DatasetRow[]> {
  if (!ids.length) return [];
  const r = await sql<DatasetRow>`SELECT id, title, publisher, licence, attribution, url FROM datasets WHERE id IN (${sql.join(ids)}) ORDER BY id`.execute(db);
  return r.rows;
}

/** The campaign's grant-project reference (demo campaigns carry the project id), if any. */
export async function campaignRef(db: Kysely<DB>, campaignId: string): Promise<string | null> {
  const r = await sql<{ ref: string | null }>`SELECT ref FROM campaigns WHERE id = ${campaignId}`.execute(db);
  return r.rows[0]?.ref ?? null;
}
