// Going somewhere on the map: a search result, a project's story (its area, layers and focus filter;
// a single focused feature opens), a place in the resident view.
import { api } from '../api/data.ts';
import type { BBox, LngLat, Project, SearchResult } from '../api/types.ts';
import type { MapContext } from '../map/map-context.svelte.ts';
import { app } from '../stores/app.svelte.ts';
import type { Catalog } from '../stores/catalog.svelte.ts';
import { details } from '../stores/details.svelte.ts';
import { budgets } from '../stores/budgets.svelte.ts';

export class Navigation {
  constructor(private readonly catalog: Catalog, private readonly map: MapContext) {}

  private get layers() { return this.catalog.layers.data?.layers ?? []; }

  goTo(center: LngLat, zoom: number, bbox?: BBox) {
    if (bbox && (bbox[2] - bbox[0] > 1e-4 || bbox[3] - bbox[1] > 1e-4)) this.map.fitBounds(bbox, { maxZoom: zoom });
    else this.map.flyTo(center, zoom);
  }

  search(r: SearchResult) {
    if (r.type === 'project') {
      const p = this.catalog.projects.data?.find((x) => String(x.id) === String(r.id));
      if (p) { void this.openProject(p); return; }
    }
    this.goTo(r.center, r.zoom, r.bbox);
    if (r.layer && r.type !== 'project') {
      app.setVisible(r.layer, true);
      details.candidates = [];
      app.selection = { layer: r.layer, id: Number(r.id) };
    }
  }

  /** A project's view: its area, its layers, and its focus as a filter; a single focused feature opens. */
  async openProject(p: Project) {
    this.map.fitBounds(p.bbox, { maxZoom: 15 });
    budgets.fromProject(p.id);
    const known = new Set(this.layers.map((l) => l.id));
    app.visible = p.layers.filter((id) => known.has(id));
    app.clearFilters();
    details.candidates = [];
    app.selection = null;
    app.drawerOpen = false;
    if (!p.focus || !known.has(p.focus.layer)) return;
    const focus = p.focus;
    const filters = Object.fromEntries(Object.entries(focus.filter).map(([k, v]) => [k, String(v).split(',')]));
    app.setVisible(focus.layer, true);
    for (const [attr, values] of Object.entries(filters)) app.setFilter(focus.layer, attr, values);
    if (this.catalog.layers.data) app.validate(this.catalog.layers.data.layers, true); // drops a focus attribute the map cannot filter on
    try {
      const fc = await api.features(focus.layer, { filters, bbox: p.bbox, limit: 2 });
      if (fc.numberMatched === 1 && fc.features[0]) app.selection = { layer: focus.layer, id: fc.features[0].id };
    } catch { /* the view itself is what matters */ }
  }

  /** A place chosen in the resident view (from search: brought into view). */
  place(id: number, r?: SearchResult) {
    app.place = id;
    if (r) this.goTo(r.center, Math.max(r.zoom, 12), r.bbox);
  }
}
