// The offline basemap: Kyrgyzstan's outline, lakes and rivers from real open data (data/reference),
// served by this server as GeoJSON, with MapLibre layers and attribution. An online raster basemap
// (OpenStreetMap) can be switched on with BASEMAP=osm.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { REFERENCE_DIR } from '../data-paths.js';
import { Router } from 'express';
import { notFound } from '../http/problem.js';
import { baseUrl } from '../http/urls.js';

export { REFERENCE_DIR };

export interface BasemapFile { id: string; dataset: string; file: string; attribution: string; licence: string; url: string }
export const FILES: BasemapFile[] = [
  { id: 'country', dataset: 'naturalearth', file: 'kg_boundary_naturalearth_10m.geojson', attribution: 'Boundaries: Natural Earth (public domain)', licence: 'Public domain', url: 'https://www.naturalearthdata.com/' },
  { id: 'lakes', dataset: 'basemap-lakes', file: 'kg_lakes_gshhg.geojson', attribution: 'Lakes: GSHHG (Wessel & Smith, LGPL)', licence: 'LGPL-3.0-or-later', url: 'https://www.soest.hawaii.edu/pwessel/gshhg/' },
  { id: 'rivers', dataset: 'basemap-rivers', file: 'kg_rivers_gshhg_wdbii.geojson', attribution: 'Rivers: GSHHG/WDBII (Wessel & Smith, LGPL)', licence: 'LGPL-3.0-or-later', url: 'https://www.soest.hawaii.edu/pwessel/gshhg/' },
];

export const KG_BOUNDS: [number, number, number, number] = [69.25, 39.17, 80.29, 43.27];

export type BasemapMode = 'offline' | 'osm';

export function basemapRouter(mode: BasemapMode, osmTiles: string): Router {
  const r = Router();
  const cache = new Map<string, { body: Buffer; etag: string }>();
  const load = (f: BasemapFile) => {
    let hit = cache.get(f.id);
    if (!hit) {
      const body = fs.readFileSync(path.join(REFERENCE_DIR, f.file));
      hit = { body, etag: `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 22)}"` };
      cache.set(f.id, hit);
    }
    return hit;
  };

  r.get('/basemap/:id.geojson', (req, res) => {
    const f = FILES.find((x) => x.id === req.params.id);
    if (!f) throw notFound(`There is no basemap layer '${req.params.id}'. Available: ${FILES.map((x) => x.id).join(', ')}.`);
    const { body, etag } = load(f);
    res.set({ 'Content-Type': 'application/geo+json', 'Cache-Control': 'public, max-age=86400', ETag: etag });
    if (req.fresh) { res.status(304).end(); return; }
    res.send(body);
  });

  r.get('/api/basemap', (req, res) => {
    const base = baseUrl(req);
    const sources: Record<string, unknown> = Object.fromEntries(FILES.map((f) => [`basemap-${f.id}`, { type: 'geojson', data: `${base}/basemap/${f.id}.geojson` }]));
    const attribution = FILES.map(({ dataset, attribution, licence, url }) => ({ dataset, attribution, licence, url }));
    const layers: Record<string, unknown>[] = [{ id: 'basemap-background', type: 'background', paint: { 'background-color': '#e8ecef' } }];
    if (mode === 'osm') {
      sources['basemap-osm'] = { type: 'raster', tiles: [osmTiles], tileSize: 256, maxzoom: 19, attribution: '© OpenStreetMap contributors' };
      layers.push({ id: 'basemap-osm', type: 'raster', source: 'basemap-osm', paint: { 'raster-saturation': -0.6, 'raster-opacity': 0.85 } });
      attribution.unshift({ dataset: 'osm', attribution: '© OpenStreetMap contributors', licence: 'ODbL-1.0', url: 'https://www.openstreetmap.org/copyright' });
    } else {
      layers.push({ id: 'basemap-country-fill', type: 'fill', source: 'basemap-country', paint: { 'fill-color': '#fbfaf6' } });
    }
    layers.push(
      { id: 'basemap-lakes', type: 'fill', source: 'basemap-lakes', paint: { 'fill-color': '#b7d6ea', 'fill-outline-color': '#8fbbd9' } },
      { id: 'basemap-rivers', type: 'line', source: 'basemap-rivers', paint: { 'line-color': '#8fbbd9', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.8, 10, 2, 14, 3.5] } },
      { id: 'basemap-country-outline', type: 'line', source: 'basemap-country', paint: { 'line-color': '#7c8a99', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 1, 10, 2] } },
    );
    res.set('Cache-Control', 'public, max-age=300').json({ mode, sources, layers, attribution, bounds: KG_BOUNDS });
  });
  return r;
}
