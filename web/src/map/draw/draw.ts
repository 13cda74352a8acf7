// The drawing seam: the app asks for "draw a point / line / polygon" and "let me edit this shape",
// and hears back the finished geometry. The engine behind it (terra-draw today, see
// terra-draw.engine.ts) can be swapped without touching the stores or components.
import type { Map as MlMap } from 'maplibre-gl';
import type { AnnotationGeometry } from '../../api/advocacy.ts';

export type DrawKind = 'point' | 'line' | 'polygon';

export interface DrawHandlers {
  /** A new shape was finished (the engine then keeps it selected for adjusting). */
  onfinish(geometry: AnnotationGeometry): void;
  /** The shape being edited changed (vertex dragged, added or removed). */
  onchange?(geometry: AnnotationGeometry): void;
}

export interface DrawEngine {
  /** Start drawing a new shape of this kind (anything drawn before is discarded). */
  draw(kind: DrawKind): void;
  /** Show this shape with handles to move its vertices or the whole shape. */
  edit(geometry: AnnotationGeometry): void;
  /** The shape as it is now (null when nothing is drawn). */
  current(): AnnotationGeometry | null;
  /** Forget the shape and stop listening to the map (the engine can be used again). */
  clear(): void;
  /** Remove everything the engine added to the map. */
  destroy(): void;
}

export type DrawEngineFactory = (map: MlMap, handlers: DrawHandlers) => Promise<DrawEngine>;

/** Coordinates as the API stores them (1e-7 degrees ≈ 1 cm), closed rings kept closed. */
export function roundGeometry(g: AnnotationGeometry): AnnotationGeometry {
  const r = (p: number[]) => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7] as [number, number];
  if (g.type === 'Point') return { type: 'Point', coordinates: r(g.coordinates) };
  if (g.type === 'LineString') return { type: 'LineString', coordinates: g.coordinates.map(r) };
  return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(r)) };
}
