// A budget spreadsheet read into sheets of cells: XLSX (exceljs) or CSV (csv-parse; ',' ';' or tab;
// UTF-8 with or without BOM, else windows-1251). The format comes from the content, never the name.
// A hostile XLSX is refused from its zip central directory (zip bomb, encryption, too much content)
// before exceljs reads a byte of it. Cells are text or numbers: a formula gives its cached result, a
// date its ISO day, rich text its text; a cell merged across columns is read once (in its first
// column), one merged down rows repeats in each row (a village written once for several lines).
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import { listZip } from '../../imports/formats/zip.js';
import { firstInvalidUtf8 } from '../../imports/formats/geojson-text.js';
import { FormatProblem, type FormatLimits } from '../../imports/formats/types.js';

export type Cell = string | number | null;
export interface Sheet { name: string; hidden: boolean; rows: Cell[][]; columns: number }
export interface Workbook { format: 'csv' | 'xlsx'; encoding: string | null; delimiter: string | null; sheets: Sheet[] }

/** A local budget has far fewer rows and columns; past these the file is refused, never cut silently. */
export const MAX_ROWS = 20_000;
export const MAX_COLUMNS = 200;
/** What an XLSX may unpack to (its XML), and its largest compression ratio. */
export const XLSX_LIMITS: FormatLimits = { maxUnzippedBytes: 100 * 1024 * 1024, maxZipRatio: 200, maxVerticesPerFeature: 0, maxXmlBytes: 0 };

const NOT_SPREADSHEET = 'not a CSV or XLSX spreadsheet. Save the budget as .xlsx or .csv and upload it again.';

/** 'A', …, 'Z', 'AA' for a 0-based column index. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
/** 0-based index of a column letter ('A' → 0), or -1. */
export function columnIndex(letter: string): number {
  if (!/^[A-Z]{1,3}$/.test(letter)) return -1;
  let n = 0;
  for (const c of letter) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/** What the bytes are: 'xlsx', 'csv', or a FormatProblem('unsupported') naming what it looks like. */
export async function sniffSpreadsheet(path: string): Promise<'xlsx' | 'csv'> {
  const fd = fs.openSync(path, 'r');
  const head = Buffer.alloc(64 * 1024);
  let n;
  try { n = fs.readSync(fd, head, 0, head.length, 0); } finally { fs.closeSync(fd); }
  const b = head.subarray(0, n);
  if (b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const entries = await listZip(path, XLSX_LIMITS);
    if (entries.some((e) => e.name === 'xl/workbook.xml')) return 'xlsx';
    throw new FormatProblem('unsupported', `This zip archive is ${NOT_SPREADSHEET}`);
  }
  if (b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new FormatProblem('unsupported', `This is an old Excel file (.xls) or a password-protected workbook: ${NOT_SPREADSHEET.replace('Save the budget', 'Save it without a password')}`);
  }
  if (b.includes(0)) throw new FormatProblem('unsupported', `The file is ${NOT_SPREADSHEET}`);
  // Text: UTF-8, or a single-byte Cyrillic encoding (windows-1251); control bytes say binary.
  if (/[\x00-\x08\x0e-\x1a\x1c-\x1f]/.test(b.toString('latin1'))) throw new FormatProblem('unsupported', `The file is ${NOT_SPREADSHEET}`);
  return 'csv';
}

export async function readWorkbook(path: string, format: 'csv' | 'xlsx'): Promise<Workbook> {
  return format === 'xlsx' ? readXlsx(path) : readCsvFile(path);
}

// ---- XLSX ----

const iso = (d: Date) => (Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() ? 19 : 10));

