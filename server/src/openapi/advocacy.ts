// OpenAPI paths of accounts, campaigns, annotations, comments, history, timeline, the annotations
// map layer and council statistics — generated from the zod schemas that validate the requests.
import { z } from 'zod';
import { LoginBody, PasswordBody, ProfileBody } from '../auth/auth.schema.js';
import { CSRF_HEADER } from '../auth/session.js';
import { AnnotationCreate, AnnotationPatch, AnnotationQuery, CommentCreate, ReviewChange, StatusChange } from '../annotations/annotations.schema.js';
import { CampaignCreate, CampaignPatch, CampaignQuery } from '../campaigns/campaigns.schema.js';
import { ResponseTimesQuery } from '../councils/councils.schema.js';
import { PHOTO_TYPES, PhotoGetQuery, PhotoUploadQuery } from '../photos/photos.schema.js';

type Param = { name: string; in: 'query' | 'path' | 'header'; required: boolean; description?: string; schema: unknown };

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function queryParams(schema: z.ZodType): Param[] {
  const s = json(schema) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: 'query', required: (s.required ?? []).includes(name), ...(p.description ? { description: p.description } : {}), schema: p }));
}

const problem = { description: 'Problem details (RFC 9457); `type` is stable (/problems/…), `detail` says what to do', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const p = (...codes: string[]) => Object.fromEntries(codes.map((c) => [c, problem]));
const body = (schema: z.ZodType, type = 'application/json') => ({ required: true, content: { [type]: { schema: json(schema) } } });
const geo = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/geo+json': {} } });
const ok = (description: string) => ({ description, content: { 'application/json': {} } });

const id: Param = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const photoId: Param = { name: 'photoId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const commentId: Param = { name: 'commentId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const ifMatch: Param = { name: 'If-Match', in: 'header', required: true, description: 'The ETag of the version you last read, e.g. "v3". Missing → 428; stale → 412 with currentVersion and current.', schema: { type: 'string' } };
const csrf: Param = { name: CSRF_HEADER, in: 'header', required: true, description: 'csrfToken from GET /api/auth/session (every POST/PATCH/DELETE); missing or wrong → 403', schema: { type: 'string' } };
const etag = { ETag: { description: 'The version, "v<n>": send it back in If-Match', schema: { type: 'string' } } };
const cookie = [{ session: [] }, {}];

export function advocacyPaths(): Record<string, unknown> {
  return {
    '/api/auth/session': { get: { tags: ['auth'], summary: 'Who is signed in (or not), the CSRF token to send in X-CSRF-Token, demo: true when the demo data (with public demo accounts) is loaded', responses: { '200': ok('Session description') } } },
    '/api/auth/login': { post: { tags: ['auth'], summary: 'Sign in (argon2id); starts a new server-side session (HttpOnly cookie) with a new CSRF token. Rate-limited per account and address.', parameters: [csrf], requestBody: body(LoginBody), responses: { '200': ok('Session description (authenticated)'), ...p('400', '401', '403', '429') } } },
    '/api/auth/logout': { post: { tags: ['auth'], summary: 'Sign out: the session ends in the database; answers a fresh anonymous session description', parameters: [csrf], responses: { '200': ok('Session description (anonymous)'), ...p('403') } } },
    '/api/auth/password': { post: { tags: ['auth'], summary: 'Change the password (needs the current one); ends every other session and rotates this one', parameters: [csrf], security: cookie, requestBody: body(PasswordBody), responses: { '200': ok('Session description with a new CSRF token'), ...p('400', '401', '403', '429') } } },
    '/api/auth/profile': { patch: { tags: ['auth'], summary: 'Display name; whether others may see it (otherwise only the organisation is shown)', parameters: [csrf], security: cookie, requestBody: body(ProfileBody), responses: { '200': ok('Session description'), ...p('400', '401', '403') } } },
    '/api/organisations': { get: { tags: ['campaigns'], summary: 'Organisations (names and kind only)', responses: { '200': ok('Organisations') } } },
    '/api/campaigns': {
      get: { tags: ['campaigns'], summary: 'Campaigns you may see, as GeoJSON (geometry = area of interest)', parameters: queryParams(CampaignQuery), responses: { '200': geo('FeatureCollection'), ...p('400') } },
      post: { tags: ['campaigns'], summary: 'Create a campaign of your organisation (advocates, admins)', parameters: [csrf], security: cookie, requestBody: body(CampaignCreate, 'application/geo+json'), responses: { '201': geo('The campaign', etag), ...p('400', '401', '403') } },
    },
    '/api/campaigns/{id}': {
      get: { tags: ['campaigns'], summary: 'One campaign', parameters: [id], responses: { '200': geo('Feature', etag), ...p('400', '404') } },
      patch: { tags: ['campaigns'], summary: 'Change a campaign (area, titles, description, target council, status, sharing)', parameters: [id, ifMatch, csrf], security: cookie, requestBody: body(CampaignPatch, 'application/geo+json'), responses: { '200': geo('Feature', etag), ...p('400', '401', '403', '404', '409', '412', '428') } },
    },
    '/api/campaigns/{id}/history': { get: { tags: ['campaigns'], summary: 'Every change: who, when, before and after', parameters: [id], responses: { '200': ok('History'), ...p('404') } } },
    '/api/annotations': {
      get: { tags: ['annotations'], summary: 'Annotations you may see (public: published and later stages), newest change first', parameters: queryParams(AnnotationQuery), responses: { '200': geo('FeatureCollection with numberMatched and next/prev links'), ...p('400', '403') } },
      post: { tags: ['annotations'], summary: 'Create an annotation (a GeoJSON Feature: Point, LineString or Polygon) in a campaign of your organisation; starts as draft', parameters: [csrf], security: cookie, requestBody: body(AnnotationCreate, 'application/geo+json'), responses: { '201': geo('The annotation (Location header)', etag), ...p('400', '401', '403', '409') } },
    },
    '/api/annotations/{id}': {
      get: { tags: ['annotations'], summary: 'One annotation; properties.permissions lists what you may do with it', parameters: [id], responses: { '200': geo('Feature', etag), ...p('400', '404') } },
      patch: { tags: ['annotations'], summary: 'Change text, fields or geometry (the owning organisation\'s advocates and admins)', parameters: [id, ifMatch, csrf], security: cookie, requestBody: body(AnnotationPatch, 'application/geo+json'), responses: { '200': geo('Feature', etag), ...p('400', '401', '403', '404', '412', '428') } },
      delete: { tags: ['annotations'], summary: 'Soft delete (restorable); answers the deleted annotation with its new ETag', parameters: [id, ifMatch, csrf], security: cookie, responses: { '200': geo('Feature (deleted: true)', etag), ...p('401', '403', '404', '412', '428') } },
    },
    '/api/annotations/{id}/restore': { post: { tags: ['annotations'], summary: 'Restore a deleted annotation (list them with ?deleted=true)', parameters: [id, ifMatch, csrf], security: cookie, responses: { '200': geo('Feature', etag), ...p('401', '403', '404', '412', '428') } } },
    '/api/annotations/{id}/status': { post: { tags: ['annotations'], summary: 'Move along the workflow: draft → published → submitted → response_recorded → planned → resolved; rejected; reopened', parameters: [id, ifMatch, csrf], security: cookie, requestBody: body(StatusChange), responses: { '200': geo('Feature', etag), ...p('400', '401', '403', '404', '409', '412', '428') } } },
    '/api/annotations/{id}/review': { post: { tags: ['annotations'], summary: 'Set the review status (engineers and admins of the owning or a sharing organisation)', parameters: [id, ifMatch, csrf], security: cookie, requestBody: body(ReviewChange), responses: { '200': geo('Feature', etag), ...p('400', '401', '403', '404', '412', '428') } } },
    '/api/annotations/{id}/comments': {
      get: { tags: ['annotations'], summary: 'Comments, oldest first', parameters: [id], responses: { '200': ok('Comments'), ...p('404') } },
      post: { tags: ['annotations'], summary: 'Comment (members of the owning organisation and of organisations the campaign is shared with)', parameters: [id, csrf], security: cookie, requestBody: body(CommentCreate), responses: { '201': ok('The comment'), ...p('400', '401', '403', '404') } },
    },
    '/api/annotations/{id}/comments/{commentId}': { delete: { tags: ['annotations'], summary: 'Delete a comment (its author, or an admin of the owning organisation); it stays in the timeline without its text', parameters: [id, commentId, csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404') } } },
    '/api/annotations/{id}/photos': { post: {
      tags: ['annotations'], summary: 'Add an evidence photo: the body is the image itself (JPEG, PNG or WebP, at most PHOTO_MAX_MB). It is decoded and re-encoded as JPEG (at most 2048 px) with no metadata; its GPS position is kept (as data, never in the file) only with keepLocation=true. An edit: needs If-Match; answers the annotation with its photos and new ETag.',
      parameters: [id, ifMatch, csrf, ...queryParams(PhotoUploadQuery)], security: cookie,
      requestBody: { required: true, content: Object.fromEntries(PHOTO_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) },
      responses: { '201': geo('The annotation (Location: the photo)', etag), ...p('400', '401', '403', '404', '409', '412', '413', '415', '428') } } },
    '/api/annotations/{id}/photos/{photoId}': {
      get: { tags: ['annotations'], summary: 'A photo (re-encoded JPEG) or, with size=thumb, its 320 px thumbnail; the same visibility as the annotation', parameters: [id, photoId, ...queryParams(PhotoGetQuery)], responses: { '200': { description: 'JPEG', content: { 'image/jpeg': {} } }, '304': { description: 'Not modified (ETag)' }, ...p('400', '404') } },
      delete: { tags: ['annotations'], summary: 'Remove a photo (an edit: If-Match); answers the annotation with its new ETag', parameters: [id, photoId, ifMatch, csrf], security: cookie, responses: { '200': geo('Feature', etag), ...p('401', '403', '404', '412', '428') } },
    },
    '/api/annotations/{id}/history': { get: { tags: ['annotations'], summary: 'Append-only history: who, when, action, state before and after', parameters: [id], responses: { '200': ok('History'), ...p('404') } } },
    '/api/annotations/{id}/timeline': { get: { tags: ['annotations'], summary: 'Comments, status changes, reviews and edits interleaved, oldest first', parameters: [id], responses: { '200': ok('Timeline'), ...p('404') } } },
    '/api/councils/response-times': { get: { tags: ['annotations'], summary: 'Per council: submissions, responses, pending, and days from submission to response (median, mean, min, max)', parameters: queryParams(ResponseTimesQuery), responses: { '200': ok('Councils'), ...p('400') } } },
  };
}

export const securitySchemes = {
  session: { type: 'apiKey', in: 'cookie', name: 'kg_session', description: 'Server-side session (HttpOnly; named __Host-kg_session over HTTPS). Every state-changing request also needs X-CSRF-Token.' },
};
