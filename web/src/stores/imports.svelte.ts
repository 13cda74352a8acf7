// The import wizard's state: one import from upload to commit (and undo), the choices the person makes
// on the way (sub-layer, encoding, CRS, target, mapping, provenance), the preview features and the
// history. The server detects, validates and stores; this only carries the choices there and back.
// Steps: upload → detection → preview → target → report → commit → result.
import { newUuid } from '../lib/uuid.ts';
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import {
  COMPLETE_AREA_LAYERS, imports, type CompleteAreaChoice, type FieldMappingInput, type FieldSuggestion, type ImportEncoding, type ImportSymbol, type ImportView, type MappingRequest,
  type ProvenanceClass, type SourceLayer, type UploadProgress,
} from '../api/imports.ts';
import type { BBox, FeatureCollection } from '../api/types.ts';
import { bboxOf } from '../lib/geo.ts';
import { orgLayers } from './org-layers.svelte.ts';

export const STEPS = ['upload', 'detection', 'preview', 'target', 'report', 'commit', 'result'] as const;
export type Step = (typeof STEPS)[number];

/** Files the server reads (imports/formats/). */
export const ACCEPT = '.geojson,.json,.geojsonl,.ndjson,.kml,.kmz,.gpx,.csv,.zip,.gpkg';
/** Rows in the preview table; the map shows up to PREVIEW_MAP features. */
export const PREVIEW_ROWS = 50;
const PREVIEW_MAP = 1000;
const POLL_MS = 400;

/** Colours for "colour by column", distinguishable with the common colour-vision deficiencies (Okabe–Ito, then Tol). */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#f0e442', '#000000', '#882255', '#44aa99', '#999933', '#aa4499'];

export type FieldChoice = { kind: 'source'; source: string; values: Record<string, string> } | { kind: 'constant'; constant: string } | { kind: 'none' };

export interface OrganisationDraft {
  title: Record<'ky' | 'ru' | 'en', string>;
  color: string;
  symbol: ImportSymbol;
  categoryAttribute: string;
  categoryColors: Record<string, string>;
  campaignId: string;
  exclude: string[];
}
export interface LayerDraft { layer: string; mode: 'append' | 'replace'; dataset: string }
/** Where the data of a shared layer the analyses use is complete (the commit's completeArea). */
export interface CompleteAreaDraft { type: 'extent' | 'municipalities' | 'none'; bufferKm: number; names: string[] }
const completeAreaDefault = (): CompleteAreaDraft => ({ type: 'extent', bufferKm: 1, names: [] });

export interface ProvenanceDraft { source: string; date: string; licence: string; provenance: ProvenanceClass }

const today = () => new Date().toISOString().slice(0, 10);
const baseName = (filename: string) => filename.replace(/\.[^.]+$/, '');


export class ImportWizardState {
  step = $state<Step>('upload');
  view = $state.raw<ImportView | null>(null);
  /** The last failure of an action (upload, mapping, commit, undo). */
  error = $state.raw<ApiError | null>(null);
  /** What is running: 'upload' | 'preview' | 'mapping' | 'commit' | 'undo' | null. */
  busy = $state<string | null>(null);
  upload = $state.raw<UploadProgress | null>(null);

  // Reading choices.
  layer = $state('');
  encoding = $state<ImportEncoding | ''>('');
  srs = $state('');
  preview = $state.raw<FeatureCollection | null>(null);
  previewError = $state.raw<ApiError | null>(null);
  /** Bumped when a new preview should bring the map to its features. */
  fitVersion = $state(0);

  // Target and mapping.
  targetKind = $state<'organisation' | 'layer'>('organisation');
  org = $state<OrganisationDraft>({ title: { ky: '', ru: '', en: '' }, color: PALETTE[0]!, symbol: 'circle', categoryAttribute: '', categoryColors: {}, campaignId: '', exclude: [] });
  shared = $state<LayerDraft>({ layer: '', mode: 'append', dataset: '' });
  fields = $state<Record<string, FieldChoice>>({});
  suggestions = $state.raw<FieldSuggestion[] | null>(null);
  suggestionsError = $state.raw<ApiError | null>(null);
  provenance = $state<ProvenanceDraft>({ source: '', date: today(), licence: '', provenance: 'real' });
  repair = $state(false);
  /** Leave out the features with problems and store the rest. */
  skipInvalid = $state(false);

