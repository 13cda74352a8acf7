// /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json for every registry layer, annotations included.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type Request } from 'express';
import fresh from 'fresh';
import Negotiator from 'negotiator';
import type { Logger } from 'pino';
import type { LayersService } from '../layers/layers.service.js';
import { findLayer } from '../layers/registry.js';
import { layerFor, type ViewerSource } from '../http/layers.js';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { answerProblem } from '../http/errors.js';
import { identify } from '../http/request-id.js';
import { PUBLIC_READER, readerOf } from '../access/viewer.js';
import { perViewer, type LayerDef } from '../layers/types.js';
import { personalised } from '../http/cache.js';
import type { Tile, TilesService } from './tiles.service.js';
import { labelLayer, MAX_ZOOM, TileParams } from './tiles.schema.js';

export { MAX_ZOOM, TileParams } from './tiles.schema.js';

/**
 * The tiles of the shared layers (every registry layer without a visibility rule), answered with
 * node:http alone, ahead of Express (http/ahead.ts): a map view asks for tiles by the hundred, and
 * Express's router and request objects cost as much CPU as a cached tile's whole answer (issue #15).
 * Returns false, leaving the request to Express (`tileRoute`), for anything else: other methods, a query
 * string, a layer with a visibility rule or of an organisation, or a path the schema refuses (which the
 * route then answers with its 400 problem). A tile that fails is answered as a problem, with a request
 * id and a log line, as the error handler does.
 */
export function sharedTiles(tiles: TilesService, maxAgeSeconds: number, log: Logger): (req: IncomingMessage, res: ServerResponse) => boolean {
  const publicCache = `public, max-age=${maxAgeSeconds}`;
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const m = TILE_PATH.exec(req.url ?? '');
    if (!m) return false;
    const def = findLayer(m[1]!);
    if (!def || perViewer(def)) return false;
    const p = TileParams.safeParse({ layer: m[1], z: m[2], x: m[3], y: m[4] });
    if (!p.success) return false;
    const { z, x, y } = p.data;
    const gzipOk = acceptsGzip(req);
    const hit = tiles.cached(def, z, x, y, gzipOk);
    if (hit) { sendTile(req, res, def, hit, publicCache); return true; }
    tiles.tile(def, z, x, y, PUBLIC_READER, gzipOk).then(
      (tile) => sendTile(req, res, def, tile, publicCache),
      (err: unknown) => { identify(req, res, log); answerProblem(err, req, res, req.url); },
    );
    return true;
  };
}
const TILE_PATH = /^\/tiles\/([A-Za-z0-9_-]{1,64})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.mvt$/;

/**
 * The tile route (Express, mounted ahead of the general middleware: request logging, helmet,
 * compression, body parsers, CSRF, idempotency — none applies to tiles): the tiles `sharedTiles` leaves
 * to it, i.e. layers with a visibility rule, organisation layers and invalid paths. A failing tile gets
 * its request id and logger from `identifyOnError` (http/request-id.ts) before the error handler.
 */
export function tileRoute(tiles: TilesService, layers: LayersService, sessions: ViewerSource, maxAgeSeconds: number): Router {
  const r = Router();
  const publicCache = `public, max-age=${maxAgeSeconds}`;
  r.get('/tiles/:layer/:z/:x/:y.mvt', async (req, res) => {
    // Only a layer with a visibility rule asks who is there; the shared layers never read the session.
    const { def, viewer } = await layerFor(layers, sessions, req, String(req.params.layer));
    const p = parseOr400(TileParams, req.params, 'path');
    sendTile(req, res, def, await tiles.tile(def, p.z, p.x, p.y, readerOf(viewer), acceptsGzip(req)), publicCache);
  });
  return r;
}

/**
 * A tile's answer: its headers (with the two security headers a binary answer needs, as helmet does not
 * run for tiles), then 304 to a matching If-None-Match or the bytes.
 */
function sendTile(req: IncomingMessage, res: ServerResponse, def: LayerDef, tile: Tile, publicCache: string): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/vnd.mapbox-vector-tile',
    // A shared layer's tile may be cached briefly by anyone. The public tile of a layer people edit
    // (annotations, organisation layers) is revalidated on every use, so a published or deleted gap
    // shows at once (a 304 when nothing changed); a signed-in member's tile holds drafts: never stored.
    'Cache-Control': tile.scope === 'private' ? 'private, no-store' : perViewer(def) ? 'public, no-cache' : publicCache,
    Vary: perViewer(def) ? 'Accept-Encoding, Cookie' : 'Accept-Encoding',
    ETag: tile.etag,
    'X-Tile-Cache': tile.cached ? 'hit' : 'miss',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (fresh(req.headers, { etag: tile.etag })) { res.writeHead(304, headers).end(); return; }
  if (tile.encoding) headers['Content-Encoding'] = tile.encoding;
  headers['Content-Length'] = tile.data.length;
  res.writeHead(200, headers).end(tile.data);
}

/** Whether the client takes gzip (Accept-Encoding, q-values honoured), remembered per header value: browsers send few. */
function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'] ?? '';
  let ok = gzipByHeader.get(header);
  if (ok === undefined) {
    ok = new Negotiator({ headers: { 'accept-encoding': header } }).encodings(['gzip']).includes('gzip');
    if (gzipByHeader.size >= 256) gzipByHeader.clear();
    gzipByHeader.set(header, ok);
  }
  return ok;
}
const gzipByHeader = new Map<string, boolean>();

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
