// GET /api/health: which database, its versions, the migration level and the tile renderer.
import type { Database } from '../db/connect.js';
import { migrationStatus } from '../db/migrate.js';
import { serverVersions } from './health.repo.js';

export class HealthService {
  constructor(private readonly database: Database, private readonly tileRenderer: string) {}

  async status() {
    const v = await serverVersions(this.database.db);
    const m = await migrationStatus(this.database);
    return {
      status: m.pending.length ? 'migrations-pending' : 'ok',
      backend: this.database.backend,
      database: { location: this.database.location, postgres: v?.pg, postgis: v?.postgis },
      migrations: { level: m.level, latest: m.latest, pending: m.pending },
      tiles: { renderer: this.tileRenderer },
    };
  }
}
