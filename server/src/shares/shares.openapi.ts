// OpenAPI paths of share links, generated from the schemas that validate the requests.
import { z } from 'zod';
import { CSRF_HEADER } from '../auth/session.js';
import { ShareLinkCreate } from './shares.schema.js';

type Param = { name: string; in: 'path' | 'header'; required: boolean; description?: string; schema: unknown };
const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const p = (...codes: string[]) => Object.fromEntries(codes.map((c) => [c, problem]));
const ok = (description: string) => ({ description, content: { 'application/json': {} } });
const html = (description: string) => ({ description, content: { 'text/html': {} } });
const id: Param = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const linkId: Param = { name: 'linkId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const token: Param = { name: 'token', in: 'path', required: true, description: 'the share token (43 characters, base64url)', schema: { type: 'string' } };
const csrf: Param = { name: CSRF_HEADER, in: 'header', required: true, description: 'csrfToken from GET /api/auth/session', schema: { type: 'string' } };
const cookie = [{ session: [] }];
const GONE = 'Unknown, revoked or expired: the same answer for all three';

export function sharesPaths(): Record<string, unknown> {
  return {
    '/api/campaigns/{id}/share-links': {
      post: {
        tags: ['share links'], summary: "Create a read-only share link for the campaign's map (its organisation's advocates and admins). The token is in this answer only; the server keeps its SHA-256.",
        parameters: [id, csrf], security: cookie,
        requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(ShareLinkCreate, { io: 'input', unrepresentable: 'any' }) } } },
        responses: { '201': ok('{id, token, url, embedUrl, embedHtml, label, expiresAt, createdAt, revokedAt}'), ...p('400', '401', '403', '404') },
      },
      get: { tags: ['share links'], summary: "The campaign's share links (without tokens): label, dates, active", parameters: [id], security: cookie, responses: { '200': ok('{links: [...]}'), ...p('401', '403', '404') } },
    },
    '/api/campaigns/{id}/share-links/{linkId}': {
      delete: { tags: ['share links'], summary: 'Revoke a share link (at once; a second revoke changes nothing)', parameters: [id, linkId, csrf], security: cookie, responses: { '204': { description: 'Revoked' }, ...p('401', '403', '404') } },
    },
    '/api/shares/{token}': {
      get: {
        tags: ['share links'], summary: 'What a share link shows: the campaign (title, description, target council, organisation, area, bbox, layers) and its published annotations (no people)',
        parameters: [token], responses: { '200': ok('{campaign, annotations (FeatureCollection), expiresAt}'), '404': { ...problem, description: GONE } },
      },
    },
    '/s/{token}': { get: { tags: ['share links'], summary: 'The shared map page (the web app with Open Graph tags); Cache-Control: no-store, Referrer-Policy: no-referrer', parameters: [token], responses: { '200': html('The page'), '404': html(`${GONE}: a short page in ky, ru and en`) } } },
    '/s/{token}/embed': { get: { tags: ['share links'], summary: 'The shared map for an <iframe> on any site (Content-Security-Policy frame-ancestors *; no X-Frame-Options); the page has <meta name="kg-embed" content="1">', parameters: [token], responses: { '200': html('The page'), '404': html(GONE) } } },
    '/s/{token}/og.png': { get: { tags: ['share links'], summary: 'The preview image (1200×630 PNG) named in og:image', parameters: [token], responses: { '200': { description: 'PNG', content: { 'image/png': {} } }, '404': html(GONE) } } },
  };
}
