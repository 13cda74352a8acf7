// OpenAPI paths of complete areas, generated from the schemas that validate the requests.
import { cookie, csrf, json, p, params } from '../openapi/parts.js';
import { CompleteAreaCreate, CompleteAreaParams, CompleteAreaQuery } from './complete-areas.schema.js';

const FC = 'FeatureCollection; each Feature: geometry a MultiPolygon or null (municipalities only), properties {id, dataset_id, dataset_title, layer, kind (null: every kind), municipalities, note, import_id, created_at}';

export function completeAreasPaths(): Record<string, unknown> {
  return {
    '/api/complete-areas': {
      get: {
        tags: ['complete areas'],
        summary: 'Where each dataset is complete, per layer and facility kind: inside the area every facility of the kind, every line of the network, is in the data; outside it the analyses say "no complete data for this area". A settlement is inside when its point on surface lies in the geometry or its municipality is listed. No row for a layer or kind: complete nowhere. kind= also returns the rows for every kind of the layer.',
        parameters: params(CompleteAreaQuery, 'query'),
        responses: { '200': { description: FC, content: { 'application/geo+json': {} } }, ...p('400') },
      },
      post: {
        tags: ['complete areas'],
        summary: 'Declare where a dataset is complete (admins): a polygon in the service region, municipalities (settlements.municipality values), or both. Nothing is stored on a problem.',
        parameters: [csrf], security: cookie,
        requestBody: { required: true, content: { 'application/json': { schema: json(CompleteAreaCreate) } } },
        responses: { '201': { description: 'The declared area as a Feature (Location header)', content: { 'application/geo+json': {} } }, ...p('400', '401', '403') },
      },
    },
    '/api/complete-areas/municipalities': {
      get: { tags: ['complete areas'], summary: 'The municipality names the settlements carry, with how many settlements each has: what a complete area may list', responses: { '200': { description: '{municipalities: [{name, settlements}]}', content: { 'application/json': {} } } } },
    },
    '/api/complete-areas/{id}': {
      delete: { tags: ['complete areas'], summary: 'Delete a declared complete area (admins)', parameters: [...params(CompleteAreaParams, 'path'), csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('400', '401', '403', '404') } },
    },
  };
}
