// CSV export: BOM, quoting, and formula-injection-safe cells.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../web/src/lib/csv.js';

describe('web CSV export', () => {
  it('starts with a UTF-8 byte-order mark and uses CRLF rows', () => {
    const csv = toCsv(['id', 'Название'], [[1, 'Каракол'], [2, null]]);
    expect(csv).toBe('\uFEFFid,Название\r\n1,Каракол\r\n2,\r\n');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('leaves real numbers alone, negative ones too', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(2082.56)).toBe('2082.56');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
});
