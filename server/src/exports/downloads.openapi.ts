// OpenAPI paths of the data downloads, generated from the schemas that validate the requests.
import { z } from 'zod';
import { MAP_LAYERS } from '../layers/registry.js';
import { featureQuerySchema } from '../features/features.schema.js';
import { FORMATS } from './formats/index.js';
import { BomParam, MAX_DOWNLOAD_FEATURES } from './downloads.schema.js';

type Param = { name: string; in: 'query' | 'path'; required: boolean; description?: string; schema: unknown };

function queryParams(schema: z.ZodType, drop: string[] = []): Param[] {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(s.properties ?? {}).filter(([n]) => !drop.includes(n))
    .map(([name, p]) => ({ name, in: 'query' as const, required: (s.required ?? []).includes(name), ...(p.description ? { description: p.description } : {}), schema: p }));
}

const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const format: Param = { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: [...FORMATS] } };
const bom = queryParams(z.object({ bom: BomParam }));
const files = {
  'application/geo+json': {}, 'text/csv': {}, 'application/vnd.google-earth.kml+xml': {}, 'application/zip': {}, 'application/geopackage+sqlite3': {},
};
const DESCRIPTION = `geojson: RFC 7946 FeatureCollection; csv: RFC 4180, UTF-8, geometry as WKT in the last column, text cells starting with = + - @ tab or CR prefixed with ' (formula injection); kml: KML 2.2 with the attributes as ExtendedData; shp.zip: one shapefile per geometry type with .prj (WGS 84) and .cpg (UTF-8), field names cut to 10 characters; gpkg: OGC GeoPackage. Content-Disposition: attachment; filename="{layer}-{date}.{format}"; X-Feature-Count: the number of features. More than ${MAX_DOWNLOAD_FEATURES} features → 400 with matched and maximum; nothing matching → a valid empty file.`;

export function downloadsPaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const def of MAP_LAYERS) {
    paths[`/api/exports/data/${def.id}.{format}`] = {
      get: {
        tags: ['downloads'],
        summary: `${def.title.en}: download (same attribute filters and bbox as the features API; no paging)${def.rows ? '. Only what you may see: the public gets published rows, never drafts; no person is named' : ''}`,
        description: DESCRIPTION,
        parameters: [format, ...queryParams(featureQuerySchema(def), ['limit', 'offset']), ...bom],
        responses: { '200': { description: 'The file', content: files }, '400': problem, '503': problem },
      },
    };
  }
  return paths;
}