  /** Where the data is complete (shared layers the analyses use); the municipalities offered. */
  completeArea = $state<CompleteAreaDraft>(completeAreaDefault());
  municipalities = $state.raw<{ name: string; settlements: number }[] | null>(null);
  municipalitiesError = $state.raw<ApiError | null>(null);

  history = $state.raw<ImportView[] | null>(null);
  historyError = $state.raw<ApiError | null>(null);

  private ctrl: AbortController | null = null;
  private previewCtrl: AbortController | null = null;
  private commitKey: string | null = null;

  /** The chosen sub-layer's detection. */
  get source(): SourceLayer | null {
    const layers = this.view?.detection.layers ?? [];
    return layers.find((l) => l.name === this.layer) ?? layers[0] ?? null;
  }

  /** The detection still needs a choice from the person before the data can be read. */
  get missingChoice(): 'layer' | 'crs' | 'encoding' | null {
    const d = this.view?.detection;
    if (!d) return null;
    if (d.layers.length > 1 && !this.layer) return 'layer';
    const s = this.source;
    if (s?.crs.needsConfirmation && !this.srs) return 'crs';
    if (s?.encoding.needsChoice && !this.encoding) return 'encoding';
    return null;
  }

  /** The reading options the server needs (only what differs from the detection, or was chosen). */
  get readChoice(): { layer?: string; encoding?: ImportEncoding; srs?: string } {
    return {
      ...(this.layer ? { layer: this.layer } : {}),
      ...(this.encoding ? { encoding: this.encoding } : {}),
      ...(this.srs ? { srs: this.srs } : {}),
    };
  }

  /** Extent of what the preview shows (the features read), else the detection's. */
  get extent(): BBox | null {
    const fs = this.preview?.features ?? [];
    let b: BBox | null = null;
    for (const f of fs) {
      const fb = bboxOf(f.geometry);
      if (!fb) continue;
      b = b ? [Math.min(b[0], fb[0]), Math.min(b[1], fb[1]), Math.max(b[2], fb[2]), Math.max(b[3], fb[3])] : fb;
    }
    return b ?? this.source?.extent ?? null;
  }

  reset() {
    this.ctrl?.abort();
    this.previewCtrl?.abort();
    this.step = 'upload';
    this.view = null;
    this.error = null;
    this.busy = null;
    this.upload = null;
    this.layer = '';
    this.encoding = '';
    this.srs = '';
    this.preview = null;
    this.previewError = null;
    this.targetKind = 'organisation';
    this.org = { title: { ky: '', ru: '', en: '' }, color: PALETTE[0]!, symbol: 'circle', categoryAttribute: '', categoryColors: {}, campaignId: '', exclude: [] };
    this.shared = { layer: '', mode: 'append', dataset: '' };
    this.fields = {};
    this.suggestions = null;
    this.suggestionsError = null;
    this.provenance = { source: '', date: today(), licence: '', provenance: 'real' };
    this.repair = false;
    this.skipInvalid = false;
    this.completeArea = completeAreaDefault();
    this.commitKey = null;
  }

  /** Someone else signed in (or out): nothing of the previous person's import stays on screen. */
  forget() {
    this.reset();
    this.history = null;
    this.historyError = null;
  }

  go(step: Step) {
    this.error = null;
    this.step = step;
  }

  // ---- 1. upload ----
  async uploadFile(file: File) {
    this.reset();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.busy = 'upload';
    this.upload = { loaded: 0, total: file.size };
    try {
      const view = await imports.upload(file, (p) => { this.upload = p; }, ctrl.signal);
      this.view = view;
      const first = view.detection.layers[0];
      this.layer = view.detection.layers.length === 1 && first ? first.name : '';
      const s = this.source;
      this.encoding = s?.encoding.needsChoice ? '' : ((s?.encoding.chosen ?? '') as ImportEncoding | '');
      this.srs = '';
      const name = baseName(view.filename);
      this.org.title = { ky: name, ru: name, en: name };
      this.provenance.source = view.filename;
      this.step = 'detection';
      this.fitVersion++;
      void this.loadHistory();
      if (!this.missingChoice) void this.loadPreview();
    } catch (err) {
      if (!isAbort(err)) this.error = asApiError(err);
    } finally {
      if (this.ctrl === ctrl) { this.busy = null; this.ctrl = null; }
    }
  }

