// Load benchmark (npm run bench:load): N concurrent keep-alive connections asking for ~150 vector
// tiles of the six demo project areas (z6–z15) for D seconds, against the real app on loopback.
// Passes when there is no error, no unexpected non-2xx (a 503 with Retry-After is a bounded wait and is
// reported apart), no request without an answer within 10 s, and resident memory grows by at most
// LOAD_RSS_GROWTH_MB. See bench/README.md ("bench:load").
//
//   LOAD_CONNECTIONS     concurrent connections (default 300)
//   LOAD_SECONDS         seconds of load (default 20)
//   DATABASE_URL         a PostgreSQL/PostGIS server database (migrated and seeded here when empty);
//                        unset: a new embedded database in a temporary folder, removed afterwards
//   TILE_CACHE_MB        the app's tile cache (default 0 here: every tile is rendered)
//   LOAD_DATA_DIR        an embedded database folder to use and keep (seeded when empty), to skip seeding between runs
//   LOAD_RSS_GROWTH_MB   largest allowed growth of resident memory over the run (default 200)
//   DB_WAIT_MS           the app's bounded wait for the database (see server/src/config.ts)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/log.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { isEmpty, seedDemo } from '../server/src/seed/seed.js';
import { createApp } from '../server/src/app.js';
import { listen } from '../server/src/http/server.js';
import { memoryNow, problems, report, runLoad, tilePaths } from './load.js';

const CONNECTIONS = Math.max(1, Number(process.env.LOAD_CONNECTIONS ?? 300) || 300);
const SECONDS = Math.max(1, Number(process.env.LOAD_SECONDS ?? 20) || 20);
const RSS_GROWTH_MB = Number(process.env.LOAD_RSS_GROWTH_MB ?? 200) || 200;

async function main() {
  // LOAD_DATA_DIR: an embedded database folder to use (seeded when empty) and keep, to skip seeding between runs.
  const keep = process.env.DATABASE_URL ? undefined : process.env.LOAD_DATA_DIR;
  const tmp = process.env.DATABASE_URL ? undefined : keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kg-load-'));
  const config = loadConfig({
    LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', SEED_DEMO: 'never', TILE_CACHE_MB: '0',
    ...process.env,
    ...(tmp ? { DATA_DIR: tmp, DATABASE_URL: '' } : {}),
  });
  const log = createLogger(config);
  let database = await openDatabase(config, log);
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    await migrate(database);
    if (await isEmpty(database)) {
      await seedDemo(database, undefined, config.populationAssignMaxM);
      // Measure a server as it starts on existing data, not one that has just loaded the demo data.
      await database.close();
      database = await openDatabase(config, log);
    }
    const app = createApp({ config, database, log });
    server = await listen(app, 0, '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    const paths = tilePaths();
    console.log(`backend ${database.backend} (${database.location}), tile cache ${config.tileCacheBytes ? `${config.tileCacheBytes / 1048576} MB` : 'off'}, ${paths.length} tiles, node ${process.version}`);
    // One short warm-up pass (not measured) so the first-use costs (plans, WASM pages) are not counted as growth.
    await runLoad({ port, connections: Math.min(CONNECTIONS, 20), seconds: 2, paths });
    // The embedded database's WebAssembly memory (PostgreSQL's own heap and shared buffers): it only grows, never shrinks.
    const wasmMb = () => { const m = (database.embedded?.pglite as unknown as { mod?: { HEAP8?: Uint8Array } } | undefined)?.mod?.HEAP8; return m ? Math.round(m.byteLength / 1048576) : undefined; };
    const wasmBefore = wasmMb();
    const r = await runLoad({ port, connections: CONNECTIONS, seconds: SECONDS, paths });
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((res) => setTimeout(res, 1000));
    r.memory.after = memoryNow();
    console.log(report(`bench:load ${database.backend}`, r));
    if (wasmBefore !== undefined) console.log(`  PGlite WebAssembly memory MB ${wasmBefore} → ${wasmMb()} (part of rss and external)`);
    console.log(`  database queue (db/gate.ts, DB_WAIT_MS ${config.dbWaitMs}): ${JSON.stringify(database.gate?.counts)}`);
    console.log(`  slowest: ${r.slowest.slice(0, 3).map((x) => `${x.ms} ms ${x.path} (connection ${x.connection}, its request #${x.nth + 1}, sent at ${x.sentAtMs} ms)`).join('; ')}`);
    const bad = problems(r, { rssGrowthMb: RSS_GROWTH_MB });
    if (bad.length) {
      console.log(`FAILED:\n  ${bad.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`PASSED (rss growth bound ${RSS_GROWTH_MB} MB)`);
    }
  } finally {
    server?.closeAllConnections();
    if (server) await new Promise((res) => server!.close(res));
    await database.close();
    if (tmp && !keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
