// npm run data:population-grid -- (--cells N | --around <settlement ref>) [--cell-m 100] [--seed N] [--replace]
// An ILLUSTRATIVE population grid around the settlements of the configured database (DATABASE_URL, or
// the embedded one in DATA_DIR): dataset 'synthetic-population', provenance 'illustrative'. See
// server/src/seed/population-grid.ts. Exit 0: written. 1: not written. 2: usage.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { DatabaseStartError, openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { PopulationGridOptions } from '../population/population.schema.js';
import { PopulationLoadProblem } from '../population/population.service.js';
import { GRID_DATASET, writeGridTiff, writePopulationGrid } from '../seed/population-grid.js';

const USAGE = `Usage: npm run data:population-grid -- (--cells N | --around <settlement ref> [--tif out.tif]) [--cell-m 100] [--seed N] [--replace]

  --cells N        N cells (1–2,000,000) around all settlements, shared in proportion to their population (benchmarks)
  --around <ref>   a small grid around one settlement (its ref, e.g. from GET /api/layers/settlements/features)
  --tif FILE       with --around: write that grid as a GeoTIFF (EPSG:4326) instead of into the database, to try
                   npm run import:population with
  --cell-m M       cell size in metres (default 100, like WorldPop and GHSL)
  --seed N         PRNG seed (default 1); the same options give the same rows
  --replace        remove the earlier synthetic grid first
  -h, --help       this text

The cells of a settlement add up to its recorded population. Rows are dataset '${GRID_DATASET.id}', licence CC0-1.0,
provenance 'illustrative', and say they are not real: never use them for real analysis.`;

function fail(message: string, code = 2): never {
  console.error(`data:population-grid: ${message}\nRun 'npm run data:population-grid -- --help' for the options.`);
  process.exit(code);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2), strict: true, allowPositionals: false,
      options: { cells: { type: 'string' }, around: { type: 'string' }, tif: { type: 'string' }, 'cell-m': { type: 'string' }, seed: { type: 'string' }, replace: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) { console.log(USAGE); return; }
  const checked = PopulationGridOptions.safeParse(Object.fromEntries(Object.entries({ cells: v.cells, around: v.around, tif: v.tif, cellM: v['cell-m'], seed: v.seed, replace: v.replace }).filter(([, x]) => x !== undefined)));
  if (!checked.success) fail(checked.error.issues.map((i) => `${i.path.length ? `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ` : ''}${i.message}`).join('\n'));

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
    if (checked.data.tif !== undefined) {
      const f = await writeGridTiff(database.db, checked.data);
      console.log(`Synthetic population grid (ILLUSTRATIVE, not real) written to ${f.file}: ${f.cells.toLocaleString('en')} cells, ${f.population.toLocaleString('en')} people (nothing written to the database)`);
      return;
    }
    const r = await writePopulationGrid(database.db, checked.data, config.populationAssignMaxM);
    console.log(`Synthetic population grid (ILLUSTRATIVE, not real): ${r.rows.toLocaleString('en')} cells, ${Math.round(r.population).toLocaleString('en')} people around ${r.settlements} settlement${r.settlements === 1 ? '' : 's'}${r.replaced ? ` (replaced ${r.replaced.toLocaleString('en')})` : ''}`);
    console.log(`  assigned to settlements: ${r.assignment.cells.toLocaleString('en')} cells; ${r.seconds.toFixed(1)} s, peak memory ${(r.peakRssBytes / 1024 / 1024).toFixed(0)} MB`);
  } catch (err) {
    if (err instanceof PopulationLoadProblem) console.error(`data:population-grid: ${err.message}`);
    else console.error(`data:population-grid failed, nothing was written: ${(err as Error)?.stack ?? err}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`data:population-grid failed: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
