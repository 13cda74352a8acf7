// Asks PostGIS whether a geometry is valid; an invalid one becomes a 400 problem with ST_IsValidReason.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { Geometry } from './geometry.js';
import { checkGeometry } from './geometry.repo.js';

export function invalidGeometry(reason: string, what: string) {
  return new HttpProblem('invalid-geometry', `The ${what} is not a valid geometry: ${reason}. Fix the shape (for example, a polygon's edges must not cross) and send it again.`, { reason, errors: [{ in: 'body', name: 'geometry', reason }] });
}

export async function requireValidGeometry(db: Kysely<DB>, g: Geometry, what: string): Promise<void> {
  const v = await checkGeometry(db, g);
  if (!v.valid) throw invalidGeometry(v.reason, what);
}
