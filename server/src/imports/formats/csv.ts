// CSV with coordinates: lon/lat columns (found by name or by value range) or a WKT column. Streamed
// with csv-parse. Two passes, never the file in memory: the first types the columns and gathers the
// statistics that decide where the coordinates are; the second builds the features. A row whose
// coordinates cannot be read is yielded with `error` and no geometry (index = its line number), so the
// validation report can list it; one bad row never stops the read.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { wktToGeoJSON } from '@terraformer/wkt';
import type * as GeoJSON from 'geojson';
import { crsForCoordinates } from './crs.js';
import { addToStats, emptyStats, planCoordinates, type ColumnStats, type CoordinatePlan } from './csv-columns.js';
import {
  ExtentCollector, FieldCollector, GeometryTypes, convertText, extentIn4326, geometryProblem, layerName, parseNumberText, putProp, textType,
  type Properties,
} from './geojson-fields.js';
import { Utf8Problem, isUtf8File, readText } from './geojson-text.js';
import { FormatProblem, type Detection, type EncodingInfo, type FieldType, type FormatReader, type SourceFeature, type UploadedFile } from './types.js';

/** The encodings offered when the file is not UTF-8 (what Kyrgyz and Russian spreadsheets are saved in). */
export const CSV_ENCODINGS = ['utf-8', 'windows-1251', 'cp866'] as const;
const HEAD_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;
/** One record may be this long (a WKT polygon can be large; a runaway quote should not eat the file). */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

interface Row { line: number; cells: string[] }

async function headBytes(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The delimiter the header line uses most (outside quotes): ';', tab or ','. */
export function detectDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ',';
}

/** Header names made unique and non-empty ('', 'a', 'a' → 'column_1', 'a', 'a_2'). */
function uniqueHeader(cells: string[]): string[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    let name = c.trim() || `column_${i + 1}`;
    for (let k = 2; seen.has(name); k++) name = `${c.trim() || `column_${i + 1}`}_${k}`;
    seen.add(name);
    return name;
  });
}

