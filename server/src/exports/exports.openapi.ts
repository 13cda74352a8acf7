// OpenAPI paths of the map and brief exports, generated from the zod schemas that validate them.
import { z } from 'zod';
import { CSRF_HEADER } from '../auth/session.js';
import { BriefPngQuery, BriefQuery, MapQuery } from './exports.schema.js';

type Param = { name: string; in: 'query' | 'header' | 'path'; required: boolean; description?: string; schema: unknown };
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };

function queryParams(schema: z.ZodType): Param[] {
  const s = json(schema);
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: 'query', required: (s.required ?? []).includes(name), ...(p.description ? { description: p.description } : {}), schema: p }));
}

const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const errors = {
  '400': { ...problem, description: 'Unknown paper, orientation, language, format, layer or dpi; campaign and bbox both or neither; bbox outside Kyrgyzstan; text too long' },
  '404': { ...problem, description: 'The campaign does not exist or is not visible to you' },
};
const csrf: Param = { name: CSRF_HEADER, in: 'header', required: true, description: 'csrfToken from GET /api/auth/session (every POST under /api)', schema: { type: 'string' } };
const format: Param = { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['pdf', 'png', 'svg'] } };
const files = (types: string[]) => ({ description: 'The file (Content-Disposition attachment, or inline with inline=1)', content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: { type: 'object', properties: json(schema).properties ?? {}, additionalProperties: false, description: 'The query fields as JSON (lists may be arrays, flags booleans)' } } } });

const MAP = 'The advocacy map: title, subtitle, organisation, date; the map (basemap, the chosen layers with the web map\'s styles, annotations visible to the caller with numbered markers, scale bar true at the map\'s latitude, north arrow); inset locator map; legend of what is shown; sources and licences; an illustrative-data notice when illustrative features are shown; a footer with a link and QR code to the live map. PDF: vectors and selectable text with embedded Noto Sans; PNG at 150 or 300 dpi; SVG.';
const BRIEF = 'The council brief: page 1 the map; page 2 the gap-analysis figures for the campaign area (table, bar chart of canal length by condition, key sentences, data notices) and the numbered problems (title, category, severity, status, people affected); then a "Budget and gaps" section for each municipality with a budget of the campaign you may see (charts, villages table, ready sentences; flagged when its figures are illustrative); then the recommendations (the campaign\'s, or `recommendations`), paginated; page numbers.';

export function exportsPaths(): Record<string, unknown> {
  return {
    '/api/exports/map.{format}': {
      get: { tags: ['exports'], summary: 'Advocacy map as PDF, PNG or SVG (A4/A3, portrait/landscape, ky/ru/en)', description: MAP, parameters: [format, ...queryParams(MapQuery)], responses: { '200': files(['application/pdf', 'image/png', 'image/svg+xml']), ...errors } },
      post: { tags: ['exports'], summary: 'Advocacy map (the same fields as a JSON body, for long titles)', description: MAP, parameters: [format, csrf], requestBody: body(MapQuery), responses: { '200': files(['application/pdf', 'image/png', 'image/svg+xml']), ...errors, '403': problem } },
    },
    '/api/exports/brief.pdf': {
      get: { tags: ['exports'], summary: 'Council brief (multi-page PDF in ky, ru or en)', description: BRIEF, parameters: queryParams(BriefQuery), responses: { '200': files(['application/pdf']), ...errors } },
      post: { tags: ['exports'], summary: 'Council brief (the same fields as a JSON body, for long recommendations)', description: BRIEF, parameters: [csrf], requestBody: body(BriefQuery), responses: { '200': files(['application/pdf']), ...errors, '403': problem } },
    },
    '/api/exports/brief.png': {
      get: { tags: ['exports'], summary: 'One page of the council brief as a PNG (page=1 the map)', description: BRIEF, parameters: queryParams(BriefPngQuery), responses: { '200': files(['image/png']), ...errors } },
    },
  };
}
