// How column values come back, the same from both backends (PGlite and the `pg` pool are given this
// one table): int8/numeric as numbers, dates as YYYY-MM-DD text, json and jsonb as parsed values.
// Code above db/ can rely on it: a json/jsonb column (or ST_AsGeoJSON(...)::json, json_build_object,
// json_agg) is an object or array, never a string to parse again.
const INT8 = 20, NUMERIC = 1700, DATE = 1082, JSON_OID = 114, JSONB = 3802;

export const typeParsers: Record<number, (v: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
  // Both drivers already parse these by default; naming them here makes the contract ours, not a default.
  [JSON_OID]: (v) => JSON.parse(v),
  [JSONB]: (v) => JSON.parse(v),
};
