// Named PostGIS snippets shared by repositories. Identifiers come from the layer registry only.
import { sql, type RawBuilder } from 'kysely';

/** `alias.column` as a safe identifier. */
export const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** A layer's properties as a JSON object (registry attributes only; any LayerDef fits). */
export function propertiesJson(def: { attributes: readonly { name: string }[] }, alias: string, names = def.attributes.map((a) => a.name)): RawBuilder<unknown> {
  const pairs = names.map((n) => sql`${sql.lit(n)}, ${col(alias, n)}`);
  return sql`json_build_object(${sql.join(pairs)})`;
}

/**
 * RFC 7946 GeoJSON of a geometry: polygons' exterior rings counter-clockwise, every other geometry as
 * stored. ST_ForcePolygonCCW is applied to polygons only: on PostGIS 3.3 it also reverses LineStrings,
 * and a line's direction carries meaning (a canal flows from its head to its tail).
 */
export const asGeoJson = (geom: RawBuilder<unknown>, digits = 7) =>
  sql`ST_AsGeoJSON(CASE WHEN GeometryType(${geom}) IN ('POLYGON', 'MULTIPOLYGON') THEN ST_ForcePolygonCCW(${geom}) ELSE ${geom} END, ${sql.lit(digits)})::json`;

/** A row's geometry column as RFC 7946 GeoJSON, 7 decimals (~1 cm). */
export const geojsonGeometry = (alias: string) => asGeoJson(col(alias, 'geom'));

export const envelope4326 = (b: [number, number, number, number]) => sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;
