// KML, KMZ and GPX through @xmldom/xmldom and @tmcw/togeojson. These are parsed IN MEMORY (a DOM),
// which is why a document is bounded by limits.maxXmlBytes before anything is decoded. A DOCTYPE or
// ENTITY declaration anywhere is refused before the parser sees the text: no external entities (XXE),
// no entity expansion (billion laughs) — KML and GPX never need them.
import { readFile, stat } from 'node:fs/promises';
import { DOMParser } from '@xmldom/xmldom';
import { gpx, kml } from '@tmcw/togeojson';
import iconv from 'iconv-lite';
import type * as GeoJSON from 'geojson';
import {
  ExtentCollector, FieldCollector, GeometryTypes, convertText, geometryProblem, layerName, plainValue, putProp, textType, type Properties,
} from './geojson-fields.js';
import { firstInvalidUtf8 } from './geojson-text.js';
import { FormatProblem, type CrsInfo, type Detection, type FieldType, type FormatId, type FormatLimits, type FormatReader, type SourceFeature, type UploadedFile } from './types.js';
import { listZip, readZipEntry } from './zip.js';

/** KML and GPX coordinates are WGS84 longitude/latitude by definition. */
export const WGS84: CrsInfo = { code: 'EPSG:4326', proj4: '+proj=longlat +datum=WGS84 +no_defs', source: 'format', needsConfirmation: false };

const NAMES: Record<string, string> = { kml: 'The KML', kmz: 'The KMZ', gpx: 'The GPX' };

/** Styling that togeojson copies into properties: the import keeps data, the layer has its own style. */
const STYLE_KEYS = new Set([
  'styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-scale',
  'icon-color', 'icon-opacity', 'icon-heading', 'icon-offset', 'icon-offset-units', 'label-scale', 'label-color', 'label-opacity',
  'marker-color', 'marker-size', 'marker-symbol',
]);

/** The bytes of the document: the file, or the KMZ's doc.kml (else its first .kml), never more than maxXmlBytes. */
async function documentBytes(file: UploadedFile, format: FormatId, limits: FormatLimits): Promise<Buffer> {
  if (format === 'kmz') {
    const names = (await listZip(file.path, limits)).filter((e) => !e.directory).map((e) => e.name);
    const name = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.find((n) => /\.kml$/i.test(n));
    if (!name) throw new FormatProblem('invalid', 'The KMZ holds no .kml document.');
    return readZipEntry(file.path, name, limits.maxXmlBytes, limits);
  }
  const { size } = await stat(file.path);
  if (size > limits.maxXmlBytes) {
    throw new FormatProblem('too-large', `${NAMES[format]} is ${size.toLocaleString('en')} bytes; at most ${limits.maxXmlBytes.toLocaleString('en')} are read (KML and GPX are read whole). Convert it to GeoJSON or GeoPackage.`);
  }
  return readFile(file.path);
}

/**
 * The document as text. XML declares its encoding: UTF-8 (the default) is decoded strictly, a declared
 * single-byte encoding such as windows-1251 through iconv-lite. Never a U+FFFD the file did not hold.
 */
export function decodeXml(bytes: Buffer, what: string): { text: string; encoding: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: iconv.decode(bytes, encoding), encoding };
  }
  const declared = /^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(bytes.subarray(0, 1024).toString('latin1'))?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    if (!iconv.encodingExists(declared)) throw new FormatProblem('unsupported', `${what} declares the encoding ${declared}, which is not supported; save it as UTF-8.`);
    const text = iconv.decode(bytes, declared);
    const bad = text.indexOf('\ufffd');
    if (bad >= 0) throw new FormatProblem('invalid', `${what} holds a byte that is not a character in ${declared} (near character ${bad}).`);
    return { text, encoding: declared.toLowerCase() };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const at = firstInvalidUtf8(bytes, true);
    throw new FormatProblem('invalid', `${what} is not valid UTF-8: byte ${at} is not part of a UTF-8 character${declared ? '' : ' (and the XML declaration names no other encoding)'}.`, `byte ${at}`);
  }
}

/** Refuse DTDs anywhere in the text, before any parsing. */
export function refuseDtd(text: string, what: string): void {
  const m = /<!\s*(DOCTYPE|ENTITY)/i.exec(text);
  if (m) {
    throw new FormatProblem('invalid', `${what} declares a ${m[1]!.toUpperCase()} (at character ${m.index}); external entities and entity expansion are refused for safety, and KML and GPX do not need them. Remove the declaration and upload again.`);
  }
}

function parseXml(text: string, what: string): Document {
  let fatal: string | null = null;
  const parser = new DOMParser({
    onError(level, msg) {
      // Recoverable errors (a stray '&' in a description) are let through, as other KML readers do
      if (level === 'fatalError') fatal ??= msg;
    },
  });
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    throw new FormatProblem('invalid', `${what} is not well-formed XML: ${fatal ?? (e as Error).message}`);
  }
  if (fatal) throw new FormatProblem('invalid', `${what} is not well-formed XML: ${fatal}`);
  if (!doc.documentElement) throw new FormatProblem('invalid', `${what} has no root element.`);
  return doc as unknown as Document;
}

