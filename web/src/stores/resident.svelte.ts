// The resident view: the chosen settlement (its service statuses) and "is my village covered?" for a
// clinic, a school and a water point: the coverage analysis (GET /api/analysis/coverage?settlement=)
// with each kind's default threshold, which also names the nearest facility and its distance, or says
// that part of the village is within reach, or that the facility data is not complete there (then no
// distance is given).
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import { api } from '../api/data.ts';
import { analysisApi, type CoverageSettlement } from '../api/analysis.ts';
import type { FacilityKind, Feature, LngLat } from '../api/types.ts';
import { residentAnswer, type ResidentAnswer } from '../lib/reach.ts';

export const NEAREST_KINDS: FacilityKind[] = ['clinic', 'school', 'water_point'];
export const SERVICES = ['water', 'electricity', 'road', 'irrigation'];

/**
 * One kind's answer: the settlement's row of the coverage analysis, the threshold it used (m), and what
 * the view says (covered / partly / not covered / no complete data; null when there is no row).
 */
export type CoverageAnswer = { result: CoverageSettlement | null; answer: ResidentAnswer | null; radiusM: number | null; error: ApiError | null; loading: boolean };


/** A point inside the feature: the point itself, or the middle of an area's first ring. */
export function featureCenter(f: Feature): LngLat | null {
  const g = f.geometry;
  if (!g) return null;
  if (g.type === 'Point') return g.coordinates;
  let pts: LngLat[];
  switch (g.type) {
    case 'LineString': case 'MultiPoint': pts = g.coordinates; break;
    case 'Polygon': case 'MultiLineString': pts = g.coordinates[0] ?? []; break;
    case 'MultiPolygon': pts = g.coordinates[0]?.[0] ?? []; break;
  }
  if (!pts.length) return null;
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  return [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
}

export class ResidentState {
  place = $state.raw<Feature | null>(null);
  placeLoading = $state(false);
  placeError = $state.raw<ApiError | null>(null);
  coverage = $state<Record<string, CoverageAnswer>>({});
  locating = $state(false);
  locateError = $state<'denied' | 'unavailable' | 'none-near' | null>(null);
  private ctrl: AbortController | null = null;

  async choose(id: number | null) {
    this.ctrl?.abort();
    if (id === null) { this.place = null; this.coverage = {}; return; }
    if (this.place?.id === id) return;
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.placeLoading = true;
    this.placeError = null;
    try {
      this.place = await api.feature('settlements', id, ctrl.signal);
    } catch (err) {
      if (isAbort(err)) return;
      this.place = null;
      this.placeError = asApiError(err);
      return;
    } finally {
      if (this.ctrl === ctrl) this.placeLoading = false;
    }
    void this.loadCoverage(ctrl.signal);
  }

  async loadCoverage(signal?: AbortSignal) {
    const id = this.place?.id;
    if (id === undefined) return;
    this.coverage = Object.fromEntries(NEAREST_KINDS.map((k) => [k, { result: null, answer: null, radiusM: null, error: null, loading: true }]));
    await Promise.all(NEAREST_KINDS.map(async (kind) => {
      try {
        const r = await analysisApi.coverage({ area: {}, kind, settlement: id, geometry: false }, signal);
        const s = r.settlements.items[0] ?? null;
        this.coverage[kind] = { result: s, answer: s ? residentAnswer(s) : null, radiusM: s?.nearest?.radiusM ?? r.threshold.metres ?? r.kind.defaultRadiusM, error: null, loading: false };
      } catch (err) {
        if (isAbort(err)) return;
        this.coverage[kind] = { result: null, answer: null, radiusM: null, error: asApiError(err), loading: false };
      }
    }));
  }

  /** Where a facility is (to show it on the map). */
  async facilityCenter(id: number): Promise<LngLat | null> {
    try { return featureCenter(await api.feature('facilities', id)); } catch { return null; }
  }

  /** The settlement nearest to the device's position (searched in growing boxes around it). */
  async nearestSettlement(lon: number, lat: number): Promise<number | null> {
    for (const d of [0.05, 0.2, 0.8]) {
      const fc = await api.features('settlements', { bbox: [lon - d, lat - d, lon + d, lat + d], limit: 200 });
      let best: { id: number; d: number } | null = null;
      for (const f of fc.features) {
        const c = featureCenter(f);
        if (!c) continue;
        const dx = (c[0] - lon) * Math.cos((lat * Math.PI) / 180);
        const dist = dx * dx + (c[1] - lat) ** 2;
        if (!best || dist < best.d) best = { id: f.id, d: dist };
      }
      if (best) return best.id;
    }
    return null;
  }
}

export const resident = new ResidentState();
