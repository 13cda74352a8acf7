// Zipped ESRI Shapefile. @mapbox/shp-write writes the .shp/.shx/.dbf of one geometry type; its zip()
// helper is not used because (0.4.3) it merges all lines into one record, lets MultiPolygon overwrite
// Polygon, keeps RFC 7946 ring order (shapefiles want outer rings clockwise) and writes each UTF-16
// code unit of text as one byte. So here: one layer per geometry kind, rings re-oriented, text
// pre-encoded as UTF-8 bytes (cut at a character boundary within the 254-byte field), field names cut
// to dBase's 10 ASCII characters without collisions, and beside each layer a .prj (WGS 84) and a
// .cpg saying UTF-8 so GDAL/QGIS decode Cyrillic names.
import shpwrite from '@mapbox/shp-write';
import JSZip from 'jszip';
import { oriented } from '../../geo/rings.js';
import { coords, type CellValue, type ExportRow, type ExportTable, type FormatWriter, type Geometry } from './table.js';

export const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]';
const DBF_TEXT_BYTES = 254;

type Kind = 'point' | 'line' | 'polygon';
const SHP_TYPE = { point: 'POINT', line: 'POLYLINE', polygon: 'POLYGON' } as const;

function kindOf(g: Geometry): Kind {
  if (g.type === 'Point' || g.type === 'MultiPoint') return 'point';
  if (g.type === 'LineString' || g.type === 'MultiLineString') return 'line';
  return 'polygon';
}

/** One shapefile record: a point, or the parts of a (multi)line / the rings of a (multi)polygon. */
function shapeOf(g: Geometry): unknown {
  switch (g.type) {
    case 'Point': return coords.point(g);
    case 'MultiPoint': return coords.multiPoint(g)[0]; // not produced by our layers; first point kept
    case 'LineString': return [coords.line(g)];
    case 'MultiLineString': return coords.multiLine(g);
    case 'Polygon': return coords.polygon(g).map((r, i) => oriented(r, i === 0));
    case 'MultiPolygon': return coords.multiPolygon(g).flatMap((p) => p.map((r, i) => oriented(r, i === 0)));
    default: throw new Error(`shapefile: unsupported geometry type ${g.type}`);
  }
}

/** UTF-8 bytes as a "binary string" (one char per byte), cut to the field size at a character boundary. */
export function dbfText(s: string): string {
  let b = Buffer.from(s, 'utf8');
  if (b.length > DBF_TEXT_BYTES) {
    let end = DBF_TEXT_BYTES;
    while (end > 0 && (b[end]! & 0xc0) === 0x80) end--; // do not split a multi-byte character
    b = b.subarray(0, end);
  }
  return b.toString('latin1');
}

/** dBase field names: ASCII, at most 10 characters, unique. */
export function dbfNames(names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of names) {
    const base = n.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 10) || 'field';
    let name = base;
    for (let i = 1; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 10 - String(i).length)}${i}`;
    used.add(name.toLowerCase());
    out.set(n, name);
  }
  return out;
}

function dbfValue(v: CellValue): CellValue {
  return typeof v === 'string' ? dbfText(v) : v;
}

export const shapefileWriter: FormatWriter = {
  format: 'shp.zip',
  contentType: 'application/zip',
  async write(t: ExportTable) {
    const names = dbfNames(['id', ...t.columns.map((c) => c.name)]);
    const groups = new Map<Kind, ExportRow[]>();
    for (const r of t.rows) {
      const k = kindOf(r.geometry);
      const g = groups.get(k);
      if (g) g.push(r); else groups.set(k, [r]);
    }
    if (groups.size === 0) groups.set(t.geometry === 'mixed' ? 'point' : t.geometry, []); // an empty layer, still a valid shapefile
    const zip = new JSZip();
    for (const [kind, rows] of groups) {
      const base = groups.size > 1 ? `${t.name}_${kind}s` : t.name;
      const records = rows.map((r) => {
        const rec: Record<string, CellValue> = { [names.get('id')!]: dbfValue(r.id) };
        for (const c of t.columns) rec[names.get(c.name)!] = dbfValue(r.values[c.name] ?? null);
        return rec;
      });
      shpwrite.write(records, SHP_TYPE[kind], rows.map((r) => shapeOf(r.geometry)) as object[], (err, files) => {
        if (err) throw err;
        zip.file(`${base}.shp`, Buffer.from(files.shp.buffer));
        zip.file(`${base}.shx`, Buffer.from(files.shx.buffer));
        zip.file(`${base}.dbf`, Buffer.from(files.dbf.buffer));
      });
      zip.file(`${base}.prj`, WGS84_PRJ);
      zip.file(`${base}.cpg`, 'UTF-8');
    }
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  },
};
