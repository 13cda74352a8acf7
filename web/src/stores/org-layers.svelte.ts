// Organisation layers (made by imports): which ones the person has hidden on the map, their tile
// version (bumped after a change so the map fetches fresh tiles), and Publish / Unpublish for the
// organisation that owns one. The list itself is the `organisationLayers` entry of /api/layers
// (stores/catalog.svelte.ts), reloaded when `generation` moves.
import { asApiError, type ApiError } from '../api/client.ts';
import { imports, organisationLayers } from '../api/imports.ts';
import { api } from '../api/data.ts';
import type { LayerInfo } from '../api/types.ts';

/** The annotations entry of `organisationLayers` has its own store and tab; the rest come from imports. */
export const isImportedLayer = (info: LayerInfo) => info.id !== 'annotations';

export type OrgLayerStatus = 'draft' | 'published';

export class OrgLayersState {
  /** Bumped after an import, an undo or a status change: /api/layers is asked again. */
  generation = $state(0);
  /** Bumped with `generation`: tile URLs get ?v= so the map does not draw what it cached. */
  tileVersion = $state(0);
  hidden = $state<string[]>([]);
  busy = $state<string | null>(null);
  error = $state.raw<{ id: string; error: ApiError } | null>(null);

  /**
   * Status and ownership of each imported layer. /api/layers describes an organisation layer like any
   * other layer, without them: the organisation's own layers are the results of its committed imports
   * (GET /api/imports), and a layer's status is on its rows (the `status` attribute).
   */
  facts = $state.raw<Record<string, { status: OrgLayerStatus | null; mine: boolean }>>({});
  private factsCtrl: AbortController | null = null;

  changed() { this.generation++; this.tileVersion++; }

  statusOf(id: string): OrgLayerStatus | null { return this.facts[id]?.status ?? null; }
  /** The viewer's organisation made the layer (its advocates and admins publish and withdraw it). */
  canPublish(id: string): boolean { return !!this.facts[id]?.mine; }

  /** `editor`: the viewer is an advocate or admin (only they see the import history). */
  async loadFacts(ids: string[], editor: boolean) {
    this.factsCtrl?.abort();
    if (!ids.length || !editor) { this.facts = {}; return; }
    const ctrl = new AbortController();
    this.factsCtrl = ctrl;
    try {
      const mine = new Set((await imports.list(ctrl.signal)).imports
        .filter((i) => i.status === 'committed' && i.result && i.mapping?.target.kind === 'organisation').map((i) => i.result!.layer));
      const facts: Record<string, { status: OrgLayerStatus | null; mine: boolean }> = {};
      await Promise.all(ids.map(async (id) => {
        let status: OrgLayerStatus | null = null;
        if (mine.has(id)) {
          const first = (await api.features(id, { limit: 1 }, ctrl.signal)).features[0];
          const s = first?.properties.status;
          status = s === 'draft' || s === 'published' ? s : null;
        }
        facts[id] = { status, mine: mine.has(id) };
      }));
      if (!ctrl.signal.aborted) this.facts = facts;
    } catch { /* without the facts the panel shows no status and no Publish button */ }
  }

  isShown(id: string) { return !this.hidden.includes(id); }
  setShown(id: string, on: boolean) {
    this.hidden = on ? this.hidden.filter((h) => h !== id) : [...new Set([...this.hidden, id])];
  }

  async setStatus(id: string, status: OrgLayerStatus) {
    this.busy = id;
    this.error = null;
    try {
      await organisationLayers.update(id, { status });
      this.facts = { ...this.facts, [id]: { mine: true, status } };
      this.changed();
    } catch (err) {
      this.error = { id, error: asApiError(err) };
    } finally {
      this.busy = null;
    }
  }
}

export const orgLayers = new OrgLayersState();

