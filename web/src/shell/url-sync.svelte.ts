// The URL hash and the app state: the app starts from the link (language for this visit only, layers,
// filters, view; anything broken falls back), mirrors its state into the hash (replaceState: panning does
// not flood the history), and follows a link pasted or edited while it is open.
import { untrack } from 'svelte';
import type { LngLat } from '../api/types.ts';
import { i18n, isLang } from '../i18n/i18n.svelte.ts';
import { formatHash, parseHash, type HashState } from '../lib/hash.ts';
import type { MapContext } from '../map/map-context.svelte.ts';
import { app } from '../stores/app.svelte.ts';
import type { Catalog } from '../stores/catalog.svelte.ts';
import { KYRGYZSTAN_BOUNDS } from '../stores/filter-config.ts';

export type InitialView = { center: LngLat; zoom: number } | { bounds: typeof KYRGYZSTAN_BOUNDS };

/** Apply the link the app was opened with; the map's first view. */
export function startFromHash(wide: boolean): { initial: HashState; view: InitialView } {
  const initial = parseHash(location.hash);
  if (isLang(initial.lang)) i18n.set(initial.lang, false);
  app.applyHash(initial, wide ? 'workspace' : 'resident');
  const view = initial.view ? { center: [initial.view.lon, initial.view.lat] as LngLat, zoom: initial.view.zoom } : { bounds: KYRGYZSTAN_BOUNDS };
  return { initial, view };
}

/** Keep the hash and the state in step (call while a component initialises). */
export function syncHash(opts: { initial: HashState; catalog: Catalog; map: MapContext; narrow: () => boolean }) {
  const { initial, catalog, map } = opts;
  let validated = false;
  let lastHash = '';

  $effect(() => {
    const data = catalog.layers.data;
    if (data && !validated) { validated = true; untrack(() => app.validate(data.layers, initial.layers !== undefined)); }
  });

  $effect(() => {
    const v = map.view;
    const h = formatHash({
      view: v ? { zoom: v.zoom, lat: v.center[1], lon: v.center[0] } : undefined,
      layers: app.visible,
      filters: app.filters,
      lang: i18n.lang,
      // The audience view is in the link when it is not this screen's default (resident below 900 px).
      mode: app.mode === 'resident' ? 'resident' : opts.narrow() ? 'workspace' : undefined,
      sel: app.mode === 'workspace' ? (app.selection ?? undefined) : undefined,
      place: app.mode === 'resident' ? (app.place ?? undefined) : undefined,
    });
    if (!v) return;
    lastHash = h;
    if (location.hash !== h) history.replaceState(history.state, '', h || `${location.pathname}${location.search}`);
  });

  // A link pasted into the address bar (or edited by hand) while the app is open.
  function onhashchange() {
    if (location.hash === lastHash) return;
    const h = parseHash(location.hash);
    if (isLang(h.lang)) i18n.set(h.lang, false);
    app.applyHash(h, app.mode);
    if (catalog.layers.data) app.validate(catalog.layers.data.layers, h.layers !== undefined);
    if (h.view) map.map?.jumpTo({ center: [h.view.lon, h.view.lat], zoom: h.view.zoom });
    else map.fitBounds(KYRGYZSTAN_BOUNDS, { animate: false });
  }
  $effect(() => {
    window.addEventListener('hashchange', onhashchange);
    return () => window.removeEventListener('hashchange', onhashchange);
  });
}
