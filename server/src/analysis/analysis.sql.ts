// Named PostGIS snippets shared by the analysis repositories. Values are bound; identifiers come
// from the layer registry or from constants in this module, never from a request.
//
// Metric choices (see README "Gap analysis"):
// - Distances are geodesic, in metres on the WGS84 spheroid: ST_Distance(geography) / ST_DWithin(geography).
// - Candidates come from the GiST index on the stored EPSG:3857 copy (geom_3857) with KNN `<->`.
//   Web Mercator is conformal (the sphere formula on ellipsoidal latitudes is off by < 0.4 % between
//   directions at 40–43°N), so the few nearest by Mercator distance contain the geodesically nearest;
//   the exact geodesic distance then orders them.
import { sql, type RawBuilder } from 'kysely';
import type { Geometry } from '../geo/geometry.js';
import { findLayer } from '../layers/registry.js';

/** A json / json_agg column as the type the query builds (db/ parses JSON the same on both databases). */
export const jsonAs = <T>(v: unknown): T => v as T;

/** A layer's table as a safe identifier (from the registry). */
export function table(layerId: string): RawBuilder<unknown> {
  const def = findLayer(layerId);
  if (!def) throw new Error(`analysis: no layer ${layerId} in the registry`);
  return sql.table(def.table);
}

export const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** `json_build_object('ky', a.name_ky, 'ru', a.name_ru, 'en', a.name_en)` */
export const namesJson = (alias: string) =>
  sql`json_build_object('ky', ${ref(alias, 'name_ky')}, 'ru', ${ref(alias, 'name_ru')}, 'en', ${ref(alias, 'name_en')})`;

/** A bound GeoJSON geometry as PostGIS geometry (EPSG:4326). */
export const geomFromGeoJson = (g: Geometry) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}::text), 4326)`;

/** The analysis area as a one-row CTE `area(g)`; null for the whole country (no CTE needed then). */
export const areaCte = (area: Geometry | null) => (area ? sql`area AS (SELECT ${geomFromGeoJson(area)} AS g),` : sql``);

/** Join condition restricting `alias` (a table with `geom`) to the area; nothing when there is no area. */
export function inAreaJoin(area: Geometry | null, alias: string): RawBuilder<unknown> {
  if (!area) return sql``;
  return sql`JOIN area a ON ${ref(alias, 'geom')} && a.g AND ST_Intersects(${ref(alias, 'geom')}, a.g)`;
}

/** Round to 0.1 m (the same value on both backends whatever the last bits of the spheroid maths). */
export const metres1 = (expr: RawBuilder<unknown>) => sql`round((${expr})::numeric, 1)::float8`;

/**
 * A Mercator search radius that certainly contains every point within `metres` (geodesic) of a
 * geometry at its latitude: ground distance × sec(latitude) (the Mercator scale), evaluated at the
 * far edge of the search, plus 2 % for the ellipsoid.
 */
export function mercatorRadius(metres: RawBuilder<unknown>, geom4326: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`((${metres}) * 1.02 / cos(radians(LEAST(89.0, GREATEST(abs(ST_YMin(${geom4326})), abs(ST_YMax(${geom4326}))) + (${metres}) / 100000.0))))`;
}

/** Point on surface as [lon, lat] rounded to 6 decimals (for the UI to zoom to a row). */
export const centerJson = (alias: string) =>
  sql`json_build_array(round(ST_X(ST_PointOnSurface(${ref(alias, 'geom')}))::numeric, 6)::float8, round(ST_Y(ST_PointOnSurface(${ref(alias, 'geom')}))::numeric, 6)::float8)`;

/** Counts per provenance class of a set of rows, as a JSON object ordered by class. */
export const provenanceCounts = (from: RawBuilder<unknown>, column = sql`provenance`) =>
  sql`(SELECT COALESCE(json_object_agg(p, n ORDER BY p), '{}'::json) FROM (SELECT ${column} AS p, count(*)::int AS n FROM ${from} GROUP BY 1) pc WHERE p IS NOT NULL)`;

export type ListFilter = { proposedNearest: true } | { ids: number[] };

/** The WHERE clause that restricts a listing to a what-if's settlements. */
export function listWhere(list: ListFilter | undefined, proposed: RawBuilder<unknown>, id: RawBuilder<unknown>): RawBuilder<unknown> {
  if (!list) return sql``;
  if ('proposedNearest' in list) return sql`WHERE ${proposed}`;
  return sql`WHERE ${id} IN (SELECT (v)::bigint FROM json_array_elements_text(${JSON.stringify(list.ids)}::json) v)`;
}
