// What the web app exposes to the end-to-end tests (only when window.__E2E__ is set before it loads).
import type { Map } from 'maplibre-gl';

declare global {
  interface Window {
    __E2E__?: boolean;
    __map?: Map;
  }
}
export {};
