/** The database could not be opened at start-up; the message says what to do. */
export class DatabaseStartError extends Error {}

/** A request waited DB_WAIT_MS for its turn at the database without getting it (db/gate.ts) → 503 with Retry-After. */
export class DatabaseBusyError extends Error {
  readonly code = 'DB_BUSY';
  constructor(readonly waitedMs: number) {
    super(`waited ${waitedMs} ms for the database without getting a turn`);
  }
}
