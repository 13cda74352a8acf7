// What the person has chosen: audience view, visible layers, opacity, filters, selection, the place
// picked in the resident view, and the current map view. The URL hash mirrors it (url-sync.svelte.ts).
import type { FilterState, HashState, HashView } from '../lib/hash.ts';
import { cleanFilters } from '../lib/filters.ts';
import type { LayerInfo } from '../api/types.ts';
import { DEFAULT_LAYERS } from './filter-config.ts';

export type Mode = 'workspace' | 'resident';
export type Selection = { layer: string; id: number };
export type SidebarTab = 'layers' | 'filters' | 'projects' | 'analysis' | 'annotations' | 'imports' | 'budgets' | 'tracker';

/** Desktop workspace from 900 px, the resident view below (either can be chosen explicitly). */
export const WIDE_QUERY = '(min-width: 900px)';

export class AppState {
  mode = $state<Mode>('workspace');
  visible = $state<string[]>([...DEFAULT_LAYERS]);
  opacity = $state<Record<string, number>>({});
  filters = $state<FilterState>({});
  selection = $state<Selection | null>(null);
  place = $state<number | null>(null);
  view = $state.raw<HashView | null>(null);
  tableOpen = $state(false);
  sidebarTab = $state<SidebarTab>('layers');
  /** Narrow screens: the workspace side panel is a drawer. */
  drawerOpen = $state(false);

  isVisible(id: string) { return this.visible.includes(id); }

  setVisible(id: string, on: boolean) {
    if (on && !this.visible.includes(id)) this.visible = [...this.visible, id];
    if (!on) this.visible = this.visible.filter((v) => v !== id);
  }

  opacityOf(id: string) { return this.opacity[id] ?? 1; }

  setFilter(layer: string, attribute: string, values: string[]) {
    const next = { ...(this.filters[layer] ?? {}), [attribute]: values };
    const clean = cleanFilters(next);
    const all = { ...this.filters };
    if (Object.keys(clean).length) all[layer] = clean; else delete all[layer];
    this.filters = all;
  }

  clearFilters(layer?: string) {
    if (!layer) { this.filters = {}; return; }
    const all = { ...this.filters };
    delete all[layer];
    this.filters = all;
  }

  get activeFilterCount(): number {
    return Object.values(this.filters).reduce((n, attrs) => n + Object.values(attrs).filter((v) => v.length).length, 0);
  }

  /** Take what a URL hash says (already parsed; unknown layers and values are dropped later by `validate`). */
  applyHash(h: HashState, defaultMode: Mode) {
    this.mode = h.mode ?? defaultMode;
    this.visible = h.layers ? [...h.layers] : [...DEFAULT_LAYERS];
    this.filters = Object.fromEntries(Object.entries(h.filters ?? {}).map(([layer, f]) => [layer, cleanFilters(f)]));
    this.selection = h.sel ?? null;
    this.place = h.place ?? null;
  }

  /** Drop layers, filters and selections the server does not know (a stale or hand-edited link). */
  validate(layers: LayerInfo[], hadLayers: boolean) {
    const ids = new Set(layers.map((l) => l.id));
    const known = this.visible.filter((v) => ids.has(v));
    this.visible = known.length || (hadLayers && this.visible.length === 0) ? known : [...DEFAULT_LAYERS].filter((v) => ids.has(v));
    const filters: FilterState = {};
    for (const [layerId, attrs] of Object.entries(this.filters)) {
      const def = layers.find((l) => l.id === layerId);
      if (!def) continue;
      for (const [attr, values] of Object.entries(attrs)) {
        const a = def.attributes.find((x) => x.name === attr && x.filterable && x.inTiles && x.type === 'enum');
        const ok = values.filter((v) => a?.values?.some((ev) => ev.value === v));
        if (ok.length) (filters[layerId] ??= {})[attr] = ok;
      }
    }
    this.filters = filters;
    if (this.selection && !ids.has(this.selection.layer)) this.selection = null;
  }
}

export const app = new AppState();
