/// <reference types="svelte" />
/// <reference types="vite/client" />

interface Window {
  /** Set by the end-to-end tests before the app loads; makes the app expose `__map`. */
  __E2E__?: boolean;
  __map?: import('maplibre-gl').Map;
}
