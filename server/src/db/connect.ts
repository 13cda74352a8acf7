// Two databases, one code path: an embedded PGlite (+PostGIS) or a PostgreSQL/PostGIS server,
// both behind one Kysely instance. Only this module knows which one is in use.
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DB } from './schema.js';
import { EmbeddedStore } from './embedded.js';
import { DatabaseBusyError, DatabaseStartError } from './errors.js';
import { FifoGate, gatedDialect } from './gate.js';
import { typeParsers } from './parsers.js';
import { readValue } from './bytes-value.js';

export { DatabaseBusyError, DatabaseStartError };
export type { FifoGate };

export type Backend = 'embedded' | 'server';

/** A session that can run multi-statement scripts (migrations, seeding) on one connection. */
export interface ScriptSession {
  exec(script: string): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Database {
  readonly backend: Backend;
  readonly db: Kysely<DB>;
  /** Where the data lives, without credentials (for logs and /api/health). */
  readonly location: string;
  /** Run fn on one connection inside a transaction (BEGIN/COMMIT, ROLLBACK on error). */
  transactionScript<T>(fn: (s: ScriptSession) => Promise<T>): Promise<T>;
  /** Run fn on one connection, outside a transaction (for advisory locks). */
  session<T>(fn: (s: ScriptSession) => Promise<T>): Promise<T>;
  /** Flush and close. Safe to call twice. */
  close(): Promise<void>;
  /** The FIFO queue requests wait in for the database (db/gate.ts); its counts show in bench:load. */
  readonly gate: FifoGate;
  /** Embedded only: the store (backups, lock). */
  readonly embedded?: EmbeddedStore;
  /**
   * Runs one compiled statement whose answer is one row with one bytea column (a vector tile), through
   * the gate, and returns that value as it came (null for SQL NULL or no row). On the server it skips
   * Kysely's result mapping: the bytes go from the driver's buffer to the caller with one copy.
   */
  readBytes(query: CompiledQuery): Promise<Buffer | null>;
}


export async function openDatabase(config: Config, log: Logger, opts: { initialDump?: Blob } = {}): Promise<Database> {
  return config.databaseUrl ? openServer(config, log) : openEmbedded(config, log, opts.initialDump);
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** A request's bounded wait for the database ran out (db/gate.ts): busy, not broken (→ 503, retry soon). */
export function isBusyError(err: unknown): err is DatabaseBusyError {
  return err instanceof DatabaseBusyError;
}

/** Connection-level failures: the database is down or unreachable (→ 503, retry later). */
export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  const msg = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Connection ended/i.test(msg);
}

/**
 * The disk is full: PostgreSQL's disk_full (53100) on either backend — PGlite reports PostgreSQL's own
 * errors — or ENOSPC/EDQUOT from the file system (the upload folder, the embedded store). → 507.
 */
export function isDiskFullError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; errno?: number; message?: string; cause?: unknown };
  if (e.code === '53100' || e.code === 'ENOSPC' || e.code === 'EDQUOT') return true;
  if (/No space left on device|could not extend file/i.test(e.message ?? '')) return true;
  return e.cause !== undefined && e.cause !== err && isDiskFullError(e.cause);
}

/** statement_timeout or query_timeout fired. */
export function isTimeoutError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  return e.code === '57014' || /Query read timeout/i.test(e.message ?? '');
}

/**
 * The settings of every server session the app opens (the tile benchmark gives them to pgbench too):
 * - parallel query as configured (DB_PARALLEL_WORKERS_PER_GATHER, off by default);
 * - jit=off: the analyses' statements have large cost estimates, so PostgreSQL would JIT-compile them,
 *   which cost 5.3 of 9.5 s for national coverage with a population grid (bench:analysis) and saves nothing here;
 * - plan_cache_mode=force_custom_plan: the tile statements are prepared (db/bytes-value.ts) and each tile
 *   must still be planned for its own envelope; a generic plan costs about 25 % on tile statements.
 */
export function sessionOptions(config: Pick<Config, 'dbParallelWorkersPerGather'>): string {
  return `-c max_parallel_workers_per_gather=${config.dbParallelWorkersPerGather} -c jit=off -c plan_cache_mode=force_custom_plan`;
}

