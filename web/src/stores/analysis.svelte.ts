// The Analysis panel's state: the area (map view, project or campaign), the chosen section and its
// inputs, and one loadable answer per section (each with its own loading state and error). The
// answers are exactly what /api/analysis/* said; the panel and the map layer only render them.
import { ApiError, isAbort } from '../api/client.ts';
import {
  analysisApi, type AreaParam, type CanalsResult, type Catalogue, type CoverageResult, type FiguresResult, type Names, type Service,
  type UnservedResult, type WhatIfFacilityResult,
} from '../api/analysis.ts';
import type { BBox, LngLat } from '../api/types.ts';
import { i18n } from '../i18n/i18n.svelte.ts';

export type AreaMode = 'view' | 'project' | 'campaign';
export type Section = 'coverage' | 'unserved' | 'canals' | 'figures' | 'whatif';
export const SECTIONS: Section[] = ['coverage', 'unserved', 'canals', 'figures', 'whatif'];

/** Kyrgyzstan's extent as the server checks it (KG_EXTENT): a map view is clipped to it. */
export const COUNTRY: BBox = [69.2, 39.1, 80.3, 43.3];
export const MAX_THRESHOLD_KM = 200;

const toApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError({ status: 0, type: 'client', detail: String((err as Error)?.message ?? err), url: '' }));

/** One answer: the data of the last successful request for the current inputs, or its error. */
export class Slot<T> {
  data = $state.raw<T | null>(null);
  error = $state.raw<ApiError | null>(null);
  loading = $state(false);
  /** The inputs the data (or error) belongs to. */
  key = $state<string | null>(null);
  private ctrl: AbortController | null = null;

  async run(key: string, fn: (signal: AbortSignal) => Promise<T>, force = false) {
    if (!force && key === this.key && (this.data || this.error || this.loading)) return;
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.key = key;
    this.loading = true;
    this.error = null;
    try {
      const data = await fn(ctrl.signal);
      if (this.ctrl !== ctrl) return;
      this.data = data;
    } catch (err) {
      if (isAbort(err) || this.ctrl !== ctrl) return;
      this.data = null;
      this.error = toApiError(err);
    } finally {
      if (this.ctrl === ctrl) this.loading = false;
    }
  }

  reset() { this.ctrl?.abort(); this.data = null; this.error = null; this.loading = false; this.key = null; }
}

/** A name in the current language (Russian, then English, then Kyrgyz as fallbacks). */
export const nameOf = (n: Names | null | undefined, fallback = ''): string =>
  (n && (n[i18n.lang] || n.ru || n.en || n.ky)) || fallback;

/** The view clipped to the country; null when it holds the whole country (no area: everything). */
export function clipToCountry(b: BBox): BBox | null {
  const c: BBox = [Math.max(b[0], COUNTRY[0]), Math.max(b[1], COUNTRY[1]), Math.min(b[2], COUNTRY[2]), Math.min(b[3], COUNTRY[3])];
  if (c[0] <= COUNTRY[0] && c[1] <= COUNTRY[1] && c[2] >= COUNTRY[2] && c[3] >= COUNTRY[3]) return null;
  if (c[2] <= c[0] || c[3] <= c[1]) return null;
  return c;
}

export class AnalysisState {
  section = $state<Section>('coverage');
  areaMode = $state<AreaMode>('view');
  project = $state<string>('');
  campaign = $state<string>('');
  /** The map view when it was taken as the area (null: the whole country). */
  viewBbox = $state.raw<BBox | null>(null);
  viewTaken = $state(false);

  kind = $state('clinic');
  /** The coverage threshold in km; null = the kind's default. */
  thresholdKm = $state<number | null>(null);
  service = $state<Service>('electricity');
  whatIfKind = $state('clinic');
  placing = $state(false);
  proposed = $state.raw<LngLat | null>(null);

  catalogue = new Slot<Catalogue>();
  campaigns = new Slot<{ id: string; title: Names }[]>();
  coverage = new Slot<CoverageResult>();
  unserved = new Slot<UnservedResult>();
  canals = new Slot<CanalsResult>();
  figures = new Slot<FiguresResult>();
  whatIf = new Slot<WhatIfFacilityResult>();

  get area(): AreaParam {
    if (this.areaMode === 'project' && this.project) return { project: this.project };
    if (this.areaMode === 'campaign' && this.campaign) return { campaign: this.campaign };
    if (this.areaMode === 'view' && this.viewBbox) return { bbox: this.viewBbox };
    return {};
  }

  /** The area is chosen (a project or campaign picked; the view taken). */
  get areaReady(): boolean {
    if (this.areaMode === 'project') return !!this.project;
    if (this.areaMode === 'campaign') return !!this.campaign;
    return this.viewTaken;
  }

  takeView(bounds: BBox | null | undefined) {
    this.viewBbox = bounds ? clipToCountry(bounds.map((n) => Math.round(n * 1e5) / 1e5) as BBox) : null;
    this.viewTaken = true;
  }

  defaultRadiusM(kind: string): number | null {
    return this.catalogue.data?.kinds.find((k) => k.kind === kind)?.defaultRadiusM ?? null;
  }

  /** The threshold sent to the server: undefined = the kind's default (the server decides). */
  get thresholdM(): number | undefined {
    return this.thresholdKm === null ? undefined : Math.round(this.thresholdKm * 10_000) / 10;
  }

  loadCatalogue(force = false) {
    return this.catalogue.run('catalogue', (s) => analysisApi.catalogue(s), force);
  }

  loadCampaigns(force = false) {
    return this.campaigns.run('campaigns', async (s) => (await analysisApi.campaigns(s)).features.map((f) => ({ id: f.id, title: f.properties.title })), force);
  }

  private areaKey() { return JSON.stringify(this.area); }

  loadCoverage(force = false) {
    const area = this.area;
    const p = { area, kind: this.kind, thresholdM: this.thresholdM };
    return this.coverage.run(JSON.stringify(p), (s) => analysisApi.coverage(p, s), force);
  }

  loadUnserved(force = false) {
    const p = { area: this.area, service: this.service, limit: 1000 };
    return this.unserved.run(JSON.stringify(p), (s) => analysisApi.unserved(p, s), force);
  }

  loadCanals(force = false) {
    const area = this.area;
    return this.canals.run(this.areaKey(), (s) => analysisApi.canals({ area }, s), force);
  }

  loadFigures(force = false) {
    const area = this.area;
    return this.figures.run(`${this.areaKey()}`, (s) => analysisApi.figures({ area }, s), force);
  }

  loadWhatIf(force = false) {
    const point = this.proposed;
    if (!point) { this.whatIf.reset(); return Promise.resolve(); }
    const p = { area: this.area, kind: this.whatIfKind, point, thresholdM: this.whatIfKind === this.kind ? this.thresholdM : undefined };
    return this.whatIf.run(JSON.stringify(p), (s) => analysisApi.whatIfFacility(p, s), force);
  }

  /** A map click while placing a proposed facility. */
  place(at: LngLat) {
    this.placing = false;
    this.proposed = at;
  }
}

export const analysis = new AnalysisState();