  cancelUpload() { this.ctrl?.abort(); this.busy = null; this.upload = null; }

  // ---- 2./3. detection choices and the preview ----
  chooseLayer(name: string) {
    this.layer = name;
    const s = this.source;
    this.srs = '';
    this.encoding = s?.encoding.needsChoice ? '' : ((s?.encoding.chosen ?? '') as ImportEncoding | '');
    this.preview = null;
    if (!this.missingChoice) void this.loadPreview();
  }
  chooseSrs(code: string) { this.srs = code; if (!this.missingChoice) void this.loadPreview(); }
  chooseEncoding(e: ImportEncoding) { this.encoding = e; if (!this.missingChoice) void this.loadPreview(); }

  async loadPreview() {
    const view = this.view;
    if (!view) return;
    this.previewCtrl?.abort();
    const ctrl = new AbortController();
    this.previewCtrl = ctrl;
    this.previewError = null;
    try {
      this.preview = await imports.preview(view.id, { ...this.readChoice, limit: PREVIEW_MAP }, ctrl.signal);
      this.fitVersion++;
    } catch (err) {
      if (!isAbort(err)) this.previewError = asApiError(err);
    }
  }

  // ---- 4. target and mapping ----
  /** Distinct values of a source column: the detection's samples, then what the preview read. */
  valuesOf(column: string, max = 12): string[] {
    const out = new Set<string>(this.source?.fields.find((f) => f.name === column)?.samples ?? []);
    for (const f of this.preview?.features ?? []) {
      if (out.size >= max) break;
      const v = f.properties[column];
      if (v !== null && v !== undefined && v !== '') out.add(String(v));
    }
    return [...out].slice(0, max);
  }

  colourBy(column: string) {
    this.org.categoryAttribute = column;
    this.org.categoryColors = column ? Object.fromEntries(this.valuesOf(column).map((v, i) => [v, PALETTE[i % PALETTE.length]!])) : {};
  }

  async loadSuggestions(target: string) {
    const view = this.view;
    if (!view || !target) return;
    this.suggestions = null;
    this.suggestionsError = null;
    try {
      const { fields } = await imports.suggestions(view.id, target);
      if (this.shared.layer !== target) return;
      this.suggestions = fields;
      this.fields = Object.fromEntries(fields.map((s) => [s.attribute, s.source ? { kind: 'source', source: s.source, values: { ...(s.values ?? {}) } } : { kind: 'none' }]));
    } catch (err) {
      this.suggestionsError = asApiError(err);
    }
  }

