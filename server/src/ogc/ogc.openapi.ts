// OpenAPI paths of the OGC API - Features facade (/ogc).
const json = (description: string) => ({ description, content: { 'application/json': {} } });
const geo = (description: string) => ({ description, content: { 'application/geo+json': {} } });
const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': {} } };
const common = [
  { name: 'f', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'geojson'] } },
  { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['ky', 'ru', 'en'] }, description: 'language of titles' },
];
const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' }, description: 'a layer id from /api/layers, or annotations' };

export function ogcPaths(): Record<string, unknown> {
  return {
    '/ogc': { get: { tags: ['ogc'], summary: 'OGC API - Features landing page (add this URL in QGIS as an "OGC API - Features" connection)', parameters: common, responses: { '200': json('Landing page'), '400': problem } } },
    '/ogc/conformance': { get: { tags: ['ogc'], summary: 'Conformance classes: Core, GeoJSON, OpenAPI', parameters: common, responses: { '200': json('conformsTo'), '400': problem } } },
    '/ogc/collections': { get: { tags: ['ogc'], summary: 'The layers and the annotations as collections, with their extents', parameters: common, responses: { '200': json('Collections'), '400': problem } } },
    '/ogc/collections/{collectionId}': { get: { tags: ['ogc'], summary: 'One collection', parameters: [collectionId, ...common], responses: { '200': json('Collection'), '404': problem } } },
    '/ogc/collections/{collectionId}/items': { get: {
      tags: ['ogc'], summary: 'Features (bbox, limit, offset, and the same attribute filters as /api/layers/{layer}/features or /api/annotations); annotations follow the visibility rule (public: published only)',
      parameters: [collectionId, ...common, { name: 'bbox', in: 'query', required: false, schema: { type: 'string' } }, { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }, { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
      responses: { '200': geo('FeatureCollection with numberMatched, numberReturned and next links'), '400': problem, '404': problem } } },
    '/ogc/collections/{collectionId}/items/{featureId}': { get: { tags: ['ogc'], summary: 'One feature', parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, ...common], responses: { '200': geo('Feature'), '400': problem, '404': problem } } },
  };
}
