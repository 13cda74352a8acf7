// The printed map page as SVG: header (title ≤ 2 lines, subtitle, organisation, date), the map
// (basemap, layers drawn with the registry's web styles, annotations with numbered markers, scale
// bar, north arrow), a panel with the inset locator, the legend of what is shown, the numbered
// problems, sources and licences, the illustrative-data notice, and a footer with the live-map link
// and its QR code.
//
// The parts: map-furniture.ts (header, notes band, footer, north arrow, scale bar, markers, inset),
// map-features.ts (the map frame: basemap, styled layers, annotations), map-legend.ts (the panel).
import { mapLayout, type MapLayout } from './layout.js';
import { mapBody } from './map-features.js';
import { footer, header, headerLines, notesBand } from './map-furniture.js';
import { panel } from './map-legend.js';
import type { Orientation, PageSize } from './output.js';
import type { MapScene } from './scene.js';
import { svgDocument } from './svg.js';

/** The layout of a map page for this title and subtitle (the header takes what it needs, the map the rest). */
export function mapPageLayout(size: PageSize, orientation: Orientation, title: string, subtitle: string): MapLayout {
  const base = mapLayout(size, orientation);
  return mapLayout(size, orientation, headerLines(title, subtitle, base.header.w, base.s).height);
}

/** The map page as a standalone SVG document (points as user units). */
export function mapPageSvg(scene: MapScene, L: MapLayout = mapLayout(scene.size, scene.size.widthPt > scene.size.heightPt ? 'landscape' : 'portrait')): string {
  const body = header(scene, L) + mapBody(scene, L) + notesBand(scene, L) + panel(scene, L) + footer(scene, L);
  return svgDocument(scene.size.widthPt, scene.size.heightPt, body, scene.title, scene.lang);
}
