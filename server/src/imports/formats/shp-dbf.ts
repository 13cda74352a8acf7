// A small streaming dBASE (.dbf) reader for Shapefile attributes.
//
// Why not the `shapefile` library's DBF reader: it decodes text with a non-fatal TextDecoder (so a wrong
// guess silently becomes U+FFFD), cannot tell integers from decimals (it ignores the decimal count), turns
// dates into local-time Date objects, does not skip deleted records and hides the language-driver byte we
// need for the encoding. The format is simple enough to read from raw bytes: a 32-byte header, 32-byte field
// descriptors up to 0x0D, then fixed-width records that start with a deletion flag.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { FormatProblem, type FieldType } from './types.js';

export interface DbfField {
  /** Raw name bytes (decoded once the encoding is known). */
  nameRaw: Buffer;
  type: string;
  length: number;
  decimals: number;
  /** Byte offset inside a record (after the deletion flag). */
  offset: number;
}

export interface DbfHeader {
  recordCount: number;
  headerLength: number;
  recordLength: number;
  /** Byte 29, the language driver id (code page mark); 0 when none. */
  ldid: number;
  fields: DbfField[];
}

export async function readDbfHeader(path: string, label: string): Promise<DbfHeader> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(32);
    await fh.read(head, 0, 32, 0);
    const recordCount = head.readUInt32LE(4);
    const headerLength = head.readUInt16LE(8);
    const recordLength = head.readUInt16LE(10);
    if (size < 33 || headerLength < 33 || headerLength > size || recordLength < 1) {
      throw new FormatProblem('invalid', `${label} is not a dBASE file (its header is damaged).`, label);
    }
    const desc = Buffer.alloc(headerLength - 32);
    await fh.read(desc, 0, desc.length, 32);
    const fields: DbfField[] = [];
    let offset = 1;
    for (let p = 0; p + 32 <= desc.length && desc[p] !== 0x0d; p += 32) {
      const nameEnd = desc.indexOf(0, p);
      const nameRaw = Buffer.from(desc.subarray(p, nameEnd >= 0 && nameEnd < p + 11 ? nameEnd : p + 11));
      const length = desc[p + 16]!;
      fields.push({ nameRaw, type: String.fromCharCode(desc[p + 11]!).toUpperCase(), length, decimals: desc[p + 17]!, offset });
      offset += length;
    }
    if (offset > recordLength) throw new FormatProblem('invalid', `${label} declares fields wider than its records.`, label);
    if (headerLength + recordCount * recordLength > size) {
      const whole = Math.floor((size - headerLength) / recordLength);
      throw new FormatProblem('invalid', `${label} says it holds ${recordCount} records but the file ends after ${whole}. It was cut short; export the layer again.`, label);
    }
    return { recordCount, headerLength, recordLength, ldid: head[29]!, fields };
  } finally {
    await fh.close();
  }
}

/** The field type as the import knows it. */
export function dbfFieldType(f: DbfField): FieldType | null {
  switch (f.type) {
    case 'C': return 'text';
    case 'N': return f.decimals === 0 ? 'integer' : 'number';
    case 'F': return 'number';
    case 'I': return 'integer';
    case 'L': return 'boolean';
    case 'D': return 'date';
    default: return null; // memo (M), binary, general: their content lives in a .dbt we do not read
  }
}

/** The records in file order, each with its deletion flag; the buffers are reused slices — copy to keep. */
export async function* dbfRecords(path: string, h: DbfHeader): AsyncIterable<{ deleted: boolean; raw: Buffer }> {
  if (h.recordCount === 0) return;
  const stream = createReadStream(path, { start: h.headerLength, end: h.headerLength + h.recordCount * h.recordLength - 1, highWaterMark: 256 * 1024 });
  let rest = Buffer.alloc(0);
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let p = 0;
    for (; p + h.recordLength <= buf.length && n < h.recordCount; p += h.recordLength, n++) {
      const raw = buf.subarray(p, p + h.recordLength);
      yield { deleted: raw[0] === 0x2a, raw };
    }
    rest = Buffer.from(buf.subarray(p));
  }
}

/** The raw bytes of a text field, without the padding (spaces, NULs) writers add. */
export function textBytes(raw: Buffer, f: DbfField): Buffer {
  let end = f.offset + f.length;
  while (end > f.offset && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--;
  let start = f.offset;
  while (start < end && raw[start] === 0x20) start++;
  return raw.subarray(start, end);
}

/** A UTF-8 value cut at the field width may end inside a character: drop that partial character. */
export function trimPartialUtf8(b: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? b.subarray(0, b.length - back) : b;
  }
  return b;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(b: Buffer): boolean {
  try {
    fatalUtf8.decode(trimPartialUtf8(b));
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes text bytes in `encoding` (iconv-lite, from raw bytes). Returns null when the bytes are not text in
 * that encoding (invalid UTF-8, a byte the code page leaves undefined): the caller refuses the value instead of
 * passing on U+FFFD.
 */
export function decodeText(b: Buffer, encoding: string): string | null {
  if (/^utf-?8$/i.test(encoding)) {
    const t = trimPartialUtf8(b);
    try {
      return fatalUtf8.decode(t);
    } catch {
      return null;
    }
  }
  const s = iconv.decode(b, encoding);
  return s.includes('\uFFFD') ? null : s;
}

export type DbfValue = string | number | boolean | null;

/** One non-text field's value (numbers, logicals, dates are ASCII whatever the encoding). */
export function parseValue(raw: Buffer, f: DbfField): DbfValue {
  if (f.type === 'I') return f.length === 4 ? raw.readInt32LE(f.offset) : null;
  const s = raw.toString('latin1', f.offset, f.offset + f.length).trim();
  switch (f.type) {
    case 'N': case 'F': {
      if (s === '' || /^\*+$/.test(s)) return null;
      const v = Number(s);
      return Number.isFinite(v) ? v : null;
    }
    case 'L': return /^[TtYy]$/.test(s) ? true : /^[FfNn]$/.test(s) ? false : null;
    case 'D': {
      if (s === '' || /^0+$/.test(s)) return null;
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
    }
    default: return null;
  }
}
