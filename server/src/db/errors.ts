/** The database could not be opened at start-up; the message says what to do. */
export class DatabaseStartError extends Error {}

/** Column types returned the same way by both backends: int8/numeric as numbers, dates as YYYY-MM-DD. */
const INT8 = 20, NUMERIC = 1700, DATE = 1082;
export const typeParsers: Record<number, (v: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
};
