// A gridded population raster (WorldPop, GHSL: one band of people per cell) read as the centres of its
// populated cells, in EPSG:4326. The file is read block by block (rows of strips or tiles, a window of
// about a million pixels at a time), never whole: memory stays bounded whatever the raster's size.
// Cells that are nodata, NaN or ≤ 0 are dropped. The georeferencing comes from the GeoTIFF tags
// (ModelPixelScale + ModelTiepoint, or ModelTransformation) and the CRS from the GeoKeys: EPSG:4326 as
// is, the projected codes of imports/formats/crs.ts, Mollweide (GHSL) and UTM 42–44N through proj4.
// A hostile or unusable file is refused with a RasterProblem that says why.
import fs from 'node:fs';
import proj4 from 'proj4';
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { CRS_TABLE } from '../imports/formats/crs.js';

/** A file this reader refuses, with the reason a person can act on. */
export class RasterProblem extends Error {
  constructor(message: string) { super(message); this.name = 'RasterProblem'; }
}

export interface RasterLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most pixels (width × height). WorldPop Kyrgyzstan at 100 m is about 40 million. */
  maxPixels: number;
  /** Longest side, in pixels. */
  maxSide: number;
  /** Pixels read per window (a multiple of the block height in rows, at least one block). */
  windowPixels: number;
  /** Largest strip or tile, in pixels (a block is decoded whole). */
  maxBlockPixels: number;
}

export const DEFAULT_RASTER_LIMITS: RasterLimits = {
  maxBytes: 4 * 1024 ** 3, maxPixels: 2_000_000_000, maxSide: 1_000_000, windowPixels: 1_000_000, maxBlockPixels: 16_000_000,
};

/** A CRS a raster may be in: its code and its proj4 definition (null: EPSG:4326, no reprojection). */
export interface RasterCrs { code: string; proj4: string | null; geographic: boolean }

const MOLLWEIDE: RasterCrs = { code: 'ESRI:54009', proj4: '+proj=moll +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs', geographic: false };

/** The CRSs a raster may be in, by code: those the file import knows (crs.ts, which has UTM 42–44N) and Mollweide. */
const RASTER_CRS = new Map<string, RasterCrs>([
  ...CRS_TABLE.map((d): [string, RasterCrs] => [d.code, { code: d.code, proj4: d.code === 'EPSG:4326' ? null : d.proj4, geographic: !d.projected }]),
  [MOLLWEIDE.code, MOLLWEIDE],
]);

export function rasterCrs(code: string): RasterCrs {
  const crs = RASTER_CRS.get(code.toUpperCase());
  if (!crs) throw new RasterProblem(`The raster's coordinate system ${code} is not supported. Supported: ${[...RASTER_CRS.keys()].join(', ')}. Reproject it first, e.g. gdalwarp -t_srs EPSG:4326.`);
  return crs;
}

const USER_DEFINED = 32767;

/** The CRS from the GeoKeys: a projected or geographic EPSG code, or a user-defined Mollweide (how GDAL writes GHSL's ESRI:54009). */
export function crsFromGeoKeys(keys: Record<string, unknown> | null): RasterCrs {
  if (!keys) throw new RasterProblem('The file has no GeoKeys: it is a TIFF but not a GeoTIFF, so where its cells lie is not known.');
  const projected = keys.ProjectedCSTypeGeoKey as number | undefined;
  const geographic = keys.GeographicTypeGeoKey as number | undefined;
  const model = keys.GTModelTypeGeoKey as number | undefined;
  if (projected !== undefined && projected !== USER_DEFINED) return rasterCrs(`EPSG:${projected}`);
  const citation = [keys.PCSCitationGeoKey, keys.GTCitationGeoKey].filter((c) => typeof c === 'string').join(' ');
  if (model !== 2 && /mollweide/i.test(citation)) return MOLLWEIDE;
  if (model === 2 && geographic !== undefined && geographic !== USER_DEFINED) return rasterCrs(`EPSG:${geographic}`);
  const named = citation ? ` (${citation.slice(0, 120)})` : '';
  throw new RasterProblem(`The raster's coordinate system is ${projected === USER_DEFINED || model === USER_DEFINED ? `user-defined${named}` : `not stated${named}`}: it is not supported. Supported: ${[...RASTER_CRS.keys()].join(', ')}. Reproject it first, e.g. gdalwarp -t_srs EPSG:4326.`);
}

/** Pixel (column, row) → model coordinates: x = a·i + b·j + c, y = d·i + e·j + f. */
export interface Affine { a: number; b: number; c: number; d: number; e: number; f: number }

export interface RasterInfo {
  file: string;
  width: number;
  height: number;
  bands: number;
  band: number;
  tiled: boolean;
  blockHeight: number;
  nodata: number | null;
  crs: RasterCrs;
  /** Pixel corner (i, j) → model coordinates; a cell's centre is (i + 0.5, j + 0.5). */
  transform: Affine;
}

/** One batch of populated cells, columnar. */
export interface CellBatch {
  length: number;
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
  /** The cell's size in metres (the side of a square of its area; for degree grids at its latitude), rounded. */
  cellM: Float32Array;
}

