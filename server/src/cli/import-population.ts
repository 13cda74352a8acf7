// npm run import:population -- --file kgz_ppp_2020_UNadj_constrained.tif --dataset worldpop-2020 --title "…"
//     --publisher WorldPop --licence CC-BY-4.0 --year 2020 [--provenance real] [--replace] [--band N] …
// Loads a gridded population raster (GeoTIFF: WorldPop, GHSL) into the population layer of the
// configured database (DATABASE_URL, or the embedded one in DATA_DIR — which a running server holds:
// stop it first; migrates first), one row per populated cell, in one transaction, then assigns the
// cells to settlements. See server/src/population/ and README "Population".
// Exit 0: loaded. 1: not loaded (nothing was written). 2: usage.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { DatabaseStartError, openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { LoadRasterOptions } from '../population/population.schema.js';
import { loadPopulationRaster, PopulationLoadProblem, RasterProblem } from '../population/population.service.js';

const USAGE = `Usage: npm run import:population -- --file <raster.tif> --dataset <id> --title "…" --publisher "…" --licence "…" --year YYYY
    [--provenance real|derived|placeholder|illustrative] [--replace] [--band N] [--attribution "…"] [--source "…"]
    [--source-date YYYY-MM-DD] [--url https://…] [--notes "…"] [--batch-size N] [--max-mb N]

  --file          a GeoTIFF of people per cell (WorldPop kgz_ppp_2020_UNadj_constrained.tif, GHSL GHS-POP 100 m);
                  CRS EPSG:4326, UTM 42–44N (EPSG:32642–32644), the import's other EPSG codes, or Mollweide (ESRI:54009)
  --dataset       the datasets row the cells cite, e.g. worldpop-2020 (2–64 of a-z 0-9 - _)
  --replace       remove the dataset's earlier rows first (without it, a dataset that has rows is refused)
  --band N        which band holds the population (a multi-band file)
  --provenance    default real
  -h, --help      this text

One transaction: the raster is loaded whole or not at all. Cells that are nodata, NaN or ≤ 0 are left out.`;

function fail(message: string, code = 2): never {
  console.error(`import:population: ${message}\nRun 'npm run import:population -- --help' for the options.`);
  process.exit(code);
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' }, dataset: { type: 'string' }, title: { type: 'string' }, publisher: { type: 'string' },
        licence: { type: 'string' }, license: { type: 'string' }, year: { type: 'string' }, provenance: { type: 'string' },
        replace: { type: 'boolean', default: false }, band: { type: 'string' }, attribution: { type: 'string' }, source: { type: 'string' },
        'source-date': { type: 'string' }, url: { type: 'string' }, notes: { type: 'string' }, 'batch-size': { type: 'string' }, 'max-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) { console.log(USAGE); return; }
  const given = Object.fromEntries(Object.entries({
    file: v.file, dataset: v.dataset, title: v.title, publisher: v.publisher, licence: v.licence ?? v.license, year: v.year,
    provenance: v.provenance, replace: v.replace, band: v.band, attribution: v.attribution, source: v.source, sourceDate: v['source-date'],
    url: v.url, notes: v.notes, batchSize: v['batch-size'], maxMb: v['max-mb'],
  }).filter(([, x]) => x !== undefined));
  const checked = LoadRasterOptions.safeParse(given);
  if (!checked.success) fail(`invalid arguments:\n${checked.error.issues.map((i) => `  --${String(i.path[0] ?? 'input').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('\n')}`);
  const opts = checked.data;

  let config;
  try {
    // Assigning two million cells to settlements is one long statement: allow 10 minutes unless told otherwise.
    config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', STATEMENT_TIMEOUT_MS: '600000', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  let database: Database;
  try {
    database = await openDatabase(config, createLogger(config));
  } catch (err) {
    if (err instanceof DatabaseStartError) fail(err.message, 1);
    throw err;
  }
  try {
    await migrate(database);
    console.error(`import:population: ${opts.file} → ${database.backend} database at ${database.location}, dataset '${opts.dataset}'${opts.replace ? ' (replace)' : ''}`);
    const tty = process.stderr.isTTY === true;
    let last = 0;
    const r = await loadPopulationRaster(database.db, opts, {
      assignMaxM: config.populationAssignMaxM,
      onProgress: (p) => {
        if (!tty || Date.now() - last < 200) return;
        last = Date.now();
        process.stderr.write(`\r\x1b[2K  ${p.rows.toLocaleString('en')} cells, ${Math.round(p.population).toLocaleString('en')} people`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    console.log(`Population loaded: ${r.rows.toLocaleString('en')} cells, ${Math.round(r.population).toLocaleString('en')} people (dataset '${r.dataset}', ${r.width} × ${r.height} px, ${r.crs})`);
    console.log(`  left out: ${r.dropped.toLocaleString('en')} cells nodata, NaN or ≤ 0${r.outside ? `, ${r.outside} beyond the map's latitudes` : ''}${r.replaced ? `; replaced ${r.replaced.toLocaleString('en')} earlier rows` : ''}`);
    console.log(`  assigned to settlements: ${r.assignment.cells.toLocaleString('en')} cells (${r.assignment.unassigned.toLocaleString('en')} units farther than ${config.populationAssignMaxM} m from any settlement)`);
    const load = Math.max(r.seconds - r.assignment.seconds, 0.001);
    console.log(`  ${r.seconds.toFixed(1)} s: load ${load.toFixed(1)} s (${Math.round(r.rows / load).toLocaleString('en')} rows/s), assignment ${r.assignment.seconds.toFixed(1)} s; peak memory ${mb(r.peakRssBytes)}`);
  } catch (err) {
    if (err instanceof RasterProblem || err instanceof PopulationLoadProblem) console.error(`import:population: ${err.message}`);
    else console.error(`import:population failed, nothing was written: ${(err as Error)?.stack ?? err}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`import:population failed: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
