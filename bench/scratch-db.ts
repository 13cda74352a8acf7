// A fresh, migrated database on the benchmark's PostgreSQL server (created under `name`, replacing one
// of that name), and its removal afterwards unless kept. Used by the loading benchmarks.
import pg from 'pg';
import { loadConfig, type Config } from '../server/src/config.js';
import { createLogger } from '../server/src/log.js';
import { openDatabase, redactUrl, type Database } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';

export interface ScratchDatabase { database: Database; config: Config; location: string; drop(keep: boolean): Promise<void> }

export async function scratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const config = loadConfig({ DATABASE_URL: u.toString(), LOG_LEVEL: 'warn', STATEMENT_TIMEOUT_MS: '600000' });
  const database = await openDatabase(config, createLogger(config));
  await migrate(database);
  return {
    database, config, location: redactUrl(u.toString()),
    async drop(keep) {
      await database.close();
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}
