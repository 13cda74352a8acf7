// Starts the service: configuration → database (embedded or server) → migrations → demo data on an
// empty database → HTTP. Stops gracefully on SIGTERM/SIGINT.
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { DatabaseStartError, openDatabase, type Database } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { refreshAssignment } from './population/population.repo.js';
import { refreshCanalEnds } from './analysis/canals.repo.js';
import { refreshCoverageReach } from './analysis/coverage.repo.js';
import { isEmpty, seedDemo } from './seed/seed.js';
import { createApp } from './app.js';
import { listen } from './http/server.js';
import { ensureFirstAdmin } from './auth/first-admin.js';
import { tuneProcess } from './runtime.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  tuneProcess(config);
  const log = createLogger(config);
  let database: Database;
  try {
    database = await openDatabase(config, log);
  } catch (err) {
    if (err instanceof DatabaseStartError) {
      log.fatal(err.message);
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  log.info({ backend: database.backend, location: database.location }, 'database open');
  const { applied, status } = await migrate(database);
  log.info({ applied: applied.map((m) => `${m.version}_${m.name}`), level: status.level }, 'migrations up to date');
  if (config.seedDemo === 'auto' && (await isEmpty(database))) {
    const report = await seedDemo(database, undefined, config.populationAssignMaxM);
    log.info(report, 'demo data loaded into the empty database');
  }

  await ensureFirstAdmin(database.db, config.auth, log); // ADMIN_EMAIL / ADMIN_PASSWORD, when no admin exists yet
  database.embedded?.startBackups();

  const app = createApp({ config, database, log });
  // Imports interrupted by the last stop (a commit rolled back, files not kept) are marked failed; the upload folder is emptied.
  const recovered = await app.services.imports.recover();
  if (recovered.failed || recovered.swept) log.info(recovered, 'imports: interrupted imports marked failed, upload folder swept');
  // Budget spreadsheets keep their file while they are checked (across restarts); cut-off uploads are removed.
  const sweptBudgets = await app.services.budgetImports.sweep();
  if (sweptBudgets) log.info({ swept: sweptBudgets }, 'budget imports: files no import keeps removed');
  // Slow clients must not hold the server: limits on headers, whole requests and idle keep-alives.
  const server: Server = await listen(app, config.port, config.host);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const shown = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  log.info({ url: shown, backend: database.backend }, 'listening');
  // Population units follow the settlements (and POPULATION_ASSIGN_MAX_M): redone only when something changed
  // since the last time, in the background (a national grid takes a minute or two; analyses meanwhile use the last one).
  // Then each settlement's nearest facility and reach per kind (coverage), made from those units when anything changed.
  refreshAssignment(database.db, config.populationAssignMaxM)
    .then((a) => { if (a.redone) log.info(a, 'population units assigned to settlements'); })
    .catch((err: Error) => log.error({ err: err.message }, 'population units: the assignment failed; analyses use the previous one'))
    .then(() => refreshCoverageReach(database.db))
    .then((r) => { if (r.redone) log.info(r, 'coverage: nearest facilities and reach stored again'); })
    .catch((err: Error) => log.error({ err: err.message }, 'coverage: the refresh failed; the analysis computes per request'));
  // Each canal end's role in the network (the canal analysis), likewise only when the canals changed.
  refreshCanalEnds(database.db)
    .then((e) => { if (e.redone) log.info(e, 'canal ends: roles in the network made again'); })
    .catch((err: Error) => log.error({ err: err.message }, 'canal ends: the refresh failed; the analysis computes them per request'));
  console.error(`\n  Map service ready at ${shown}  (database: ${database.backend}, ${database.location})\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing requests');
    const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
    force.unref();
    await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeIdleConnections(); });
    clearTimeout(force);
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

process.on('unhandledRejection', (err) => { console.error('unhandled rejection', err); });
main().catch((err) => {
  console.error(`Start-up failed: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
