import { Router, type Request } from 'express';
import { z } from 'zod';
import { findLayer, type LayerDef } from '../layers/registry.js';
import type { LayersService } from '../layers/layers.service.js';
import { notFound } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import type { TilesService } from './tiles.service.js';
import { baseUrl } from '../http/urls.js';

export const MAX_ZOOM = 22;

export const TileParams = z
  .object({
    layer: z.string().max(64),
    z: z.string().regex(/^\d{1,2}$/, 'z must be a whole number from 0 to 22').transform(Number).pipe(z.number().int().min(0).max(MAX_ZOOM, 'z must be at most 22')),
    x: z.string().regex(/^\d{1,8}$/, 'x must be a non-negative whole number').transform(Number),
    y: z.string().regex(/^\d{1,8}$/, 'y must be a non-negative whole number').transform(Number),
  })
  .superRefine((p, ctx) => {
    const n = 2 ** p.z;
    if (p.x >= n) ctx.addIssue({ code: 'custom', path: ['x'], message: `x must be less than 2^z = ${n} at zoom ${p.z}` });
    if (p.y >= n) ctx.addIssue({ code: 'custom', path: ['y'], message: `y must be less than 2^z = ${n} at zoom ${p.z}` });
  });

function layerOr404(id: string): LayerDef {
  const def = findLayer(id);
  if (!def) throw notFound(`There is no layer '${id}'. See /api/layers for the list.`);
  return def;
}

export function tilesRouter(tiles: TilesService, layers: LayersService, maxAgeSeconds: number): Router {
  const r = Router();

  r.get('/tiles/:layer/:z/:x/:y.mvt', async (req, res) => {
    const def = layerOr404(String(req.params.layer));
    const p = parseOr400(TileParams, req.params, 'path');
    const tile = await tiles.tile(def, p.z, p.x, p.y);
    res.set({
      'Content-Type': 'application/vnd.mapbox-vector-tile',
      'Cache-Control': `public, max-age=${maxAgeSeconds}`,
      ETag: tile.etag,
      'X-Tile-Cache': tile.cached ? 'hit' : 'miss',
    });
    if (req.fresh) { res.status(304).end(); return; }
    res.status(200).end(tile.data);
  });

  r.get('/tiles/:layer.json', async (req: Request, res) => {
    const def = layerOr404(String(req.params.layer));
    const facts = await layers.facts();
    const stats = facts.stats.get(def.id)!;
    const base = baseUrl(req);
    const b = stats.extent ?? [69.2, 39.1, 80.3, 43.3];
    res.json({
      tilejson: '3.0.0',
      name: def.title.en,
      description: def.description.en,
      version: '1.0.0',
      scheme: 'xyz',
      tiles: [`${base}/tiles/${def.id}/{z}/{x}/{y}.mvt`],
      minzoom: def.minzoom,
      maxzoom: Math.min(def.maxzoom, MAX_ZOOM),
      bounds: b,
      center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 8],
      attribution: layers.attribution(facts, [def.id]).map((a) => a.attribution).join('; '),
      vector_layers: (def.geometry === 'area-or-point' ? [def.id, `${def.id}_label`] : [def.id]).map((id) => ({
        id,
        description: id === def.id ? def.description.en : `${def.description.en} One label point per feature.`,
        minzoom: def.minzoom,
        maxzoom: Math.min(def.maxzoom, MAX_ZOOM),
        fields: Object.fromEntries([['id', 'Number'], ...def.attributes.filter((a) => a.tile).map((a) => [a.name, a.type === 'integer' || a.type === 'number' ? 'Number' : a.type === 'boolean' ? 'Boolean' : 'String'])]),
      })),
    });
  });
  return r;
}
