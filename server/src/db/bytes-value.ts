// One bytea value out of the server as its bytes, for the tiles (issue #15): the statement is prepared
// once per connection and run with the binary result format, and the value is copied straight from the
// socket's chunks into one buffer of its size.
//
// Why not a plain `client.query`: a bytea in a text result travels as hex (twice its size), which
// node-postgres turns into a JS string and then into bytes, and its binary result format decodes
// every field as UTF-8 text, which corrupts a tile. Its message parser also grows one buffer by
// doubling for a multi-hundred-KB row. Why prepared: a tile statement's text is the same for every tile
// of a layer and zoom (x and y are parameters), and parsing it again per tile is a fifth of
// PostgreSQL's work on a small tile (`pgbench -M extended` against `-M prepared`, bench/README.md).
// The session runs with `plan_cache_mode = force_custom_plan` (db/connect.ts): each tile is still
// planned for its own x, y and zoom, as a generic plan for tile statements costs about 25 %
// (../shared/recipes/README.md).
//
// `PreparedValue` is a node-postgres "submittable": it writes Parse (first use on this connection),
// Bind, Execute and Sync in one write, takes the connection's socket until the first row is read, and
// gives it back for CommandComplete and ReadyForQuery, which node-postgres reads as usual. An
// ErrorResponse is handed to node-postgres as it is, which rejects through `handleError`.
import type { CompiledQuery } from 'kysely';

/**
 * Runs the one-row, one-bytea-column statement on this client: the value, or null for NULL or no row.
 * When the session's prepared statements are not what this connection believed (a DISCARD ALL, or a
 * pooler in front that hands the connection another server session per transaction, as PgBouncer
 * before 1.21 does in transaction mode), the statement runs once more unnamed, which works on any
 * session; after MAX_SURPRISES such errors the connection prepares nothing any more.
 */
export async function readValue(client: Submitter, query: CompiledQuery, named = true): Promise<Buffer | null> {
  const q = new PreparedValue(query.sql, query.parameters, named);
  client.query(q as never);
  try {
    return await q.done;
  } catch (err) {
    if (named && STATEMENT_STATE.has((err as { code?: string } | null)?.code ?? '')) return readValue(client, query, false);
    throw err;
  }
}
/** 26000: no such prepared statement (the session lost it); 42P05: it exists already (another session had it). */
const STATEMENT_STATE = new Set(['26000', '42P05']);

/** A node-postgres client, as far as a submittable needs it (pg.PoolClient is one). */
export interface Submitter { query(submittable: never): unknown }

/** What node-postgres gives a submittable: the connection and its socket. */
export interface PgConnection { stream: NodeJS.ReadableStream & NodeJS.WritableStream & { listeners(e: 'data'): ((b: Buffer) => void)[] } }

// Statement names by text, shared by all connections. The registry layers' tiles need 16 texts (a text
// changes with the zoom filter and label thinning, not with every zoom), which hold about 2.3 MB in each
// server session (pg_backend_memory_contexts). Past MAX_PREPARED distinct texts (organisation layers
// bring their own), a statement runs unnamed: parsed every time, so a session holds at most ≈ 15 MB.
export const MAX_PREPARED = 100;
const names = new Map<string, string>();
/**
 * Per connection: the names it has prepared (a server-side prepared statement lives as long as its
 * session), and how often the session's statements were not what it believed.
 */
interface Prepared { names: Set<string>; surprises: number }
const preparedOn = new WeakMap<object, Prepared>();
export const MAX_SURPRISES = 3;

function nameFor(text: string): string {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) names.set(text, (name = `kg_value_${names.size + 1}`));
  return name ?? '';
}

const PARSE_COMPLETE = 0x31, DATA_ROW = 0x44, COMMAND_COMPLETE = 0x43, ERROR = 0x45, EMPTY_QUERY = 0x49;

export class PreparedValue {
  readonly done: Promise<Buffer | null>;
  private resolve!: (v: Buffer | null) => void;
  private reject!: (e: unknown) => void;
  private settled = false;
  private stream?: PgConnection['stream'];
  private pgOnData?: (b: Buffer) => void;
  /** `parse` bound once per read (a bound method: no per-instance closure for the loader to name). */
  private readonly onData: (chunk: Buffer) => void;
  private prepared?: Prepared;
  private name = '';
  /** A message's first bytes (code and length) when a chunk ended inside them. */
  private partial: Buffer | null = null;
  /** The current message's code and how many of its bytes are still to come (-1: between messages). */
  private code = 0;
  private left = -1;
  private readonly value = new FirstField();
  private failure: unknown = null;

