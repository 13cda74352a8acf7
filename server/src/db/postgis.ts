// Named PostGIS snippets shared by repositories. Identifiers come from the layer registry only.
import { sql, type RawBuilder } from 'kysely';

/** `alias.column` as a safe identifier. */
export const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** A layer's properties as a JSON object (registry attributes only; any LayerDef fits). */
export function propertiesJson(def: { attributes: readonly { name: string }[] }, alias: string, names = def.attributes.map((a) => a.name)): RawBuilder<unknown> {
  const pairs = names.map((n) => sql`${sql.lit(n)}, ${col(alias, n)}`);
  return sql`json_build_object(${sql.join(pairs)})`;
}

/** RFC 7946 geometry: WGS84, polygons' outer rings counter-clockwise, 7 decimals (~1 cm). */
export const geojsonGeometry = (alias: string) => sql`ST_AsGeoJSON(ST_ForcePolygonCCW(${col(alias, 'geom')}), 7)::json`;

export const envelope4326 = (b: [number, number, number, number]) => sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;
