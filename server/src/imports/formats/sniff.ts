// Which format a file is, decided by its bytes: users rename files, and browsers send whatever
// content type the extension suggests. The name only breaks ties (one JSON object on one line could be
// GeoJSON or a one-feature NDJSON).
import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';
import { isWktName } from './csv-columns.js';
import { DEFAULT_LIMITS, FormatProblem, type FormatId, type UploadedFile } from './types.js';
import { listZip } from './zip.js';

export const ACCEPTED = 'the accepted formats are GeoJSON, NDJSON (GeoJSON lines), KML, KMZ, GPX, CSV, a zipped Shapefile and GeoPackage';
const HEAD_BYTES = 64 * 1024;
const NDJSON_EXT = /\.(geojsonl|geojsons|ndjson|jsonl|geojsonseq)$/i;

/** Human names for the binary files people upload by mistake. */
const KINDS: Record<string, string> = {
  png: 'a PNG image', jpg: 'a JPEG image', gif: 'a GIF image', webp: 'a WebP image', tif: 'a TIFF image (rasters are not imported)',
  bmp: 'a BMP image', heic: 'a HEIC photo', avif: 'an AVIF image', pdf: 'a PDF document', xlsx: 'an Excel workbook (save it as CSV)',
  xls: 'an Excel workbook (save it as CSV)', docx: 'a Word document', doc: 'a Word document', odt: 'an OpenDocument text',
  ods: 'an OpenDocument spreadsheet (save it as CSV)', rar: 'a RAR archive', '7z': 'a 7-Zip archive', gz: 'a gzip archive',
  bz2: 'a bzip2 archive', xz: 'an xz archive', tar: 'a tar archive', mp4: 'a video', mov: 'a video', mp3: 'an audio file',
  exe: 'a Windows program', elf: 'a program', 'pbf': 'an OSM PBF file (use the OSM import)',
};

async function head(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function unsupported(file: UploadedFile, what: string): FormatProblem {
  return new FormatProblem('unsupported', `${file.filename} is ${what}, not a geographic file; ${ACCEPTED}.`);
}

/** Text, by a look at the bytes: no NUL, few control characters (any 8-bit code page passes). */
function looksLikeText(b: Buffer): boolean {
  let control = 0;
  for (const c of b) {
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1e) control++;
  }
  return control <= b.length / 100;
}

/** The name of the XML root element, past the declaration, comments, processing instructions and a DOCTYPE. */
export function xmlRootName(text: string): string | null {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) return null;
    if (text.startsWith('<?', i)) { i = text.indexOf('?>', i); if (i < 0) return null; continue; }
    if (text.startsWith('<!--', i)) { i = text.indexOf('-->', i); if (i < 0) return null; continue; }
    if (text.startsWith('<!', i)) { i = text.indexOf('>', i); if (i < 0) return null; continue; }
    const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 200));
    return m ? m[2]!.toLowerCase() : null;
  }
}

function isJsonObjectLine(line: string): boolean {
  const s = line.replace(/^\x1e/, '').trim();
  if (!s.startsWith('{')) return false;
  try { return typeof JSON.parse(s) === 'object'; } catch { return false; }
}

function sniffText(file: UploadedFile, b: Buffer, contentType?: string): FormatId {
  const text = b.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  const start = text.search(/\S/);
  if (start < 0) throw new FormatProblem('invalid', `${file.filename} holds only white space.`);
  const c = text[start];
  if (c === '{' || c === '\x1e') {
    // NDJSON: the first line is a whole JSON object and the next non-empty line starts another
    const lines = text.slice(start).split('\n');
    const complete = lines.length > 1 || b.length < HEAD_BYTES;
    const firstIsObject = complete && isJsonObjectLine(Buffer.from(lines[0]!, 'latin1').toString('utf8'));
    if (c === '\x1e') return 'ndjson';
    if (firstIsObject) {
      const next = lines.slice(1).find((l) => l.trim() !== '');
      if (next !== undefined && next.trim().startsWith('{')) return 'ndjson';
      if (next === undefined && (NDJSON_EXT.test(file.filename) || /geo\+json-seq|ndjson|jsonl/.test(contentType ?? ''))) return 'ndjson';
    }
    return 'geojson';
  }
  if (c === '[') throw unsupported(file, 'a JSON array (GeoJSON is an object: a FeatureCollection, a Feature or a geometry)');
  if (c === '<') {
    const root = xmlRootName(text.slice(start));
    if (root === 'kml') return 'kml';
    if (root === 'gpx') return 'gpx';
    if (root === 'html' || /^<!doctype html/i.test(text.slice(start))) throw unsupported(file, 'an HTML page');
    throw unsupported(file, root ? `an XML document whose root is <${root}> (KML and GPX are read)` : 'XML without a root element');
  }
  // Delimited text: a header row with at least two columns
  const firstLine = text.slice(start).split(/\r?\n/, 1)[0]!;
  if (/[;,\t]/.test(firstLine) || isWktName(firstLine.replace(/"/g, ''))) return 'csv';
  throw unsupported(file, 'plain text without a header row of comma-, semicolon- or tab-separated column names');
}

/** The format of the file, from its content. FormatProblem('unsupported') for anything else. */
export async function sniffFormat(file: UploadedFile, contentType?: string): Promise<FormatId> {
  const b = await head(file.path);
  if (b.length === 0) throw new FormatProblem('invalid', `${file.filename} is empty.`);
  if (b.length >= 4 && b.readUInt32BE(0) === 0x504b0304) {
    const names = (await listZip(file.path, DEFAULT_LIMITS)).filter((e) => !e.directory).map((e) => e.name);
    if (names.some((n) => /\.shp$/i.test(n))) return 'shapefile';
    if (names.some((n) => /\.kml$/i.test(n))) return 'kmz';
    if (names.some((n) => /\.gpkg$/i.test(n))) throw unsupported(file, 'a ZIP archive holding a GeoPackage (upload the .gpkg itself)');
    throw unsupported(file, 'a ZIP archive holding neither a shapefile (.shp with its .dbf, .shx, .prj) nor a KML');
  }
  if (b.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return 'geopackage';
  const type = await fileTypeFromBuffer(b);
  // file-type names some text formats too (XML, SVG); those are judged by their text below
  if (type && !['xml', 'svg', 'kml', 'gpx', 'json', 'csv', 'txt'].includes(type.ext)) {
    throw unsupported(file, KINDS[type.ext] ?? `a ${type.ext.toUpperCase()} file (${type.mime})`);
  }
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    // XML may be UTF-16 (xml.ts decodes it); JSON and CSV must be UTF-8 or a Cyrillic code page
    const root = xmlRootName(iconv.decode(b, b[0] === 0xff ? 'utf-16le' : 'utf-16be'));
    if (root === 'kml' || root === 'gpx') return root;
    throw unsupported(file, 'UTF-16 text (save it as UTF-8)');
  }
  if (!looksLikeText(b)) throw unsupported(file, 'binary data of no known kind');
  return sniffText(file, b, contentType);
}
