// CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Cyrillic), CRLF rows, RFC 4180
// quoting, and cells that a spreadsheet would run as a formula made inert (OWASP "CSV injection").

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // A real number (also a negative one) is data, not a formula; any other text starting with = + - @ is neutralised.
  if (FORMULA_START.test(s) && !(typeof value === 'number' && PLAIN_NUMBER.test(s))) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
