// Web Mercator (EPSG:3857) for printed maps: fitting an extent into the map frame, the zoom level the
// web map would use for the same scale (so the registry's zoom-dependent widths and zoom filters give
// the same picture), and a scale bar that is true at the map's latitude (ground = map × cos φ).
export const R = 6378137;
const WORLD = 2 * Math.PI * R;
/** One CSS pixel of the web map on A4 paper, in points (96 px = 72 pt). */
export const PX = 0.75;
/** MapLibre's tile size in CSS pixels (zoom 0 = one 512 px world). */
const TILE = 512;

export type Bbox = [number, number, number, number];
export interface Rect { x: number; y: number; w: number; h: number }

export const merc = (lon: number, lat: number): [number, number] => {
  const φ = Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180;
  return [R * lon * Math.PI / 180, R * Math.log(Math.tan(Math.PI / 4 + φ / 2))];
};
export const unmerc = (x: number, y: number): [number, number] => [
  (x / R) * 180 / Math.PI, (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180 / Math.PI,
];

/** A map view: EPSG:3857 metres → points on the page (x right, y down). */
export interface MapView {
  frame: Rect;
  /** Points per EPSG:3857 metre. */
  k: number;
  minX: number; maxY: number; maxX: number; minY: number;
  /** The extent actually shown (lon/lat). */
  bbox: Bbox;
  center: [number, number];
  /** The web map's zoom for this scale. */
  zoom: number;
}

/**
 * The view showing `bbox` (lon/lat) in `frame`, padded by `pad` of its size on each side and widened
 * to the frame's aspect; an extent narrower than `minMetres` is widened to it (a single point).
 */
export function fitView(bbox: Bbox, frame: Rect, pad = 0.06, minMetres = 1500, paperScale = 1): MapView {
  let [x0, y0] = merc(bbox[0], bbox[1]);
  let [x1, y1] = merc(bbox[2], bbox[3]);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const cos = Math.cos(unmerc(cx, cy)[1] * Math.PI / 180);
  const min = minMetres / cos;
  let w = Math.max(x1 - x0, min) * (1 + 2 * pad), h = Math.max(y1 - y0, min) * (1 + 2 * pad);
  const aspect = frame.w / frame.h;
  if (w / h > aspect) h = w / aspect; else w = h * aspect;
  x0 = cx - w / 2; x1 = cx + w / 2; y0 = cy - h / 2; y1 = cy + h / 2;
  const k = frame.w / w;
  const sw = unmerc(x0, y0), ne = unmerc(x1, y1);
  // A3 is A4 enlarged: the same picture (zoom), drawn with everything scaled by `paperScale`.
  const zoom = Math.log2(((frame.w / paperScale / PX) * (WORLD / w)) / TILE);
  return { frame, k, minX: x0, maxY: y1, maxX: x1, minY: y0, bbox: [sw[0], sw[1], ne[0], ne[1]], center: unmerc(cx, cy), zoom };
}

/** Page coordinates of an EPSG:3857 point. */
export const toPage = (v: MapView, x: number, y: number): [number, number] => [v.frame.x + (x - v.minX) * v.k, v.frame.y + (v.maxY - y) * v.k];
export const lonLatToPage = (v: MapView, lon: number, lat: number) => { const [x, y] = merc(lon, lat); return toPage(v, x, y); };

/** Ground metres per point on the page at the map's centre latitude. */
export const metresPerPoint = (v: MapView) => Math.cos(v.center[1] * Math.PI / 180) / v.k;

/** A scale bar of a round length (1, 2 or 5 × 10ⁿ m) at most `maxPt` long. */
export function scaleBar(v: MapView, maxPt: number): { metres: number; points: number } {
  const mpp = metresPerPoint(v);
  const maxM = maxPt * mpp;
  const p = 10 ** Math.floor(Math.log10(maxM));
  const metres = [5, 2, 1].map((m) => m * p).find((m) => m <= maxM) ?? p;
  return { metres, points: metres / mpp };
}
