// OpenAPI paths of the budget print routes (budgets-print.routes.ts), from the schemas that validate them.
import { z } from 'zod';
import { TableQuery } from './budgets.schema.js';
import { HearingPackQuery } from './budgets-print.schema.js';

type Param = { name: string; in: 'query' | 'path'; required: boolean; description?: string; schema: unknown };
export function queryParams(schema: z.ZodType): Param[] {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: 'query' as const, required: (s.required ?? []).includes(name), ...(p.description ? { description: p.description } : {}), schema: p }));
}
const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const id: Param = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const files = (types: string[]) => ({ description: 'The file (Content-Disposition: attachment; PNG inline)', content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) });
const errors = {
  '400': { ...problem, description: 'Unknown format, language, paper, orientation or page; unknown parameters' },
  '404': { ...problem, description: 'The budget document does not exist or is not visible to you' },
};

export function budgetsPrintPaths(): Record<string, unknown> {
  return {
    '/api/budgets/{id}/hearing-pack': {
      get: {
        tags: ['budgets'], summary: 'Budget hearing pack: the proposed budget set against the mapped gaps (PDF, or one page as PNG)',
        description: 'Page 1: a map of the municipality\'s villages coloured by the people without the service the capital lines serve, with the mapped problems; then the "Budget and gaps" pages (charts, villages table, ready sentences), the proposed capital lines with the villages they go to and the people without the service there, the fair-share page, and the sources and provenance page. Every page that uses illustrative figures says so.',
        parameters: [id, ...queryParams(HearingPackQuery)], responses: { '200': files(['application/pdf', 'image/png']), ...errors },
      },
    },
    '/api/budgets/{id}/table': {
      get: {
        tags: ['budgets'], summary: 'The villages table of the budget analysis as CSV or XLSX',
        description: 'XLSX: sheets Villages (header frozen; amounts #,##0, shares 0.0%), Lines (the document\'s lines) and Sources (provenance, licence, the illustrative notice). CSV: the villages, UTF-8 with BOM; ky/ru separated by ";" with "," as the decimal mark, en by "," with ".". Headers in the asked language. Filename budget-{municipality}-{year}-{phase}.{format}.',
        parameters: [id, ...queryParams(TableQuery)], responses: { '200': files(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']), ...errors },
      },
    },
  };
}