  /** `named`: prepare the statement on the connection (else it is parsed unnamed, every time). */
  constructor(readonly text: string, readonly parameters: readonly unknown[], private readonly named = true) {
    this.done = new Promise((resolve, reject) => { this.resolve = resolve; this.reject = reject; });
    this.onData = this.parse.bind(this);
  }

  /** Returns an Error (node-postgres then calls handleError) when the statement cannot be sent. */
  submit(connection: PgConnection): Error | undefined {
    let prepared = preparedOn.get(connection);
    if (!prepared) preparedOn.set(connection, (prepared = { names: new Set(), surprises: 0 }));
    this.prepared = prepared;
    this.name = this.named && prepared.surprises < MAX_SURPRISES ? nameFor(this.text) : '';
    let wire: Buffer;
    try {
      wire = messages(this.name, this.name && prepared.names.has(this.name) ? null : this.text, this.parameters);
    } catch (err) {
      return err as Error; // a parameter that cannot be sent: nothing was written, the socket is untouched
    }
    const stream = connection.stream;
    const handlers = stream.listeners('data');
    if (handlers.length !== 1) return new Error(`Expected one reader on the database connection, found ${handlers.length}.`);
    this.stream = stream;
    this.pgOnData = handlers[0]!;
    stream.removeListener('data', this.pgOnData);
    stream.on('data', this.onData);
    stream.write(wire);
    return undefined;
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
        if (code === ERROR || code === COMMAND_COMPLETE || code === EMPTY_QUERY) {
          // No row (or an error): node-postgres reads this message and what follows itself; an error
          // reaches handleError, the others end with ReadyForQuery.
          const rest = this.partial ? Buffer.concat([this.partial, chunk]) : chunk.subarray(start);
          this.partial = null;
          this.detach(rest);
          if (code !== ERROR) this.settle(() => null);
          return;
        }
        this.partial = null;
        this.code = code;
        this.left = head.readInt32BE(1) - 4;
        if (code === PARSE_COMPLETE && this.name) this.prepared!.names.add(this.name);
      }
      const n = Math.min(this.left, chunk.length - at);
      if (this.code === DATA_ROW && n > 0 && !this.failure) {
        // A malformed row is remembered, not thrown (this runs in the socket's 'data' event): the row
        // is still read to its end, so the connection stays in step, then the read fails.
        try { this.value.push(chunk.subarray(at, at + n)); } catch (err) { this.failure = err; }
      }
      at += n;
      this.left -= n;
      if (this.left === 0) {
        this.left = -1;
        if (this.code === DATA_ROW) {
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
    let failed: unknown = null;
    try { this.resolve(get()); } catch (err) { failed = err; this.reject(err); }
    this.finish(failed);
  }

  /**
   * node-postgres sets this when it runs the query with a query_timeout (DB pool: STATEMENT_TIMEOUT_MS
   * + 2 s): its timer is cleared only through it. Not called, every read left a timer holding the
   * query, and so the tile's bytes, for that long.
   */
  callback?: (err: unknown) => void;

  private finish(err: unknown) {
    const callback = this.callback;
    this.callback = undefined;
    callback?.(err);
  }

  // node-postgres calls these for the messages it reads while this is its active query.
  // An ErrorResponse was handed over before this is called. Anything else (node-postgres's query_timeout)
  // may come in the middle of the answer: the answer is still read to its end by `parse`, which then gives
  // the socket back, so that the connection stays in step.
  handleError(err: unknown) {
    // The session lost its prepared statements (DISCARD ALL, DEALLOCATE): prepare again next time.
    // Or it has this one already (a pooler gave this connection another server session): bind it next time.
    const code = (err as { code?: string } | null)?.code;
    if (this.prepared && STATEMENT_STATE.has(code ?? '')) {
      this.prepared.surprises++;
      if (code === '26000') this.prepared.names.clear();
      if (code === '42P05' && this.name) this.prepared.names.add(this.name);
    }
    if (!this.settled) { this.settled = true; this.reject(err); }
    this.finish(err);
  }
  handleCommandComplete() {}
  handleReadyForQuery() {}
  handleEmptyQuery() {}
  handleDataRow() {}
}

/**
 * The value of the first column of a DataRow (field count int16, then per field its length int32,
 * -1 for NULL, and its bytes), fed in pieces as they come: the first 6 bytes are gathered, then the
 * field's bytes are copied into a buffer of its length; further fields are not kept.
 */
class FirstField {
  private head: Buffer | null = null;
  private out: Buffer | null | undefined; // undefined: the field's length is not known yet
  private filled = 0;

