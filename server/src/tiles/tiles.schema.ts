// Request schemas of the tiles module, and the names of the vector layers a tile holds.
import { z } from 'zod';

/** The tile layer with one label point per feature, for area layers (beside the layer named by its id). */
export const labelLayer = (def: { id: string }) => `${def.id}_label`;

export const MAX_ZOOM = 22;

const xyz = {
  z: z.string().regex(/^\d{1,2}$/, 'z must be a whole number from 0 to 22').transform(Number).pipe(z.number().int().min(0).max(MAX_ZOOM, 'z must be at most 22')),
  x: z.string().regex(/^\d{1,8}$/, 'x must be a non-negative whole number').transform(Number),
  y: z.string().regex(/^\d{1,8}$/, 'y must be a non-negative whole number').transform(Number),
};

const inRange = (p: { z: number; x: number; y: number }, ctx: z.RefinementCtx) => {
  const n = 2 ** p.z;
  if (p.x >= n) ctx.addIssue({ code: 'custom', path: ['x'], message: `x must be less than 2^z = ${n} at zoom ${p.z}` });
  if (p.y >= n) ctx.addIssue({ code: 'custom', path: ['y'], message: `y must be less than 2^z = ${n} at zoom ${p.z}` });
};

/** z/x/y of a tile (the OSM basemap's tiles have no layer in the path). */
export const TileXYZ = z.object(xyz).superRefine(inRange);

export const TileParams = z.object({ layer: z.string().max(64), ...xyz }).superRefine(inRange);
