// The start of a loading command (import:osm, import:population, data:population-grid): the
// configuration from the environment, the database opened and migrated. A bad setting or a database
// that cannot start ends the command through `fail` (exit 2 or 1), with the reason.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createLogger } from '../log.js';
import { DatabaseStartError, openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';

export async function openCliDatabase(defaults: Record<string, string>, fail: (message: string, code?: number) => never): Promise<{ config: Config; database: Database }> {
  let config: Config;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ...defaults, ...process.env });
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
  await migrate(database);
  return { config, database };
}