/** The records of the file with the line each starts on (header = line 1). */
async function* records(path: string, encoding: string, delimiter: string): AsyncGenerator<Row> {
  const parser = parse({
    delimiter, record_delimiter: ['\r\n', '\n'], bom: true, relax_column_count: true, relax_quotes: true,
    // empty lines come through as [''] so that lines can be counted here: csv-parse's own `info` costs
    // more than the parsing itself
    skip_empty_lines: false, max_record_size: MAX_RECORD_CHARS,
  });
  const source = Readable.from((async function* () {
    for await (const c of readText(path, encoding, 'The CSV')) yield c.text;
  })());
  const done = pipeline(source, parser);
  done.catch(() => { /* the same error reaches the loop below */ });
  let line = 1;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const start = line;
      line++;
      // a quoted value may span lines
      for (const c of cells) if (c.includes('\n')) line += c.split('\n').length - 1;
      if (cells.length === 1 && cells[0]!.trim() === '') continue;
      yield { line: start, cells };
    }
  } catch (e) {
    if (e instanceof FormatProblem) throw e;
    const at = (e as { lines?: number }).lines;
    throw new FormatProblem('invalid', `The CSV cannot be read${at ? ` at line ${at}` : ''}: ${(e as Error).message}`, at ? `line ${at}` : undefined);
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** What the first pass learns. */
interface Layout {
  delimiter: string;
  /** ',' as the decimal separator is understood when the delimiter is not a comma. */
  decimalComma: boolean;
  header: string[];
  stats: ColumnStats[];
  fields: FieldCollector;
  plan: CoordinatePlan;
  rows: number;
  longRows: number;
}

async function firstPass(path: string, encoding: string): Promise<Layout> {
  const head = await headBytes(path);
  const firstLine = head.toString('latin1').replace(/^\xef\xbb\xbf/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = detectDelimiter(firstLine);
  const decimalComma = delimiter !== ',';
  let header: string[] | null = null;
  let stats: ColumnStats[] = [];
  const fields = new FieldCollector();
  let rows = 0, longRows = 0;
  for await (const { cells } of records(path, encoding, delimiter)) {
    if (!header) {
      header = uniqueHeader(cells);
      stats = header.map(() => emptyStats());
      for (const h of header) fields.declare(h);
      continue;
    }
    rows++;
    if (cells.length > header.length) longRows++;
    for (let i = 0; i < header.length; i++) {
      const raw = cells[i];
      if (raw === undefined || raw.trim() === '') continue;
      const type = textType(raw, decimalComma);
      addToStats(stats[i]!, raw, type === 'integer' || type === 'number' ? parseNumberText(raw, decimalComma) : null);
      fields.addTyped(header[i]!, type, raw);
    }
  }
  if (!header) throw new FormatProblem('invalid', 'The CSV is empty: it needs a header row and rows of values.');
  return { delimiter, decimalComma, header, stats, fields, plan: planCoordinates(header, stats), rows, longRows };
}

/** The columns that make the geometry: they are NOT kept as attributes (the geometry carries them). */
function coordinateColumns(plan: CoordinatePlan): Set<number> {
  return new Set(plan.kind === 'xy' ? [plan.lon, plan.lat] : plan.kind === 'wkt' ? [plan.column] : []);
}

function geometryOf(row: Row, layout: Layout): { geometry: GeoJSON.Geometry | null; error?: string } {
  const { plan, header, decimalComma } = layout;
  const at = `line ${row.line}`;
  if (plan.kind === 'xy') {
    const rawLon = (row.cells[plan.lon] ?? '').trim(), rawLat = (row.cells[plan.lat] ?? '').trim();
    if (rawLon === '' && rawLat === '') return { geometry: null };
    const coord = (raw: string, what: 'longitude' | 'latitude', limit: number): number | string => {
      if (raw === '') return `${at}: the ${what} is empty`;
      // leading zeros are fine in a coordinate ('078.39'), unlike in an attribute where they mark a code
      const n = parseNumberText(raw.replace(/^([+-]?)0+(?=\d)/, '$1'), decimalComma);
      if (n === null || !Number.isFinite(n)) return `${at}: ${what} '${raw}' is not a number`;
      if (plan.degrees && Math.abs(n) > limit) return `${at}: ${what} ${raw} is outside −${limit}…${limit} degrees`;
      return n;
    };
    const x = coord(rawLon, 'longitude', 180), y = coord(rawLat, 'latitude', 90);
    if (typeof x === 'string') return { geometry: null, error: x };
    if (typeof y === 'string') return { geometry: null, error: y };
    return { geometry: { type: 'Point', coordinates: [x, y] } };
  }
  if (plan.kind === 'wkt') {
    const raw = (row.cells[plan.column] ?? '').trim();
    if (raw === '') return { geometry: null };
    let g: GeoJSON.Geometry;
    try {
      // EWKT's SRID prefix is dropped: the CRS is judged for the whole file
      g = wktToGeoJSON(raw.replace(/^SRID=\d+;\s*/i, ''));
    } catch (e) {
      const why = String((e as Error).message ?? e).split('\n')[0]!.replace(/^Unable to parse: /, '');
      return { geometry: null, error: `${at}: the WKT in column '${header[plan.column]}' cannot be read (${why})` };
    }
    const problem = geometryProblem(g);
    if (problem) return { geometry: null, error: `${at}: the WKT in column '${header[plan.column]}': ${problem}` };
    return { geometry: g };
  }
  return { geometry: null };
}

async function* features(path: string, encoding: string, layout: Layout): AsyncGenerator<SourceFeature> {
  const skip = coordinateColumns(layout.plan);
  const types: FieldType[] = layout.header.map((h) => layout.fields.typeOfField(h));
  let header = true;
  for await (const row of records(path, encoding, layout.delimiter)) {
    if (header) { header = false; continue; }
    const properties: Properties = {};
    for (let i = 0; i < layout.header.length; i++) {
      if (!skip.has(i)) putProp(properties, layout.header[i]!, convertText(row.cells[i], types[i]!, layout.decimalComma));
    }
    const { geometry, error } = geometryOf(row, layout);
    yield error ? { index: row.line, geometry, properties, error } : { index: row.line, geometry, properties };
  }
}

/** How plausible a decoded text is as Russian/Kyrgyz: Cyrillic letters count, other non-ASCII costs. */
function cyrillicScore(text: string): number {
  let score = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    if ((c >= 0x410 && c <= 0x44f) || c === 0x401 || c === 0x451 || c === 0x4a2 || c === 0x4a3 || c === 0x4e8 || c === 0x4e9 || c === 0x4ae || c === 0x4af) score++;
    else score -= 3;
  }
  return score;
}

/** The first rows' text columns decoded with each candidate encoding, for the user to choose from. */
function previews(head: Buffer, layout: Layout): Record<string, Record<string, string>[]> {
  const cut = head.lastIndexOf(0x0a) > 0 ? head.subarray(0, head.lastIndexOf(0x0a) + 1) : head;
  const skip = coordinateColumns(layout.plan);
  const textColumns = layout.header.map((h, i) => i).filter((i) => !skip.has(i) && layout.fields.typeOfField(layout.header[i]!) === 'text');
  const out: Record<string, Record<string, string>[]> = {};
  for (const enc of CSV_ENCODINGS) {
    const text = enc === 'utf-8' ? new TextDecoder('utf-8').decode(cut) : iconv.decode(cut, enc);
    let rows: string[][];
    try {
      rows = parseSync(text, { delimiter: layout.delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: PREVIEW_ROWS + 1 }) as string[][];
    } catch {
      rows = [];
    }
    const [hdr, ...data] = rows;
    out[enc] = data.map((r) => Object.fromEntries(textColumns.map((i) => [hdr?.[i] ?? layout.header[i]!, r[i] ?? ''])));
  }
  return out;
}

/** Which of the Cyrillic code pages reads better, for a provisional detection while the user chooses. */
function likelyCodePage(head: Buffer): string {
  return cyrillicScore(iconv.decode(head, 'cp866')) > cyrillicScore(iconv.decode(head, 'windows-1251')) ? 'cp866' : 'windows-1251';
}

function planWarning(layout: Layout): string | null {
  const { plan, header } = layout;
  if (plan.kind === 'none') {
    return 'No coordinates were found: name the columns lon and lat (долгота/широта, узундук/кеңдик) or x and y, or add a WKT column.';
  }
  if (plan.by === 'values') {
    return plan.kind === 'xy'
      ? `No column is named like a longitude or latitude; '${header[plan.lon]}' and '${header[plan.lat]}' were taken as longitude and latitude from their values.`
      : `The column '${header[plan.column]}' was read as WKT geometry from its values.`;
  }
  return null;
}

export const csvReader: FormatReader = {
  formats: ['csv'],

  async detect(file: UploadedFile): Promise<Detection> {
    // UTF-8 when every byte is valid UTF-8 (the first pass reads them all); else the user chooses among
    // the Cyrillic code pages, and the detection meanwhile reads the likelier one
    let encoding = 'utf-8';
    let info: EncodingInfo = { chosen: 'utf-8', source: 'utf8-valid', needsChoice: false };
    let layout: Layout;
    try {
      layout = await firstPass(file.path, encoding);
    } catch (e) {
      if (!(e instanceof Utf8Problem)) throw e;
      encoding = likelyCodePage(await headBytes(file.path));
      info = { chosen: null, source: null, needsChoice: true };
      layout = await firstPass(file.path, encoding);
    }
    const extent = new ExtentCollector();
    const types = new GeometryTypes();
    let bad = 0;
    let firstError: string | undefined;
    for await (const f of features(file.path, encoding, layout)) {
      if (f.error) { bad++; firstError ??= f.error; }
      if (f.geometry) { types.add(f.geometry); extent.addGeometry(f.geometry); }
    }
    const warnings: string[] = [];
    const pw = planWarning(layout);
    if (pw) warnings.push(pw);
    if (bad) warnings.push(`${bad} row(s) have coordinates that cannot be read (first: ${firstError}).`);
    if (layout.longRows) warnings.push(`${layout.longRows} row(s) have more values than the header has columns; the extra values are ignored.`);
    if (info.needsChoice) {
      info.previews = previews(await headBytes(file.path), layout);
      warnings.push(`The file is not UTF-8; it was read as ${encoding} for this preview: choose the encoding in which the text reads as Kyrgyz or Russian.`);
    }
    const sourceExtent = extent.get();
    const crs = crsForCoordinates(sourceExtent);
    return {
      format: 'csv',
      layers: [{
        name: layerName(file.filename), featureCount: layout.rows, geometryTypes: types.result(),
        fields: layout.fields.result(new Set([...coordinateColumns(layout.plan)].map((i) => layout.header[i]!))),
        crs, encoding: info, sourceExtent, extent: extentIn4326(crs, sourceExtent),
      }],
      warnings,
    };
  },

  async *read(file: UploadedFile, _format, opts): AsyncGenerator<SourceFeature> {
    let encoding = opts.encoding;
    if (!encoding) {
      if (!(await isUtf8File(file.path))) {
        throw new FormatProblem('choice', 'The CSV is not UTF-8: choose the encoding it was saved in.', undefined, [...CSV_ENCODINGS]);
      }
      encoding = 'utf-8';
    }
    const layout = await firstPass(file.path, encoding);
    yield* features(file.path, encoding, layout);
  },
};
