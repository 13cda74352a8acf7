// /basemap/{id}.geojson (the reference files) and /api/basemap (sources, layers, attribution).
import { Router } from 'express';
import { baseUrl } from '../http/urls.js';
import type { BasemapService } from './basemap.service.js';

export function basemapRouter(service: BasemapService): Router {
  const r = Router();

  r.get('/basemap/:id.geojson', (req, res) => {
    const { body, etag } = service.file(req.params.id);
    res.set({ 'Content-Type': 'application/geo+json', 'Cache-Control': 'public, max-age=86400', ETag: etag });
    if (req.fresh) { res.status(304).end(); return; }
    res.send(body);
  });

  r.get('/api/basemap', async (req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(await service.style(baseUrl(req)));
  });
  return r;
}
