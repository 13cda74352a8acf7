// One bytea value out of the server without text encoding: `COPY (statement) TO STDOUT (FORMAT binary)`.
// A bytea in a normal result travels as hex text (twice its size), which node-postgres decodes into a
// JS string and then into bytes: for tiles of hundreds of KB that is most of the client's work per tile
// and large strings for the garbage collector (issue #15). Binary COPY sends the bytes as they are.
// COPY takes no parameters, so the statement's parameters are written into it as literals here: numbers
// as numbers, text as escape-string literals (E'…', safe whatever standard_conforming_strings says),
// anything else refused.
//
// The answer is read by `CopyValue` below, a node-postgres "submittable" that takes the connection's
// socket for the length of the COPY (as pg-copy-streams did) and copies the value's bytes straight
// from the socket's chunks into one buffer of the value's size, read from the COPY header: one copy
// per tile, and no stream object per query. pg-copy-streams, used before, built a Readable per query,
// read the socket in paused mode (which joins the buffered chunks into a new buffer), copied again
// where a message crossed chunks, and the caller joined its chunks once more. Measured on the tile
// endpoint (cache off, c=2, server process CPU per tile): facilities 0.27 → 0.24 ms, canals 0.73 →
// 0.69 ms (bench/README.md).
import type pg from 'pg';
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
  const q = new CopyValue(`COPY (${withLiterals(query)}) TO STDOUT (FORMAT binary)`);
  client.query(q as never);
  return q.done;
}

/** What node-postgres gives a submittable: the connection, with its socket and the query message writer. */
interface PgConnection { stream: NodeJS.ReadableStream & { listeners(e: 'data'): ((b: Buffer) => void)[] }; query(text: string): void }

const COPY_DATA = 0x64, COPY_DONE = 0x63, ERROR = 0x45;

/**
 * The first value of a binary COPY answer, read off the socket (protocol: CopyOutResponse, CopyData…,
 * CopyDone, then CommandComplete and ReadyForQuery, which node-postgres reads again as usual). Any
 * other message between is skipped; an ErrorResponse is handed to node-postgres as it is, which
 * rejects through `handleError`.
 */
export class CopyValue {
  readonly done: Promise<Buffer | null>;
  private resolve!: (v: Buffer | null) => void;
  private reject!: (e: unknown) => void;
  private settled = false;
  private stream?: PgConnection['stream'];
  private pgOnData?: (b: Buffer) => void;
  private readonly onData = (chunk: Buffer) => this.parse(chunk);
  /** A message's first bytes (code and length) when a chunk ended inside them. */
  private partial: Buffer | null = null;
  /** The current message's code and how many of its bytes are still to come (-1: between messages). */
  private code = 0;
  private left = -1;
  private readonly value = new BinaryCopyValue();
  private failure: unknown = null;

  constructor(readonly text: string) {
    this.done = new Promise((resolve, reject) => { this.resolve = resolve; this.reject = reject; });
  }

  submit(connection: PgConnection) {
    const stream = connection.stream;
    const handlers = stream.listeners('data');
    if (handlers.length !== 1) throw new Error(`Expected one reader on the database connection, found ${handlers.length}.`);
    this.stream = stream;
    this.pgOnData = handlers[0]!;
    stream.removeListener('data', this.pgOnData);
    stream.on('data', this.onData);
    connection.query(this.text);
  }

  private parse(chunk: Buffer) {
    let at = 0;
    while (at < chunk.length) {
      if (this.left < 0) {
        // A message starts: its code (1 byte) and length (4, itself included), maybe across chunks.
        const start = at;
        let head: Buffer;
        if (this.partial) {
          head = Buffer.concat([this.partial, chunk.subarray(0, 5 - this.partial.length)]);
          at = head.length - this.partial.length;
        } else {
          head = chunk.subarray(at, at + 5);
          at += head.length;
        }
        if (head.length < 5) { this.partial = Buffer.from(head); return; }
        const code = head[0]!;
        if (code === ERROR) {
          // node-postgres reads the error (and what follows) itself and calls handleError.
          const rest = this.partial ? Buffer.concat([this.partial, chunk]) : chunk.subarray(start);
          this.partial = null;
          this.detach(rest);
          return;
        }
        this.partial = null;
        this.code = code;
        this.left = head.readInt32BE(1) - 4;
      }
      const n = Math.min(this.left, chunk.length - at);
      if (this.code === COPY_DATA && n > 0 && !this.failure) {
        // A malformed answer is remembered, not thrown (this runs in the socket's 'data' event): the
        // messages are still read to CopyDone, so the connection stays in step, then the read fails.
        try { this.value.push(chunk.subarray(at, at + n)); } catch (err) { this.failure = err; }
      }
      at += n;
      this.left -= n;
      if (this.left === 0) {
        this.left = -1;
        if (this.code === COPY_DONE) {
          this.detach(chunk.subarray(at));
          this.settle(() => { if (this.failure) throw this.failure; return this.value.result(); });
          return;
        }
      }
    }
  }

