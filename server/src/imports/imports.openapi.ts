// OpenAPI paths of imports and organisation layers, generated from the schemas that validate the requests.
import { CommitBody } from '../complete-areas/complete-areas.schema.js';
import { cookie, csrf, json, ok, p, params } from '../openapi/parts.js';
import { ImportParams, ListQuery, MappingBody, OrgLayerParams, OrgLayerPatch, PreviewQuery, SuggestQuery, UploadQuery } from './imports.schema.js';

const id = params(ImportParams, 'path');
const VIEW = 'The import: {id, status, filename, size, sha256, detection (format, layers with fields, CRS, encoding, count, extent), mapping, report, result, progress, …}';

export function importsPaths(): Record<string, unknown> {
  return {
    '/api/imports': {
      post: {
        tags: ['imports'],
        summary: 'Upload a file to import: GeoJSON, NDJSON, KML, KMZ, GPX, CSV, a zipped Shapefile or a GeoPackage — the file itself as the body with ?filename=, or multipart/form-data with the field "file". The format is found from the content; larger than IMPORT_MAX_MB → 413 before the body is read; hostile archives and XML entities → 400; not a geographic file → 415. Nothing is stored in a layer yet.',
        parameters: [...params(UploadQuery, 'query'), csrf], security: cookie,
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } },
        responses: { '201': ok(VIEW), ...p('400', '401', '403', '413', '415') },
      },
      get: { tags: ['imports'], summary: "Your organisation's imports, newest first: who, when, file, hash, counts, mapping, status", parameters: params(ListQuery, 'query'), security: cookie, responses: { '200': ok('{imports: [...]}'), ...p('400', '401') } },
    },
    '/api/imports/{id}': {
      get: { tags: ['imports'], summary: 'One import: detection, mapping, validation report, result, progress while committing', parameters: id, security: cookie, responses: { '200': ok(VIEW), ...p('401', '404') } },
      delete: { tags: ['imports'], summary: 'Before the commit: discard the import and its file. After: undo it as a whole — the rows it added are removed and the rows it replaced come back (one transaction).', parameters: [...id, csrf], security: cookie, responses: { '204': { description: 'Discarded or undone' }, ...p('401', '403', '404', '409') } },
    },
    '/api/imports/{id}/preview': {
      get: { tags: ['imports'], summary: "The file's features in EPSG:4326 as GeoJSON (id = the feature's number in the file), with another layer, encoding or CRS if asked", parameters: [...id, ...params(PreviewQuery, 'query')], security: cookie, responses: { '200': ok('FeatureCollection', 'application/geo+json'), ...p('400', '401', '404', '409') } },
    },
    '/api/imports/{id}/suggestions': {
      get: { tags: ['imports'], summary: "For a shared layer: which source column fits each attribute, and the enum value each sample value stands for", parameters: [...id, ...params(SuggestQuery, 'query')], security: cookie, responses: { '200': ok('{target, fields: [{attribute, source, values}]}'), ...p('400', '401', '404') } },
    },
    '/api/imports/{id}/mapping': {
      put: {
        tags: ['imports'],
        summary: 'Choose the target (a new organisation layer, or — admins — a shared layer, appended or replacing one dataset), the field mapping and the provenance. Every feature is read, mapped and judged by PostGIS; the answer carries the validation report (invalid geometry with its reason, repaired if asked; outside the service region; wrong geometry type; duplicate refs; missing and bad values), feature by feature.',
        parameters: [...id, csrf], security: cookie,
        requestBody: { required: true, content: { 'application/json': { schema: json(MappingBody) } } },
        responses: { '200': ok(VIEW), ...p('400', '401', '403', '404', '409') },
      },
    },
    '/api/imports/{id}/commit': {
      post: {
        tags: ['imports'],
        summary: 'Store the mapped features in one transaction (all or nothing). With Idempotency-Key, a repeated request answers the same result (Idempotent-Replayed: true) instead of storing twice. 409 while features have problems (unless skipInvalid).',
        parameters: [...id, csrf, { name: 'Idempotency-Key', in: 'header', required: false, description: 'a unique key for this commit (a UUID)', schema: { type: 'string', maxLength: 200 } }],
        requestBody: { required: false, description: 'Optional. completeArea (shared layers the analyses use: facilities, canals, power_lines, water_mains, roads): where the data is complete — {type: "extent", bufferM} the convex hull of the features buffered (default 1000 m), {type: "polygon", geometry}, {type: "municipalities", names}, or {type: "none"}; for facilities one area per kind in the import (or per kinds given). Without it nothing is declared: outside a declared area the analyses give no verdict from this data. A replacing import replaces the dataset\'s declarations for the layer; an undo removes what it declared and brings those back.', content: { 'application/json': { schema: json(CommitBody) } } },
        security: cookie, responses: { '200': ok(`${VIEW}; result {layer, inserted, replaced}`), ...p('400', '401', '403', '404', '409') },
      },
    },
    '/api/organisation-layers/{id}': {
      patch: {
        tags: ['organisation layers'], summary: "Publish or withdraw an organisation layer, change its title or style (its organisation's advocates and admins)",
        parameters: [...params(OrgLayerParams, 'path'), csrf], security: cookie,
        requestBody: { required: true, content: { 'application/json': { schema: json(OrgLayerPatch) } } },
        responses: { '204': { description: 'Changed' }, ...p('400', '401', '403', '404') },
      },
      delete: { tags: ['organisation layers'], summary: 'Delete an organisation layer (its organisation\'s advocates and admins)', parameters: [...params(OrgLayerParams, 'path'), csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404') } },
    },
  };
}
