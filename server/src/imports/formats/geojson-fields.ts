// What the text readers (GeoJSON, CSV, KML/GPX) learn about a layer in one pass: field types and samples,
// geometry types, source extent. GeoJSON's property model is the common ground: the other text formats
// become GeoJSON-like properties first, so the typing rules live here once.
import type * as GeoJSON from 'geojson';
import { reprojector } from './crs.js';
import type { CrsInfo, FieldType, SourceField } from './types.js';

export type PropertyValue = string | number | boolean | null;
export type Properties = Record<string, PropertyValue>;
type Extent = [number, number, number, number];

/** Fields beyond this many are not described (a hostile file could name millions); their values still pass through. */
export const MAX_FIELDS = 1000;
const MAX_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 200;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 'YYYY-MM-DD' that is a real calendar day (2023-02-30 is text). */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A JSON value as a property: nested objects and arrays become JSON text, non-finite numbers null. */
export function plainValue(v: unknown): PropertyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return JSON.stringify(v);
}

/**
 * Set a property whose name comes from the file: a column called "__proto__" becomes an own property
 * (a plain assignment would change the object's prototype instead, or silently drop the value).
 */
export function putProp(target: Properties, name: string, v: PropertyValue): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value: v, enumerable: true, writable: true, configurable: true });
  else target[name] = v;
}

/** The type of one typed value (GeoJSON): a JSON string stays text unless it is an ISO date. */
export function valueType(v: PropertyValue): FieldType | null {
  if (v === null || v === '') return null;
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'integer' : 'number';
  return isIsoDate(v) ? 'date' : 'text';
}

const INTEGER = /^[+-]?(0|[1-9]\d*)$/;
const DECIMAL_DOT = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * A number written as text ('42.49', and '42,49' when `decimalComma`), or null. Leading zeros ('007')
 * and thousands separators are not numbers: such columns are codes, kept as text.
 */
export function parseNumberText(raw: string, decimalComma: boolean): number | null {
  const s = raw.trim();
  if (INTEGER.test(s)) return Number(s);
  if (/^[+-]?0\d/.test(s)) return null;
  if (DECIMAL_DOT.test(s)) return Number(s);
  if (decimalComma && DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return null;
}

/** The type a text value (CSV cell, KML/GPX element) reads as. */
export function textType(raw: string, decimalComma: boolean): FieldType | null {
  const s = raw.trim();
  if (s === '') return null;
  const n = parseNumberText(s, decimalComma);
  if (n !== null && Number.isFinite(n)) {
    // an integer too long for a double (a 20-digit id) would lose digits: it is a code, kept as text
    if (INTEGER.test(s)) return Number.isSafeInteger(n) ? 'integer' : 'text';
    return 'number';
  }
  if (/^(true|false)$/i.test(s)) return 'boolean';
  return isIsoDate(s) ? 'date' : 'text';
}

/** A text value converted for a column of `type` (the column was typed over all its values first). */
export function convertText(raw: string | null | undefined, type: FieldType, decimalComma: boolean): PropertyValue {
  if (raw === null || raw === undefined) return null;
  if (raw.trim() === '') return type === 'text' ? raw : null;
  if (type === 'integer' || type === 'number') return parseNumberText(raw, decimalComma);
  if (type === 'boolean') return /^\s*true\s*$/i.test(raw);
  return raw;
}

function mergeType(a: FieldType | null, b: FieldType | null): FieldType | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'number';
  return 'text';
}

/** Field names, types and samples, in order of first appearance. */
export class FieldCollector {
  private readonly fields = new Map<string, { type: FieldType | null; samples: string[] }>();
  /** Set when more than MAX_FIELDS names were seen. */
  truncated = false;

  constructor(private readonly typeOf: (v: PropertyValue) => FieldType | null = valueType) {}

  declare(name: string): void {
    if (this.fields.has(name)) return;
    if (this.fields.size >= MAX_FIELDS) { this.truncated = true; return; }
    this.fields.set(name, { type: null, samples: [] });
  }

  add(name: string, v: PropertyValue): void {
    this.addTyped(name, this.typeOf(v), v);
  }

