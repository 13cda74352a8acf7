// OpenAPI 3.1, generated from the same zod schemas that validate the requests.
import { ORG_LAYER_ID } from '../layers/organisation.js';
import { z } from 'zod';
import { MAP_LAYERS } from '../layers/registry.js';
import { featureQuerySchema } from '../features/features.schema.js';
import { LayersQuery, FeatureIdParam } from '../features/features.schema.js';
import { TileParams, TileXYZ } from '../tiles/tiles.schema.js';
import { SearchQuery } from '../search/search.schema.js';
import { NearestQuery } from '../nearest/nearest.schema.js';
import { advocacyPaths, securitySchemes } from './advocacy.js';
import { analysisPaths } from '../analysis/analysis.openapi.js';
import { ogcPaths } from '../ogc/ogc.openapi.js';
import { downloadsPaths } from '../exports/downloads.openapi.js';
import { exportsPaths } from '../exports/exports.openapi.js';
import { sharesPaths } from '../shares/shares.openapi.js';
import { importsPaths } from '../imports/imports.openapi.js';
import { completeAreasPaths } from '../complete-areas/complete-areas.openapi.js';
import { budgetsPaths } from '../budgets/budgets.openapi.js';
import { commitmentsPaths } from '../commitments/commitments.openapi.js';
import { trackerPaths } from '../commitments/tracker.openapi.js';
import { budgetsPrintPaths } from '../budgets/budgets-print.openapi.js';
import { budgetImportsPaths } from '../budgets/import/budget-imports.openapi.js';
import { visitsPaths } from '../visits/visits.openapi.js';
import { remindersPaths } from '../reminders/reminders.openapi.js';

type Param = { name: string; in: 'query' | 'path'; required: boolean; description?: string; schema: unknown };

function paramsOf(schema: z.ZodType, where: 'query' | 'path', only?: string[]): Param[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {})
    .filter(([name]) => !only || only.includes(name))
    .map(([name, s]) => ({
      name, in: where, required: where === 'path' || (json.required ?? []).includes(name),
      ...(s.description ? { description: s.description } : {}), schema: s,
    }));
}

