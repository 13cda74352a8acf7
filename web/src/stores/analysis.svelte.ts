// The Analysis panel's state: the area (map view, project or campaign), the chosen section and its
// inputs, and one loadable answer per section (each with its own loading state and error). The
// answers are exactly what /api/analysis/* said; the panel and the map layer only render them.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import {
  analysisApi, type AreaParam, type CanalsResult, type Catalogue, type CoverageResult, type FiguresResult, type Names, type Service,
  type UnservedResult, type WhatIfResult,
} from '../api/analysis.ts';
import { api } from '../api/data.ts';
import type { BBox, Geometry, LngLat } from '../api/types.ts';
import { i18n } from '../i18n/i18n.svelte.ts';
import { interaction, type InteractionKind } from './interaction.svelte.ts';

export type AreaMode = 'view' | 'project' | 'campaign';
export type Section = 'coverage' | 'unserved' | 'canals' | 'figures' | 'whatif';
export const SECTIONS: Section[] = ['coverage', 'unserved', 'canals', 'figures', 'whatif'];

/** Kyrgyzstan's extent as the server checks it (KG_EXTENT): a map view is clipped to it. */
export const COUNTRY: BBox = [69.2, 39.1, 80.3, 43.3];
export const MAX_THRESHOLD_KM = 200;

