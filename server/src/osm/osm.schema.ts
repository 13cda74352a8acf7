// The import's command-line arguments (zod), and the basemap tile's path parameters.
import { z } from 'zod';

export { TileXYZ } from '../tiles/tiles.schema.js';

const num = z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'a number in degrees').transform(Number);

/** minLon,minLat,maxLon,maxLat in degrees (EPSG:4326). */
export const BboxArg = z.string()
  .transform((s) => s.split(','))
  .pipe(z.tuple([num, num, num, num], { error: 'four numbers: minLon,minLat,maxLon,maxLat' }))
  .refine(([x0, y0, x1, y1]) => x0 >= -180 && x1 <= 180 && y0 >= -85.0511 && y1 <= 85.0511 && x0 < x1 && y0 < y1,
    'minLon < maxLon within -180…180 and minLat < maxLat within -85.05…85.05');

export const OSM_FILE = /\.(osm|osm\.pbf|pbf|osm\.bz2|osm\.gz|o5m|opl)$/i;

export const ImportOsmArgs = z.object({
  file: z.string().min(1, 'the extract to import').regex(OSM_FILE, 'an OpenStreetMap file: .osm.pbf, .osm, .osm.bz2, .osm.gz, .o5m or .opl'),
  bbox: BboxArg.optional(),
  dryRun: z.boolean().default(false),
  batchSize: z.coerce.number().int().min(1).max(10_000).default(1000),
}).strict();
export type ImportOsmArgs = z.infer<typeof ImportOsmArgs>;
