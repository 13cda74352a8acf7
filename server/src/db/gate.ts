// The one queue in front of the database for requests, on both backends: first come, first served, and
// bounded in time. A request that has not got its turn after DB_WAIT_MS stops waiting and gets 503 with
// Retry-After (http/errors.ts) instead of hanging.
//
// Why a queue of our own: the embedded database is one session, and the PGlite Kysely dialect queues
// requests for it without any limit on the wait; a PostgreSQL server pool queues them in pg-pool, whose
// only limit is the connect timeout, so a request that merely waits for a busy pool is told "the
// database is not reachable". Here the wait and the answer are explicit, and the same on both backends.
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';
import { DatabaseBusyError } from './errors.js';

interface Waiter { resolve(): void; timer: NodeJS.Timeout }

export class FifoGate {
  private free: number;
  /** A Set keeps insertion order: the first value is the longest waiter. A waiter that gives up is deleted in O(1). */
  private readonly waiters = new Set<Waiter>();
  private scheduled = false;

  /**
   * `yieldTurns`: hand each turn over through setImmediate, so the event loop polls for I/O between two
   * turns. For the embedded database, whose queries run on this thread: without it, a request is served
   * entirely inside the callback that read it, so one loop iteration serves every connection the server
   * already has (100 connections × ~7 ms ≈ 0.7 s), while libuv accepts only one new connection per
   * iteration; connections opened under load then wait, unread and unqueued, in the kernel's accept
   * queue until the load stops (measured: 100 connections, 5 s → 37 still in the backlog after 2.5 s,
   * 19 answered only after the run; the 300 connections, 20 s → 161 without an answer in 10 s).
   * With it an iteration runs one turn, every request is read and put in this FIFO queue, and each is
   * served in arrival order or answered 503.
   */
  constructor(readonly permits: number, readonly waitMs: number, readonly yieldTurns = false) {
    this.free = permits;
  }

  /** Since start: requests that had to wait, the most waiting at once, the longest wait that ended in a turn, waits that ran out. */
  readonly counts = { queued: 0, maxWaiting: 0, maxWaitMs: 0, shed: 0 };

  get waiting() { return this.waiters.size; }
  get busy() { return this.permits - this.free; }

  /** Resolves when the caller may use the database; rejects with DatabaseBusyError after waitMs. */
  acquire(): Promise<void> {
    // Nobody may overtake a waiter: a free permit goes to the queue first.
    if (!this.yieldTurns && this.free > 0 && this.waiters.size === 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      this.counts.queued++;
      this.counts.maxWaiting = Math.max(this.counts.maxWaiting, this.waiters.size + 1);
      const w: Waiter = {
        resolve: () => { this.counts.maxWaitMs = Math.max(this.counts.maxWaitMs, Math.round(performance.now() - t0)); resolve(); },
        timer: setTimeout(() => {
          this.waiters.delete(w);
          this.counts.shed++;
          reject(new DatabaseBusyError(this.waitMs));
        }, this.waitMs),
      };
      this.waiters.add(w);
      if (this.yieldTurns) this.schedule();
    });
  }

  /** Frees the permit and gives it to the longest waiter (at once, or after the next I/O poll with yieldTurns). */
  release(): void {
    this.free = Math.min(this.permits, this.free + 1);
    if (this.yieldTurns) this.schedule();
    else this.dispatch();
  }

  private dispatch(): void {
    this.scheduled = false;
    while (this.free > 0) {
      const next = this.waiters.values().next();
      if (next.done) return;
      this.waiters.delete(next.value);
      clearTimeout(next.value.timer);
      this.free--;
      next.value.resolve();
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.dispatch());
  }
}

/** The dialect with every connection Kysely takes passed through the gate first (released with the connection). */
export function gatedDialect(dialect: Dialect, gate: FifoGate): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new GatedDriver(dialect.createDriver(), gate),
  };
}

class GatedDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(private readonly inner: Driver, private readonly gate: FifoGate) {
    if (inner.savepoint) this.savepoint = inner.savepoint.bind(inner);
    if (inner.rollbackToSavepoint) this.rollbackToSavepoint = inner.rollbackToSavepoint.bind(inner);
    if (inner.releaseSavepoint) this.releaseSavepoint = inner.releaseSavepoint.bind(inner);
  }

  init() { return this.inner.init(); }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.gate.acquire();
    try {
      return await this.inner.acquireConnection();
    } catch (err) {
      this.gate.release();
      throw err;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.gate.release();
    }
  }

  beginTransaction(c: DatabaseConnection, s: TransactionSettings) { return this.inner.beginTransaction(c, s); }
  commitTransaction(c: DatabaseConnection) { return this.inner.commitTransaction(c); }
  rollbackTransaction(c: DatabaseConnection) { return this.inner.rollbackTransaction(c); }
  destroy() { return this.inner.destroy(); }
}
