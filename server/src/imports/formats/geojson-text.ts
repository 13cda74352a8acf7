// Text out of a file, chunk by chunk, without holding the file: strict UTF-8 (an invalid byte is a
// FormatProblem naming its offset, never a U+FFFD in the data) or a single-byte Cyrillic code page
// through iconv-lite. Shared by the GeoJSON and CSV readers.
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { FormatProblem } from './types.js';

export interface TextChunk {
  text: string;
  /** Byte offset in the file of the first byte decoded into this chunk. */
  byteStart: number;
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. A sequence cut
 * by the end of `b` counts as invalid only when `final` (more bytes may follow in the next chunk).
 */
export function firstInvalidUtf8(b: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let n: number, min: number;
    if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; } else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; } else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined) return final ? i : -1;
      if ((x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** The bytes at the end of `b` that start a UTF-8 sequence not yet complete (0–3 bytes). */
function incompleteTail(b: Uint8Array): Uint8Array {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const c = b[b.length - k]!;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? b.subarray(b.length - k) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

const CHUNK = 64 * 1024;

/** Bytes that are not UTF-8 where UTF-8 was expected (the CSV reader then offers other encodings). */
export class Utf8Problem extends FormatProblem {
  constructor(message: string, readonly byte: number) {
    super('invalid', message, `byte ${byte}`);
  }
}

/**
 * The file decoded as `encoding` ('utf-8' strictly; 'windows-1251', 'cp866' via iconv-lite). A UTF-8 BOM
 * is dropped. `what` names the file in messages ("The GeoJSON").
 */
export async function* readText(path: string, encoding: string, what: string): AsyncGenerator<TextChunk> {
  const utf8 = /^utf-?8$/i.test(encoding);
  if (!utf8 && !iconv.encodingExists(encoding)) throw new FormatProblem('invalid', `The encoding ${encoding} is not supported.`);
  const decoder = utf8 ? new TextDecoder('utf-8', { fatal: true }) : null;
  const single = utf8 ? null : iconv.getDecoder(encoding);
  let offset = 0;
  let first = true;
  let carry: Uint8Array = new Uint8Array(0);
  for await (const raw of createReadStream(path, { highWaterMark: CHUNK })) {
    let buf = raw as Buffer;
    let start = offset;
    offset += buf.length;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) { buf = buf.subarray(3); start += 3; }
    }
    let text: string;
    if (decoder) {
      try {
        text = decoder.decode(buf, { stream: true });
      } catch {
        // the decoder may have failed on a sequence begun in the previous chunk: look at both
        const at = start - carry.length + Math.max(firstInvalidUtf8(Buffer.concat([carry, buf]), false), 0);
        throw new Utf8Problem(`${what} is not valid UTF-8: byte ${at} is not part of a UTF-8 character.`, at);
      }
      carry = incompleteTail(buf);
    } else text = single!.write(buf);
    if (text) yield { text, byteStart: start };
  }
  let tail: string;
  if (decoder) {
    try { tail = decoder.decode(); } catch {
      throw new Utf8Problem(`${what} is not valid UTF-8: it ends inside a character (byte ${offset}).`, offset);
    }
  } else tail = single!.end() ?? '';
  if (tail) yield { text: tail, byteStart: offset };
}

/** True when every byte of the file is well-formed UTF-8 (streamed; stops at the first bad byte). */
export async function isUtf8File(path: string): Promise<boolean> {
  try {
    for await (const _ of readText(path, 'utf-8', 'The file')) { /* drain */ }
    return true;
  } catch (e) {
    if (e instanceof Utf8Problem) return false;
    throw e;
  }
}