async function openServer(config: Config, log: Logger): Promise<Database> {
  const url = config.databaseUrl!;
  const pool = new pg.Pool({
    connectionString: url,
    max: config.dbPoolMax,
    connectionTimeoutMillis: config.dbConnectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.statementTimeoutMs,
    query_timeout: config.statementTimeoutMs + 2000,
    application_name: 'kg-advocacy-map',
    options: sessionOptions(config),
    types: { getTypeParser: ((oid: number, format?: string) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', (err) => log.warn({ err: err.message }, 'database connection lost; the pool will reconnect on demand'));

  const location = redactUrl(url);
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = (err as Error).message || String(err);
    throw new DatabaseStartError(
      `Cannot connect to the PostgreSQL server at ${location}: ${reason}. ` +
        'Check that the server is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.',
    );
  }

  // Requests queue for the pool's connections in our FIFO gate (DB_WAIT_MS), not in pg-pool: a request
  // that waits too long for a busy pool then hears "busy, retry", not "the database is not reachable".
  const gate = new FifoGate(config.dbPoolMax, config.dbWaitMs);
  const db = new Kysely<DB>({ dialect: gatedDialect(new PostgresDialect({ pool }), gate) });
  const wrap = (client: pg.PoolClient): ScriptSession => ({
    exec: async (script) => { await client.query(script); },
    query: async (text, params) => (await client.query(text, params as unknown[])).rows,
  });
  let closed = false;
  return {
    backend: 'server',
    db,
    gate,
    location,
    async readBytes(query) {
      // Prepared once per connection, the value read as its bytes (db/bytes-value.ts): pg's binary result
      // format would hand a bytea over decoded as UTF-8 text, i.e. corrupted, and its text format doubles it into hex.
      await gate.acquire();
      try {
        const client = await pool.connect();
        let failed: unknown;
        try { return await readValue(client, query); } catch (err) { failed = err; throw err; } finally { client.release(failed instanceof Error && isConnectionError(failed) ? failed : undefined); }
      } finally {
        gate.release();
      }
    },
    async session(fn) {
      const client = await pool.connect();
      try { return await fn(wrap(client)); } finally { client.release(); }
    },
    async transactionScript(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await fn(wrap(client));
        await client.query('COMMIT');
        return r;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
}

async function openEmbedded(config: Config, log: Logger, initialDump?: Blob): Promise<Database> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const store = await EmbeddedStore.open(config.dataDir, log, {
    backupIntervalMs: config.backupIntervalMs,
    backupKeep: config.backupKeep,
    initialDump,
  });
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const pglite = store.pglite;
  // PGlite is one session and runs its queries on this thread: one request at a time, the others wait
  // their turn in the FIFO gate, at most DB_WAIT_MS, and the turns are handed over after an I/O poll so
  // that new connections are accepted and queued while the database is busy (db/gate.ts explains why).
  const gate = new FifoGate(1, config.dbWaitMs, true);
  const db = new Kysely<DB>({ dialect: gatedDialect(new PGliteDialect(pglite), gate) });
  const wrap = (q: Pick<typeof pglite, 'exec' | 'query'>): ScriptSession => ({
    exec: async (script) => { await q.exec(script); },
    query: async (text, params) => (await q.query(text, params as unknown[])).rows as never,
  });
  let closed = false;
  return {
    backend: 'embedded',
    db,
    gate,
    location: path.join(config.dataDir, 'pglite'),
    embedded: store,
    async readBytes(query) {
      const r = await db.executeQuery<Record<string, Uint8Array | null>>(query);
      const v = r.rows[0] ? Object.values(r.rows[0])[0] : null;
      return v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : null;
    },
    // PGlite is one session; its transaction() holds an exclusive lock for the callback's duration.
    session: (fn) => fn(wrap(pglite)),
    transactionScript: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (closed) return;
      closed = true;
      await store.close(); // CHECKPOINT, final backup when data changed, close, release the folder lock
    },
  };
}
