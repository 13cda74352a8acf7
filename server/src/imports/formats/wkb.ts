// Well-Known Binary → GeoJSON geometry. Reads both byte orders, ISO type codes (1000s Z, 2000s M, 3000s ZM)
// and EWKB flags (0x80000000 Z, 0x40000000 M, 0x20000000 SRID follows); Z and M are dropped, the import
// stores 2D. Counts are checked against the bytes left before anything is allocated, so a hostile count
// cannot make us reserve gigabytes.
import type * as GeoJSON from 'geojson';

export class WkbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WkbError';
  }
}

const NAMES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;

class Reader {
  pos: number;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array, offset: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.byteLength) throw new WkbError(`WKB ends early (needs ${n} more bytes at byte ${this.pos}).`);
  }
  u8(): number { this.need(1); return this.view.getUint8(this.pos++); }
  u32(le: boolean): number { this.need(4); const v = this.view.getUint32(this.pos, le); this.pos += 4; return v; }
  f64(le: boolean): number { this.need(8); const v = this.view.getFloat64(this.pos, le); this.pos += 8; return v; }
  /** A count of items of at least `min` bytes each, refused if the rest of the buffer cannot hold them. */
  count(le: boolean, min: number): number {
    const n = this.u32(le);
    if (n * min > this.bytes.byteLength - this.pos) throw new WkbError(`WKB claims ${n} items but only ${this.bytes.byteLength - this.pos} bytes are left.`);
    return n;
  }
}

interface Head { le: boolean; type: number; dims: number }

function head(r: Reader): Head {
  const order = r.u8();
  if (order > 1) throw new WkbError(`Bad WKB byte order ${order} at byte ${r.pos - 1}.`);
  const le = order === 1;
  const raw = r.u32(le);
  let z = (raw & 0x80000000) !== 0;
  let m = (raw & 0x40000000) !== 0;
  if (raw & 0x20000000) r.u32(le); // EWKB SRID: the layer's CRS says the same
  let t = raw & 0x0fffffff;
  if (t >= 1000 && t < 4000) {
    const iso = Math.floor(t / 1000);
    z ||= iso === 1 || iso === 3;
    m ||= iso === 2 || iso === 3;
    t %= 1000;
  }
  if (t < 1 || t > 7) throw new WkbError(`Unsupported WKB geometry type ${raw} (curves, surfaces and TINs are not read).`);
  return { le, type: t, dims: 2 + (z ? 1 : 0) + (m ? 1 : 0) };
}

function point(r: Reader, h: Head): GeoJSON.Position {
  const x = r.f64(h.le), y = r.f64(h.le);
  for (let i = 2; i < h.dims; i++) r.f64(h.le);
  return [x, y];
}

function points(r: Reader, h: Head): GeoJSON.Position[] {
  const n = r.count(h.le, 8 * h.dims);
  const out = new Array<GeoJSON.Position>(n);
  for (let i = 0; i < n; i++) out[i] = point(r, h);
  return out;
}

function rings(r: Reader, h: Head): GeoJSON.Position[][] {
  const n = r.count(h.le, 4);
  const out: GeoJSON.Position[][] = [];
  for (let i = 0; i < n; i++) out.push(points(r, h));
  return out;
}

/** Parts of a Multi*: each is a full WKB geometry of the expected type. */
function parts(r: Reader, h: Head, want: number): Array<GeoJSON.Geometry | null> {
  const n = r.count(h.le, 5);
  const out: Array<GeoJSON.Geometry | null> = [];
  for (let i = 0; i < n; i++) {
    const g = geometry(r);
    if (g && g.type !== NAMES[want]) throw new WkbError(`A ${NAMES[h.type]} holds a ${g.type}.`);
    out.push(g);
  }
  return out;
}

/** Null for an empty point (NaN coordinates), the only WKB empty that GeoJSON cannot express. */
function geometry(r: Reader): GeoJSON.Geometry | null {
  const h = head(r);
  switch (h.type) {
    case 1: {
      const p = point(r, h);
      return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? null : { type: 'Point', coordinates: p };
    }
    case 2: return { type: 'LineString', coordinates: points(r, h) };
    case 3: return { type: 'Polygon', coordinates: rings(r, h) };
    case 4: return { type: 'MultiPoint', coordinates: parts(r, h, 1).filter((g): g is GeoJSON.Point => g !== null).map((g) => g.coordinates) };
    case 5: return { type: 'MultiLineString', coordinates: parts(r, h, 2).map((g) => (g as GeoJSON.LineString).coordinates) };
    case 6: return { type: 'MultiPolygon', coordinates: parts(r, h, 3).map((g) => (g as GeoJSON.Polygon).coordinates) };
    default: {
      const n = r.count(h.le, 5);
      const geometries: GeoJSON.Geometry[] = [];
      for (let i = 0; i < n; i++) {
        const g = geometry(r);
        if (g) geometries.push(g);
      }
      return { type: 'GeometryCollection', geometries };
    }
  }
}

/** Reads one WKB geometry starting at `offset`; `end` is where it stopped. Throws WkbError. */
export function readWkb(bytes: Uint8Array, offset = 0): { geometry: GeoJSON.Geometry | null; end: number } {
  const r = new Reader(bytes, offset);
  const g = geometry(r);
  return { geometry: g, end: r.pos };
}

/** A whole buffer of WKB → GeoJSON geometry (null for an empty point). */
export function wkbToGeoJSON(bytes: Uint8Array): GeoJSON.Geometry | null {
  return readWkb(bytes).geometry;
}
