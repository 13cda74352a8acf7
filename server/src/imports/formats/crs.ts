// Coordinate reference systems the import accepts, and how a file's CRS is recognised.
//
// Sources of the definitions below (checked 2026-12-02):
//  - The PROJ database shipped with Debian gdal-bin 3.6.2 (proj.db: EPSG v10.076, PROJ 9.1.1), read with
//    `gdalsrsinfo EPSG:<code> -o proj4` and `-o wkt_esri` (the ESRI names below come from there). This is the
//    authority for every string in CRS_TABLE.
//  - https://epsg.io/7685 : Kyrg-06 is GRS 1980, datum "Kyrgyzstan Geodetic Datum 2006", area Kyrgyzstan
//    (BBOX 39.19,69.24,43.22,80.29); 7685 is its geographic 3D CRS, 7686 the 2D one, 7684 the geocentric one
//    (not usable for map data, so not listed).
//  - Kyrg-06 / zone 1–5 are EPSG:7692–7696: a public table of national CRSs per country (GitHub, markdown) lists
//    "Kyrgyzstan | 7692–7696 (Kyrg-06 / zone 1–5, projected)", and a public ProjNet WKT of "Kyrg-06 / zone 3"
//    (EPSG:7694, GitHub, SridResolver.cs) gives central meridian 74.5166666666667, false easting 3300000, false
//    northing 14743.5, scale 1 — the same as proj.db. The epsg.io pages of 7692–7696 were not in the searchable
//    corpus, so zones 1, 2, 4, 5 are confirmed only against proj.db (central meridians 68°31', 71°31', 77°31',
//    80°31'; false eastings 1.3, 2.3, 4.3, 5.3 million m; the tests compare every string with proj.db).
//  - Pulkovo 1942 / Gauss-Kruger zones 12–14 (EPSG:28412–28414): +towgs84=25,-141,-78.5,0,0.35,0.736,0 is EPSG's
//    "Pulkovo 1942 to WGS 84 (16)" (EPSG:15865, area "former USSR onshore", 4.5 m) written in proj4's position-
//    vector sign convention; proj.db, epsg.io's default and mapref.org/MapProjectionsRU.html give the same
//    numbers. Note: PROJ itself (ogr2ogr) picks EPSG:5044 (Russia, 3 m) for points in Kyrgyzstan, which lands
//    about 3 m away; epsg.io/28414-1807 shows yet another (Azerbaijan) variant. Old Soviet sheets are not
//    better than a few metres anyway; we keep the one EPSG publishes for the whole former USSR.
import proj4 from 'proj4';
import type * as GeoJSON from 'geojson';
import { FormatProblem, type CrsCandidate, type CrsInfo } from './types.js';

interface CrsDef {
  code: string;
  name: string;
  proj4: string;
  projected: boolean;
  /** Names other writers use (ESRI .prj from ArcGIS/ogr2ogr), compared after normalising. */
  aliases: string[];
}

const GK_TOWGS84 = '+towgs84=25,-141,-78.5,0,0.35,0.736,0';
const KYRG06_ZONE_CM = ['68.51666666666667', '71.51666666666667', '74.51666666666667', '77.51666666666667', '80.51666666666667'];

