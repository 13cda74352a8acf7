// GeoJSON (RFC 7946, plus the legacy `crs` member) and NDJSON / GeoJSON sequences. Streamed: a
// FeatureCollection's `features` are assembled one at a time from stream-json's tokens, NDJSON line by
// line, so a 100 MB file is never held whole; only one feature is.
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import Assembler from 'stream-json/core/assembler.js';
// stream-json's own runtime (a dependency of stream-json): the "no value" marker and multi-token results
import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import type * as GeoJSON from 'geojson';
import { crsForCoordinates, crsFromCode } from './crs.js';
import {
  ExtentCollector, FieldCollector, GeometryTypes, extentIn4326, geometryProblem, layerName, plainValue, putProp, type Properties,
} from './geojson-fields.js';
import { readText } from './geojson-text.js';
import { FormatProblem, type CrsInfo, type Detection, type FormatId, type FormatReader, type SourceFeature, type UploadedFile } from './types.js';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);
/** Deeper JSON than this is not GeoJSON (a MultiPolygon is 6 levels inside a FeatureCollection); refused early. */
const MAX_DEPTH = 32;
/** The parser is fed this many characters at a time, so a syntax error is located to within them. */
const PIECE = 4096;
/** One NDJSON line (one feature) may be this long. */
const MAX_LINE_CHARS = 128 * 1024 * 1024;

/** What the top level of the document said, besides its features (filled in while streaming). */
interface TopLevel {
  members: Record<string, unknown>;
  /** The legacy `crs` member's name, when there was one. */
  crsName: string | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One parsed JSON value from the `features` array (or the document itself) as a SourceFeature. */
export function toSourceFeature(v: unknown, index: number): SourceFeature {
  const bad = (why: string): SourceFeature => ({ index, geometry: null, properties: {}, error: `feature ${index}: ${why}` });
  if (!isObject(v)) return bad('not a JSON object');
  let geometry: unknown;
  let props: unknown;
  if (v.type === 'Feature') { geometry = v.geometry; props = v.properties; } else if (typeof v.type === 'string' && GEOMETRY_TYPES.has(v.type)) { geometry = v; props = null; } else {
    return bad(`its "type" is ${JSON.stringify(v.type ?? null)}, not "Feature"`);
  }
  const properties: Properties = {};
  if (isObject(props)) for (const [k, x] of Object.entries(props)) putProp(properties, k, plainValue(x));
  if (geometry === null || geometry === undefined) return { index, geometry: null, properties };
  const problem = geometryProblem(geometry);
  if (problem) return { index, geometry: null, properties, error: `feature ${index}: ${problem}` };
  return { index, geometry: geometry as GeoJSON.Geometry, properties };
}

/** The EPSG code a legacy `crs` member names ('urn:ogc:def:crs:EPSG::32643', 'EPSG:4326', CRS84), or null. */
export function codeFromCrsName(name: string): string | null {
  if (/CRS:?84$/i.test(name)) return 'EPSG:4326';
  const m = /EPSG:{1,2}(?:[\d.]+:)?(\d{4,6})$/i.exec(name.trim()) ?? /opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d{4,6})$/i.exec(name.trim());
  return m ? `EPSG:${m[1]}` : null;
}

function crsNameOf(crs: unknown): string | null {
  if (!isObject(crs) || !isObject(crs.properties)) return null;
  if (typeof crs.properties.name === 'string') return crs.properties.name;
  if (crs.properties.code !== undefined) return `EPSG:${String(crs.properties.code)}`;
  return null;
}

function tokensOf(r: unknown): Token[] {
  if (r === none) return [];
  if (isMany(r)) return getManyValues(r) as Token[];
  return [r as Token];
}

