// npm run data:synthetic -- --canals 200000 --settlements 20000 --facilities 5000 [--seed 42] [--replace]
// Fills the database named by DATABASE_URL (or the embedded one in DATA_DIR) with deterministic
// synthetic data for benchmarks. See server/src/seed/synthetic.ts for what is generated.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { DatabaseStartError, openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { DEFAULTS, MAX_COUNT, SYNTHETIC_TABLES, SyntheticDataExists, generateSynthetic, parseSyntheticOptions } from '../seed/synthetic.js';

const USAGE = `Usage: npm run data:synthetic -- [--canals N] [--settlements N] [--facilities N] [--seed N] [--replace]

  --canals N        irrigation canals to generate (default ${DEFAULTS.canals})
  --settlements N   settlements (default ${DEFAULTS.settlements}); power lines, water mains and roads follow
                    (12 %, 8 % and 15 % of this number)
  --facilities N    public facilities (default ${DEFAULTS.facilities})
  --seed N          PRNG seed, 0–4294967295 (default ${DEFAULTS.seed}); the same seed gives the same rows
  --replace         delete earlier synthetic rows (ref 'synthetic:…') first
  -h, --help        this text

Counts are whole numbers from 1 to ${MAX_COUNT}. The target database is DATABASE_URL (PostgreSQL/PostGIS server)
or, when it is unset, the embedded database in DATA_DIR (much slower for large counts).
Rows are marked provenance 'illustrative', dataset 'synthetic' (CC0-1.0): never mix them with real analysis.`;

function fail(message: string, code = 2): never {
  console.error(`${message}\nRun 'npm run data:synthetic -- --help' for the options.`);
  process.exit(code);
}

async function main() {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: {
        canals: { type: 'string' },
        settlements: { type: 'string' },
        facilities: { type: 'string' },
        seed: { type: 'string' },
        replace: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(`data:synthetic: ${(err as Error).message}`);
  }
  if (args.help) { console.log(USAGE); return; }
  let opts;
  try {
    opts = parseSyntheticOptions(args);
  } catch (err) {
    fail(`data:synthetic: invalid arguments:\n${(err as Error).message.split('\n').map((l) => `  ${l}`).join('\n')}`);
  }

  let config;
  try {
    config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const log = createLogger(config);
  let database: Database;
  try {
    database = await openDatabase(config, log);
  } catch (err) {
    if (err instanceof DatabaseStartError) { console.error(`data:synthetic: ${err.message}`); process.exit(1); }
    throw err;
  }
  const started = performance.now();
  try {
    console.error(`data:synthetic: ${database.backend} database at ${database.location}`);
    const { applied } = await migrate(database);
    if (applied.length) console.error(`data:synthetic: applied migrations ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}`);
    if (database.backend === 'embedded' && opts.canals + opts.settlements > 100_000) {
      // Measured: 200,000 canals + 20,000 settlements in about 40 s (vs 15 s on a PostgreSQL server).
      console.error('data:synthetic: the embedded database is single-threaded WebAssembly: expect about a minute per 200,000 canals.');
    }
    const report = await generateSynthetic(database, {
      ...opts,
      replace: args.replace,
      onProgress: (line) => console.error(`  ${line}`),
    });
    const width = Math.max(...SYNTHETIC_TABLES.map((t) => t.length));
    console.log(`\nSynthetic data (seed ${report.seed}, ${report.backend} database):`);
    for (const t of SYNTHETIC_TABLES) {
      const del = report.deleted[t] ? `  (replaced ${report.deleted[t]})` : '';
      console.log(`  ${t.padEnd(width)} ${String(report.counts[t]).padStart(9)} rows  ${report.seconds[t].toFixed(1).padStart(6)} s${del}`);
    }
    if (report.facilityKindsInserted) console.log(`  facility_kinds: ${report.facilityKindsInserted} kinds inserted from ${report.facilityKindsSource}`);
    console.log(`  outline: ${report.outline}`);
    console.log(`  VACUUM (ANALYZE) ${report.seconds.analyze.toFixed(1)} s; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  dataset 'synthetic', provenance 'illustrative', refs 'synthetic:<table>:<n>'`);
  } catch (err) {
    if (err instanceof SyntheticDataExists) {
      console.error(`data:synthetic: ${err.message}\n  e.g. npm run data:synthetic -- --replace ${process.argv.slice(2).join(' ')}`);
      process.exitCode = 1;
    } else {
      console.error(`data:synthetic failed: ${(err as Error)?.stack ?? err}`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`data:synthetic failed: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