function cellValue(v: ExcelJS.CellValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return iso(v);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return cellValue((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return String((v as ExcelJS.CellErrorValue).error);
  }
  return null;
}

async function readXlsx(path: string): Promise<Workbook> {
  // The central directory again, right before reading (the check in sniffSpreadsheet may be skipped by a caller).
  await listZip(path, XLSX_LIMITS);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new FormatProblem('invalid', `The workbook cannot be read (${(e as Error).message.slice(0, 200)}). Open it in a spreadsheet program and save it again as .xlsx.`);
  }
  const sheets: Sheet[] = [];
  for (const ws of wb.worksheets) {
    const rows: Cell[][] = [];
    let columns = 0;
    const last = ws.rowCount;
    if (last > MAX_ROWS) {
      // rowCount counts formatted empty rows too: the rows with a value decide.
      let real = 0;
      ws.eachRow((r) => { real = Math.max(real, r.number); });
      if (real > MAX_ROWS) throw new FormatProblem('too-large', `The sheet “${ws.name}” has ${real} rows; at most ${MAX_ROWS} are read. A local budget has far fewer: remove what is not the budget, or split the file.`, `sheet ${ws.name}`);
    }
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > MAX_COLUMNS) {
          throw new FormatProblem('too-large', `The sheet “${ws.name}” has a value in column ${columnLetter(col - 1)}, past column ${columnLetter(MAX_COLUMNS - 1)}; at most ${MAX_COLUMNS} columns are read.`, `sheet ${ws.name}`);
        }
        let v: Cell;
        if (cell.isMerged && cell.master !== cell) v = cell.master.row === cell.row ? null : cellValue(cell.master.value);
        else v = cellValue(cell.value);
        if (typeof v === 'string' && !v.trim()) v = null;
        cells[col - 1] = v;
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      columns = Math.max(columns, cells.length);
      rows[row.number - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
    sheets.push({ name: ws.name, hidden: ws.state !== 'visible', rows, columns });
  }
  if (!sheets.length) throw new FormatProblem('invalid', 'The workbook has no sheet.');
  return { format: 'xlsx', encoding: null, delimiter: null, sheets };
}

// ---- CSV ----

/** The delimiter used most consistently outside quotes over the first lines: ';', tab or ','. */
export function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 30);
  let best = ',', bestScore = 0;
  for (const d of [';', '\t', ',']) {
    const counts = lines.map((line) => {
      let n = 0, quoted = false;
      for (const c of line) { if (c === '"') quoted = !quoted; else if (!quoted && c === d) n++; }
      return n;
    });
    // Lines that carry it, weighted by how often: a title line without any does not decide.
    const score = counts.filter((n) => n > 0).length * 1000 + counts.reduce((a, b) => a + b, 0);
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

export function decodeCsv(bytes: Buffer): { text: string; encoding: string } {
  if (firstInvalidUtf8(bytes, true) < 0) return { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  return { text: iconv.decode(bytes, 'windows-1251'), encoding: 'windows-1251' };
}

function readCsvFile(path: string): Workbook {
  const { text, encoding } = decodeCsv(fs.readFileSync(path));
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (e) {
    throw new FormatProblem('invalid', `The CSV cannot be read (${(e as Error).message.slice(0, 200)}).`);
  }
  if (records.length > MAX_ROWS) throw new FormatProblem('too-large', `The CSV has ${records.length} rows; at most ${MAX_ROWS} are read. A local budget has far fewer: split the file.`);
  let columns = 0;
  const rows: Cell[][] = records.map((r, i) => {
    if (r.length > MAX_COLUMNS && r.slice(MAX_COLUMNS).some((c) => c.trim())) {
      throw new FormatProblem('too-large', `Row ${i + 1} has ${r.length} columns; at most ${MAX_COLUMNS} are read.`, `row ${i + 1}`);
    }
    const cells: Cell[] = r.slice(0, MAX_COLUMNS).map((c) => (c.trim() ? c : null));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    columns = Math.max(columns, cells.length);
    return cells;
  });
  while (rows.length && !rows[rows.length - 1]!.length) rows.pop();
  return { format: 'csv', encoding, delimiter, sheets: [{ name: 'CSV', hidden: false, rows, columns }] };
}
