// The offline basemap: Kyrgyzstan's outline, lakes and rivers from real open data (data/reference),
// with MapLibre layers and attribution. When an OpenStreetMap extract has been imported
// (npm run import:osm), its context (landuse, water, roads, buildings) joins as a vector source
// served by this app (osm/osm.routes.ts). An online raster basemap (OpenStreetMap) can be switched on
// with BASEMAP=osm. The files are read once and kept with their ETag.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { REFERENCE_DIR } from '../data-paths.js';
import { notFound } from '../http/problem.js';
import { OSM_ATTRIBUTION, OSM_SOURCE_ID, osmStyleLayers } from './osm.style.js';
import { EDGED_FILL } from '../layers/style.js';
import { oriented } from '../geo/rings.js';

export interface BasemapFile { id: string; dataset: string; file: string; attribution: string; licence: string; url: string }
export const FILES: BasemapFile[] = [
  { id: 'country', dataset: 'naturalearth', file: 'kg_boundary_naturalearth_10m.geojson', attribution: 'Boundaries: Natural Earth (public domain)', licence: 'Public domain', url: 'https://www.naturalearthdata.com/' },
  { id: 'lakes', dataset: 'basemap-lakes', file: 'kg_lakes_gshhg.geojson', attribution: 'Lakes: GSHHG (Wessel & Smith, LGPL)', licence: 'LGPL-3.0-or-later', url: 'https://www.soest.hawaii.edu/pwessel/gshhg/' },
  { id: 'rivers', dataset: 'basemap-rivers', file: 'kg_rivers_gshhg_wdbii.geojson', attribution: 'Rivers: GSHHG/WDBII (Wessel & Smith, LGPL)', licence: 'LGPL-3.0-or-later', url: 'https://www.soest.hawaii.edu/pwessel/gshhg/' },
];

/**
 * Derived from a file above, served the same way: `outside` is everything but the country (the world
 * with Kyrgyzstan's outline cut out, and the foreign enclaves within it). The offline map paints the
 * country's colour as its background and this on top, in the colour around the country: where the
 * whole view is Kyrgyzstan, as on most maps people open, there is nothing to fill, which spares
 * MapLibre a fill over the whole canvas on every frame (≈ 13 ms each where WebGL runs on the CPU).
 */
export const DERIVED = [{ id: 'outside', from: 'country', make: outsideOf }] as const;

const WORLD: [number, number][] = [[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]];

/**
 * The world minus the polygons of a FeatureCollection, as one MultiPolygon: the world's ring with
 * every outer ring as a hole, and every hole (an enclave of another country) as a polygon of its own.
 * Rings are wound as RFC 7946 asks (outer counter-clockwise, holes clockwise). Keeps the first
 * feature's source and licence.
 */
export function outsideOf(fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection {
  const polygons = fc.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : []));
  const world = [WORLD, ...polygons.map((p) => oriented(p[0]!, true))];
  const enclaves = polygons.flatMap((p) => p.slice(1).map((hole) => [oriented(hole, false)]));
  const props = fc.features[0]?.properties ?? {};
  return {
    type: 'FeatureCollection',
    features: [{
      type: 'Feature',
      properties: { role: 'outside', note: 'Everything but the country: derived from its boundary for drawing', source: props.source ?? null, licence: props.licence ?? null },
      geometry: { type: 'MultiPolygon', coordinates: [world, ...enclaves] },
    }],
  };
}

export const KG_BOUNDS: [number, number, number, number] = [69.25, 39.17, 80.29, 43.27];

/** The country's colour, and the colour of what lies around it. */
const COUNTRY = '#fbfaf6', AROUND = '#e8ecef';

export type BasemapMode = 'offline' | 'osm';

/** Whether the imported OpenStreetMap basemap has any row (osm/osm.basemap.service.ts). */
export interface OsmBasemapPresence { available(): Promise<boolean> }

export class BasemapService {
  private readonly cache = new Map<string, { body: Buffer; etag: string }>();