/** A FeatureCollection / Feature / geometry document, streamed. */
async function* streamDocument(path: string, top: TopLevel): AsyncGenerator<SourceFeature> {
  const parse = jsonParser({ packValues: true, streamValues: false });
  type State = 'start' | 'top' | 'member' | 'skip' | 'features' | 'feature' | 'end';
  let state: State = 'start';
  let depth = 0;
  let key = '';
  let asm: Assembler | null = null;
  let index = 0;
  let sawFeatures = false;
  let out: SourceFeature[] = [];
  const isStart = (t: Token) => t.name === 'startObject' || t.name === 'startArray';
  const isEnd = (t: Token) => t.name === 'endObject' || t.name === 'endArray';
  const notGeoJSON = () => new FormatProblem('invalid', 'The file is JSON but not GeoJSON: it must be an object (a FeatureCollection, a Feature or a geometry).');

  const onToken = (t: Token): void => {
    if (isStart(t)) { if (++depth > MAX_DEPTH) throw new FormatProblem('invalid', `The GeoJSON nests more than ${MAX_DEPTH} levels deep; that is not GeoJSON.`, `feature ${index + 1}`); } else if (isEnd(t)) depth--;
    switch (state) {
      case 'start':
        if (t.name !== 'startObject') throw notGeoJSON();
        state = 'top';
        return;
      case 'top':
        if (t.name === 'keyValue') { key = t.value; return; }
        if (t.name === 'endObject') { state = 'end'; return; }
        if (key === 'features' && t.name === 'startArray') { sawFeatures = true; state = 'features'; return; }
        // Keep the members that make a document a Feature or a geometry; skip the rest unread (a
        // FeatureCollection's other members could be large). Its features are never kept.
        if (key === 'type' || key === 'crs' || (top.members.type !== 'FeatureCollection' && ['geometry', 'properties', 'coordinates', 'geometries'].includes(key))) {
          asm = new Assembler();
          asm.consume(t);
          if (asm.done) { top.members[key] = asm.current; asm = null; } else state = 'member';
        } else if (isStart(t)) state = 'skip';
        return;
      case 'member':
        asm!.consume(t);
        if (asm!.done) { top.members[key] = asm!.current; asm = null; state = 'top'; }
        return;
      case 'skip':
        if (depth === 1) state = 'top';
        return;
      case 'features':
        if (t.name === 'endArray') { state = 'top'; return; }
        asm = new Assembler();
        asm.consume(t);
        if (asm.done) { out.push(toSourceFeature(asm.current, ++index)); asm = null; } else state = 'feature';
        return;
      case 'feature':
        asm!.consume(t);
        if (asm!.done) { out.push(toSourceFeature(asm!.current, ++index)); asm = null; state = 'features'; }
        return;
      case 'end':
        throw notGeoJSON();
    }
  };

  let bytes = 0;
  const feed = (text: string | typeof none) => {
    try {
      for (const t of tokensOf(parse(text as string))) onToken(t);
    } catch (e) {
      if (e instanceof FormatProblem) throw e;
      const where = state === 'feature' || state === 'features' ? `feature ${index + 1}` : 'the top level';
      throw new FormatProblem('invalid', `The GeoJSON is not valid JSON at ${where} / byte ${bytes}: ${(e as Error).message}.`, `${where}, byte ${bytes}`);
    }
  };
  for await (const chunk of readText(path, 'utf-8', 'The GeoJSON')) {
    bytes = chunk.byteStart;
    for (let i = 0; i < chunk.text.length; i += PIECE) {
      const piece = chunk.text.slice(i, i + PIECE);
      feed(piece);
      bytes += Buffer.byteLength(piece);
      if (out.length) { yield* out; out = []; }
    }
  }
  feed(none);
  yield* out;
  if ((state as State) !== 'end') throw notGeoJSON();
  top.crsName = crsNameOf(top.members.crs);
  const type = top.members.type;
  if (type === 'FeatureCollection' || (sawFeatures && type === undefined)) return;
  if (type === 'Feature' || (typeof type === 'string' && GEOMETRY_TYPES.has(type))) { yield toSourceFeature(top.members, 1); return; }
  throw new FormatProblem('invalid', `The JSON is not GeoJSON: its "type" is ${JSON.stringify(type ?? null)}; a FeatureCollection, a Feature or a geometry is read.`);
}

