// What the server says exists: layers (definitions, legends, styles in the current language), the
// basemap and the six projects. Each part loads on its own and keeps its own error, so one failing
// endpoint never blanks the whole app; `retry` reloads what failed.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import { api } from '../api/data.ts';
import type { BasemapResponse, Lang, LayerInfo, LayersResponse, Project } from '../api/types.ts';

type Part<T> = { data: T | null; error: ApiError | null; loading: boolean };
const empty = <T>(): Part<T> => ({ data: null, error: null, loading: false });


export class Catalog {
  layers = $state<Part<LayersResponse>>(empty());
  basemap = $state<Part<BasemapResponse>>(empty());
  projects = $state<Part<Project[]>>(empty());
  private layersLang: Lang | null = null;
  private layersAbort: AbortController | null = null;

  layer(id: string): LayerInfo | undefined {
    return this.layers.data?.layers.find((l) => l.id === id);
  }

  get layerIds(): string[] { return this.layers.data?.layers.map((l) => l.id) ?? []; }

  /** Organisation layers of the viewer (imports, drafts) change with who is signed in and with imports. */
  get organisationLayers(): LayerInfo[] { return this.layers.data?.organisationLayers ?? []; }

  /** The first answers for the layers and the basemap are in (or failed): what the first map needs. */
  get started(): boolean {
    return !!(this.layers.data || this.layers.error) && !!(this.basemap.data || this.basemap.error);
  }

  async loadLayers(lang: Lang, force = false) {
    if (!force && this.layersLang === lang && (this.layers.data || this.layers.loading)) return;
    this.layersAbort?.abort();
    const ctrl = new AbortController();
    this.layersAbort = ctrl;
    this.layersLang = lang;
    this.layers.loading = true;
    try {
      const data = await api.layers(lang, ctrl.signal, force);
      this.layers = { data, error: null, loading: false };
    } catch (err) {
      if (isAbort(err)) return;
      this.layersLang = null;
      this.layers = { data: this.layers.data, error: asApiError(err), loading: false };
    }
  }

  async loadBasemap() {
    this.basemap.loading = true;
    try { this.basemap = { data: await api.basemap(), error: null, loading: false }; }
    catch (err) { this.basemap = { data: null, error: asApiError(err), loading: false }; }
  }

  async loadProjects() {
    this.projects.loading = true;
    try { this.projects = { data: (await api.projects()).projects, error: null, loading: false }; }
    catch (err) { this.projects = { data: null, error: asApiError(err), loading: false }; }
  }

  /** Reload every part that failed. */
  retry(lang: Lang) {
    if (this.layers.error) { this.layersLang = null; void this.loadLayers(lang); }
    if (this.basemap.error) void this.loadBasemap();
    if (this.projects.error) void this.loadProjects();
  }
}
