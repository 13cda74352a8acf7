// Monitoring visits in the web app: the latest score per feature (the map's VisitsLayer), the visit
// history of the feature in the details panel with one visit opened, and the visit form (VisitForm):
// what it needs for the feature, saving the visit and then its photos one by one.
import { asApiError, isAbort, type ApiError } from '../api/client.ts';
import { visitsApi, type LatestScores, type VisitCreateBody, type VisitDetail, type VisitForm, type VisitSummary } from '../api/visits.ts';
import { newUuid } from '../lib/uuid.ts';

/** The layers whose features are inspected with a checklist (server VISIT_LAYERS). */
export const VISIT_LAYERS = ['facilities', 'canals'] as const;
export const hasVisits = (layer: string | null | undefined) => !!layer && (VISIT_LAYERS as readonly string[]).includes(layer);

export interface PendingPhoto { file: File; item: string | null; url: string }

export class VisitsState {
  latest = $state.raw<LatestScores | null>(null);
  history = $state.raw<VisitSummary[]>([]);
  historyKey = $state('');
  historyError = $state.raw<ApiError | null>(null);
  loadingHistory = $state(false);
  opened = $state.raw<VisitDetail | null>(null);
  form = $state.raw<VisitForm | null>(null);
  formFor = $state.raw<{ layer: string; id: number } | null>(null);
  formError = $state.raw<ApiError | null>(null);
  saving = $state(false);
  /** "Uploading photo n of m" while photos go up after the visit is saved. */
  uploading = $state.raw<{ n: number; total: number } | null>(null);
  /** The visit this form already stored, with the photos that went up: a retry after a refused photo goes on from there instead of recording the visit twice. */
  stored = $state.raw<{ visit: VisitDetail; sent: ReadonlySet<File> } | null>(null);
  private ctrl: AbortController | null = null;

  async loadLatest(signal?: AbortSignal) {
    try { this.latest = await visitsApi.latest({}, signal); } catch (err) { if (!isAbort(err)) this.latest = null; }
  }

  async loadHistory(layer: string, id: number, force = false) {
    const key = `${layer}/${id}`;
    if (!force && key === this.historyKey) return;
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.historyKey = key;
    this.opened = null;
    this.historyError = null;
    this.loadingHistory = true;
    try {
      this.history = (await visitsApi.list({ layer, feature: id }, ctrl.signal)).visits;
    } catch (err) {
      if (isAbort(err)) return;
      this.history = [];
      this.historyError = asApiError(err);
    } finally {
      if (this.ctrl === ctrl) this.loadingHistory = false;
    }
  }

  async open(id: string) {
    if (this.opened?.id === id) { this.opened = null; return; }
    try { this.opened = await visitsApi.get(id); } catch (err) { this.historyError = asApiError(err); }
  }

  async openForm(layer: string, id: number) {
    this.formError = null;
    this.formFor = { layer, id };
    this.form = null;
    try { this.form = await visitsApi.form(layer, id); } catch (err) { this.formError = asApiError(err); }
  }

  closeForm() {
    const f = this.formFor;
    const keptVisit = this.stored !== null;
    this.formFor = null; this.form = null; this.formError = null; this.stored = null;
    // A visit stored before a photo was refused is in the history all the same.
    if (keptVisit && f) void this.loadHistory(f.layer, f.id, true).then(() => this.loadLatest());
  }

  /** Saves the visit, then its photos; true when everything was stored. */
  async save(body: VisitCreateBody, photos: PendingPhoto[]): Promise<boolean> {
    this.saving = true;
    this.formError = null;
    try {
      this.stored ??= { visit: await visitsApi.create(body, newUuid()), sent: new Set() };
      for (const [i, p] of photos.entries()) {
        if (this.stored.sent.has(p.file)) continue;
        this.uploading = { n: i + 1, total: photos.length };
        const visit = await visitsApi.addPhoto(this.stored.visit.id, p.file, { item: p.item ?? undefined });
        this.stored = { visit, sent: new Set([...this.stored.sent, p.file]) };
      }
      const v = this.stored.visit;
      const f = this.formFor;
      this.stored = null;
      this.closeForm();
      if (f) await this.loadHistory(f.layer, f.id, true);
      this.opened = v;
      await this.loadLatest();
      return true;
    } catch (err) {
      this.formError = asApiError(err);
      return false;
    } finally {
      this.saving = false;
      this.uploading = null;
    }
  }
}

export const visits = new VisitsState();
