// Asks PostGIS whether a geometry is valid; an invalid one becomes a 400 problem with ST_IsValidReason.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { Geometry } from './geometry.js';
import { checkGeometry } from './geometry.repo.js';
import { DEFAULT_SERVICE_REGION, outsideRegion, outsideRegionReason, type Region } from './region.js';

export function invalidGeometry(reason: string, what: string) {
  return new HttpProblem('invalid-geometry', `The ${what} is not a valid geometry: ${reason}. Fix the shape (for example, a polygon's edges must not cross) and send it again.`, { reason, errors: [{ in: 'body', name: 'geometry', reason }] });
}

/** Polygons must enclose at least this much (a ring whose corners lie on one line is valid to PostGIS). */
export const MIN_POLYGON_M2 = 1;

/**
 * A geometry people send is stored only when it lies in the service region on the flat map, PostGIS
 * finds it valid, and a polygon encloses at least MIN_POLYGON_M2; anything else is a 400 that says why.
 */
export async function requireValidGeometry(db: Kysely<DB>, g: Geometry, what: string, region: Region = DEFAULT_SERVICE_REGION): Promise<void> {
  const out = outsideRegion(g, region);
  if (out) {
    const reason = outsideRegionReason(out, region);
    throw new HttpProblem('invalid-geometry', `The ${what} is outside the area this service covers: ${reason}. Nothing was saved.`, { reason, errors: [{ in: 'body', name: 'geometry', reason }] });
  }
  const v = await checkGeometry(db, g);
  if (!v.valid) throw invalidGeometry(v.reason, what);
  if (v.areaM2 !== null && v.areaM2 < MIN_POLYGON_M2) {
    const reason = `the polygon encloses ${v.areaM2 < 0.01 ? 'almost no' : `only ${v.areaM2.toFixed(2)} m² of`} area (at least ${MIN_POLYGON_M2} m²): its corners lie on one line or on top of each other`;
    throw new HttpProblem('invalid-geometry', `The ${what} is not a usable area: ${reason}. Draw it again with its corners apart.`, { reason, errors: [{ in: 'body', name: 'geometry', reason }] });
  }
}
