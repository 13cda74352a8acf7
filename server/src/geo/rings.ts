// Ring orientation of GeoJSON-style polygons ([lon, lat] positions, first = last).

/** Twice the signed area of a ring (shoelace): positive when it runs counter-clockwise. */
export function signedArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return a;
}

/** The ring as it is when it already runs that way, else reversed (a new array). */
export const oriented = (ring: number[][], clockwise: boolean): number[][] => ((signedArea(ring) < 0) === clockwise ? ring : [...ring].reverse());
