// npm run migrate — apply sql/ migrations to the configured database (DATABASE_URL or DATA_DIR).
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';

const config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ...process.env });
const database = await openDatabase(config, createLogger(config)).catch((err: Error) => { console.error(err.message); process.exit(1); });
try {
  const { applied, status } = await migrate(database);
  console.log(applied.length ? `applied: ${applied.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`).join(', ')}` : 'nothing to apply');
  console.log(`${database.backend} database at ${database.location}: migration level ${status.level} of ${status.latest}`);
} finally {
  await database.close();
}