  /** Gives the socket back to node-postgres, with the bytes it has not seen. */
  private detach(rest: Buffer) {
    const stream = this.stream!, pgOnData = this.pgOnData!;
    stream.removeListener('data', this.onData);
    stream.on('data', pgOnData);
    if (rest.length) pgOnData(rest);
  }

  private settle(get: () => Buffer | null) {
    if (this.settled) return;
    this.settled = true;
    try { this.resolve(get()); } catch (err) { this.reject(err); }
  }

  // node-postgres calls these for the messages it reads while this is its active query.
  handleError(err: unknown) {
    if (this.stream?.listeners('data').includes(this.onData)) this.detach(Buffer.alloc(0));
    if (!this.settled) { this.settled = true; this.reject(err); }
  }
  handleCommandComplete() {}
  handleReadyForQuery() {}
  handleCopyData() {}
}

/**
 * The first field of the first row of a binary COPY answer, fed in pieces as they come: the header
 * and the field's length are gathered (a few bytes), then the field's bytes are copied into a buffer
 * of its length; what follows (other rows, the trailer) is not kept.
 */
class BinaryCopyValue {
  private head: Buffer | null = null;
  private out: Buffer | null | undefined; // undefined: the field's length is not known yet
  private filled = 0;

  push(b: Buffer) {
    if (this.out === undefined) {
      const h = this.head ? Buffer.concat([this.head, b]) : b;
      const field = fieldAt(h);
      if (field === undefined) { this.head = h; return; }
      this.head = null;
      if (field === null) { this.out = null; return; }
      this.out = Buffer.allocUnsafe(field.len);
      b = h.subarray(field.at);
    }
    if (!this.out || this.filled === this.out.length) return;
    const n = Math.min(b.length, this.out.length - this.filled);
    b.copy(this.out, this.filled, 0, n);
    this.filled += n;
  }

  result(): Buffer | null {
    if (this.out === undefined) throw new Error('A binary COPY answer ended early.');
    if (this.out && this.filled < this.out.length) throw new Error('A binary COPY answer ended early.');
    return this.out;
  }
}

/**
 * Where the first column of the first row of a binary COPY answer lies: signature (11 bytes), flags
 * (4), header extension length (4) and extension, then per row a field count (int16) and per field its
 * length (int32, -1 for NULL) and bytes; -1 as field count ends the data. `null` for no row or NULL;
 * `undefined` while `b` is too short to tell.
 */
function fieldAt(b: Buffer): { at: number; len: number } | null | undefined {
  if (b.length < 19) return undefined;
  if (!b.subarray(0, 11).equals(SIGNATURE)) throw new Error('Not a binary COPY answer.');
  const at = 19 + b.readInt32BE(15);
  if (b.length < at + 2) return undefined;
  if (b.readInt16BE(at) === -1) return null; // no row
  if (b.length < at + 6) return undefined;
  const len = b.readInt32BE(at + 2);
  return len === -1 ? null : { at: at + 6, len };
}

/** The first column of the first row of a whole binary COPY answer, or null (see fieldAt). */
export function firstValue(b: Buffer): Buffer | null {
  if (b.length < 19) throw new Error('Not a binary COPY answer.');
  const field = fieldAt(b);
  if (field === null) return null;
  if (field === undefined || field.at + field.len > b.length) throw new Error('A binary COPY answer ended early.');
  return b.subarray(field.at, field.at + field.len);
}
