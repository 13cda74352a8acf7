// The contract between the import service and the file-format readers. A reader knows one family of
// formats: it detects what a file holds (sub-layers, fields, CRS, encoding, count, extent) without
// keeping the file in memory, and streams its features. Readers never touch the database; PostGIS
// validates and stores what they yield (imports.repo.ts). Coordinates leave `readFile` (index.ts) in
// EPSG:4326 [lon, lat], reprojected with crs.ts.
import type * as GeoJSON from 'geojson';

export type FormatId = 'geojson' | 'ndjson' | 'kml' | 'kmz' | 'gpx' | 'csv' | 'shapefile' | 'geopackage';
export const FORMAT_IDS: readonly FormatId[] = ['geojson', 'ndjson', 'kml', 'kmz', 'gpx', 'csv', 'shapefile', 'geopackage'];

export type FieldType = 'text' | 'integer' | 'number' | 'boolean' | 'date';

/** One source column, as found in the file. */
export interface SourceField {
  name: string;
  type: FieldType;
  /** Up to 5 distinct non-empty values, as text, for the wizard's preview and enum suggestions. */
  samples: string[];
}

export interface CrsCandidate {
  /** 'EPSG:32643' etc. */
  code: string;
  name: string;
  /** The layer's extent in EPSG:4326 if the data were in this CRS. */
  extent: [number, number, number, number];
}

export interface CrsInfo {
  /** 'EPSG:4326', 'EPSG:28413', …; null when unknown (and then `needsConfirmation`). */
  code: string | null;
  /** proj4 definition used to reproject (from the code or from the .prj WKT). */
  proj4: string | null;
  /** Where it came from. */
  source: 'format' | 'prj' | 'declared' | 'user' | 'guess' | 'none';
  /** True when coordinates look like metres and nothing declares a CRS: the user must confirm one. */
  needsConfirmation: boolean;
  /** Only when needsConfirmation: the zones whose result falls inside Kyrgyzstan. */
  candidates?: CrsCandidate[];
}

export interface EncodingInfo {
  /** 'utf-8', 'windows-1251', 'cp866'; null when the user must choose. */
  chosen: string | null;
  source: 'cpg' | 'ldid' | 'utf8-valid' | 'user' | 'format' | null;
  needsChoice: boolean;
  /** Only when needsChoice: the first rows' text attributes decoded with each candidate encoding. */
  previews?: Record<string, Record<string, string>[]>;
}

export interface SourceLayer {
  /** The sub-layer's name (GeoPackage table, .shp base name, KML folder is NOT split: one layer). */
  name: string;
  featureCount: number;
  /** Distinct GeoJSON geometry types seen, e.g. ['LineString', 'MultiLineString']. */
  geometryTypes: string[];
  fields: SourceField[];
  crs: CrsInfo;
  encoding: EncodingInfo;
  /** In source coordinates (before reprojection); null when the layer has no geometry. */
  sourceExtent: [number, number, number, number] | null;
  /** In EPSG:4326, when the CRS is known. */
  extent: [number, number, number, number] | null;
}

export interface Detection {
  format: FormatId;
  layers: SourceLayer[];
  /** Things the user should know that are not errors (e.g. "3 features without geometry were skipped"). */
  warnings: string[];
}

export interface ReadOptions {
  /** Which sub-layer (required when detection found more than one). */
  layer?: string;
  /** Overrides the detected encoding ('utf-8' | 'windows-1251' | 'cp866'). */
  encoding?: string;
  /** Overrides the detected CRS, e.g. 'EPSG:28413'. */
  srs?: string;
}

/** One feature as read: `index` is the 1-based feature number (for CSV: the line number in the file). */
export interface SourceFeature {
  index: number;
  geometry: GeoJSON.Geometry | null;
  properties: Record<string, string | number | boolean | null>;
  /** Why this feature could not be read (bad coordinates in a CSV row, unparsable WKT, …); geometry is then null. */
  error?: string;
}

/** The file as received: a path in the upload folder, the name the user gave it, its size. */
export interface UploadedFile {
  path: string;
  filename: string;
  size: number;
}

/**
 * A problem with the file itself. `kind` maps to the HTTP problem type (imports.routes.ts):
 *  unsupported → 415, invalid → 400 (invalid-body), too-large → 413, choice → 400 with `choices`.
 * `where` names the file entry, feature or row ("line 5012", "entry ../../x", "roads.shp").
 */
export class FormatProblem extends Error {
  constructor(
    readonly kind: 'unsupported' | 'invalid' | 'too-large' | 'choice',
    message: string,
    readonly where?: string,
    readonly choices?: string[],
  ) {
    super(message);
    this.name = 'FormatProblem';
  }
}

/** Limits for hostile files (config can tighten them). */
export interface FormatLimits {
  /** Bytes of uncompressed content allowed out of one archive. */
  maxUnzippedBytes: number;
  /** Largest compression ratio of one zip entry (uncompressed / compressed). */
  maxZipRatio: number;
  /** Vertices of one feature. */
  maxVerticesPerFeature: number;
  /** Bytes of one XML document (KML/GPX) parsed in memory. */
  maxXmlBytes: number;
}

export const DEFAULT_LIMITS: FormatLimits = {
  maxUnzippedBytes: 1024 * 1024 * 1024,
  maxZipRatio: 200,
  maxVerticesPerFeature: 250_000,
  maxXmlBytes: 200 * 1024 * 1024,
};

/** One family of formats. */
export interface FormatReader {
  /** Formats this reader handles. */
  formats: readonly FormatId[];
  detect(file: UploadedFile, format: FormatId, limits: FormatLimits): Promise<Detection>;
  /** Features in SOURCE coordinates; index.ts reprojects. `opts.encoding` already resolved. */
  read(file: UploadedFile, format: FormatId, opts: ReadOptions, limits: FormatLimits): AsyncIterable<SourceFeature>;
}
