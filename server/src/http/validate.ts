// Request validation with zod. A failure is a value that becomes a 400 problem naming each bad field.
import { z } from 'zod';
import { HttpProblem } from './problem.js';

export function parseOr400<T extends z.ZodTypeAny>(schema: T, input: unknown, where: 'query' | 'path' | 'body'): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => {
    const name = i.path.filter((x) => typeof x === 'string').join('.') || (i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(', ') ?? '' : '');
    return { in: where, name, reason: i.message };
  });
  const detail = errors.map((e) => (e.name ? `${e.name}: ${e.reason}` : e.reason)).join('; ');
  throw new HttpProblem(where === 'body' ? 'invalid-body' : 'invalid-parameter', detail, { errors });
}

/** Free text in filters: letters of any script, digits and the punctuation found in place names. */
export const SAFE_TEXT = /^[\p{L}\p{M}\p{N} .,'’()/_:-]{1,200}$/u;
export const safeText = z.string().regex(SAFE_TEXT, 'use letters, digits, spaces and . , \' ( ) / - _ : only (at most 200 characters)');

/** bbox=minLon,minLat,maxLon,maxLat in WGS84 (the OGC API – Features convention). */
export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',');
    if (parts.length !== 4) {
      ctx.addIssue({ code: 'custom', message: `expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat; got ${parts.length} value(s)` });
      return z.NEVER;
    }
    const n = parts.map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
    if (n.some((v) => !Number.isFinite(v))) {
      ctx.addIssue({ code: 'custom', message: 'every bbox value must be a finite decimal number' });
      return z.NEVER;
    }
    const [minx, miny, maxx, maxy] = n as [number, number, number, number];
    const problems: string[] = [];
    if (Math.abs(minx) > 180 || Math.abs(maxx) > 180) problems.push('longitudes must be between -180 and 180');
    if (Math.abs(miny) > 90 || Math.abs(maxy) > 90) problems.push('latitudes must be between -90 and 90');
    if (minx > maxx) problems.push('minLon must not be greater than maxLon');
    if (miny > maxy) problems.push('minLat must not be greater than maxLat');
    if (problems.length) {
      ctx.addIssue({ code: 'custom', message: problems.join('; ') });
      return z.NEVER;
    }
    return [minx, miny, maxx, maxy] as [number, number, number, number];
  });

export const intString = (name: string, min: number, max?: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(max === undefined ? z.number().int().min(min, `${name} must be at least ${min}`) : z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

export const numberString = (name: string) =>
  z.string().regex(/^-?\d+(\.\d+)?$/, `${name} must be a number`).transform(Number);
