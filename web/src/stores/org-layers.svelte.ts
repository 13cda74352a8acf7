// Organisation layers (made by imports): which ones the person has hidden on the map, their tile
// version (bumped after a change so the map fetches fresh tiles), and Publish / Unpublish for the
// organisation that owns one. The list itself is the `organisationLayers` entry of /api/layers
// (stores/catalog.svelte.ts), reloaded when `generation` moves.
import { asApiError, type ApiError } from '../api/client.ts';
import { organisationLayers } from '../api/imports.ts';
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

  changed() { this.generation++; this.tileVersion++; }

  isShown(id: string) { return !this.hidden.includes(id); }
  setShown(id: string, on: boolean) {
    this.hidden = on ? this.hidden.filter((h) => h !== id) : [...new Set([...this.hidden, id])];
  }

  async setStatus(id: string, status: OrgLayerStatus) {
    this.busy = id;
    this.error = null;
    try {
      await organisationLayers.update(id, { status });
      this.changed();
    } catch (err) {
      this.error = { id, error: asApiError(err) };
    } finally {
      this.busy = null;
    }
  }
}

export const orgLayers = new OrgLayersState();

// What /api/layers says about an organisation layer beyond the shared description. Read in one place,
// so a change of the server's names is fixed here.
type OrgFacts = { status?: unknown; permissions?: { publish?: unknown; update?: unknown } | null };
export function statusOf(info: LayerInfo): OrgLayerStatus | null {
  const s = (info as LayerInfo & OrgFacts).status;
  return s === 'draft' || s === 'published' ? s : null;
}
/** The viewer's organisation owns the layer and may publish it. */
export function canPublish(info: LayerInfo): boolean {
  const p = (info as LayerInfo & OrgFacts).permissions;
  return !!(p && (p.publish ?? p.update));
}