/** KML MultiGeometry comes out of togeojson as a GeometryCollection; one of a single kind is a Multi*. */
export function simplifyCollection(g: GeoJSON.Geometry): GeoJSON.Geometry {
  if (g.type !== 'GeometryCollection') return g;
  const parts = g.geometries.map(simplifyCollection);
  const types = new Set(parts.map((p) => p.type.replace(/^Multi/, '')));
  if (parts.length === 0 || types.size !== 1) return { type: 'GeometryCollection', geometries: parts };
  const kind = [...types][0]!;
  // every part is a `kind` or a Multi`kind`: gather their members
  const members = (p: GeoJSON.Geometry): unknown[] => {
    const c = (p as Exclude<GeoJSON.Geometry, GeoJSON.GeometryCollection>).coordinates;
    return p.type.startsWith('Multi') ? (c as unknown[]) : [c];
  };
  if (kind === 'Point') return { type: 'MultiPoint', coordinates: parts.flatMap(members) as GeoJSON.Position[] };
  if (kind === 'LineString') return { type: 'MultiLineString', coordinates: parts.flatMap(members) as GeoJSON.Position[][] };
  if (kind === 'Polygon') return { type: 'MultiPolygon', coordinates: parts.flatMap(members) as GeoJSON.Position[][][] };
  return { type: 'GeometryCollection', geometries: parts };
}

/** togeojson's properties as attributes: styles and per-vertex arrays dropped, GPX extension prefixes removed. */
function attributes(p: Record<string, unknown> | null, format: FormatId, isPoint: boolean): Record<string, unknown> {
  const src = p ?? {};
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(src)) {
    if (STYLE_KEYS.has(k)) continue;
    if (k === 'coordinateProperties') continue; // per-vertex times/heart rates: not attributes of the feature
    if (format === 'gpx' && k === '_gpxType') { out.push(['gpx_type', v]); continue; }
    // GDAL writes GPX attributes as <extensions><ogr:name>; togeojson names them ogr_name
    out.push([format === 'gpx' && /^ogr_./.test(k) && !Object.hasOwn(src, k.slice(4)) ? k.slice(4) : k, v]);
  }
  if (format === 'gpx' && isPoint && !Object.hasOwn(src, '_gpxType')) out.push(['gpx_type', 'wpt']);
  // fromEntries defines own properties, so a name like "__proto__" stays a plain attribute
  return Object.fromEntries(out);
}

interface Parsed { features: SourceFeature[]; fields: FieldCollector; encoding: string }

/**
 * All features of the document. XML values are text, so each column is typed over all its values
 * (as CSV columns are) and the values converted accordingly; numbers togeojson already typed from a
 * KML Schema stay numbers.
 */
async function parseDocument(file: UploadedFile, format: FormatId, limits: FormatLimits): Promise<Parsed> {
  const what = NAMES[format] ?? 'The file';
  const bytes = await documentBytes(file, format, limits);
  const { text, encoding } = decodeXml(bytes, what);
  refuseDtd(text, what);
  const doc = parseXml(text, what);
  const root = doc.documentElement.localName ?? doc.documentElement.nodeName;
  const expected = format === 'gpx' ? 'gpx' : 'kml';
  if (root.toLowerCase() !== expected) throw new FormatProblem('invalid', `${what}'s root element is <${root}>, not <${expected}>.`);
  const fc = format === 'gpx' ? gpx(doc) : kml(doc);
  const fields = new FieldCollector((v) => (typeof v === 'string' ? textType(v, false) : v === null ? null : typeof v === 'boolean' ? 'boolean' : Number.isSafeInteger(v) ? 'integer' : 'number'));
  const raw = fc.features.map((f, i) => {
    const geometry = f.geometry ? simplifyCollection(f.geometry) : null;
    const props: Properties = {};
    for (const [k, v] of Object.entries(attributes(f.properties, format, geometry?.type === 'Point'))) putProp(props, k, plainValue(v));
    fields.addAll(props);
    const problem = geometry ? geometryProblem(geometry) : null;
    const index = i + 1;
    return problem ? { index, geometry: null, properties: props, error: `feature ${index}: ${problem}` } : { index, geometry, properties: props };
  });
  const types = new Map<string, FieldType>();
  for (const f of fields.result()) types.set(f.name, f.type);
  const features = raw.map((f) => {
    const properties: Properties = {};
    for (const [k, v] of Object.entries(f.properties)) putProp(properties, k, typeof v === 'string' ? convertText(v, types.get(k) ?? 'text', false) : v);
    return { ...f, properties };
  });
  return { features, fields, encoding };
}

export const xmlReader: FormatReader = {
  formats: ['kml', 'kmz', 'gpx'],

  async detect(file, format, limits): Promise<Detection> {
    const { features, fields, encoding } = await parseDocument(file, format, limits);
    const extent = new ExtentCollector();
    const types = new GeometryTypes();
    let noGeometry = 0, bad = 0;
    let firstError: string | undefined;
    for (const f of features) {
      if (f.error) { bad++; firstError ??= f.error; } else if (!f.geometry) noGeometry++;
      if (f.geometry) { types.add(f.geometry); extent.addGeometry(f.geometry); }
    }
    const warnings: string[] = [];
    if (bad) warnings.push(`${bad} feature(s) could not be read (first: ${firstError}).`);
    if (noGeometry) warnings.push(`${noGeometry} feature(s) have no geometry.`);
    const sourceExtent = extent.get();
    return {
      format,
      layers: [{
        name: layerName(file.filename), featureCount: features.length, geometryTypes: types.result(), fields: fields.result(), crs: WGS84,
        // the XML declaration says which encoding; decoding already refused bytes that do not fit it
        encoding: { chosen: encoding, source: 'format', needsChoice: false },
        sourceExtent, extent: sourceExtent,
      }],
      warnings,
    };
  },

  async *read(file, format, _opts, limits) {
    yield* (await parseDocument(file, format, limits)).features;
  },
};