/** The one table of supported CRSs. */
export const CRS_TABLE: readonly CrsDef[] = [
  { code: 'EPSG:4326', name: 'WGS 84', proj4: '+proj=longlat +datum=WGS84 +no_defs', projected: false, aliases: ['GCS_WGS_1984', 'WGS_1984'] },
  { code: 'EPSG:3857', name: 'WGS 84 / Pseudo-Mercator', proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs', projected: true, aliases: ['WGS_1984_Web_Mercator_Auxiliary_Sphere', 'WGS_84_Pseudo_Mercator', 'Popular Visualisation CRS / Mercator'] },
  ...[42, 43, 44].map((z): CrsDef => ({
    code: `EPSG:326${z}`, name: `WGS 84 / UTM zone ${z}N`, proj4: `+proj=utm +zone=${z} +datum=WGS84 +units=m +no_defs`, projected: true, aliases: [`WGS_1984_UTM_Zone_${z}N`],
  })),
  ...[12, 13, 14].map((z): CrsDef => ({
    code: `EPSG:284${z}`, name: `Pulkovo 1942 / Gauss-Kruger zone ${z}`,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${z * 6 - 3} +k=1 +x_0=${z}500000 +y_0=0 +ellps=krass ${GK_TOWGS84} +units=m +no_defs`,
    projected: true, aliases: [`Pulkovo_1942_GK_Zone_${z}`, `Pulkovo 1942 / Gauss-Kruger zone ${z}`],
  })),
  { code: 'EPSG:7686', name: 'Kyrg-06', proj4: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs', projected: false, aliases: ['GCS_Kyrg-06', 'Kyrg-06'] },
  ...KYRG06_ZONE_CM.map((cm, i): CrsDef => ({
    code: `EPSG:${7692 + i}`, name: `Kyrg-06 / zone ${i + 1}`,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${i + 1}300000 +y_0=14743.5 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
    projected: true, aliases: [`Kyrg-06_TM_Zone_${i + 1}`],
  })),
];

/** Codes that mean the same as a supported one (7685 is Kyrg-06 3D; 2D data read the same). */
const CODE_ALIASES: Record<string, string> = { 'EPSG:7685': 'EPSG:7686', 'EPSG:900913': 'EPSG:3857', 'EPSG:3785': 'EPSG:3857', 'OGC:CRS84': 'EPSG:4326' };

export const SUPPORTED_CRS_CODES: readonly string[] = CRS_TABLE.map((d) => d.code);

/** The service region (Kyrgyzstan with a margin): a guessed CRS must put the data inside it. */
export const SERVICE_REGION: readonly [number, number, number, number] = [68.7, 38.6, 80.8, 43.8];

const WGS84 = CRS_TABLE[0]!.proj4;

function normaliseCode(code: string): string {
  const s = code.trim().toUpperCase();
  const m = /^(?:URN:OGC:DEF:CRS:)?(EPSG|OGC)[:]{1,2}(?:[\d.]*:)?([A-Z0-9]+)$/.exec(s) ?? /^(\d{4,6})$/.exec(s);
  const norm = m ? (m.length === 3 ? `${m[1]}:${m[2]}` : `EPSG:${m[1]}`) : s;
  return CODE_ALIASES[norm] ?? norm;
}

function infoFor(def: CrsDef, source: CrsInfo['source']): CrsInfo {
  return { code: def.code, proj4: def.proj4, source, needsConfirmation: false };
}

/** A supported CRS by code ('EPSG:28413', '28413', 'urn:ogc:def:crs:EPSG::28413'); FormatProblem('invalid') naming the supported list otherwise. */
export function crsFromCode(code: string, source: CrsInfo['source'] = 'user'): CrsInfo {
  const norm = normaliseCode(code);
  const def = CRS_TABLE.find((d) => d.code === norm);
  if (!def) {
    throw new FormatProblem('invalid',
      `The coordinate system ${code} is not supported. Supported: ${CRS_TABLE.map((d) => `${d.code} (${d.name})`).join(', ')}.`, code);
  }
  return infoFor(def, source);
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The name of the outermost PROJCS/GEOGCS (WKT1) or PROJCRS/GEOGCRS/GEODCRS (WKT2). */
function wktName(wkt: string): string | null {
  const m = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|BASEGEOGCRS)\s*\[\s*"([^"]*)"/i.exec(wkt);
  return m ? m[1]! : null;
}

/** The CRS's own EPSG id: in WKT1 and WKT2 the outermost AUTHORITY/ID closes last, so it is the last one. */
function wktEpsg(wkt: string): string | null {
  const all = [...wkt.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const last = all.at(-1);
  return last ? `EPSG:${last[1]}` : null;
}

function wktParam(wkt: string, names: string[]): number | null {
  for (const n of names) {
    const m = new RegExp(`PARAMETER\\s*\\[\\s*"${n}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Transverse Mercator parameters of a supported CRS, read from its proj4 string (UTM expanded). */
function tmParams(def: CrsDef): { lon0: number; x0: number; y0: number; k: number; a: number } | null {
  const p = (k: string) => new RegExp(`\\+${k}=([^ ]+)`).exec(def.proj4)?.[1];
  const a = p('ellps') === 'krass' ? 6378245 : 6378137;
  if (p('proj') === 'utm') return { lon0: Number(p('zone')) * 6 - 183, x0: 500000, y0: 0, k: 0.9996, a };
  if (p('proj') === 'tmerc') return { lon0: Number(p('lon_0')), x0: Number(p('x_0')), y0: Number(p('y_0')), k: Number(p('k')), a };
  return null;
}

/** Which datum family a WKT names, so that parameters alone never confuse e.g. Pulkovo 1995 with 1942. */
function datumFamily(wkt: string): 'wgs84' | 'pulkovo1942' | 'kyrg06' | null {
  const m = /DATUM\s*\[\s*"([^"]*)"/i.exec(wkt);
  const d = m ? squash(m[1]!).replace(/^d/, '') : '';
  if (/^wgs(19)?84$/.test(d) || d === 'worldgeodeticsystem1984') return 'wgs84';
  if (d === 'pulkovo1942') return 'pulkovo1942';
  if (d.startsWith('kyrgyz')) return 'kyrg06';
  return null;
}

function familyOf(def: CrsDef): 'wgs84' | 'pulkovo1942' | 'kyrg06' {
  return def.proj4.includes('krass') ? 'pulkovo1942' : def.proj4.includes('GRS80') ? 'kyrg06' : 'wgs84';
}

/** A supported CRS the WKT describes, by id, by name, or by Transverse Mercator parameters and datum. */
function matchWkt(wkt: string): CrsDef | null {
  const epsg = wktEpsg(wkt);
  if (epsg) {
    const def = CRS_TABLE.find((d) => d.code === (CODE_ALIASES[epsg] ?? epsg));
    if (def) return def;
  }
  const name = wktName(wkt);
  if (name) {
    const n = squash(name);
    const def = CRS_TABLE.find((d) => squash(d.name) === n || d.aliases.some((a) => squash(a) === n));
    if (def) return def;
  }
  if (/PROJECTION\s*\[\s*"(Transverse_Mercator|Gauss_Kruger)"/i.test(wkt)) {
    const lon0 = wktParam(wkt, ['central_meridian', 'Longitude of natural origin']);
    const x0 = wktParam(wkt, ['false_easting']);
    const y0 = wktParam(wkt, ['false_northing']) ?? 0;
    const k = wktParam(wkt, ['scale_factor']) ?? 1;
    const family = datumFamily(wkt);
    if (lon0 === null || x0 === null || !family) return null;
    return CRS_TABLE.find((d) => {
      const t = tmParams(d);
      return t !== null && familyOf(d) === family && Math.abs(t.lon0 - lon0) < 1e-6 && Math.abs(t.x0 - x0) < 1e-3
        && Math.abs(t.y0 - y0) < 1e-3 && Math.abs(t.k - k) < 1e-9;
    }) ?? null;
  }
  if (/^\s*GEOGCS/i.test(wkt)) {
    const family = datumFamily(wkt);
    if (family === 'wgs84') return CRS_TABLE[0]!;
    if (family === 'kyrg06') return CRS_TABLE.find((d) => d.code === 'EPSG:7686')!;
  }
  return null;
}

/**
 * A .prj / GeoPackage WKT → CRS: a supported EPSG code when it is one, else the WKT itself handed to proj4
 * (code null, source 'prj'). FormatProblem('invalid') when proj4 cannot read it either.
 */
export function crsFromPrj(wkt: string): CrsInfo {
  const def = matchWkt(wkt);
  if (def) return infoFor(def, 'prj');
  try {
    proj4(wkt, WGS84);
  } catch {
    throw new FormatProblem('invalid', `The coordinate system description (${wktName(wkt) ?? 'WKT'}) cannot be read. Re-export the file in one of: ${SUPPORTED_CRS_CODES.join(', ')}.`, '.prj');
  }
  return { code: null, proj4: wkt, source: 'prj', needsConfirmation: false };
}

/** The extent in EPSG:4326 if the source extent were in `proj`: corners and edge midpoints (TM curves edges). */
export function extentTo4326(proj: string, e: [number, number, number, number]): [number, number, number, number] | null {
  const conv = proj4(proj, WGS84);
  const [x0, y0, x1, y1] = e;
  const xm = (x0 + x1) / 2, ym = (y0 + y1) / 2;
  let pts: number[][];
  try {
    pts = [[x0, y0], [x1, y0], [x0, y1], [x1, y1], [xm, y0], [xm, y1], [x0, ym], [x1, ym]].map((p) => conv.forward(p));
  } catch {
    return null; // far outside the projection's domain
  }
  if (pts.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) return null;
  const xs = pts.map((p) => p[0]!), ys = pts.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const inside = (e: [number, number, number, number], r: readonly [number, number, number, number]) =>
  e[0] >= r[0] && e[1] >= r[1] && e[2] <= r[2] && e[3] <= r[3];

/** No CRS declared: degrees → EPSG:4326; metres → needsConfirmation with the zones whose result falls inside Kyrgyzstan. */
export function crsForCoordinates(sourceExtent: [number, number, number, number] | null): CrsInfo {
  if (!sourceExtent) return { ...crsFromCode('EPSG:4326', 'none') };
  const [x0, y0, x1, y1] = sourceExtent;
  if (x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90) return crsFromCode('EPSG:4326', 'format');
  const candidates: CrsCandidate[] = [];
  for (const def of CRS_TABLE) {
    if (!def.projected) continue;
    const extent = extentTo4326(def.proj4, sourceExtent);
    if (extent && inside(extent, SERVICE_REGION)) candidates.push({ code: def.code, name: def.name, extent });
  }
  return { code: null, proj4: null, source: 'none', needsConfirmation: true, candidates };
}

/** The layer's extent in EPSG:4326 for a known CRS (null when unknown or nothing to show). */
export function extentFor(crs: CrsInfo, sourceExtent: [number, number, number, number] | null): [number, number, number, number] | null {
  if (!sourceExtent || crs.needsConfirmation || !crs.proj4) return null;
  if (crs.code === 'EPSG:4326') return sourceExtent;
  return extentTo4326(crs.proj4, sourceExtent);
}

type Pos = GeoJSON.Position;

/** A function that reprojects a geometry to EPSG:4326 (identity for EPSG:4326); Z and M are dropped. */
export function reprojector(crs: CrsInfo): (g: GeoJSON.Geometry) => GeoJSON.Geometry {
  if (crs.code === 'EPSG:4326') return (g) => g;
  if (!crs.proj4) throw new FormatProblem('choice', 'The coordinate system is not known: choose one.', undefined, [...SUPPORTED_CRS_CODES]);
  const conv = proj4(crs.proj4, WGS84);
  const pt = (p: Pos): Pos => {
    const q = conv.forward([p[0]!, p[1]!]);
    return [q[0]!, q[1]!];
  };
  const line = (ps: Pos[]) => ps.map(pt);
  const go = (g: GeoJSON.Geometry): GeoJSON.Geometry => {
    switch (g.type) {
      case 'Point': return { type: 'Point', coordinates: pt(g.coordinates) };
      case 'MultiPoint': return { type: 'MultiPoint', coordinates: line(g.coordinates) };
      case 'LineString': return { type: 'LineString', coordinates: line(g.coordinates) };
      case 'MultiLineString': return { type: 'MultiLineString', coordinates: g.coordinates.map(line) };
      case 'Polygon': return { type: 'Polygon', coordinates: g.coordinates.map(line) };
      case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(line)) };
      case 'GeometryCollection': return { type: 'GeometryCollection', geometries: g.geometries.map(go) };
    }
  };
  return go;
}
