import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

export function lonLatToTile(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}

const tile2lon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const tile2lat = (y: number, z: number) => {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
};

/** The lon/lat bbox of a tile grown by `buffer` tile units of 4096 on each side. */
export function tileBbox(z: number, x: number, y: number, buffer = 0): [number, number, number, number] {
  const m = buffer / 4096;
  return [tile2lon(x - m, z), tile2lat(y + 1 + m, z), tile2lon(x + 1 + m, z), tile2lat(y - m, z)];
}

export interface DecodedFeature { id: number; type: number; properties: Record<string, unknown>; geometry: { x: number; y: number }[][] }

export function decode(buf: Buffer | Uint8Array, layer: string): DecodedFeature[] {
  if (!buf.length) return [];
  const vt = new VectorTile(new PbfReader(buf));
  const l = vt.layers[layer];
  if (!l) return [];
  const out: DecodedFeature[] = [];
  for (let i = 0; i < l.length; i++) {
    const f = l.feature(i);
    out.push({ id: Number(f.id), type: f.type, properties: { ...f.properties }, geometry: f.loadGeometry() });
  }
  return out.sort((a, b) => a.id - b.id);
}

export function layerNames(buf: Buffer | Uint8Array): string[] {
  return buf.length ? Object.keys(new VectorTile(new PbfReader(buf)).layers) : [];
}
