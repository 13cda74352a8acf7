// OpenAPI paths of /api/visits, generated from the schemas that validate the requests.
import { cookie, csrf, json, ok, p, params } from '../openapi/parts.js';
import { ChangesQuery, FormQuery, LatestQuery, PhotoGetQuery, PhotoParams, PhotoUploadQuery, VisitCreate, VisitListQuery, VisitParams, VisitPatch } from './visits.schema.js';

const T = ['visits'];
const body = (s: Parameters<typeof json>[0]) => ({ required: true, content: { 'application/json': { schema: json(s) } } });
const VIS = ' A draft visit is seen only by its organisation and the organisations its campaign is shared with (404 for anyone else).';
const ifMatch = { name: 'If-Match', in: 'header', required: true, description: 'The ETag of the visit you read ("v3")', schema: { type: 'string' } };
const SCORE = 'Score 0–100: yes = 1, partly = ½, no = 0, n/a left out; 100 × Σ weight·value ÷ Σ weight over the applicable items, rounded.';

export function visitsPaths(): Record<string, unknown> {
  const visit = params(VisitParams, 'path');
  return {
    '/api/visits/checklists': { get: { tags: T, summary: 'The monitoring checklists (current versions): per kind of place, sections and items in ky/ru/en with their weights', responses: { '200': ok('ChecklistList (server/src/visits/visits.types.ts)') } } },
    '/api/visits/form': { get: { tags: T, summary: 'What a visit form needs for one feature: the checklists that fit it, your organisation’s campaigns and their commitments', parameters: params(FormQuery, 'query'), security: cookie, responses: { '200': ok('VisitForm'), ...p('400', '401', '404') } } },
    '/api/visits': {
      get: { tags: T, summary: `Monitoring visits you may see, newest first, with the score and the score of the visit before.${VIS}`, parameters: params(VisitListQuery, 'query'), responses: { '200': ok('VisitList'), ...p('400') } },
      post: { tags: T, summary: `Record a visit in a campaign of your organisation: every item of the checklist answered yes, partly, no or na, with optional notes; the commitments it checks. ${SCORE} Not in the future.`, parameters: [csrf], security: cookie, requestBody: body(VisitCreate), responses: { '201': ok('VisitDetail (Location header)'), ...p('400', '401', '403') } },
    },
    '/api/visits/latest.geojson': { get: { tags: T, summary: `The latest visit per feature as points (score, band, change since the visit before) for the map.${VIS}`, parameters: params(LatestQuery, 'query'), responses: { '200': ok('LatestScores', 'application/geo+json'), ...p('400') } } },
    '/api/visits/changes': { get: { tags: T, summary: `Per facility and checklist of a campaign: its visits oldest first and the change between the last two (the monitoring report’s table).${VIS}`, parameters: params(ChangesQuery, 'query'), responses: { '200': ok('{changes: VisitChange[]}'), ...p('400', '404') } } },
    '/api/visits/{id}': {
      get: { tags: T, summary: `A visit with its answers, photos and the commitments it checks.${VIS}`, parameters: visit, responses: { '200': ok('VisitDetail (ETag)'), ...p('400', '404') } },
      patch: { tags: T, summary: 'Publish a visit (or set it back to draft) and change the commitments it checks. Answers are never rewritten: record a new visit.', parameters: [...visit, ifMatch, csrf], security: cookie, requestBody: body(VisitPatch), responses: { '200': ok('VisitDetail'), ...p('400', '401', '403', '404', '412', '428') } },
      delete: { tags: T, summary: 'Delete a draft visit', parameters: [...visit, ifMatch, csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404', '409', '412', '428') } },
    },
    '/api/visits/{id}/photos': {
      post: { tags: T, summary: 'Add a photo (JPEG, PNG or WebP as the body): re-encoded as JPEG without metadata, with a thumbnail; optionally of one item', parameters: [...visit, ...params(PhotoUploadQuery, 'query'), csrf], security: cookie,
        requestBody: { required: true, content: { 'image/jpeg': {}, 'image/png': {}, 'image/webp': {} } }, responses: { '201': ok('VisitDetail'), ...p('400', '401', '403', '404', '409', '413', '415') } },
    },
    '/api/visits/{id}/photos/{photoId}': { get: { tags: T, summary: `A visit photo (or ?size=thumb).${VIS}`, parameters: [...params(PhotoParams, 'path'), ...params(PhotoGetQuery, 'query')], responses: { '200': ok('The JPEG', 'image/jpeg'), ...p('400', '404') } } },
  };
}
