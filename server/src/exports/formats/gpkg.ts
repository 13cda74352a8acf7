// OGC GeoPackage with @ngageoint/geopackage, built in memory on its sql.js (WebAssembly SQLite)
// adapter and exported as bytes: no native module, no temporary file. The library is loaded on the
// first GeoPackage download; its note that better-sqlite3 is missing is expected and not printed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { ExportTable, FormatWriter } from './table.js';

type GeoPackageModule = typeof import('@ngageoint/geopackage');
let loading: Promise<GeoPackageModule> | undefined;

async function load(): Promise<GeoPackageModule> {
  const consoleError = console.error;
  console.error = (...args: unknown[]) => { if (!String(args[0]).includes('better-sqlite3')) consoleError(...args); };
  let gp: GeoPackageModule;
  try {
    gp = await import('@ngageoint/geopackage');
  } finally {
    console.error = consoleError;
  }
  // sql.js would fetch() its .wasm by a relative URL; hand it the bytes instead (the adapter keeps one SQL module).
  const req = createRequire(createRequire(import.meta.url).resolve('@ngageoint/geopackage'));
  const initSqlJs = req('rtree-sql.js') as (o: { wasmBinary: Uint8Array }) => Promise<unknown>;
  const adapter = gp.SqljsAdapter as unknown as { SQL?: unknown };
  adapter.SQL ??= await initSqlJs({ wasmBinary: fs.readFileSync(req.resolve('rtree-sql.js/dist/sql-wasm.wasm')) });
  return gp;
}

// Booleans as INTEGER 1/0/NULL: the library's BOOLEAN columns store NULL as false.
const SQL_TYPE = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', boolean: 'INTEGER' } as const;

function extent(t: ExportTable): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      b = b ? [Math.min(b[0], x!), Math.min(b[1], y!), Math.max(b[2], x!), Math.max(b[3], y!)] : [x!, y!, x!, y!];
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  for (const r of t.rows) walk(r.geometry.coordinates);
  return b;
}

export const gpkgWriter: FormatWriter = {
  format: 'gpkg',
  contentType: 'application/geopackage+sqlite3',
  async write(t: ExportTable) {
    const gp = await (loading ??= load());
    const g = await gp.GeoPackageAPI.create();
    try {
      // The table's primary key is "id": the feature id when it is a number, else the row number and the id in "uuid".
      const textIds = t.rows.some((r) => typeof r.id !== 'number');
      const columns = [...(textIds ? [{ name: 'uuid', dataType: 'TEXT' }] : []), ...t.columns.map((c) => ({ name: c.name, dataType: SQL_TYPE[c.type] }))];
      g.createFeatureTableFromProperties(t.name, columns);
      // One DAO and one transaction for all rows: per-row lookups and commits made 20,000 points take ~40 s.
      const dao = g.getFeatureDao(t.name);
      g.database.transaction(() => {
        t.rows.forEach((r, i) => {
          const props: Record<string, unknown> = { id: textIds ? i + 1 : r.id };
          if (textIds) props.uuid = String(r.id);
          for (const c of t.columns) {
            const v = r.values[c.name] ?? null;
            props[c.name] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
          }
          g.addGeoJSONFeatureToGeoPackageWithFeatureDaoAndSrs({ type: 'Feature', geometry: r.geometry as never, properties: props }, dao, dao.srs);
        });
      });
      const box = extent(t);
      // The layer's real extent (the library records the whole world), so "zoom to layer" works in QGIS.
      if (box) g.database.run('UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?', [...box, t.name] as unknown as []);
      return Buffer.from(await g.export());
    } finally {
      g.close();
    }
  },
};
