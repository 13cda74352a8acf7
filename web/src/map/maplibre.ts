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

type DrawFunctions = Record<string, (...args: unknown[]) => void>;

/**
 * MapLibre 6 draws the sky on every frame, a quad over the whole canvas, even when the style has no
 * sky: then it is transparent and drawn right after the canvas is cleared, so it changes no pixel.
 * Where WebGL runs on the CPU (SwiftShader, and cheap phones without a usable GPU) that quad costs
 * ≈ 16 ms of each 60 ms frame of the first view, and one shader program (≈ 28 ms) to compile. Our
 * maps never tilt and set no sky, so the quad is skipped while the style has none (`getSky()`); a
 * style that sets one is drawn as MapLibre draws it. Uses MapLibre's painter, which is not public
 * API: if a release renames it this does nothing (returns false) and the sky is drawn as before;
 * `tests/e2e` checks that the first view compiles no `sky` program, so the loss would be seen.
 */
export function skipEmptySky(map: import('maplibre-gl').Map): boolean {
  const painter = (map as unknown as { painter?: { drawFunctions?: DrawFunctions } }).painter;
  const draw = painter?.drawFunctions?.sky;
  if (!painter || typeof draw !== 'function') return false;
  // drawFunctions is one object shared by every map of the page: this map gets its own copy.
  painter.drawFunctions = { ...painter.drawFunctions, sky: (...args: unknown[]) => { if (map.getSky()) draw(...args); } };
  return true;
}
