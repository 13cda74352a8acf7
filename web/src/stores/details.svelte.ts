// The details panel: the features under a click (placeholder points share coordinates on purpose,
// so a click can hit several) and the full record of the one selected, from the features API.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import { api } from '../api/data.ts';
import type { Feature } from '../api/types.ts';
import type { Selection } from './app.svelte.ts';
import { NAME_ATTRS } from '../i18n/format.ts';

const NAME_KEYS = [...NAME_ATTRS];

export interface Candidate { layer: string; id: number; props: Record<string, unknown> }

export class DetailsState {
  /** What the last click hit, when it hit more than one feature. */
  candidates = $state.raw<Candidate[]>([]);
  feature = $state.raw<Feature | null>(null);
  featureLayer = $state<string | null>(null);
  loading = $state(false);
  error = $state.raw<ApiError | null>(null);
  private ctrl: AbortController | null = null;

  /** What a click hit; candidates of layers with names (`named`) that came from the tile without one get it from the features API. */
  async setCandidates(list: Candidate[], named: (layer: string) => boolean) {
    this.candidates = list;
    if (!list.some((c) => named(c.layer) && !NAME_KEYS.some((k) => c.props[k]))) return;
    const filled = await Promise.all(list.map((c) => (named(c.layer) ? withNames(c).catch(() => c) : c)));
    if (this.candidates === list) this.candidates = filled;
  }

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

/** The names a tile left out: at low zooms only one of several settlements that close carries them (server LayerDef.labelThinning). */
export async function withNames(c: Candidate, signal?: AbortSignal): Promise<Candidate> {
  if (NAME_KEYS.some((k) => c.props[k])) return c;
  const p = (await api.feature(c.layer, c.id, signal)).properties as Record<string, unknown>;
  return { ...c, props: { ...c.props, ...Object.fromEntries(NAME_KEYS.filter((k) => p[k]).map((k) => [k, p[k]])) } };
}

export const details = new DetailsState();
