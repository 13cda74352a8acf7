// Query schema for the features endpoint, built from a layer's attribute list.
import { z } from 'zod';
import { LANGS, type LayerDef } from '../layers/types.js';
import { bboxParam, intString, numberString, safeText } from '../http/validate.js';
import { uuid } from '../http/fields.js';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export type AttributeFilter =
  | { kind: 'in'; column: string; values: string[]; cast?: 'int' }
  | { kind: 'eq'; column: string; value: string | boolean }
  | { kind: 'min' | 'max'; column: string; value: number };

export interface FeatureQuery {
  bbox?: [number, number, number, number];
  limit: number;
  requestedLimit?: number;
  offset: number;
  filters: AttributeFilter[];
}

const cache = new Map<string, z.ZodType>();

/** One zod object per layer: bbox, limit, offset and one parameter per filterable attribute; unknown keys rejected. */
export function featureQuerySchema(def: LayerDef) {
  const hit = cache.get(def.id);
  if (hit) return hit as z.ZodType<Record<string, unknown>>;
  const shape: Record<string, z.ZodTypeAny> = {
    bbox: bboxParam.optional(),
    limit: intString('limit', 1).optional(),
    offset: intString('offset', 0, 10_000_000).optional(),
  };
  for (const a of def.attributes.filter((x) => x.filter)) {
    const param = a.param ?? a.name;
    if (a.type === 'enum' || (a.type === 'integer' && a.values)) {
      // A list of allowed values (an enum, or whole numbers with named levels such as severity 1–5).
      const allowed = (a.values ?? []).map((v) => v.value);
      shape[param] = z
        .string()
        .transform((s) => s.split(','))
        .pipe(z.array(z.string().refine((v) => allowed.includes(v), { error: (iss) => `'${String(iss.input)}' is not allowed; use one or more of ${allowed.join(', ')} (comma-separated)` })).min(1))
        .optional()
        .describe(`${a.label.en}: one or more of ${allowed.join(', ')}, comma-separated`);
      continue;
    }
    switch (a.type) {
      case 'uuid':
        shape[param] = uuid(param).optional().describe(`${a.label.en} (id)`);
        break;
      case 'boolean':
        shape[param] = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').optional().describe(a.label.en);
        break;
      case 'integer':
      case 'number':
        shape[`${a.name}_min`] = numberString(`${a.name}_min`).optional().describe(`${a.label.en}, at least`);
        shape[`${a.name}_max`] = numberString(`${a.name}_max`).optional().describe(`${a.label.en}, at most`);
        break;
      default:
        shape[param] = safeText.optional().describe(`${a.label.en} (exact match)`);
    }
  }
  const schema = z.object(shape).strict();
  cache.set(def.id, schema);
  return schema as z.ZodType<Record<string, unknown>>;
}

export function toFeatureQuery(def: LayerDef, q: Record<string, unknown>): FeatureQuery {
  const filters: AttributeFilter[] = [];
  for (const a of def.attributes.filter((x) => x.filter)) {
    const v = q[a.param ?? a.name];
    if ((a.type === 'enum' || (a.type === 'integer' && a.values)) && v !== undefined) {
      filters.push({ kind: 'in', column: a.name, values: v as string[], ...(a.type === 'integer' ? { cast: 'int' as const } : {}) });
    } else if ((a.type === 'integer' || a.type === 'number')) {
      if (q[`${a.name}_min`] !== undefined) filters.push({ kind: 'min', column: a.name, value: q[`${a.name}_min`] as number });
      if (q[`${a.name}_max`] !== undefined) filters.push({ kind: 'max', column: a.name, value: q[`${a.name}_max`] as number });
    } else if (v !== undefined) filters.push({ kind: 'eq', column: a.name, value: v as string | boolean });
  }
  const requested = q.limit as number | undefined;
  return {
    bbox: q.bbox as FeatureQuery['bbox'],
    limit: Math.min(requested ?? DEFAULT_LIMIT, MAX_LIMIT),
    ...(requested !== undefined && requested > MAX_LIMIT ? { requestedLimit: requested } : {}),
    offset: (q.offset as number | undefined) ?? 0,
    filters,
  };
}

export const LayersQuery = z.object({ lang: z.enum(LANGS, { message: 'lang must be ky, ru or en' }).optional() }).strict();

const integerId = z.string().regex(/^\d{1,15}$/, 'id must be a positive whole number').transform(Number).pipe(z.number().int().min(1, 'id must be a positive whole number'));
export const FeatureIdParam = z.object({ layer: z.string(), id: integerId });

/** A feature id in a path: a whole number for the shared layers, a uuid for organisation-owned rows. */
export const featureIdParams = (def: LayerDef) => z.object({ id: def.rows?.idType === 'uuid' ? uuid('feature id') : integerId });
