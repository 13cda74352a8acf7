// npm run import:osm -- <extract.osm.pbf|.osm> [--bbox minLon,minLat,maxLon,maxLat] [--dry-run] [--batch-size N]
// Loads an OpenStreetMap extract into the configured database (DATABASE_URL, or the embedded one in
// DATA_DIR; migrates first): the shared layers (canals, power lines, water mains, roads, facilities,
// settlements; dataset 'osm') and the basemap of context (osm_* tables). See server/src/osm/.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { DatabaseStartError, openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { ImportOsmArgs } from '../osm/osm.schema.js';
import { importOsm } from '../osm/osm.service.js';
import { OsmiumError } from '../osm/osm.reader.js';
import { OSM_TABLE_NAMES } from '../osm/osm.mapping.js';

const USAGE = `Usage: npm run import:osm -- <extract.osm.pbf|.osm> [--bbox minLon,minLat,maxLon,maxLat] [--dry-run] [--batch-size N]

  <extract>        an OpenStreetMap file (.osm.pbf from e.g. download.geofabrik.de/asia/kyrgyzstan.html, or .osm)
  --bbox ...       import only this box (degrees); rows of earlier runs are deleted only inside it
  --dry-run        do everything, report the counts, then roll back (nothing is written)
  --batch-size N   rows per INSERT (default 1000)
  -h, --help       this text

Needs osmium-tool (apt-get install osmium-tool). One transaction: the run is written whole or not at all.
A re-run updates rows by their OSM id (ref osm:way/45) and deletes the osm rows the extract no longer has.
Data © OpenStreetMap contributors, ODbL-1.0: the attribution is shown on the map and in every export.`;

function fail(message: string, code = 2): never {
  console.error(`import:osm: ${message}\nRun 'npm run import:osm -- --help' for the options.`);
  process.exit(code);
}

const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MB`);

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { bbox: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, 'batch-size': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    fail((err as Error).message);
  }
  if (parsed.values.help) { console.log(USAGE); return; }
  if (parsed.positionals.length !== 1) fail(parsed.positionals.length ? 'give one extract file' : 'which extract? give the .osm.pbf or .osm file');
  const checked = ImportOsmArgs.safeParse({
    file: parsed.positionals[0], dryRun: parsed.values['dry-run'],
    ...(parsed.values.bbox !== undefined ? { bbox: parsed.values.bbox } : {}),
    ...(parsed.values['batch-size'] !== undefined ? { batchSize: parsed.values['batch-size'] } : {}),
  });
  if (!checked.success) fail(`invalid arguments:\n${checked.error.issues.map((i) => `  ${i.path.join('.') || 'input'}: ${i.message}`).join('\n')}`);
  const args = checked.data;

  let config;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ...process.env });
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
    console.error(`import:osm: ${args.file} → ${database.backend} database at ${database.location}${args.bbox ? `, bbox ${args.bbox.join(',')}` : ''}${args.dryRun ? ' (dry run)' : ''}`);
    const r = await importOsm(database, {
      file: args.file, bbox: args.bbox, dryRun: args.dryRun, batchSize: args.batchSize, region: config.serviceRegion, assignMaxM: config.populationAssignMaxM,
      onProgress: (line) => console.error(`  ${line}`),
      onStep: (s) => console.error(`  osmium ${s.step}: ${s.seconds.toFixed(1)} s, peak ${mb(s.peakRssBytes)}`),
    });
    const w = Math.max(...OSM_TABLE_NAMES.map((t) => t.length));
    console.log(`\nOpenStreetMap import${r.dryRun ? ' — DRY RUN, rolled back' : ''} (source date ${r.sourceDate}, ${r.features.toLocaleString('en')} features read):`);
    console.log(`  ${'table'.padEnd(w)}  inserted   updated   deleted   skipped   osm rows`);
    for (const t of OSM_TABLE_NAMES) {
      const x = r.tables[t];
      console.log(`  ${t.padEnd(w)} ${[x.inserted, x.updated, x.deleted, x.skipped, x.rows].map((n) => String(n).padStart(9)).join(' ')}`);
    }
    if (r.facilityKindsInserted) console.log(`  facility_kinds: ${r.facilityKindsInserted} missing kinds inserted`);
    console.log(`  complete areas: ${r.completeAreas.declared} declared (facility kinds and networks), bounded by ${r.completeAreas.source === 'header' ? "the extract's header box" : r.completeAreas.source === 'bbox' ? 'the --bbox' : 'the extent of the data'}`);
    console.log(`  skipped: geometry PostGIS could not fit to the table, or a ref held by another dataset`);
    console.log(`  ${r.seconds.toFixed(1)} s; dataset 'osm', licence ODbL-1.0, © OpenStreetMap contributors`);
  } catch (err) {
    if (err instanceof OsmiumError) { console.error(`import:osm: ${err.message}`); process.exitCode = 1; } else {
      console.error(`import:osm failed, nothing was written: ${(err as Error)?.stack ?? err}`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`import:osm failed: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
