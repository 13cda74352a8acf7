// One bytea value out of the server without text encoding: `COPY (statement) TO STDOUT (FORMAT binary)`.
// A bytea in a normal result travels as hex text (twice its size), which node-postgres decodes into a
// JS string and then into bytes: for tiles of hundreds of KB that is most of the client's work per tile
// and large strings for the garbage collector (issue #15). Binary COPY sends the bytes as they are and
// pg-copy-streams hands them over as Buffers. COPY takes no parameters, so the statement's parameters
// are written into it as literals here: numbers as numbers, text as escape-string literals (E'…', safe
// whatever standard_conforming_strings says), anything else refused.
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { CompiledQuery } from 'kysely';

/** The statement with its $n parameters written in as SQL literals. */
export function withLiterals(query: CompiledQuery): string {
  const parts = splitAtParameters(query.sql);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) out += literal(query.parameters[(parts[i] as number) - 1]) + (parts[i + 1] as string);
  return out;
}

/**
 * The statement's text cut at its parameters: text, parameter number, text, … A tile statement's text
 * is the same for every tile of a layer and zoom (only x and y change), so it is cut once, not per tile.
 */
function splitAtParameters(text: string): (string | number)[] {
  let parts = splitTexts.get(text);
  if (!parts) {
    parts = text.split(/\$(\d+)/).map((p, i) => (i % 2 ? Number(p) : p));
    if (splitTexts.size >= 1000) splitTexts.clear();
    splitTexts.set(text, parts);
  }
  return parts;
}
const splitTexts = new Map<string, (string | number)[]>();

/** One value as an SQL literal (numbers, booleans, NULL, E'' text); anything else is refused. */
export function literal(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Cannot write ${v} into a COPY statement.`);
    return String(v);
  }
  if (typeof v === 'string') {
    if (v.includes('\0')) throw new Error('Cannot write a NUL character into a COPY statement.');
    return `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }
  throw new Error(`Cannot write a ${typeof v} into a COPY statement.`);
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Runs the one-row, one-bytea-column statement on this client; the value, or null for NULL or no row. */
export function copyBytes(client: pg.PoolClient, query: CompiledQuery): Promise<Buffer | null> {
  const stream = client.query(copyTo(`COPY (${withLiterals(query)}) TO STDOUT (FORMAT binary)`));
  const chunks: Buffer[] = [];
  // Events rather than an async iterator: a tile is one to a few chunks, and the iterator's machinery per
  // tile cost more than the chunks.
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', reject);
    stream.once('end', () => {
      try { resolve(firstValue(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))); } catch (err) { reject(err); }
    });
  });
}

/**
 * The first column of the first row of a binary COPY answer: signature (11 bytes), flags (4), header
 * extension length (4) and extension, then per row a field count (int16) and per field its length
 * (int32, -1 for NULL) and bytes; -1 as field count ends the data.
 */
export function firstValue(b: Buffer): Buffer | null {
  if (b.length < 19 || !b.subarray(0, 11).equals(SIGNATURE)) throw new Error('Not a binary COPY answer.');
  let at = 19 + b.readInt32BE(15);
  const fields = b.readInt16BE(at);
  if (fields === -1) return null; // no row
  at += 2;
  const len = b.readInt32BE(at);
  if (len === -1) return null;
  if (at + 4 + len > b.length) throw new Error('A binary COPY answer ended early.');
  return b.subarray(at + 4, at + 4 + len);
}
