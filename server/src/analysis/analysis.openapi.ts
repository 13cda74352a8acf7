// OpenAPI paths of the gap analysis, generated from the zod schemas that validate the requests.
import { z } from 'zod';
import { CSRF_HEADER } from '../auth/session.js';
import { CanalsBody, CanalsQuery, CoverageBody, CoverageQuery, FiguresBody, FiguresQuery, UnservedBody, UnservedQuery, WhatIfBody } from './analysis.schema.js';

type Param = { name: string; in: 'query' | 'header'; required: boolean; description?: string; schema: unknown };
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function queryParams(schema: z.ZodType): Param[] {
  const s = json(schema) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: 'query', required: (s.required ?? []).includes(name), ...(p.description ? { description: p.description } : {}), schema: p }));
}

const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const errors = {
  '400': { ...problem, description: 'Invalid parameter or body: unknown facility kind, threshold ≤ 0 or > 200 km, area invalid (the ST_IsValidReason is in detail), larger than Kyrgyzstan or outside it' },
  '404': { ...problem, description: 'The campaign does not exist or is not visible to you' },
  '503': { ...problem, description: 'The analysis ran longer than ANALYSIS_STATEMENT_TIMEOUT_MS (server database) and was stopped, or the database is unreachable' },
};
const csrf: Param = { name: CSRF_HEADER, in: 'header', required: true, description: 'csrfToken from GET /api/auth/session (every POST under /api)', schema: { type: 'string' } };
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
const ok = (description: string) => ({ description, content: { 'application/json': {} } });

const COMMON = 'Every answer carries `area` (what it is about), `method` (the rule, in ky/ru/en), `sentences` (ready text in ky/ru/en with the numbers, provenance and assumptions of each) and `provenance` (input rows per provenance class, datasets with attribution, notices to print).';

export function analysisPaths(): Record<string, unknown> {
  const pair = (summary: string, query: z.ZodType, post: z.ZodType, answer: string) => ({
    get: { tags: ['analysis'], summary, description: `${COMMON} The area: project, bbox or campaign (none: the whole country).`, parameters: queryParams(query), responses: { '200': ok(answer), ...errors } },
    post: { tags: ['analysis'], summary: `${summary} (the area may be a drawn GeoJSON Polygon/MultiPolygon in \`area\`)`, description: `${COMMON} Nothing is stored.`, parameters: [csrf], requestBody: body(post), responses: { '200': ok(answer), ...errors, '403': problem } },
  });
  return {
    '/api/analysis': { get: { tags: ['analysis'], summary: 'What the gap analysis offers and assumes: facility kinds and default radii, network sources, unit costs, defaults, method texts, notices', responses: { '200': ok('Description') } } },
    '/api/analysis/coverage': pair(
      'Service coverage of a facility kind: each settlement\'s nearest facility (geodesic metres), covered or not, totals and per municipality, the dissolved coverage area (GeoJSON Feature)',
      CoverageQuery, CoverageBody, 'Coverage: totals, municipalities, settlements (paged), coverage, sentences, provenance'),
    '/api/analysis/unserved': pair(
      'Settlements without water, electricity or road (none and partial separately): nearest serving network element, households, connection cost estimate (assumed unit cost per km)',
      UnservedQuery, UnservedBody, 'Per service: status counts, none/partial sums, settlements with nearest element and cost'),
    '/api/analysis/canals': pair(
      'Canal network gaps: km by condition and class, components (ST_ClusterDBSCAN with a snapping tolerance), intakes, dangling ends, segments without a main canal, settlements far from a functioning canal, public reports of drinking water used for irrigation',
      CanalsQuery, CanalsBody, 'Lengths, connectivity, far settlements, annotation summary'),
    '/api/analysis/figures': pair(
      'Key numbers of an area or campaign for a council slide, with ready sentences in ky/ru/en',
      FiguresQuery, FiguresBody, 'Population, services, coverage per kind, canals, reports, sentences'),
    '/api/analysis/what-if': {
      post: {
        tags: ['analysis'],
        summary: 'Figures before and after a proposal that is NOT saved: a facility (point + kind), a network extension (line + service) or a canal repair (canal ids → good)',
        description: `${COMMON} The proposal goes through the same SQL as the real analysis, as bound GeoJSON.`,
        parameters: [csrf], requestBody: body(WhatIfBody), responses: { '200': ok('before, after, change, changedSettlements, sentences'), ...errors, '403': problem },
      },
    },
  };
}