  constructor(
    private readonly mode: BasemapMode,
    private readonly osmTiles: string,
    private readonly osmVector: OsmBasemapPresence = { available: async () => false },
  ) {}

  /** A basemap layer's GeoJSON file and its ETag; 404 for an unknown id. */
  file(id: string): { body: Buffer; etag: string } {
    const f = FILES.find((x) => x.id === id);
    const d = DERIVED.find((x) => x.id === id);
    if (!f && !d) throw notFound(`There is no basemap layer '${id}'. Available: ${[...FILES, ...DERIVED].map((x) => x.id).join(', ')}.`);
    let hit = this.cache.get(id);
    if (!hit) {
      const body = f
        ? fs.readFileSync(path.join(REFERENCE_DIR, f.file))
        : Buffer.from(JSON.stringify(d!.make(JSON.parse(this.file(d!.from).body.toString('utf8')) as GeoJSON.FeatureCollection)));
      hit = { body, etag: `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 22)}"` };
      this.cache.set(id, hit);
    }
    return hit;
  }

  /** Sources, MapLibre layers and attribution, with the file URLs under `base`. */
  async style(base: string) {
    const mode = this.mode, osmTiles = this.osmTiles;
    const sources: Record<string, unknown> = Object.fromEntries(FILES.map((f) => [`basemap-${f.id}`, { type: 'geojson', data: `${base}/basemap/${f.id}.geojson` }]));
    const attribution = FILES.map(({ dataset, attribution, licence, url }) => ({ dataset, attribution, licence, url }));
    const layers: Record<string, unknown>[] = [{ id: 'basemap-background', type: 'background', paint: { 'background-color': mode === 'osm' ? AROUND : COUNTRY } }];
    if (mode === 'osm') {
      sources['basemap-osm'] = { type: 'raster', tiles: [osmTiles], tileSize: 256, maxzoom: 19, attribution: '© OpenStreetMap contributors' };
      layers.push({ id: 'basemap-osm', type: 'raster', source: 'basemap-osm', paint: { 'raster-saturation': -0.6, 'raster-opacity': 0.85 } });
      attribution.unshift({ dataset: 'osm', attribution: '© OpenStreetMap contributors', licence: 'ODbL-1.0', url: 'https://www.openstreetmap.org/copyright' });
    } else {
      // The country is the background; what lies around it is filled (DERIVED).
      sources['basemap-outside'] = { type: 'geojson', data: `${base}/basemap/outside.geojson` };
      layers.push({ id: 'basemap-outside', type: 'fill', source: 'basemap-outside', paint: { 'fill-color': AROUND, ...EDGED_FILL } });
    }
    // The imported OpenStreetMap context, when there is any: served by this app, offline like the rest.
    const vector = await this.osmVector.available();
    const osm = vector ? osmStyleLayers() : { below: [], above: [] };
    if (vector) {
      sources[OSM_SOURCE_ID] = { type: 'vector', tiles: [`${base}/api/basemap/osm/{z}/{x}/{y}.mvt`], minzoom: 5, maxzoom: 16, attribution: OSM_ATTRIBUTION.attribution };
      if (mode !== 'osm') attribution.unshift({ ...OSM_ATTRIBUTION });
    }
    layers.push(
      ...osm.below,
      { id: 'basemap-lakes', type: 'fill', source: 'basemap-lakes', paint: { 'fill-color': '#b7d6ea', 'fill-outline-color': '#8fbbd9' } },
      { id: 'basemap-rivers', type: 'line', source: 'basemap-rivers', paint: { 'line-color': '#8fbbd9', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.8, 10, 2, 14, 3.5] } },
      ...osm.above,
      { id: 'basemap-country-outline', type: 'line', source: 'basemap-country', paint: { 'line-color': '#7c8a99', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 1, 10, 2] } },
    );
    return { mode, sources, layers, attribution, bounds: KG_BOUNDS };
  }
}
