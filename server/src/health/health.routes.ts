import { Router } from 'express';
import { sql } from 'kysely';
import type { Database } from '../db/connect.js';
import { migrationStatus } from '../db/migrate.js';

export function healthRouter(database: Database, tileRenderer: string): Router {
  const r = Router();
  r.get('/api/health', async (_req, res) => {
    const v = await sql<{ pg: string; postgis: string }>`SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis`.execute(database.db);
    const m = await migrationStatus(database);
    res.set('Cache-Control', 'no-store').json({
      status: m.pending.length ? 'migrations-pending' : 'ok',
      backend: database.backend,
      database: { location: database.location, postgres: v.rows[0]?.pg, postgis: v.rows[0]?.postgis },
      migrations: { level: m.level, latest: m.latest, pending: m.pending },
      tiles: { renderer: tileRenderer },
    });
  });
  return r;
}