const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const errors = { '400': problem, '404': problem, '503': problem, '500': problem };
const layerParam: Param = { name: 'layer', in: 'path', required: true, description: 'a layer of the registry, or an organisation layer (org-xxxxxxxx) you may see', schema: { anyOf: [{ type: 'string', enum: MAP_LAYERS.map((l) => l.id) }, { type: 'string', pattern: ORG_LAYER_ID.source }] } };

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, unknown> = {
    '/api/health': { get: { summary: 'Backend, PostGIS version and migration level', responses: { '200': { description: 'Health', content: { 'application/json': {} } }, '503': problem } } },
    '/api/layers': { get: { summary: 'All layers: titles, attribute schema, legend, MapLibre style layers, extent, count, provenance', parameters: paramsOf(LayersQuery, 'query'), responses: { '200': { description: 'Layer list', content: { 'application/json': {} } }, ...errors } } },
    '/api/layers/{layer}': { get: { summary: 'One layer', parameters: [layerParam, ...paramsOf(LayersQuery, 'query')], responses: { '200': { description: 'Layer', content: { 'application/json': {} } }, ...errors } } },
    '/api/layers/{layer}/features/{id}': { get: { summary: 'One feature (GeoJSON)', parameters: [layerParam, ...paramsOf(FeatureIdParam, 'path', ['id'])], responses: { '200': { description: 'GeoJSON Feature', content: { 'application/geo+json': {} } }, ...errors } } },
    '/tiles/{layer}/{z}/{x}/{y}.mvt': { get: { summary: 'Mapbox Vector Tile (an empty body for an empty area)', parameters: [layerParam, ...paramsOf(TileParams, 'path', ['z', 'x', 'y'])], responses: { '200': { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': {} } }, '304': { description: 'Not modified (ETag)' }, ...errors } } },
    '/tiles/{layer}.json': { get: { summary: 'TileJSON 3.0.0', parameters: [layerParam], responses: { '200': { description: 'TileJSON', content: { 'application/json': {} } }, ...errors } } },
    '/api/search': { get: { summary: 'Settlements, facilities and projects by name (Kyrgyz, Russian or English; Cyrillic or Latin letters)', parameters: paramsOf(SearchQuery, 'query'), responses: { '200': { description: 'Results, best first', content: { 'application/json': {} } }, ...errors } } },
    '/api/nearest': { get: { summary: 'Nearest facilities of a kind to a point, with geodesic distance in metres', parameters: paramsOf(NearestQuery, 'query'), responses: { '200': { description: 'Nearest first', content: { 'application/json': {} } }, ...errors } } },
    '/api/projects': { get: { summary: 'The grant projects as one-click map views', responses: { '200': { description: 'Projects', content: { 'application/json': {} } } } } },
    '/api/basemap': { get: { summary: 'Offline basemap of Kyrgyzstan (sources, MapLibre layers, attribution)', responses: { '200': { description: 'Basemap', content: { 'application/json': {} } } } } },
    '/api/basemap/osm/{z}/{x}/{y}.mvt': { get: { summary: 'The imported OpenStreetMap basemap of context (npm run import:osm) as one vector tile with the layers landuse, water, roads, buildings, places (© OpenStreetMap contributors, ODbL-1.0); an empty body where there is none', parameters: paramsOf(TileXYZ, 'path', ['z', 'x', 'y']), responses: { '200': { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': {} } }, '304': { description: 'Not modified (ETag)' }, ...errors } } },
    '/basemap/{id}.geojson': { get: { summary: 'A basemap layer as GeoJSON', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', enum: ['country', 'lakes', 'rivers', 'outside'] } }], responses: { '200': { description: 'GeoJSON', content: { 'application/geo+json': {} } }, ...errors } } },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
  };
  Object.assign(paths, advocacyPaths()); // accounts, campaigns, annotations (server/src/openapi/advocacy.ts)
  Object.assign(paths, analysisPaths()); // gap analysis (server/src/analysis/analysis.openapi.ts)
  Object.assign(paths, ogcPaths()); // OGC API - Features facade (server/src/ogc)
  Object.assign(paths, downloadsPaths()); // data downloads (server/src/exports/downloads.openapi.ts)
  Object.assign(paths, exportsPaths()); // map and brief exports (server/src/exports/exports.openapi.ts)
  Object.assign(paths, sharesPaths()); // share links (server/src/shares/shares.openapi.ts)
  Object.assign(paths, importsPaths()); // imports and organisation layers (server/src/imports/imports.openapi.ts)
  Object.assign(paths, completeAreasPaths()); // where data is complete (server/src/complete-areas/complete-areas.openapi.ts)
  Object.assign(paths, commitmentsPaths()); // council decisions, commitments, progress (server/src/commitments/commitments.openapi.ts)
  Object.assign(paths, trackerPaths()); // the monitoring report (server/src/commitments/tracker.openapi.ts)
  Object.assign(paths, budgetsPaths()); // local budgets beside the gaps (server/src/budgets/budgets.openapi.ts)
  Object.assign(paths, budgetsPrintPaths()); // their hearing pack and table downloads (budgets-print.openapi.ts)
  Object.assign(paths, budgetImportsPaths()); // budget spreadsheets (server/src/budgets/import/budget-imports.openapi.ts)
  Object.assign(paths, visitsPaths()); // monitoring visits with checklists (server/src/visits/visits.openapi.ts)
  Object.assign(paths, remindersPaths()); // the signed-in person's reminders (server/src/reminders/reminders.openapi.ts)
  // Creates honour Idempotency-Key (http/idempotency.ts): a retry with the same key and request replays the first answer.
  const idemKey = { name: 'Idempotency-Key', in: 'header', required: false, description: 'A unique key for this create (a UUID); the same key with the same request answers the first answer again (Idempotent-Replayed: true), with another request 422. Kept 24 h per account.', schema: { type: 'string', maxLength: 200 } };
  for (const path of ['/api/annotations', '/api/annotations/{id}/comments', '/api/annotations/{id}/photos', '/api/campaigns', '/api/campaigns/{id}/share-links', '/api/imports', '/api/budgets', '/api/budgets/{id}/lines', '/api/budgets/{id}/lines/{lineId}/links', '/api/visits', '/api/visits/{id}/photos']) {
    const post = (paths[path] as { post?: { parameters?: unknown[] } } | undefined)?.post;
    if (post) post.parameters = [...(post.parameters ?? []), idemKey];
  }
  // One features path per layer, so each lists its own attribute filters.
  for (const def of MAP_LAYERS) {
    const perViewer = def.rows ? ' Only what you may see: the public gets published rows; with a session, also what your organisation may see (Cache-Control: private).' : '';
    if (def.rows) {
      paths[`/tiles/${def.id}/{z}/{x}/{y}.mvt`] = {
        get: {
          tags: ['tiles'], summary: `${def.title.en} as vector tiles (layer "${def.id}"): the public tile is the same for everyone (Cache-Control: public); with a session, your own variant (private, no-store)`,
          parameters: paramsOf(TileParams, 'path', ['z', 'x', 'y']),
          responses: { '200': { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': {} } }, '304': { description: 'Not modified (ETag)' }, ...errors },
        },
      };
    }
    paths[`/api/layers/${def.id}/features`] = {
      get: {
        summary: `${def.title.en}: features as GeoJSON, paginated (limit at most 1000; a larger limit is clamped and the answer says so).${perViewer}`,
        tags: ['features'],
        parameters: paramsOf(featureQuerySchema(def), 'query'),
        responses: { '200': { description: 'GeoJSON FeatureCollection with numberMatched, numberReturned and next/prev links', content: { 'application/geo+json': {} } }, ...errors },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kyrgyzstan infrastructure-advocacy map API', version: '0.1.0', license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes,
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            instance: { type: 'string' }, requestId: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { in: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