  push(b: Buffer) {
    if (this.out === undefined) {
      const h = this.head ? Buffer.concat([this.head, b]) : b;
      // The field count (2 bytes), then, unless it is 0, the first field's length (4).
      const noFields = h.length >= 2 && h.readInt16BE(0) === 0;
      if (!noFields && h.length < 6) { this.head = Buffer.from(h); return; }
      this.head = null;
      const len = noFields ? -1 : h.readInt32BE(2);
      if (len < 0) { this.out = null; return; }
      this.out = Buffer.allocUnsafe(len);
      b = h.subarray(6);
    }
    if (!this.out || this.filled === this.out.length) return;
    const n = Math.min(b.length, this.out.length - this.filled);
    b.copy(this.out, this.filled, 0, n);
    this.filled += n;
  }

  result(): Buffer | null {
    if (this.out === undefined || (this.out && this.filled < this.out.length)) throw new Error('A row from the database ended early.');
    return this.out;
  }
}

/**
 * Parse (when `text` is given), Bind, Execute and Sync as one buffer. Parameters go as text, a Buffer
 * as binary; the result columns come in binary. Anything else than null, numbers, booleans, strings
 * and Buffers is refused (the tile statements hold nothing else).
 */
export function messages(name: string, text: string | null, parameters: readonly unknown[]): Buffer {
  const values = parameters.map(paramBytes);
  const binary = values.some((v) => v?.binary);
  const nameBytes = Buffer.byteLength(name) + 1;
  const parseLen = text === null ? 0 : 1 + 4 + nameBytes + Buffer.byteLength(text) + 1 + 2;
  const bindLen = 1 + 4 + 1 + nameBytes + 2 + (binary ? 2 * values.length : 0) + 2 + values.reduce((s, v) => s + 4 + (v?.bytes.length ?? 0), 0) + 2 + 2;
  const out = Buffer.allocUnsafe(parseLen + bindLen + EXECUTE_SYNC.length);
  let at = 0;
  if (text !== null) {
    out[at++] = 0x50; // Parse
    out.writeInt32BE(parseLen - 1, at); at += 4;
    at += out.write(name, at); out[at++] = 0;
    at += out.write(text, at); out[at++] = 0;
    out.writeInt16BE(0, at); at += 2; // parameter types: inferred
  }
  out[at++] = 0x42; // Bind
  out.writeInt32BE(bindLen - 1, at); at += 4;
  out[at++] = 0; // unnamed portal
  at += out.write(name, at); out[at++] = 0;
  if (binary) {
    out.writeInt16BE(values.length, at); at += 2;
    for (const v of values) { out.writeInt16BE(v?.binary ? 1 : 0, at); at += 2; }
  } else {
    out.writeInt16BE(0, at); at += 2; // all parameters as text
  }
  out.writeInt16BE(values.length, at); at += 2;
  for (const v of values) {
    if (!v) { out.writeInt32BE(-1, at); at += 4; continue; }
    out.writeInt32BE(v.bytes.length, at); at += 4;
    at += v.bytes.copy(out, at);
  }
  out.writeInt16BE(1, at); at += 2; // one result format code for all columns:
  out.writeInt16BE(1, at); at += 2; // binary
  EXECUTE_SYNC.copy(out, at);
  return out;
}
// Execute (unnamed portal, all rows) and Sync.
const EXECUTE_SYNC = Buffer.from([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

function paramBytes(v: unknown): { bytes: Buffer; binary: boolean } | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return { bytes: v, binary: true };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Cannot send ${v} as a statement parameter.`);
    return { bytes: Buffer.from(String(v)), binary: false };
  }
  if (typeof v === 'bigint') return { bytes: Buffer.from(String(v)), binary: false };
  if (typeof v === 'boolean') return { bytes: Buffer.from(v ? 'true' : 'false'), binary: false };
  if (typeof v === 'string') return { bytes: Buffer.from(v), binary: false };
  throw new Error(`Cannot send a ${typeof v} as a statement parameter.`);
}
