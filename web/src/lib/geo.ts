// Small geometry helpers for GeoJSON coordinates (no dependencies).

type Coords = number[] | Coords[];

/** [minLon, minLat, maxLon, maxLat] of any GeoJSON geometry's coordinates, or null when empty. */
export function bboxOf(geometry: { coordinates: unknown } | null | undefined): [number, number, number, number] | null {
  if (!geometry) return null;
  const b = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  const walk = (c: Coords) => {
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x! < b[0]) b[0] = x!;
      if (y! < b[1]) b[1] = y!;
      if (x! > b[2]) b[2] = x!;
      if (y! > b[3]) b[3] = y!;
    } else for (const child of c as Coords[]) walk(child);
  };
  walk(geometry.coordinates as Coords);
  return Number.isFinite(b[0]) ? b : null;
}
