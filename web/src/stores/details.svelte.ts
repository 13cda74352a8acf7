// The details panel: the features under a click (placeholder points share coordinates on purpose,
// so a click can hit several) and the full record of the one selected, from the features API.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import { api } from '../api/data.ts';
import type { Feature } from '../api/types.ts';
import type { Selection } from './app.svelte.ts';

export interface Candidate { layer: string; id: number; props: Record<string, unknown> }

export class DetailsState {
  /** What the last click hit, when it hit more than one feature. */
  candidates = $state.raw<Candidate[]>([]);
  feature = $state.raw<Feature | null>(null);
  featureLayer = $state<string | null>(null);
  loading = $state(false);
  error = $state.raw<ApiError | null>(null);
  private ctrl: AbortController | null = null;

  async load(sel: Selection | null) {
    this.ctrl?.abort();
    this.error = null;
    if (!sel) { this.feature = null; this.featureLayer = null; this.loading = false; return; }
    if (this.feature?.id === sel.id && this.featureLayer === sel.layer) return;
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.loading = true;
    try {
      const f = await api.feature(sel.layer, sel.id, ctrl.signal);
      this.feature = f;
      this.featureLayer = sel.layer;
    } catch (err) {
      if (isAbort(err)) return;
      this.feature = null;
      this.error = asApiError(err);
    } finally {
      if (this.ctrl === ctrl) this.loading = false;
    }
  }
}

export const details = new DetailsState();