/** NDJSON / GeoJSON text sequences: one Feature (or geometry, or FeatureCollection) per line. */
async function* streamLines(path: string, top: TopLevel): AsyncGenerator<SourceFeature> {
  let carry = '';
  let line = 0;
  let index = 0;
  let lineByte = 0;
  let first = true;
  const parseLine = (text: string): SourceFeature[] => {
    line++;
    const byte = lineByte;
    lineByte += Buffer.byteLength(text) + 1;
    const s = text.replace(/^\x1e/, '').trim();
    if (s === '') return [];
    let v: unknown;
    try { v = JSON.parse(s); } catch (e) {
      throw new FormatProblem('invalid', `The GeoJSON is not valid JSON at feature ${index + 1} (line ${line}) / byte ${byte}: ${(e as Error).message}.`, `line ${line}`);
    }
    if (isObject(v) && v.type === 'FeatureCollection' && Array.isArray(v.features)) return v.features.map((f) => toSourceFeature(f, ++index));
    if (isObject(v) && v.crs !== undefined && top.crsName === null) top.crsName = crsNameOf(v.crs);
    return [toSourceFeature(v, ++index)];
  };
  for await (const chunk of readText(path, 'utf-8', 'The GeoJSON')) {
    if (first) { first = false; lineByte = chunk.byteStart; }
    const parts = (carry + chunk.text).split('\n');
    carry = parts.pop()!;
    if (carry.length > MAX_LINE_CHARS) throw new FormatProblem('too-large', `Line ${line + 1} is longer than ${MAX_LINE_CHARS / 1024 / 1024} MB; one feature per line is read.`, `line ${line + 1}`);
    for (const p of parts) yield* parseLine(p);
  }
  yield* parseLine(carry);
}

function features(file: UploadedFile, format: FormatId, top: TopLevel): AsyncGenerator<SourceFeature> {
  return format === 'ndjson' ? streamLines(file.path, top) : streamDocument(file.path, top);
}

/** The CRS: a legacy `crs` member when there is one, else judged from the coordinates (crs.ts). */
function crsOf(top: TopLevel, extent: [number, number, number, number] | null, warnings: string[]): CrsInfo {
  if (top.crsName !== null) {
    const code = codeFromCrsName(top.crsName);
    if (code) return { ...crsFromCode(code), source: 'declared' };
    warnings.push(`The file's "crs" member names ${top.crsName}, which is not understood; the coordinate system was judged from the coordinates.`);
  }
  return crsForCoordinates(extent);
}

export const geojsonReader: FormatReader = {
  formats: ['geojson', 'ndjson'],

  async detect(file, format): Promise<Detection> {
    const top: TopLevel = { members: {}, crsName: null };
    const fields = new FieldCollector();
    const extent = new ExtentCollector();
    const types = new GeometryTypes();
    let count = 0, noGeometry = 0, unreadable = 0;
    let firstError: string | undefined;
    for await (const f of features(file, format, top)) {
      count++;
      fields.addAll(f.properties);
      if (f.error) { unreadable++; firstError ??= f.error; } else if (!f.geometry) noGeometry++;
      if (f.geometry) { types.add(f.geometry); extent.addGeometry(f.geometry); }
    }
    const warnings: string[] = [];
    if (unreadable) warnings.push(`${unreadable} feature(s) could not be read (first: ${firstError}).`);
    if (noGeometry) warnings.push(`${noGeometry} feature(s) have no geometry.`);
    if (fields.truncated) warnings.push('The features have more than 1000 different property names; only the first 1000 are described.');
    const sourceExtent = extent.get();
    const crs = crsOf(top, sourceExtent, warnings);
    return {
      format,
      layers: [{
        name: layerName(file.filename), featureCount: count, geometryTypes: types.result(), fields: fields.result(), crs,
        // JSON is UTF-8 by definition (RFC 8259); invalid bytes were refused while reading
        encoding: { chosen: 'utf-8', source: 'format', needsChoice: false },
        sourceExtent, extent: extentIn4326(crs, sourceExtent),
      }],
      warnings,
    };
  },

  read(file, format) {
    return features(file, format, { members: {}, crsName: null });
  },
};
