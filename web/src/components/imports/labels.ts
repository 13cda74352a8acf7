// Small helpers shared by the import wizard's steps: format names, the extent as text, the focus rule.
import { i18n } from '../../i18n/i18n.svelte.ts';
import type { FormatId } from '../../api/imports.ts';

/** Format names are the same in every language. */
export const FORMAT_NAMES: Record<FormatId, string> = {
  geojson: 'GeoJSON', ndjson: 'GeoJSON Lines (NDJSON)', kml: 'KML', kmz: 'KMZ', gpx: 'GPX', csv: 'CSV', shapefile: 'Shapefile (ZIP)', geopackage: 'GeoPackage',
};

const deg = (n: number) => i18n.number(n, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** "78.390…78.412° E · 42.480…42.499° N" in the current language. */
export function extentText(e: [number, number, number, number] | null | undefined): string {
  if (!e) return '—';
  return i18n.t('imports.detection.extentValue', { west: deg(e[0]), east: deg(e[2]), south: deg(e[1]), north: deg(e[3]) });
}

/** Each step's heading takes the focus when the step appears (keyboard and screen-reader users land on it). */
export function focusHeading(node: HTMLElement) {
  queueMicrotask(() => node.focus({ preventScroll: false }));
}

export const percent = (done: number, total: number) => i18n.number(total > 0 ? done / total : 0, { style: 'percent', maximumFractionDigits: 0 });
