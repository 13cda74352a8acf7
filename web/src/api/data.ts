// Typed client for the map's data: layers and their features, the basemap, projects, search, nearest
// facilities. Reads only, on the one transport (client.ts).
import { http, type Query } from './client.ts';
import type {
  BasemapResponse, BBox, FacilityKind, Feature, FeatureCollection, Lang, LayersResponse, NearestResponse, Project, SearchResult,
} from './types.ts';

type S = AbortSignal | undefined;
const enc = encodeURIComponent;

export const api = {
  /** `fresh`: after a change (an import, a sign-in) the browser's cached answer will not do. */
  layers: (lang: Lang, signal?: S, fresh = false) => http.get<LayersResponse>('/api/layers', { query: { lang }, signal, ...(fresh ? { cache: 'no-store' as const } : {}) }),
  basemap: (signal?: S) => http.get<BasemapResponse>('/api/basemap', { signal }),
  projects: (signal?: S) => http.get<{ projects: Project[] }>('/api/projects', { signal }),
  search: (q: string, limit = 10, signal?: S) => http.get<{ results: SearchResult[] }>('/api/search', { query: { q, limit }, signal }),
  nearest: (lon: number, lat: number, kind: FacilityKind, limit = 1, signal?: S) =>
    http.get<NearestResponse>('/api/nearest', { query: { lon: lon.toFixed(6), lat: lat.toFixed(6), kind, limit }, signal }),
  features: (layer: string, params: { bbox?: BBox; limit?: number; offset?: number; filters?: Record<string, string[]> }, signal?: S) => {
    const query: Query = { limit: params.limit, offset: params.offset };
    if (params.bbox) query.bbox = params.bbox.map((n) => n.toFixed(6)).join(',');
    for (const [attr, values] of Object.entries(params.filters ?? {})) if (values.length) query[attr] = values.join(',');
    return http.get<FeatureCollection>(`/api/layers/${enc(layer)}/features`, { query, signal });
  },
  feature: (layer: string, id: number | string, signal?: S) => http.get<Feature>(`/api/layers/${enc(layer)}/features/${enc(String(id))}`, { signal }),
};
