// One MapLibre map and what the components around it need to know about it. Map.svelte creates it;
// the layer components (Basemap, DataLayers, SelectionLayer) add their sources and layers through it
// and remove them when destroyed.
import { getContext, setContext, untrack } from 'svelte';
import type { Map as MlMap, MapGeoJSONFeature, LayerSpecification, SourceSpecification, GeoJSONSource } from 'maplibre-gl';
import type { MapLibre } from './maplibre.ts';
import type { BBox, LngLat } from '../api/types.ts';
import { sharedPaint, sharedValue } from './programs.ts';

/** Drawing order, bottom to top. A layer is inserted below the first layer of a higher band. */
export const BAND = { basemap: 0, fill: 10, selectionUnder: 15, line: 20, circle: 30, selection: 35, symbol: 40 } as const;

export function bandOfType(type: string): number {
  if (type === 'fill' || type === 'fill-extrusion' || type === 'background' || type === 'raster') return BAND.fill;
  if (type === 'line') return BAND.line;
  if (type === 'circle' || type === 'heatmap') return BAND.circle;
  return BAND.symbol;
}

/**
 * Whether MapLibre checks each source and layer against the style specification as it is added:
 * about 1 ms a layer on the main thread, and the first view adds 70 before it asks for a tile. The
 * server's layers are checked by its tests (tests/integration/layers.test.ts); `npm run dev` checks
 * every layer, the web app's own overlays included, and reports a wrong one in the console.
 */
const CHECK = { validate: import.meta.env.DEV };

export interface SourceError { message: string; status?: number }
export interface View { zoom: number; center: LngLat; bounds: BBox }

export class MapContext {
  map = $state.raw<MlMap | null>(null);
  ml: MapLibre | null = null;
  view = $state.raw<View | null>(null);
  /** Tile/source failures by source id (= layer id for the data layers). */
  sourceErrors = $state<Record<string, SourceError>>({});
  /** Illustrative features are drawn in the current view (updated when the map is idle). */
  illustrativeInView = $state(false);
  /** Style layers that answer clicks (data layers), by source id. */
  interactive = $state.raw<Record<string, string[]>>({});
  private bands = new Map<string, number>();
  /** The features each GeoJSON overlay source holds (setData). */
  private held = new Map<string, GeoJSON.Feature[]>();

  attach(ml: MapLibre, map: MlMap) { this.ml = ml; this.map = map; }
  detach() { this.map = null; this.bands.clear(); this.held.clear(); }

  /** Adds a style layer in its drawing band (or updates nothing if it exists). */
  addLayer(spec: LayerSpecification, band: number) {
    const map = this.map;
    if (!map || map.getLayer(spec.id)) return;
    const before = map.getLayersOrder().find((id) => (this.bands.get(id) ?? BAND.symbol) > band);
    // Colours, widths and radii in the kinds that let the layers share shader programs (programs.ts).
    const paint = sharedPaint(spec.type, (spec as { paint?: Record<string, unknown> }).paint);
    map.style.addLayer(paint ? { ...spec, paint } as LayerSpecification : spec, before, CHECK);
    map._update(true); // what map.addLayer does after adding
    this.bands.set(spec.id, band);
  }

  /** Changes one paint property of a layer, in the kind addLayer gave it (no new shader program). */
  setPaint(id: string, prop: string, value: unknown) {
    const layer = this.map?.getLayer(id);
    if (layer) this.map!.setPaintProperty(id, prop as never, sharedValue(layer.type, prop, value) as never);
  }

  removeLayer(id: string) {
    if (this.map?.getLayer(id)) this.map.removeLayer(id);
    this.bands.delete(id);
  }

  addSource(id: string, spec: SourceSpecification) {
    const map = this.map;
    if (!map || map.getSource(id)) return;
    map.style.addSource(id, spec, CHECK);
    map._update(true); // what map.addSource does after adding
    if (spec.type === 'geojson' && typeof spec.data === 'object' && 'features' in spec.data) this.held.set(id, spec.data.features);
  }