/** What a what-if proposes: a new facility, a network extension (a drawn line) or repaired canal sections. */
export type WhatIfType = 'facility' | 'network' | 'canal_repair';
export const WHATIF_TYPES: WhatIfType[] = ['facility', 'network', 'canal_repair'];
/** A canal section chosen for repair: its id in the canals layer, its name and its line (for the highlight). */
export interface RepairCanal { id: number; names: Names; condition: string | null; geometry: Geometry | null }
/** A clicked map feature, as far as the what-if reads it. */
export interface ClickedFeature { source: string; id?: string | number; properties?: Record<string, unknown> | null; geometry?: unknown }
/** At most this many vertices in a drawn line (the server takes 2000). */
export const MAX_VERTICES = 500;


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
      this.error = asApiError(err);
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
  /** Placing a proposed facility: the next map click (interaction mode whatif-facility). */
  get placing() { return interaction.is('whatif-facility'); }
  set placing(on: boolean) { this.setTool('whatif-facility', on); }
  proposed = $state.raw<LngLat | null>(null);
  whatIfType = $state<WhatIfType>('facility');
  /** Network extension: the service, the line being drawn (vertices so far) and the finished line. */
  networkService = $state<Service>('electricity');
  /** Drawing a network line: map clicks add vertices (interaction mode whatif-line). */
  get drawing() { return interaction.is('whatif-line'); }
  set drawing(on: boolean) { this.setTool('whatif-line', on); }
  draft = $state.raw<LngLat[]>([]);
  line = $state.raw<LngLat[] | null>(null);
  /** Canal repair: map clicks pick canal sections while selecting. */
  get selectingCanals() { return interaction.is('whatif-canals'); }
  set selectingCanals(on: boolean) { this.setTool('whatif-canals', on); }
  repair = $state.raw<RepairCanal[]>([]);

  catalogue = new Slot<Catalogue>();
  campaigns = new Slot<{ id: string; title: Names }[]>();
  coverage = new Slot<CoverageResult>();
  unserved = new Slot<UnservedResult>();
  canals = new Slot<CanalsResult>();
  figures = new Slot<FiguresResult>();
  whatIf = new Slot<WhatIfResult>();

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
    if (this.whatIfType === 'network') {
      const line = this.line;
      if (!line || line.length < 2) { this.whatIf.reset(); return Promise.resolve(); }
      const p = { area: this.area, service: this.networkService, line };
      return this.whatIf.run(JSON.stringify({ t: 'network', ...p }), (s) => analysisApi.whatIfNetwork(p, s), force);
    }
    if (this.whatIfType === 'canal_repair') {
      const canalIds = this.repair.map((c) => c.id).sort((a, b) => a - b);
      if (!canalIds.length) { this.whatIf.reset(); return Promise.resolve(); }
      const p = { area: this.area, canalIds };
      return this.whatIf.run(JSON.stringify({ t: 'canal_repair', ...p }), (s) => analysisApi.whatIfRepair(p, s), force);
    }
    const point = this.proposed;
    if (!point) { this.whatIf.reset(); return Promise.resolve(); }
    const p = { area: this.area, kind: this.whatIfKind, point, thresholdM: this.whatIfKind === this.kind ? this.thresholdM : undefined };
    return this.whatIf.run(JSON.stringify({ t: 'facility', ...p }), (s) => analysisApi.whatIfFacility(p, s), force);
  }

  /** A map click while placing a proposed facility. */
  place(at: LngLat) {
    this.placing = false;
    this.proposed = at;
  }

  /** Start or stop one of the what-if's map tools; starting one ends any other interaction on the map. */
  private setTool(kind: Extract<InteractionKind, `whatif-${string}`>, on: boolean) {
    if (on) interaction.enter({ kind }, () => this.stopInteracting());
    else if (interaction.is(kind)) interaction.leave('whatif');
  }

  /** Stop any map interaction of the what-if (placing, drawing, selecting canals). */
  stopInteracting() {
    interaction.leave('whatif');
    this.draft = [];
  }

  setWhatIfType(t: WhatIfType) {
    if (t === this.whatIfType) return;
    this.stopInteracting();
    this.whatIf.reset();
    this.whatIfType = t;
  }

  /** Start drawing a new line (the previous one stays until the new one is finished). */
  startLine() { this.stopInteracting(); this.drawing = true; this.draft = []; }

  /** A vertex from a map click; the same point twice (a double click) adds it once. */
  addVertex(at: LngLat) {
    const last = this.draft[this.draft.length - 1];
    if (last && Math.abs(last[0] - at[0]) < 1e-7 && Math.abs(last[1] - at[1]) < 1e-7) return;
    if (this.draft.length >= MAX_VERTICES) return;
    this.draft = [...this.draft, at];
  }

  undoVertex() { this.draft = this.draft.slice(0, -1); }

  /** Finish the line (Finish, a double click or Enter): it needs two vertices. */
  finishLine() {
    if (!this.drawing || this.draft.length < 2) return false;
    this.line = this.draft;
    this.drawing = false;
    this.draft = [];
    return true;
  }

  cancelLine() { this.drawing = false; this.draft = []; }

  clearLine() { this.cancelLine(); this.line = null; this.whatIf.reset(); }

  /** Add a canal section to the repair, or take it out again. */
  toggleCanal(f: ClickedFeature) {
    const id = Number(f.id);
    if (!Number.isInteger(id) || id <= 0) return;
    if (this.repair.some((c) => c.id === id)) { this.repair = this.repair.filter((c) => c.id !== id); return; }
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
    const geometry = (f.geometry as Geometry | undefined) ?? null;
    this.repair = [...this.repair, { id, names: { ky: str(p.name_ky), ru: str(p.name_ru), en: str(p.name_en) }, condition: str(p.condition), geometry }];
    // The clicked line is cut at tile edges: fetch the whole section for the highlight.
    void api.feature('canals', id).then((full) => {
      this.repair = this.repair.map((c) => (c.id === id ? { ...c, geometry: full.geometry as Geometry } : c));
    }).catch(() => undefined);
  }

  clearRepair() { this.selectingCanals = false; this.repair = []; this.whatIf.reset(); }

  /** A map click on the Analysis tab: true when the what-if took it (placing, drawing or picking canals). */
  mapClick(features: ClickedFeature[], at: LngLat): boolean {
    if (this.placing) { this.place(at); return true; }
    if (this.drawing) { this.addVertex(at); return true; }
    if (this.selectingCanals) {
      const canal = features.find((f) => f.source === 'canals' && f.id !== undefined);
      if (canal) this.toggleCanal(canal);
      return true;
    }
    return false;
  }
}

export const analysis = new AnalysisState();
