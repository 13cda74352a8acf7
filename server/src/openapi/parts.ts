// Pieces the modules' *.openapi.ts files build their paths from: problem answers, the CSRF header, the
// session cookie, and parameters and bodies generated from the zod schemas that validate the requests.
import { z } from 'zod';
import { CSRF_HEADER } from '../auth/session.js';

export type Param = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: unknown };
const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
/** Problem answers for these status codes. */
export const p = (...codes: string[]) => Object.fromEntries(codes.map((c) => [c, problem]));
export const ok = (description: string, type = 'application/json') => ({ description, content: { [type]: {} } });
export const csrf: Param = { name: CSRF_HEADER, in: 'header', required: true, description: 'csrfToken from GET /api/auth/session', schema: { type: 'string' } };
export const cookie = [{ session: [] }];
/** A request schema as JSON Schema (what the client sends: defaults may be left out). */
export const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
/** The properties of an object schema as path or query parameters. */
export const params = (s: z.ZodType, where: 'path' | 'query'): Param[] => {
  const j = json(s);
  return Object.entries(j.properties ?? {}).map(([name, schema]) => ({ name, in: where, required: where === 'path' || (j.required ?? []).includes(name), schema }));
};
