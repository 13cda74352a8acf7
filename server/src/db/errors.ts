/** The database could not be opened at start-up; the message says what to do. */
export class DatabaseStartError extends Error {}
