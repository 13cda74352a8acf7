// GeoPackage (SQLite) files, read with sql.js: SQLite compiled to WebAssembly, so no native module to build.
// sql.js opens a database from memory, hence the size cap. Layers are the 'features' rows of gpkg_contents;
// table and column names come from the file, so they are checked against sqlite_master and always quoted as
// identifiers — values are bound.
import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import type * as GeoJSON from 'geojson';
import initSqlJs from 'sql.js';
import { crsForCoordinates, crsFromCode, crsFromPrj, extentFor } from './crs.js';
import { readGpkgGeometry } from './gpkg-binary.js';
import { WkbError } from './wkb.js';
import {
  FormatProblem,
  type CrsInfo, type Detection, type FieldType, type FormatLimits, type FormatReader, type ReadOptions, type SourceFeature, type SourceField, type SourceLayer, type UploadedFile,
} from './types.js';

/** sql.js holds the whole database in memory. */
export const MAX_GPKG_BYTES = 200 * 1024 * 1024;

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
type Db = InstanceType<SqlJs['Database']>;
type Value = number | string | Uint8Array | null;

let sqlJs: Promise<SqlJs> | undefined;
function loadSqlJs(): Promise<SqlJs> {
  const require = createRequire(import.meta.url);
  sqlJs ??= initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  return sqlJs;
}

/** A name from the file as an SQL identifier. */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new FormatProblem('invalid', 'A table or column name in the GeoPackage contains a NUL character.');
  return `"${name.replace(/"/g, '""')}"`;
}

function all(db: Db, sql: string, params: Value[] = []): Value[][] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Value[][] = [];
    while (stmt.step()) rows.push(stmt.get() as Value[]);
    return rows;
  } finally {
    stmt.free();
  }
}

async function openDb(file: UploadedFile): Promise<Db> {
  const { size } = await stat(file.path);
  if (size > MAX_GPKG_BYTES) {
    throw new FormatProblem('too-large', `The GeoPackage is ${Math.round(size / 1024 / 1024)} MB; at most ${MAX_GPKG_BYTES / 1024 / 1024} MB can be imported. Export only the layers you need.`);
  }
  const SQL = await loadSqlJs();
  const db = new SQL.Database(await readFile(file.path));
  try {
    const tables = all(db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name IN ('gpkg_contents','gpkg_geometry_columns','gpkg_spatial_ref_sys')");
    if (tables.length < 3) throw new FormatProblem('invalid', 'The file is an SQLite database but not a GeoPackage (gpkg_contents, gpkg_geometry_columns or gpkg_spatial_ref_sys is missing).');
  } catch (e) {
    db.close();
    if (e instanceof FormatProblem) throw e;
    throw new FormatProblem('invalid', `The file is not a readable GeoPackage (${(e as Error).message}).`);
  }
  return db;
}

interface LayerDef { table: string; geomColumn: string; srsId: number }

function layerDefs(db: Db): LayerDef[] {
  const rows = all(db, `SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c
    JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`);
  return rows.map(([table, geomColumn, srsId]) => {
    const t = String(table);
    // The name must be a real table or view: gpkg_contents is data, not a place to smuggle SQL from.
    if (!all(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?", [t]).length) {
      throw new FormatProblem('invalid', `gpkg_contents lists the layer '${t}', but the GeoPackage has no such table.`, t);
    }
    return { table: t, geomColumn: String(geomColumn), srsId: Number(srsId) };
  });
}

interface Column { name: string; type: FieldType | null; declared: string }

/** SQLite declared types as GeoPackage writers (GDAL, QGIS) use them. */
export function gpkgFieldType(declared: string): FieldType | null {
  const t = declared.trim().toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(INTEGER|INT|TINYINT|SMALLINT|MEDIUMINT|BIGINT)$/.test(t)) return 'integer';
  if (/^(REAL|DOUBLE|FLOAT|NUMERIC)/.test(t)) return 'number';
  if (t === 'DATE') return 'date';
  if (t.startsWith('BLOB')) return null;
  return 'text'; // TEXT, TEXT(n), DATETIME (kept as its ISO text), anything else
}

function columns(db: Db, l: LayerDef): Column[] {
  // PRAGMA takes no bound parameters; the table name was checked against sqlite_master and is quoted.
  return all(db, `PRAGMA table_info(${quoteIdent(l.table)})`)
    .filter((r) => r[1] !== l.geomColumn && !(Number(r[5]) > 0 && String(r[2]).toUpperCase() === 'INTEGER'))
    .map((r) => ({ name: String(r[1]), declared: String(r[2] ?? ''), type: gpkgFieldType(String(r[2] ?? '')) }));
}

function toValue(v: Value, type: FieldType | null): string | number | boolean | null {
  if (v === null || v instanceof Uint8Array) return null;
  if (type === 'boolean' && typeof v === 'number') return v !== 0;
  return v;
}

function crsFor(db: Db, l: LayerDef, extent: [number, number, number, number] | null, warnings: string[]): CrsInfo {
  const row = all(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [l.srsId])[0];
  if (row && l.srsId > 0) {
    const [org, id, definition] = row;
    if (String(org).toUpperCase() === 'EPSG') {
      try {
        return crsFromCode(`EPSG:${id}`, 'format');
      } catch { /* not in our table: the WKT may still be usable */ }
    }
    if (definition && String(definition).trim().toLowerCase() !== 'undefined') {
      try {
        return { ...crsFromPrj(String(definition)), source: 'format' };
      } catch {
        warnings.push(`${l.table}: the coordinate system ${String(org)}:${String(id)} cannot be read; it is guessed from the coordinates.`);
      }
    }
  }
  return crsForCoordinates(extent);
}

type Extent = [number, number, number, number];
function grow(e: Extent | null, g: GeoJSON.Geometry): Extent | null {
  let out = e;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0] as number, y = c[1] as number;
      out = out ? [Math.min(out[0], x), Math.min(out[1], y), Math.max(out[2], x), Math.max(out[3], y)] : [x, y, x, y];
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => { out = grow(out, x); });
  else walk(g.coordinates);
  return out;
}

