// GET /api/basemap/osm/{z}/{x}/{y}.mvt — the OpenStreetMap basemap of context as one vector tile with
// the layers landuse, water, roads, buildings, places. Public (no session read), cached like the
// other tiles: Cache-Control public with the tiles' max-age, ETag by data version and content, 304.
import { Router } from 'express';
import { parseOr400 } from '../http/validate.js';
import type { OsmBasemapService } from './osm.basemap.service.js';
import { TileXYZ } from './osm.schema.js';

export function osmRouter(service: OsmBasemapService, maxAgeSeconds: number): Router {
  const r = Router();
  r.get('/api/basemap/osm/:z/:x/:y.mvt', async (req, res) => {
    const p = parseOr400(TileXYZ, req.params, 'path');
    const tile = await service.tile(p.z, p.x, p.y);
    res.set({
      'Content-Type': 'application/vnd.mapbox-vector-tile',
      'Cache-Control': `public, max-age=${maxAgeSeconds}`,
      ETag: tile.etag,
      'X-Tile-Cache': tile.cached ? 'hit' : 'miss',
    });
    if (req.fresh) { res.status(304).end(); return; }
    res.status(200).end(tile.data);
  });
  return r;
}
