// The GeoPackage geometry blob (GeoPackage 1.x, "GeoPackageBinary"): 'GP', version, flags, srs_id, an optional
// envelope, then standard WKB.
import type * as GeoJSON from 'geojson';
import { WkbError, readWkb } from './wkb.js';

/** Envelope sizes by the flags' envelope indicator (bits 1–3): none, xy, xyz, xym, xyzm. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export interface GpkgGeometry {
  srsId: number;
  geometry: GeoJSON.Geometry | null;
}

/** Throws WkbError for a blob that is not a GeoPackage geometry. */
export function readGpkgGeometry(blob: Uint8Array): GpkgGeometry {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('The geometry is not a GeoPackage geometry blob (no GP header).');
  const flags = blob[3]!;
  if (flags & 0x20) throw new WkbError('Extended GeoPackage geometry types are not supported.');
  const le = (flags & 0x01) === 1;
  const indicator = (flags >> 1) & 0x07;
  const envelope = ENVELOPE_BYTES[indicator];
  if (envelope === undefined) throw new WkbError(`Bad envelope indicator ${indicator} in a GeoPackage geometry.`);
  const srsId = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getInt32(4, le);
  if (flags & 0x10) return { srsId, geometry: null }; // the empty flag
  return { srsId, geometry: readWkb(blob, 8 + envelope).geometry };
}