function detectLayer(db: Db, l: LayerDef, warnings: string[]): SourceLayer {
  const t = quoteIdent(l.table);
  const cols = columns(db, l);
  const fields: SourceField[] = [];
  for (const c of cols) {
    if (!c.type) {
      warnings.push(`${l.table}: the field ${c.name} (${c.declared}) holds binary data and is left out.`);
      continue;
    }
    const samples = all(db, `SELECT DISTINCT ${quoteIdent(c.name)} FROM ${t} WHERE ${quoteIdent(c.name)} IS NOT NULL AND ${quoteIdent(c.name)} <> '' LIMIT 5`)
      .map((r) => toValue(r[0]!, c.type)).filter((v) => v !== null).map(String);
    fields.push({ name: c.name, type: c.type, samples });
  }
  const types = new Set<string>();
  let extent: Extent | null = null;
  let count = 0, nulls = 0, bad = 0;
  const stmt = db.prepare(`SELECT ${quoteIdent(l.geomColumn)} FROM ${t}`);
  try {
    while (stmt.step()) {
      count++;
      const blob = stmt.get()[0];
      if (!(blob instanceof Uint8Array)) { nulls++; continue; }
      try {
        const g = readGpkgGeometry(blob).geometry;
        if (!g) { nulls++; continue; }
        types.add(g.type);
        extent = grow(extent, g);
      } catch (e) {
        if (!(e instanceof WkbError)) throw e;
        bad++;
      }
    }
  } finally {
    stmt.free();
  }
  if (nulls) warnings.push(`${l.table}: ${nulls} features have no geometry.`);
  if (bad) warnings.push(`${l.table}: ${bad} geometries cannot be read.`);
  const crs = crsFor(db, l, extent, warnings);
  return {
    name: l.table, featureCount: count, geometryTypes: [...types].sort(), fields, crs,
    encoding: { chosen: 'utf-8', source: 'format', needsChoice: false }, // SQLite text is UTF-8
    sourceExtent: extent, extent: extentFor(crs, extent),
  };
}

async function detect(file: UploadedFile): Promise<Detection> {
  const db = await openDb(file);
  try {
    const warnings: string[] = [];
    const defs = layerDefs(db);
    if (!defs.length) throw new FormatProblem('invalid', 'The GeoPackage holds no feature layers (only tiles or attributes).');
    return { format: 'geopackage', layers: defs.map((l) => detectLayer(db, l, warnings)), warnings };
  } finally {
    db.close();
  }
}

async function* read(file: UploadedFile, opts: ReadOptions): AsyncIterable<SourceFeature> {
  const db = await openDb(file);
  try {
    const defs = layerDefs(db);
    const l = opts.layer !== undefined ? defs.find((d) => d.table === opts.layer) : defs.length === 1 ? defs[0] : undefined;
    if (!l) {
      throw new FormatProblem('choice', opts.layer !== undefined ? `The GeoPackage has no layer '${opts.layer}'.` : `The GeoPackage holds ${defs.length} layers: choose one.`,
        undefined, defs.map((d) => d.table));
    }
    const cols = columns(db, l).filter((c) => c.type !== null);
    const stmt = db.prepare(`SELECT ${[l.geomColumn, ...cols.map((c) => c.name)].map(quoteIdent).join(', ')} FROM ${quoteIdent(l.table)}`);
    try {
      for (let index = 1; stmt.step(); index++) {
        const row = stmt.get() as Value[];
        const properties: SourceFeature['properties'] = {};
        cols.forEach((c, i) => { properties[c.name] = toValue(row[i + 1]!, c.type); });
        const blob = row[0];
        if (!(blob instanceof Uint8Array)) { yield { index, geometry: null, properties }; continue; }
        let feature: SourceFeature;
        try {
          feature = { index, geometry: readGpkgGeometry(blob).geometry, properties };
        } catch (e) {
          if (!(e instanceof WkbError)) throw e;
          feature = { index, geometry: null, properties, error: e.message };
        }
        yield feature;
      }
    } finally {
      stmt.free();
    }
  } finally {
    db.close();
  }
}

export const geopackageReader: FormatReader = {
  formats: ['geopackage'],
  detect: (file: UploadedFile, _format, _limits: FormatLimits) => detect(file),
  read: (file, _format, opts) => read(file, opts),
};
