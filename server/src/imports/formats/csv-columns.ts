// Which columns of a CSV hold the coordinates: by NAME first (English, Russian, Kyrgyz and the usual
// variants), else by VALUE RANGE when that is unambiguous. A WKT column (by name, or by values that
// read as WKT) wins over x/y columns: it can carry lines and polygons.

/** Per-column statistics gathered in the first pass. */
export interface ColumnStats {
  nonEmpty: number;
  numeric: number;
  nonNumeric: number;
  min: number;
  max: number;
  /** Some numeric value has a fractional part (coordinates do; ids and counts do not). */
  fraction: boolean;
  /** Every non-empty value so far starts like WKT. */
  wktLike: boolean;
}

export function emptyStats(): ColumnStats {
  return { nonEmpty: 0, numeric: 0, nonNumeric: 0, min: Infinity, max: -Infinity, fraction: false, wktLike: true };
}

export const WKT_START = /^\s*(SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\s*(Z|M|ZM)?\s*(\(|EMPTY)/i;

export function addToStats(s: ColumnStats, raw: string | undefined, num: number | null): void {
  if (raw === undefined || raw.trim() === '') return;
  s.nonEmpty++;
  if (s.wktLike && !WKT_START.test(raw)) s.wktLike = false;
  if (num === null) { s.nonNumeric++; return; }
  s.numeric++;
  if (num < s.min) s.min = num;
  if (num > s.max) s.max = num;
  if (!Number.isInteger(num)) s.fraction = true;
}

/** Lower case, no spaces, punctuation, units in brackets or degree signs: "Longitude (°)" → "longitude". */
export function normaliseName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\(.*?\)|\[.*?\]/g, '').replace(/[\s_\-.,:;°"'`’/\\]/g, '');
}

// Degree words: a column so named holds degrees, so its values are range-checked.
// Abbreviations that are also words are left out: 'шир' (ширина, width), 'кең' (wide), 'узун' (long), 'n'.
const LON_DEGREES = ['lon', 'lng', 'long', 'longitude', 'longitud', 'долгота', 'узундук', 'узундугу'];
const LAT_DEGREES = ['lat', 'latitude', 'latitud', 'широта', 'кеңдик', 'кендик', 'кеңдиги', 'кендиги'];
// Axis words: degrees or metres, the values tell (crs.ts).
const LON_AXIS = ['x', 'xcoord', 'xcoordinate', 'coordx', 'pointx', 'east', 'easting'];
const LAT_AXIS = ['y', 'ycoord', 'ycoordinate', 'coordy', 'pointy', 'north', 'northing'];
const PREFIXES = /^(gps|geo|wgs84|wgs|point|coord|coords|coordinate|decimal|dd)(?=.)/;
const SUFFIXES = /(?<=.)(wgs84|wgs|dd|deg|degrees|decimal|dec|град|градус|градусы)$/;
const WKT_NAMES = new Set(['wkt', 'geometry', 'geom', 'thegeom', 'shape', 'wktgeom', 'geometrywkt', 'геометрия', 'геометриясы']);

type Role = { axis: 'lon' | 'lat'; degrees: boolean };

/** The coordinate role a column name announces, if any. */
export function roleOfName(name: string): Role | null {
  const candidates = new Set<string>();
  let n = normaliseName(name);
  candidates.add(n);
  for (let i = 0; i < 2; i++) { n = n.replace(PREFIXES, '').replace(SUFFIXES, ''); candidates.add(n); }
  for (const c of candidates) {
    if (LON_DEGREES.includes(c)) return { axis: 'lon', degrees: true };
    if (LAT_DEGREES.includes(c)) return { axis: 'lat', degrees: true };
  }
  for (const c of candidates) {
    if (LON_AXIS.includes(c)) return { axis: 'lon', degrees: false };
    if (LAT_AXIS.includes(c)) return { axis: 'lat', degrees: false };
  }
  return null;
}

export function isWktName(name: string): boolean {
  return WKT_NAMES.has(normaliseName(name));
}

export type CoordinatePlan =
  | { kind: 'xy'; lon: number; lat: number; by: 'name' | 'values'; degrees: boolean }
  | { kind: 'wkt'; column: number; by: 'name' | 'values' }
  | { kind: 'none' };

/** Numeric columns with a fraction and (almost) nothing else: candidates for coordinates by value. */
function usable(s: ColumnStats): boolean {
  return s.numeric > 0 && s.fraction && s.nonNumeric <= Math.max(1, s.numeric / 100);
}

/** Where the geometry comes from, given the header and the first pass's statistics. */
export function planCoordinates(header: readonly string[], stats: readonly ColumnStats[]): CoordinatePlan {
  const wktByName = header.findIndex((h, i) => isWktName(h) && (stats[i]!.nonEmpty === 0 || stats[i]!.wktLike));
  if (wktByName >= 0) return { kind: 'wkt', column: wktByName, by: 'name' };

  const roles = header.map(roleOfName);
  // prefer degree words over axis words when a file has both (e.g. lat/lon next to x/y in metres)
  const pick = (axis: 'lon' | 'lat') =>
    roles.findIndex((r) => r?.axis === axis && r.degrees) >= 0 ? roles.findIndex((r) => r?.axis === axis && r.degrees) : roles.findIndex((r) => r?.axis === axis);
  const lon = pick('lon'), lat = pick('lat');
  if (lon >= 0 && lat >= 0) return { kind: 'xy', lon, lat, by: 'name', degrees: roles[lon]!.degrees && roles[lat]!.degrees };

  const wktByValues = stats.findIndex((s) => s.nonEmpty > 0 && s.wktLike);
  if (wktByValues >= 0) return { kind: 'wkt', column: wktByValues, by: 'values' };

  const idx = stats.map((_, i) => i).filter((i) => usable(stats[i]!));
  const within = (lo: number, hi: number) => idx.filter((i) => stats[i]!.min >= lo && stats[i]!.max <= hi);
  // Kyrgyzstan first: longitudes 68–81, latitudes 38–44 cannot be confused
  const kgLon = within(68, 81), kgLat = within(38, 44);
  if (kgLon.length === 1 && kgLat.length === 1) return { kind: 'xy', lon: kgLon[0]!, lat: kgLat[0]!, by: 'values', degrees: true };
  // Anywhere: one column needs the longitude range (some |v| > 90), exactly one other fits latitudes
  const lonOnly = within(-180, 180).filter((i) => stats[i]!.max > 90 || stats[i]!.min < -90);
  const lats = within(-90, 90);
  if (lonOnly.length === 1 && lats.length === 1) return { kind: 'xy', lon: lonOnly[0]!, lat: lats[0]!, by: 'values', degrees: true };
  return { kind: 'none' };
}
