// The one door to the file-format readers: sniff the format from the bytes (not the name), detect
// what the file holds, and stream its features in EPSG:4326 with per-feature limits applied.
import type * as GeoJSON from 'geojson';
import { crsFromCode, reprojector } from './crs.js';
import { csvReader } from './csv.js';
import { geojsonReader } from './geojson.js';
import { geopackageReader } from './geopackage.js';
import { shapefileReader } from './shapefile.js';
import { sniffFormat } from './sniff.js';
import { xmlReader } from './xml.js';
import {
  DEFAULT_LIMITS, FormatProblem,
  type Detection, type FormatId, type FormatLimits, type FormatReader, type ReadOptions, type SourceFeature, type SourceLayer, type UploadedFile,
} from './types.js';

export * from './types.js';

const READERS: readonly FormatReader[] = [geojsonReader, xmlReader, csvReader, shapefileReader, geopackageReader];

function readerFor(format: FormatId): FormatReader {
  const r = READERS.find((x) => x.formats.includes(format));
  if (!r) throw new FormatProblem('unsupported', `The format ${format} has no reader.`);
  return r;
}

/** What the file holds. Throws FormatProblem for files that are not one of the formats, or hostile. */
export async function detectFile(file: UploadedFile, contentType?: string, limits: FormatLimits = DEFAULT_LIMITS): Promise<Detection> {
  const format = await sniffFormat(file, contentType);
  return readerFor(format).detect(file, format, limits);
}

/** The sub-layer a read is about: the one named, or the only one. */
export function chooseLayer(detection: Detection, name?: string): SourceLayer {
  if (name !== undefined) {
    const l = detection.layers.find((x) => x.name === name);
    if (!l) throw new FormatProblem('choice', `The file has no layer '${name}'.`, undefined, detection.layers.map((x) => x.name));
    return l;
  }
  if (detection.layers.length !== 1) {
    throw new FormatProblem('choice', `The file holds ${detection.layers.length} layers: choose one.`, undefined, detection.layers.map((x) => x.name));
  }
  return detection.layers[0]!;
}

export function vertexCount(g: GeoJSON.Geometry): number {
  if (g.type === 'GeometryCollection') return g.geometries.reduce((n, x) => n + vertexCount(x), 0);
  const walk = (c: unknown): number => (Array.isArray(c) && typeof c[0] === 'number' ? 1 : Array.isArray(c) ? c.reduce((n: number, x) => n + walk(x), 0) : 0);
  return walk(g.coordinates);
}

/**
 * The features of one layer in EPSG:4326. The CRS is the one asked for (opts.srs), else the detected
 * one; a layer whose CRS still needs confirming is refused with the candidates named.
 */
export async function* readFile(
  file: UploadedFile, detection: Detection, opts: ReadOptions, limits: FormatLimits = DEFAULT_LIMITS,
): AsyncIterable<SourceFeature> {
  const layer = chooseLayer(detection, opts.layer);
  const crs = opts.srs ? crsFromCode(opts.srs) : layer.crs;
  if (crs.needsConfirmation || !crs.proj4) {
    throw new FormatProblem('choice', `The coordinates of '${layer.name}' look like metres and the file does not say in which coordinate system: choose one.`,
      layer.name, (layer.crs.candidates ?? []).map((c) => c.code));
  }
  const encoding = opts.encoding ?? layer.encoding.chosen ?? undefined;
  if (layer.encoding.needsChoice && !encoding) {
    throw new FormatProblem('choice', `The text encoding of '${layer.name}' is not declared: choose the one that reads as Kyrgyz or Russian.`,
      layer.name, Object.keys(layer.encoding.previews ?? {}));
  }
  const toWgs84 = reprojector(crs);
  for await (const f of readerFor(detection.format).read(file, detection.format, { ...opts, layer: layer.name, encoding }, limits)) {
    if (f.geometry) {
      const n = vertexCount(f.geometry);
      if (n > limits.maxVerticesPerFeature) {
        throw new FormatProblem('invalid', `Feature ${f.index} has ${n.toLocaleString('en')} vertices; at most ${limits.maxVerticesPerFeature.toLocaleString('en')} are accepted in one feature. Simplify or split it first.`, `feature ${f.index}`);
      }
      yield { ...f, geometry: toWgs84(f.geometry) };
    } else yield f;
  }
}
