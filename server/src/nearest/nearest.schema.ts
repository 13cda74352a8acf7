// Request schema of GET /api/nearest (also read by openapi/).
import { z } from 'zod';
import { intString } from '../http/validate.js';
import { FACILITY_KINDS } from '../layers/facilities.js';

const coord = (name: string, max: number) =>
  z.string().regex(/^-?\d+(\.\d+)?$/, `${name} must be a decimal number`).transform(Number)
    .pipe(z.number().min(-max, `${name} must be between -${max} and ${max}`).max(max, `${name} must be between -${max} and ${max}`));

export const NearestQuery = z.object({
  lon: coord('lon', 180).describe('Longitude (WGS84)'),
  lat: coord('lat', 90).describe('Latitude (WGS84)'),
  kind: z.enum(FACILITY_KINDS.map((k) => k.value) as [string, ...string[]], { message: `kind must be one of ${FACILITY_KINDS.map((k) => k.value).join(', ')}` }),
  limit: intString('limit', 1, 20).optional(),
}).strict();
export type NearestInput = z.output<typeof NearestQuery>;
