// Page geometry of the printed map: header, map frame, side panel (landscape) or bottom panel
// (portrait), footer. Sizes scale with the paper (A3 = A4 × √2).
import type { Orientation, PageSize } from './output.js';
import type { Rect } from './projection.js';

export interface MapLayout {
  /** Scale of type and marks relative to A4. */
  s: number;
  margin: number;
  header: Rect;
  frame: Rect;
  /** Columns of the panel beside or below the map, filled top to bottom. */
  columns: Rect[];
  /** Under the map: the illustrative-data notice and the sources and licences. */
  notes: Rect;
  footer: Rect;
  orientation: Orientation;
}

/** `headerH`: the height the title block needs (map-page.ts measures it); 78 pt on A4 by default. */
export function mapLayout(size: PageSize, orientation: Orientation, headerH?: number): MapLayout {
  const W = size.widthPt, H = size.heightPt;
  const s = Math.min(W, H) / 595.28;
  const margin = 26 * s;
  headerH ??= 78 * s;
  const notesH = 44 * s;
  const footerH = 20 * s;
  const gap = 14 * s;
  const header = { x: margin, y: margin, w: W - 2 * margin, h: headerH };
  const footer = { x: margin, y: H - margin - footerH + 6 * s, w: W - 2 * margin, h: footerH };
  const top = margin + headerH;
  const bottom = footer.y - 6 * s;
  if (orientation === 'landscape') {
    const sideW = 196 * s;
    const frame = { x: margin, y: top, w: W - 2 * margin - sideW - gap, h: bottom - top - notesH };
    const notes = { x: margin, y: frame.y + frame.h + 6 * s, w: frame.w, h: notesH - 6 * s };
    return { s, margin, header, frame, notes, columns: [{ x: frame.x + frame.w + gap, y: top, w: sideW, h: bottom - top }], footer, orientation };
  }
  const panelH = 250 * s;
  const frame = { x: margin, y: top, w: W - 2 * margin, h: bottom - top - panelH - gap - notesH };
  const notes = { x: margin, y: frame.y + frame.h + 6 * s, w: frame.w, h: notesH - 6 * s };
  const py = notes.y + notes.h + gap;
  const colW = (frame.w - 2 * gap) / 3;
  const columns = [0, 1, 2].map((i) => ({ x: margin + i * (colW + gap), y: py, w: colW, h: panelH }));
  return { s, margin, header, frame, notes, columns, footer, orientation };
}
