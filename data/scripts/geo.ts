// Small geometry helpers shared by build-demo.ts and check-demo.ts.
// Plain lon/lat arithmetic: good enough for the demo's short distances (a few km), not for surveying.

export type Position = [number, number];
export type LineCoords = Position[];
export type PolygonCoords = Position[][];

export interface Geometry {
  type: string;
  coordinates: unknown;
}

/** Round to 6 decimals (~0.1 m), the precision of every coordinate the demo writes. */
export function round6(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;

/** Local equirectangular projection to metres around a reference latitude. */
export function toMetres(p: Position, refLat: number): [number, number] {
  return [p[0] * M_PER_DEG_LON_EQUATOR * Math.cos((refLat * Math.PI) / 180), p[1] * M_PER_DEG_LAT];
}

/** Approximate distance in metres between two nearby positions. */
export function distanceM(a: Position, b: Position): number {
  const refLat = (a[1] + b[1]) / 2;
  const [ax, ay] = toMetres(a, refLat);
  const [bx, by] = toMetres(b, refLat);
  return Math.hypot(ax - bx, ay - by);
}

/** Approximate distance in metres from point p to segment a–b. */
export function pointSegmentDistanceM(p: Position, a: Position, b: Position): number {
  const refLat = p[1];
  const [px, py] = toMetres(p, refLat);
  const [ax, ay] = toMetres(a, refLat);
  const [bx, by] = toMetres(b, refLat);
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Approximate distance in metres from a point to a polyline (or a ring). */
export function pointLineDistanceM(p: Position, line: LineCoords): number {
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    best = Math.min(best, pointSegmentDistanceM(p, line[i]!, line[i + 1]!));
  }
  if (line.length === 1) best = distanceM(p, line[0]!);
  return best;
}

/** Approximate shortest distance in metres between two polylines that do not cross. */
export function lineLineDistanceM(a: LineCoords, b: LineCoords): number {
  let best = Infinity;
  for (const p of a) best = Math.min(best, pointLineDistanceM(p, b));
  for (const p of b) best = Math.min(best, pointLineDistanceM(p, a));
  return best;
}

/** Twice the signed area of a ring in degree units; positive = counter-clockwise (RFC 7946 outer ring). */
export function ringSignedArea2(ring: LineCoords): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    s += x1 * y2 - x2 * y1;
  }
  return s;
}

/** Even-odd point-in-ring test. */
export function pointInRing(p: Position, ring: LineCoords): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Point in a Polygon or MultiPolygon geometry (holes respected). */
export function pointInPolygonGeometry(p: Position, g: Geometry): boolean {
  const polys: PolygonCoords[] =
    g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : g.type === 'MultiPolygon' ? (g.coordinates as PolygonCoords[]) : [];
  for (const poly of polys) {
    const [outer, ...holes] = poly;
    if (outer && pointInRing(p, outer) && !holes.some((h) => pointInRing(p, h))) return true;
  }
  return false;
}

/** Do segments p1–p2 and q1–q2 intersect (touching included)? */
export function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const orient = (a: Position, b: Position, c: Position): number => {
    const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  };
  const onSeg = (a: Position, b: Position, c: Position): boolean =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSeg(p1, p2, q1)) return true;
  if (o2 === 0 && onSeg(p1, p2, q2)) return true;
  if (o3 === 0 && onSeg(q1, q2, p1)) return true;
  if (o4 === 0 && onSeg(q1, q2, p2)) return true;
  return false;
}

/** Every position of a geometry, flattened. */
export function allPositions(g: Geometry): Position[] {
  const out: Position[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as Position);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(g.coordinates);
  return out;
}