export interface ReadStats { pixels: number; populated: number; dropped: number; outside: number; total: number }

const TIFF_MAGIC = ['49492a00', '4d4d002a', '49492b00', '4d4d002b']; // II*\0, MM\0*, and the BigTIFF ones

function checkFile(file: string, limits: RasterLimits): void {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { throw new RasterProblem(`${file}: no such file.`); }
  if (!st.isFile()) throw new RasterProblem(`${file} is not a file.`);
  if (st.size > limits.maxBytes) throw new RasterProblem(`${file} is ${(st.size / 1024 ** 2).toFixed(0)} MB, more than the ${(limits.maxBytes / 1024 ** 2).toFixed(0)} MB allowed (--max-mb). Clip it to Kyrgyzstan first (gdalwarp -cutline or -te).`);
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try { fs.readSync(fd, head, 0, 4, 0); } finally { fs.closeSync(fd); }
  if (!TIFF_MAGIC.includes(head.toString('hex'))) throw new RasterProblem(`${file} is not a TIFF (a GeoTIFF starts with II* or MM*). Convert it first, e.g. gdal_translate in.asc out.tif.`);
}

async function geoTransform(image: GeoTIFFImage, keys: Record<string, unknown>): Promise<Affine> {
  const dir = image.getFileDirectory();
  const matrix = dir.hasTag('ModelTransformation') ? (await dir.loadValue('ModelTransformation')) as number[] | undefined : undefined;
  // PixelIsPoint (GTRasterTypeGeoKey 2): the tie point is a pixel's centre, not its corner.
  const shift = keys.GTRasterTypeGeoKey === 2 ? 0.5 : 0;
  if (matrix && matrix.length >= 16) {
    const [a, b, , c, d, e, , f] = matrix.map(Number) as [number, number, number, number, number, number, number, number];
    return { a, b, c: c - shift * (a + b), d, e, f: f - shift * (d + e) };
  }
  const scale = dir.hasTag('ModelPixelScale') ? (await dir.loadValue('ModelPixelScale')) as number[] | undefined : undefined;
  const tie = dir.hasTag('ModelTiepoint') ? (await dir.loadValue('ModelTiepoint')) as number[] | undefined : undefined;
  if (!scale || !tie || scale.length < 2 || tie.length < 6) {
    throw new RasterProblem('The file has no georeferencing (ModelPixelScale + ModelTiepoint, or ModelTransformation): where its cells lie is not known.');
  }
  const [i0, j0, , x0, y0] = tie.map(Number) as [number, number, number, number, number];
  const sx = Number(scale[0]), sy = Number(scale[1]);
  if (!(sx > 0) || !(sy > 0) || !Number.isFinite(x0) || !Number.isFinite(y0)) throw new RasterProblem(`The file's georeferencing is not usable (pixel scale ${sx} × ${sy}).`);
  // x = x0 + (i - i0)·sx, y = y0 - (j - j0)·sy (rows go south)
  return { a: sx, b: 0, c: x0 - (i0 + shift) * sx, d: 0, e: -sy, f: y0 + (j0 + shift) * sy };
}

