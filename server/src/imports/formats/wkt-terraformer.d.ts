// @terraformer/wkt ships no types: the part of its API the CSV reader uses.
declare module '@terraformer/wkt' {
  /** Throws on text that is not WKT. Z and M values are kept as extra coordinates. */
  export function wktToGeoJSON(wkt: string): import('geojson').Geometry;
  export function geojsonToWKT(geometry: import('geojson').Geometry): string;
}