  /** `v` whose type the caller already knows (null: empty). */
  addTyped(name: string, t: FieldType | null, v: PropertyValue): void {
    this.declare(name);
    const f = this.fields.get(name);
    if (!f || t === null) return;
    f.type = mergeType(f.type, t);
    if (f.samples.length < MAX_SAMPLES) {
      const s = String(v).slice(0, MAX_SAMPLE_CHARS);
      if (!f.samples.includes(s)) f.samples.push(s);
    }
  }

  addAll(props: Properties): void {
    for (const [k, v] of Object.entries(props)) this.add(k, v);
  }

  typeOfField(name: string): FieldType {
    return this.fields.get(name)?.type ?? 'text';
  }

  /** Columns without any value are text. `omit`: columns that are not attributes (coordinates). */
  result(omit: ReadonlySet<string> = new Set()): SourceField[] {
    return [...this.fields].filter(([n]) => !omit.has(n)).map(([name, f]) => ({ name, type: f.type ?? 'text', samples: f.samples }));
  }
}

/** Bounding box of everything added. */
export class ExtentCollector {
  private minX = Infinity; private minY = Infinity; private maxX = -Infinity; private maxY = -Infinity;

  addPoint(x: number, y: number): void {
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  addGeometry(g: GeoJSON.Geometry): void {
    if (g.type === 'GeometryCollection') { for (const x of g.geometries) this.addGeometry(x); return; }
    const walk = (c: unknown): void => {
      if (!Array.isArray(c)) return;
      if (typeof c[0] === 'number') this.addPoint(c[0], c[1] as number);
      else for (const x of c) walk(x);
    };
    walk(g.coordinates);
  }

  get(): Extent | null {
    return this.minX === Infinity ? null : [this.minX, this.minY, this.maxX, this.maxY];
  }
}

/** Distinct geometry types in order of first appearance. */
export class GeometryTypes {
  private readonly seen = new Set<string>();
  add(g: GeoJSON.Geometry | null): void { if (g) this.seen.add(g.type); }
  result(): string[] { return [...this.seen]; }
}

const NESTING: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/**
 * Why a parsed geometry is not a GeoJSON geometry (null when it is one). Shape only: rings, self-
 * intersections and the like are PostGIS's to judge in the validate step.
 */
export function geometryProblem(g: unknown, depth = 0): string | null {
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return 'the geometry is not an object';
  const { type } = g as { type?: unknown };
  if (type === 'GeometryCollection') {
    const gs = (g as { geometries?: unknown }).geometries;
    if (!Array.isArray(gs)) return 'a GeometryCollection without a "geometries" array';
    if (depth > 4) return 'GeometryCollections nested too deeply';
    for (const x of gs) { const p = geometryProblem(x, depth + 1); if (p) return p; }
    return null;
  }
  if (typeof type !== 'string' || !(type in NESTING)) return `unknown geometry type ${JSON.stringify(type)}`;
  const levels = NESTING[type]!;
  const check = (c: unknown, level: number): boolean => {
    if (!Array.isArray(c)) return false;
    if (level === 0) return c.length >= 2 && c.length <= 4 && c.every((n) => typeof n === 'number' && Number.isFinite(n));
    return c.every((x) => check(x, level - 1));
  };
  if (!check((g as { coordinates?: unknown }).coordinates, levels)) return `the ${type}'s coordinates are not arrays of finite [x, y] numbers`;
  return null;
}

/** The source extent in EPSG:4326 when the CRS is known (corners and edge midpoints reprojected). */
export function extentIn4326(crs: CrsInfo, source: Extent | null): Extent | null {
  if (!source || crs.needsConfirmation || !crs.proj4) return null;
  if (crs.code === 'EPSG:4326') return source;
  const [x0, y0, x1, y1] = source;
  const xm = (x0 + x1) / 2, ym = (y0 + y1) / 2;
  const pts: GeoJSON.MultiPoint = { type: 'MultiPoint', coordinates: [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [xm, y0], [xm, y1], [x0, ym], [x1, ym]] };
  const out = new ExtentCollector();
  out.addGeometry(reprojector(crs)(pts));
  return out.get();
}

/** The layer's name: the file's name without folders and extension. */
export function layerName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  return base.replace(/\.[^.]*$/, '') || base;
}
