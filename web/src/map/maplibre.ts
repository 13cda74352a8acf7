// MapLibre is loaded on demand, in its own chunk, while the app shell renders. Its worker is a
// separate file that Vite copies; MapLibre must be told where it is or the map never loads.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

export type MapLibre = typeof import('maplibre-gl');

let loading: Promise<MapLibre> | null = null;

export function loadMapLibre(): Promise<MapLibre> {
  loading ??= import('maplibre-gl').then((ml) => {
    ml.setWorkerUrl(workerUrl);
    ml.prewarm(); // start the workers (a 500 kB module each) now, not when the map asks for its first tile
    return ml;
  });
  return loading;
}
