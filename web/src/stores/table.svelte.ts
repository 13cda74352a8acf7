// The table of features in view: one layer at a time, from the features API with the map's bbox
// and the same filters as the map; sorted in the browser.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import { api } from '../api/data.ts';
import type { BBox, Feature } from '../api/types.ts';
import type { LayerFilters } from '../lib/filters.ts';

export const TABLE_LIMIT = 500;

export class TableState {
  layer = $state<string>('canals');
  rows = $state.raw<Feature[]>([]);
  matched = $state(0);
  loading = $state(false);
  error = $state.raw<ApiError | null>(null);
  sortKey = $state<string>('name');
  sortDir = $state<1 | -1>(1);
  private ctrl: AbortController | null = null;
  private lastKey = '';

  async load(layer: string, bbox: BBox, filters: LayerFilters, force = false) {
    const key = JSON.stringify([layer, bbox.map((n) => n.toFixed(5)), filters]);
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.loading = true;
    this.error = null;
    try {
      const fc = await api.features(layer, { bbox, limit: TABLE_LIMIT, filters }, ctrl.signal);
      this.rows = fc.features;
      this.matched = fc.numberMatched;
    } catch (err) {
      if (isAbort(err)) return;
      this.lastKey = '';
      this.error = asApiError(err);
    } finally {
      if (this.ctrl === ctrl) this.loading = false;
    }
  }

  sortBy(key: string) {
    if (this.sortKey === key) this.sortDir = this.sortDir === 1 ? -1 : 1;
    else { this.sortKey = key; this.sortDir = 1; }
  }
}

export const table = new TableState();
