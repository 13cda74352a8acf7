// OpenAPI paths of /api/decisions, /api/commitments and /api/progress-updates, generated from the schemas
// that validate the requests.
import { cookie, csrf, json, ok, p, params } from '../openapi/parts.js';
import { PhotoGetQuery, PhotoUploadQuery } from '../photos/photos.schema.js';
import {
  AsOfQuery, CommitmentInput, CommitmentPatch, DecisionCreate, DecisionListQuery, DecisionPatch, IdParams, PhotoParams, UpdateCreate, VerificationPut,
} from './commitments.schema.js';

const T = ['commitments'];
const body = (s: Parameters<typeof json>[0]) => ({ required: true, content: { 'application/json': { schema: json(s) } } });
const VIS = ' A draft decision (and everything under it) is seen only by its organisation and the organisations its campaign is shared with (404 for anyone else).';
const STATUS = ' Each commitment’s status (not_started, on_track, at_risk, late, done, broken) is computed at as_of (today in Kyrgyzstan by default) from its due date, a straight-line plan from baseline to target and its progress updates.';
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag you last read ("v3"); 428 without, 412 when stale.' };
const idem = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' }, description: 'A retried create with the same key and body answers the first answer.' };

export function commitmentsPaths(): Record<string, unknown> {
  const id = params(IdParams, 'path');
  const asOf = params(AsOfQuery, 'query');
  return {
    '/api/decisions': {
      get: { tags: T, summary: `Council decisions you may see, with counts by status and indicator totals.${VIS}${STATUS}`, parameters: params(DecisionListQuery, 'query'), responses: { '200': ok('DecisionList (server/src/commitments/commitments.types.ts)'), ...p('400') } },
      post: { tags: T, summary: 'Record a decision of your campaign (a council resolution, an adopted policy or an action plan) with its commitments inline. Advocates and admins of the campaign’s organisation.', parameters: [csrf, idem], security: cookie, requestBody: body(DecisionCreate), responses: { '201': ok('DecisionDetail (Location, ETag)'), ...p('400', '401', '403') } },
    },
    '/api/decisions/{id}': {
      get: { tags: T, summary: `A decision with its commitments, their statuses, progress updates with evidence, links and verifications.${VIS}${STATUS}`, parameters: [...id, ...asOf], responses: { '200': ok('DecisionDetail (ETag)'), ...p('400', '404') } },
      patch: { tags: T, summary: 'Correct a decision or publish it (status: published).', parameters: [...id, ifMatch, csrf], security: cookie, requestBody: body(DecisionPatch), responses: { '200': ok('DecisionDetail'), ...p('400', '401', '403', '404', '412', '428') } },
      delete: { tags: T, summary: 'Delete a draft decision (a published one is kept as the record: 409).', parameters: [...id, ifMatch, csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404', '409', '412', '428') } },
    },
    '/api/decisions/{id}/commitments.geojson': { get: { tags: T, summary: `The decision’s commitments on the map, coloured by status: own geometry, else the linked features and annotations.${VIS}`, parameters: [...id, ...asOf], responses: { '200': ok('CommitmentsGeoJson'), ...p('400', '404') } } },
    '/api/decisions/{id}/commitments': { post: { tags: T, summary: 'Add a commitment: what is promised, by whom, by when, with an indicator from baseline to target; where (geometry or links).', parameters: [...id, csrf, idem], security: cookie, requestBody: body(CommitmentInput), responses: { '201': ok('Commitment'), ...p('400', '401', '403', '404') } } },
    '/api/commitments/{id}': {
      get: { tags: T, summary: `A commitment with its status and updates.${VIS}${STATUS}`, parameters: [...id, ...asOf], responses: { '200': ok('Commitment (ETag)'), ...p('400', '404') } },
      patch: { tags: T, summary: 'Correct a commitment.', parameters: [...id, ifMatch, csrf], security: cookie, requestBody: body(CommitmentPatch), responses: { '200': ok('Commitment'), ...p('400', '401', '403', '404', '412', '428') } },
      delete: { tags: T, summary: 'Delete a commitment (not one of a published decision with progress reported: 409).', parameters: [...id, ifMatch, csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404', '409', '412', '428') } },
    },
    '/api/commitments/{id}/updates': { post: { tags: T, summary: 'Report progress: the indicator’s value on a date and/or text and document links; source monitor (the CSO) or official. Members of the campaign’s organisation and of the organisations it is shared with.', parameters: [...id, csrf, idem], security: cookie, requestBody: body(UpdateCreate), responses: { '201': ok('ProgressUpdate'), ...p('400', '401', '403', '404') } } },
    '/api/commitments/{id}/reopen-annotations': { post: { tags: T, summary: 'A broken commitment reopens its linked annotations (planned, resolved or rejected ones); each annotation’s history names the commitment.', parameters: [...id, csrf], security: cookie, responses: { '200': ok('ReopenAnswer'), ...p('401', '403', '404', '409') } } },
    '/api/progress-updates/{id}': {
      get: { tags: T, summary: `A progress update.${VIS}`, parameters: id, responses: { '200': ok('ProgressUpdate'), ...p('400', '404') } },
      delete: { tags: T, summary: 'Remove a progress update (its poster, or the campaign’s advocates and admins).', parameters: [...id, csrf], security: cookie, responses: { '204': { description: 'Removed' }, ...p('401', '403', '404') } },
    },
    '/api/progress-updates/{id}/photos': { post: { tags: T, summary: 'Add an evidence photo (the image itself as the body: JPEG, PNG or WebP; re-encoded without metadata).', parameters: [...id, ...params(PhotoUploadQuery, 'query'), csrf, idem], security: cookie, requestBody: { required: true, content: { 'image/jpeg': {}, 'image/png': {}, 'image/webp': {} } }, responses: { '201': ok('ProgressUpdate'), ...p('400', '401', '403', '404', '409', '413', '415') } } },
    '/api/progress-updates/{id}/photos/{photoId}': { get: { tags: T, summary: 'An evidence photo (JPEG) or its thumbnail', parameters: [...params(PhotoParams, 'path'), ...params(PhotoGetQuery, 'query')], responses: { '200': { description: 'image/jpeg' }, ...p('404') } } },
    '/api/progress-updates/{id}/verification': { put: { tags: T, summary: 'Confirm or dispute an update, as a member of another organisation the campaign is shared with.', parameters: [...id, csrf], security: cookie, requestBody: body(VerificationPut), responses: { '200': ok('ProgressUpdate'), ...p('400', '401', '403', '404') } } },
    '/api/campaigns/{id}/tracker': { get: { tags: T, summary: `The campaign’s decisions with their commitments, counts by status and indicator totals.${VIS}${STATUS}`, parameters: [...id, ...asOf], responses: { '200': ok('CampaignTracker'), ...p('400', '404') } } },
    '/api/campaigns/{id}/commitments.geojson': { get: { tags: T, summary: `The campaign’s commitments on the map, coloured by status.${VIS}`, parameters: [...id, ...asOf], responses: { '200': ok('CommitmentsGeoJson'), ...p('400', '404') } } },
  };
}
