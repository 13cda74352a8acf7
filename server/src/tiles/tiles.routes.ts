// /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json for every registry layer, annotations included.
import { Router, type Request } from 'express';
import type { LayersService } from '../layers/layers.service.js';
import { layerFor, type ViewerSource } from '../http/layers.js';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { readerOf } from '../access/viewer.js';
import { perViewer } from '../layers/types.js';
import { personalised } from '../http/cache.js';
import type { TilesService } from './tiles.service.js';
import { labelLayer, MAX_ZOOM, TileParams } from './tiles.schema.js';

export { MAX_ZOOM, TileParams } from './tiles.schema.js';

/**
 * The tile route alone. The app mounts it ahead of its general middleware (request logging, helmet,
 * compression, body parsers, CSRF, idempotency): a map view asks for tiles by the hundred, and none of
 * that applies to them. It sets the two security headers a binary answer needs itself; a failing tile
 * gets its request id and logger from `identifyOnError` (http/request-id.ts) before the error handler.
 */
export function tileRoute(tiles: TilesService, layers: LayersService, sessions: ViewerSource, maxAgeSeconds: number): Router {
  const r = Router();
  const publicCache = `public, max-age=${maxAgeSeconds}`;
  r.get('/tiles/:layer/:z/:x/:y.mvt', async (req, res) => {
    // Only a layer with a visibility rule asks who is there; the shared layers never read the session.
    const { def, viewer } = await layerFor(layers, sessions, req, String(req.params.layer));
    const p = parseOr400(TileParams, req.params, 'path');
    const tile = await tiles.tile(def, p.z, p.x, p.y, readerOf(viewer), !!req.acceptsEncodings('gzip'));
    res.setHeader('Content-Type', 'application/vnd.mapbox-vector-tile');
    // The public tile may be cached briefly by anyone; a signed-in member's tile holds drafts: never stored.
    res.setHeader('Cache-Control', tile.scope === 'private' ? 'private, no-store' : publicCache);
    res.setHeader('Vary', perViewer(def) ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
    res.setHeader('ETag', tile.etag);
    res.setHeader('X-Tile-Cache', tile.cached ? 'hit' : 'miss');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.fresh) { res.status(304).end(); return; }
    if (tile.encoding) res.setHeader('Content-Encoding', tile.encoding);
    res.status(200).end(tile.data);
  });
  return r;
}

/** TileJSON for every registry layer (behind the general middleware, like the rest of the API). */
export function tileJsonRouter(layers: LayersService, sessions: ViewerSource): Router {
  const r = Router();

  r.get('/tiles/:layer.json', async (req: Request, res) => {
    const { def, viewer } = await layerFor(layers, sessions, req, String(req.params.layer));
    if (perViewer(def)) personalised(res, viewer);
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
      vector_layers: (def.geometry === 'area-or-point' ? [def.id, labelLayer(def)] : [def.id]).map((id) => ({
        id,
        description: id === def.id ? def.description.en : `${def.description.en} One label point per feature.`,
        minzoom: def.minzoom,
        maxzoom: Math.min(def.maxzoom, MAX_ZOOM),
        fields: Object.fromEntries([['id', def.rows?.idType === 'uuid' ? 'String' : 'Number'], ...def.attributes.filter((a) => a.tile).map((a) => [a.name, a.type === 'integer' || a.type === 'number' ? 'Number' : a.type === 'boolean' ? 'Boolean' : 'String'])]),
      })),
    });
  });
  return r;
}
