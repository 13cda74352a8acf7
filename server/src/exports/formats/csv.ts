// CSV (RFC 4180, UTF-8, CRLF): one row per feature, the geometry as WKT in the last column (GDAL and
// QGIS read a column named WKT as geometry). Text cells that a spreadsheet would run as a formula
// (starting with = + - @, tab or carriage return) are prefixed with ' (OWASP "CSV injection").
// With bom, a UTF-8 byte order mark tells Excel the encoding (Cyrillic is garbled without it).
import type { CellValue, ExportTable, FormatWriter } from './table.js';
import { toWkt } from './wkt.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function csvCell(v: CellValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? neutralise(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvWriter: FormatWriter = {
  format: 'csv',
  contentType: 'text/csv; charset=utf-8',
  async write(t: ExportTable, opts) {
    const header = ['id', ...t.columns.map((c) => c.name), 'WKT'];
    const lines = [header.map(csvCell).join(',')];
    for (const r of t.rows) {
      // The id and the WKT are written by us, not typed by a person: a UUID or "POINT (…)" never starts a formula.
      lines.push([csvCell(r.id), ...t.columns.map((c) => csvCell(r.values[c.name] ?? null)), csvCell(toWkt(r.geometry))].join(','));
    }
    const text = lines.join('\r\n') + '\r\n';
    return Buffer.from((opts.bom ? '\uFEFF' : '') + text, 'utf8');
  },
};