  /** What PUT /mapping receives. */
  mappingBody(): MappingRequest {
    const p = this.provenance;
    const provenance = { source: p.source.trim(), date: p.date, licence: p.licence.trim(), provenance: p.provenance };
    const base = { ...this.readChoice, provenance, repair: this.repair, skipInvalid: this.skipInvalid };
    if (this.targetKind === 'organisation') {
      const o = this.org;
      const title = Object.fromEntries(Object.entries(o.title).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
      return {
        ...base,
        target: {
          kind: 'organisation', title, campaignId: o.campaignId || null, exclude: [...o.exclude],
          style: { color: o.color, symbol: o.symbol, ...(o.categoryAttribute ? { categoryAttribute: o.categoryAttribute, categoryColors: { ...o.categoryColors } } : {}) },
        },
        fields: {},
      };
    }
    const fields: Record<string, FieldMappingInput> = {};
    for (const [attr, c] of Object.entries(this.fields)) {
      if (c.kind === 'source' && c.source) fields[attr] = Object.keys(c.values).length ? { source: c.source, values: { ...c.values } } : { source: c.source };
      else if (c.kind === 'constant' && c.constant !== '') fields[attr] = { constant: c.constant };
    }
    return { ...base, target: { kind: 'layer', layer: this.shared.layer, mode: this.shared.mode, dataset: this.shared.dataset.trim() }, fields };
  }

  /** Send the mapping; the answer carries the validation report. */
  async submitMapping(): Promise<boolean> {
    const view = this.view;
    if (!view) return false;
    this.busy = 'mapping';
    this.error = null;
    try {
      this.view = await imports.mapping(view.id, this.mappingBody());
      this.commitKey = null; // a new mapping is a new commit
      this.step = 'report';
      void this.loadHistory();
      return true;
    } catch (err) {
      this.error = asApiError(err);
      return false;
    } finally {
      this.busy = null;
    }
  }

  async setRepair(on: boolean) {
    this.repair = on;
    await this.submitMapping();
  }

  async setSkipInvalid(on: boolean) {
    this.skipInvalid = on;
    await this.submitMapping();
  }

  // ---- 5. where the data is complete ----
  /** A shared layer whose completeness the analyses ask about: the commit says where the data is complete. */
  get asksCompleteArea(): boolean {
    return this.targetKind === 'layer' && (COMPLETE_AREA_LAYERS as readonly string[]).includes(this.shared.layer);
  }

  /** The choice can be sent: a distance of 0.1–50 km around the features, or at least one municipality ticked. */
  get completeAreaReady(): boolean {
    const c = this.completeArea;
    if (!this.asksCompleteArea) return true;
    if (c.type === 'extent') return Number.isFinite(c.bufferKm) && c.bufferKm >= 0.1 && c.bufferKm <= 50;
    return c.type === 'none' || c.names.length > 0;
  }

  /** The commit's completeArea, or undefined when it does not apply (or is not ready). */
  completeAreaBody(): CompleteAreaChoice | undefined {
    if (!this.asksCompleteArea || !this.completeAreaReady) return undefined;
    const c = this.completeArea;
    if (c.type === 'extent') return { type: 'extent', bufferM: Math.round(c.bufferKm * 1000) };
    if (c.type === 'municipalities') return c.names.length ? { type: 'municipalities', names: [...c.names] } : undefined;
    return { type: 'none' };
  }

  async loadMunicipalities() {
    this.municipalitiesError = null;
    try { this.municipalities = (await imports.municipalities()).municipalities; }
    catch (err) { this.municipalitiesError = asApiError(err); }
  }

  // ---- 6. commit ----
  /**
   * POST commit runs until the rows are stored; meanwhile GET /api/imports/{id} tells how far it got
   * (`progress`), asked every POLL_MS. A retry sends the same Idempotency-Key: the server commits once.
   */
  async commit() {
    const view = this.view;
    if (!view) return;
    this.commitKey ??= newUuid();
    this.busy = 'commit';
    this.error = null;
    this.step = 'commit';
    let done = false;
    const poll = async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (done) return;
        try {
          const v = await imports.get(view.id);
          if (!done && v.status === 'committing') this.view = v;
        } catch { /* the commit's own answer tells */ }
      }
    };
    void poll();
    try {
      let v = await imports.commit(view.id, this.commitKey, this.completeAreaBody());
      // A server that commits in the background answers 'committing': wait for the end.
      while (v.status === 'committing') {
        this.view = v;
        await new Promise((r) => setTimeout(r, POLL_MS));
        v = await imports.get(view.id);
      }
      this.view = v;
      if (v.status === 'committed') {
        this.step = 'result';
        orgLayers.changed();
        void this.loadHistory();
      }
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      done = true;
      this.busy = null;
    }
  }

  // ---- undo and discard ----
  /** Undo a committed import, or discard one not yet committed (the current one, or one from the history). */
  async remove(id: string) {
    this.busy = 'undo';
    this.error = null;
    try {
      await imports.remove(id);
      if (this.view?.id === id) {
        const was = this.view.status;
        if (was === 'committed') this.view = await imports.get(id).catch(() => ({ ...this.view!, status: 'undone' as const }));
        else this.reset();
      }
      orgLayers.changed();
      await this.loadHistory();
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.busy = null;
    }
  }

  async loadHistory() {
    this.historyError = null;
    try { this.history = (await imports.list()).imports; }
    catch (err) { this.historyError = asApiError(err); }
  }
}

export const importWizard = new ImportWizardState();