  /**
   * Sets an overlay's GeoJSON data and hides its style layers while it has no features: MapLibre
   * loads no tiles for a source whose layers are all hidden, so the overlays that are empty on the
   * first view (selection, analysis, budget, tracker, import preview) keep the map's worker free
   * for the data tiles. An empty overlay draws nothing either way.
   *
   * Features are taken as immutable (a changed feature is a new object): the same features again,
   * even in a new list, leave the source as it is, and MapLibre does not cut its tiles again.
   */
  setData(id: string, data: GeoJSON.FeatureCollection) {
    const map = this.map;
    const src = map?.getSource(id) as GeoJSONSource | undefined;
    if (!map || !src) return;
    const held = this.held.get(id);
    if (!held || held.length !== data.features.length || data.features.some((f, i) => f !== held[i])) {
      src.setData(data);
      this.held.set(id, data.features);
    }
    const visibility = data.features.length ? 'visible' : 'none';
    for (const layer of map.getLayersOrder()) {
      if (map.getLayer(layer)?.source === id && map.getLayoutProperty(layer, 'visibility') !== visibility) map.setLayoutProperty(layer, 'visibility', visibility);
    }
  }

  removeSource(id: string) {
    if (this.map?.getSource(id)) this.map.removeSource(id);
    this.held.delete(id);
  }

  setInteractive(source: string, layerIds: string[] | null) {
    // Called from effects: read without subscribing, and write only on a real change (no effect loops).
    const cur = untrack(() => this.interactive);
    if (JSON.stringify(cur[source] ?? null) === JSON.stringify(layerIds)) return;
    const next = { ...cur };
    if (layerIds) next[source] = layerIds; else delete next[source];
    this.interactive = next;
  }

  clearSourceError(id: string) {
    const cur = untrack(() => this.sourceErrors);
    if (!cur[id]) return;
    const next = { ...cur };
    delete next[id];
    this.sourceErrors = next;
  }

  /** Bumped to make the component that owns a source re-create it (MapLibre does not retry errored tiles). */
  reloads = $state<Record<string, number>>({});

  /** Reload a source's tiles after a failure. */
  retrySource(id: string) {
    this.clearSourceError(id);
    this.reloads[id] = (untrack(() => this.reloads[id]) ?? 0) + 1;
  }

  /** Every data feature under a point (a few pixels of tolerance), one entry per feature even when drawn by several style layers. */
  featuresAt(point: { x: number; y: number }, tolerance = 6): MapGeoJSONFeature[] {
    const map = this.map;
    if (!map) return [];
    const layers = Object.values(this.interactive).flat().filter((id) => map.getLayer(id));
    if (!layers.length) return [];
    const box: [[number, number], [number, number]] = [[point.x - tolerance, point.y - tolerance], [point.x + tolerance, point.y + tolerance]];
    const seen = new Set<string>();
    const out: MapGeoJSONFeature[] = [];
    for (const f of map.queryRenderedFeatures(box, { layers })) {
      const key = `${f.source}/${f.id}`;
      if (f.id === undefined || seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
    return out;
  }

  fitBounds(b: BBox, opts: { maxZoom?: number; animate?: boolean } = {}) {
    this.map?.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, maxZoom: opts.maxZoom ?? 15, animate: opts.animate ?? !reducedMotion() });
  }

  flyTo(center: LngLat, zoom: number) {
    const map = this.map;
    if (!map) return;
    if (reducedMotion()) map.jumpTo({ center, zoom });
    else map.flyTo({ center, zoom, duration: 900 });
  }
}

export const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

const KEY = Symbol('map-context');
export const setMapContext = (ctx: MapContext) => setContext(KEY, ctx);
export const getMapContext = () => getContext<MapContext>(KEY);
