// STUB — replaced by the formats (binary/CRS) helper.
import type * as GeoJSON from 'geojson';
import { FormatProblem, type CrsInfo } from './types.js';
/** A supported CRS by code ('EPSG:28413'); FormatProblem('invalid') naming the supported list otherwise. */
export function crsFromCode(code: string): CrsInfo { throw new FormatProblem('invalid', `unknown ${code}`); }
/** A .prj / GeoPackage WKT → CRS (matched to a supported EPSG code when it is one). */
export function crsFromPrj(_wkt: string): CrsInfo { throw new FormatProblem('invalid', 'not implemented'); }
/** No CRS declared: degrees → EPSG:4326; metres → needsConfirmation with candidate zones inside Kyrgyzstan. */
export function crsForCoordinates(_sourceExtent: [number, number, number, number] | null): CrsInfo { throw new FormatProblem('invalid', 'not implemented'); }
/** A function that reprojects a geometry to EPSG:4326 (identity for EPSG:4326). */
export function reprojector(_crs: CrsInfo): (g: GeoJSON.Geometry) => GeoJSON.Geometry { return (g) => g; }
