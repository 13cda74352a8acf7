// GeoJSON geometry input (RFC 7946): WGS84 positions [lon, lat] (an altitude is accepted and dropped),
// closed linear rings of at least four positions, a vertex limit, coordinate ranges. Structural checks
// here (zod); topological validity (ST_IsValid / ST_IsValidReason) in geo/geometry.repo.ts.
import { z } from 'zod';

/** Web-mercator latitude limit: the tiles are cut in EPSG:3857, like the reference layers. */
export const MAX_LAT = 85.0511;

const position = z
  .array(z.number({ message: 'coordinates must be numbers' }), { message: 'a position is an array [longitude, latitude]' })
  .min(2, 'a position is [longitude, latitude]')
  .max(3, 'a position is [longitude, latitude] or [longitude, latitude, altitude]')
  .superRefine((p, ctx) => {
    const [lon, lat] = p as [number, number];
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) ctx.addIssue({ code: 'custom', message: `longitude ${lon} is outside -180…180 (positions are [longitude, latitude] in WGS84)` });
    if (!Number.isFinite(lat) || lat < -MAX_LAT || lat > MAX_LAT) ctx.addIssue({ code: 'custom', message: `latitude ${lat} is outside -${MAX_LAT}…${MAX_LAT} (positions are [longitude, latitude] in WGS84)` });
  })
  .transform((p) => [p[0]!, p[1]!] as [number, number]);

const ring = z
  .array(position)
  .min(4, 'a polygon ring needs at least 4 positions (the first repeated at the end)')
  .superRefine((r, ctx) => {
    const a = r[0]!, b = r[r.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) ctx.addIssue({ code: 'custom', message: 'a polygon ring must be closed: its last position must equal its first' });
  });

const bbox = z.array(z.number()).optional(); // allowed by RFC 7946, ignored

export const PointSchema = z.object({ type: z.literal('Point'), coordinates: position, bbox }).strict();
export const LineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2, 'a line needs at least 2 positions'), bbox }).strict();
export const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1, 'a polygon needs an outer ring'), bbox }).strict();
export const MultiPolygonSchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1), bbox }).strict();

export type Geometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'LineString'; coordinates: [number, number][] }
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] };

export function vertexCount(g: Geometry): number {
  switch (g.type) {
    case 'Point': return 1;
    case 'LineString': return g.coordinates.length;
    case 'Polygon': return g.coordinates.reduce((n, r) => n + r.length, 0);
    case 'MultiPolygon': return g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
  }
}

/** A geometry schema for the given types with a vertex limit; the output drops bbox and altitude. */
export function geometrySchema<T extends 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon'>(types: readonly T[], maxVertices: number) {
  const all = { Point: PointSchema, LineString: LineStringSchema, Polygon: PolygonSchema, MultiPolygon: MultiPolygonSchema } as const;
  const options = types.map((t) => all[t]);
  return z
    .discriminatedUnion('type', options as unknown as [typeof PointSchema, ...(typeof PointSchema)[]], {
      error: (iss) => (iss.code === 'invalid_union' ? `geometry type must be ${types.join(', ')}` : undefined),
    })
    .transform((g) => ({ type: g.type, coordinates: g.coordinates }) as unknown as Extract<Geometry, { type: T }>)
    .superRefine((g, ctx) => {
      const n = vertexCount(g as Geometry);
      if (n > maxVertices) ctx.addIssue({ code: 'custom', message: `the geometry has ${n} vertices; at most ${maxVertices} are allowed (simplify the shape)` });
    })
    .describe(`GeoJSON ${types.join(' | ')} in WGS84 (RFC 7946), at most ${maxVertices} vertices`);
}
