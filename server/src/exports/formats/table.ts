// The one shape every download writer takes: a named table of features with typed columns. Built by
// the downloads service from the layer registry (or the annotation fields); the writers know nothing
// about layers.
export type ColumnType = 'text' | 'integer' | 'real' | 'boolean';
export type CellValue = string | number | boolean | null;

export interface Column { name: string; type: ColumnType; label?: string }

export interface Geometry { type: string; coordinates: unknown }

export interface ExportRow { id: number | string; geometry: Geometry; values: Record<string, CellValue> }

export interface ExportTable {
  /** Layer id: also the GeoPackage table name and the shapefile base name. */
  name: string;
  title: string;
  /** The geometry the layer holds, for an empty file of the right kind. */
  geometry: 'point' | 'line' | 'polygon' | 'mixed';
  columns: Column[];
  rows: ExportRow[];
  /** A label for each row (KML placemark name). */
  labelOf: (row: ExportRow) => string;
}

export interface FormatWriter {
  /** The URL suffix: geojson, csv, kml, shp.zip, gpkg. */
  format: string;
  contentType: string;
  write(table: ExportTable, opts: { bom?: boolean }): Promise<Buffer>;
}

type Pos = number[];

/** Rings/lines/points of a geometry as arrays, for writers that walk them. */
export const coords = {
  point: (g: Geometry) => g.coordinates as Pos,
  line: (g: Geometry) => g.coordinates as Pos[],
  polygon: (g: Geometry) => g.coordinates as Pos[][],
  multiPoint: (g: Geometry) => g.coordinates as Pos[],
  multiLine: (g: Geometry) => g.coordinates as Pos[][],
  multiPolygon: (g: Geometry) => g.coordinates as Pos[][][],
};