/** Metres per degree of longitude and latitude at a latitude (WGS 84, the usual series). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  const p = (lat * Math.PI) / 180;
  return {
    lat: 111132.954 - 559.822 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p),
    lon: 111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p),
  };
}

export class PopulationRaster {
  private constructor(private readonly tiff: GeoTIFF, private readonly image: GeoTIFFImage, readonly info: RasterInfo, private readonly limits: RasterLimits) {}

  /** Opens and checks the file: a one-band (or `band`, 1-based) GeoTIFF of sane size in a supported CRS. */
  static async open(file: string, opts: { band?: number; limits?: Partial<RasterLimits> } = {}): Promise<PopulationRaster> {
    const limits = { ...DEFAULT_RASTER_LIMITS, ...opts.limits };
    checkFile(file, limits);
    let tiff: GeoTIFF, image: GeoTIFFImage;
    try {
      tiff = await fromFile(file);
      image = await tiff.getImage(0);
    } catch (err) {
      throw new RasterProblem(`${file} cannot be read as a GeoTIFF: ${(err as Error).message}`);
    }
    try {
      const width = image.getWidth(), height = image.getHeight();
      if (!(width > 0 && height > 0)) throw new RasterProblem(`${file} cannot be read as a GeoTIFF: its first image is ${width} × ${height} pixels (a damaged or truncated file?).`);
      if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
        throw new RasterProblem(`${file} says it is ${width} × ${height} pixels: more than this loader reads (at most ${limits.maxSide.toLocaleString('en')} a side and ${limits.maxPixels.toLocaleString('en')} in all). Clip it to Kyrgyzstan first.`);
      }
      const bands = image.getSamplesPerPixel();
      if (opts.band === undefined && bands !== 1) throw new RasterProblem(`${file} has ${bands} bands: say which holds the population (--band 1…${bands}).`);
      const band = opts.band ?? 1;
      if (!Number.isInteger(band) || band < 1 || band > bands) throw new RasterProblem(`--band ${band}: ${file} has ${bands} band${bands === 1 ? '' : 's'}.`);
      const keys = image.getGeoKeys() as Record<string, unknown> | null;
      const crs = crsFromGeoKeys(keys);
      const transform = await geoTransform(image, keys ?? {});
      const nodata = image.getGDALNoData();
      const blockHeight = Math.max(1, Math.min(height, image.isTiled ? image.getTileHeight() : image.getBlockHeight(0)));
      const blockWidth = image.isTiled ? image.getTileWidth() : width;
      // A block is decoded whole: one strip of the whole raster would have to be held in memory at once.
      if (blockWidth * blockHeight > limits.maxBlockPixels) {
        throw new RasterProblem(`${file} is stored in blocks of ${blockWidth} × ${blockHeight} pixels, too large to read a part at a time. Rewrite it tiled first: gdal_translate -co TILED=YES -co COMPRESS=DEFLATE in.tif out.tif`);
      }
      const info: RasterInfo = { file, width, height, bands, band, tiled: image.isTiled, blockHeight, nodata, crs, transform };
      return new PopulationRaster(tiff, image, info, limits);
    } catch (err) {
      await tiff.close();
      if (err instanceof RasterProblem) throw err;
      throw new RasterProblem(`${file} cannot be read as a GeoTIFF: ${(err as Error).message}`);
    }
  }

  /** Rows per window: whole blocks, about `windowPixels` pixels. */
  get windowRows(): number {
    const { width, height, blockHeight } = this.info;
    const blocks = Math.max(1, Math.floor(this.limits.windowPixels / (width * blockHeight)));
    return Math.min(height, blocks * blockHeight);
  }

  /**
   * The populated cells, in batches of at most `batchSize`, row by row from the top; `stats` is
   * filled as it goes. A value of 10 million people or more in one cell is refused (not a count).
   */
  async *cells(batchSize = 5000, stats: ReadStats = { pixels: 0, populated: 0, dropped: 0, outside: 0, total: 0 }): AsyncGenerator<CellBatch> {
    const { width, height, nodata, crs, transform: t, band } = this.info;
    const conv = crs.proj4 ? proj4(crs.proj4, 'EPSG:4326') : null;
    const projectedCellM = crs.geographic ? 0 : Math.max(1, Math.round(Math.sqrt(Math.abs(t.a * t.e - t.b * t.d))));
    const degArea = Math.abs(t.a * t.e - t.b * t.d); // square degrees per cell
    const fresh = (): CellBatch => ({ length: 0, lon: new Float64Array(batchSize), lat: new Float64Array(batchSize), population: new Float64Array(batchSize), cellM: new Float32Array(batchSize) });
    let batch = fresh();
    const rows = this.windowRows;
    // GDAL writes the nodata value as text: in a Float32 band it matches only once rounded to 32 bits.
    const nodata32 = nodata === null ? NaN : Math.fround(nodata);
    const pt: [number, number] = [0, 0];
    for (let y0 = 0; y0 < height; y0 += rows) {
      const y1 = Math.min(height, y0 + rows);
      let data;
      try {
        data = (await this.image.readRasters({ window: [0, y0, width, y1], samples: [band - 1], interleave: false }))[0]!;
      } catch (err) {
        throw new RasterProblem(`${this.info.file}: rows ${y0}–${y1 - 1} cannot be read: ${(err as Error).message}`);
      }
      stats.pixels += data.length;
      for (let k = 0; k < data.length; k++) {
        const v = data[k]!;
        if (!(v > 0) || v === nodata || v === nodata32) { stats.dropped++; continue; } // NaN, ≤ 0, nodata
        const i = (k % width) + 0.5, j = y0 + Math.floor(k / width) + 0.5;
        if (v >= 1e7) throw new RasterProblem(`${this.info.file}: the cell at row ${Math.floor(j)}, column ${Math.floor(i)} holds ${v}: not a count of people per cell (wrong band, or not a population raster?).`);
        pt[0] = t.a * i + t.b * j + t.c;
        pt[1] = t.d * i + t.e * j + t.f;
        let lon = pt[0], lat = pt[1];
        if (conv) {
          const q = conv.forward(pt);
          lon = q[0]!; lat = q[1]!;
        }
        if (!(lon >= -180 && lon <= 180 && lat >= -85.0511 && lat <= 85.0511)) { stats.outside++; continue; }
        let cellM = projectedCellM;
        if (crs.geographic) {
          const m = metresPerDegree(lat);
          cellM = Math.max(1, Math.round(Math.sqrt(degArea * m.lon * m.lat)));
        }
        const n = batch.length++;
        batch.lon[n] = lon; batch.lat[n] = lat; batch.population[n] = v; batch.cellM[n] = Math.min(cellM, 10_000);
        stats.populated++; stats.total += v;
        if (batch.length === batchSize) { yield batch; batch = fresh(); }
      }
    }
    if (batch.length) yield batch;
  }

  async close(): Promise<void> {
    await this.tiff.close();
  }
}
