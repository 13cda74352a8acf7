// The download formats, by the suffix in /api/exports/data/{layer}.{format}.
import { csvWriter } from './csv.js';
import { geojsonWriter } from './geojson.js';
import { gpkgWriter } from './gpkg.js';
import { kmlWriter } from './kml.js';
import { shapefileWriter } from './shapefile.js';
import type { FormatWriter } from './table.js';

export const FORMATS = ['geojson', 'csv', 'kml', 'shp.zip', 'gpkg'] as const;
export type Format = (typeof FORMATS)[number];

export const WRITERS: Record<Format, FormatWriter> = {
  geojson: geojsonWriter,
  csv: csvWriter,
  kml: kmlWriter,
  'shp.zip': shapefileWriter,
  gpkg: gpkgWriter,
};
export type { ExportTable, ExportRow, Column, CellValue } from './table.js';
