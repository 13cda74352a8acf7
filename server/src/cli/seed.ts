// npm run seed — load or refresh the demo data (upserts on each row's ref; rows of other datasets stay).
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { seedDemo } from '../seed/seed.js';

const config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ...process.env });
const database = await openDatabase(config, createLogger(config)).catch((err: Error) => { console.error(err.message); process.exit(1); });
try {
  await migrate(database);
  const r = await seedDemo(database, undefined, config.populationAssignMaxM);
  console.log(`demo data loaded into the ${database.backend} database at ${database.location}:`);
  console.log(`  ${r.datasets} datasets, ${r.facilityKinds} facility kinds`);
  for (const [layer, n] of Object.entries(r.layers)) console.log(`  ${layer}: ${n}`);
  console.log(`  budgets: ${r.budgets.documents} documents, ${r.budgets.lines} lines (illustrative)`);
  console.log(`  commitments: ${r.commitments.decisions} decisions, ${r.commitments.commitments} commitments, ${r.commitments.updates} progress updates (illustrative)`);
} finally {
  await database.close();
}
