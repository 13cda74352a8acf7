// Forward-only SQL migrations from sql/NNNN_name.sql, the same files on both databases,
// recorded in schema_migrations with a checksum. Idempotent: applied files are skipped; an applied
// file whose content changed is an error (write a new migration instead).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './connect.js';

export const SQL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sql');
const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 4_271_993; // advisory lock: one migrator at a time across app instances

export interface Migration { version: number; name: string; sql: string; checksum: string }
export interface MigrationStatus { level: number; latest: number; applied: { version: number; name: string }[]; pending: number[] }

export function loadMigrations(dir = SQL_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => FILE_RE.test(f)).sort();
  const list = files.map((f) => {
    const [, v, name] = FILE_RE.exec(f)!;
    const sql = fs.readFileSync(path.join(dir, f), 'utf8');
    return { version: Number(v), name: name!, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
  });
  // Numbers are unique and rise; a gap is allowed while a branch waits for a number taken on another
  // (0009_osm_basemap before 0008_imports is merged). A lower number that arrives later is applied then.
  list.forEach((m, i) => {
    if (m.version < 1 || (i > 0 && m.version <= list[i - 1]!.version)) throw new Error(`Migrations must be numbered 0001, 0002, … each number once; found ${m.version} at position ${i + 1}`);
  });
  return list;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

export async function migrate(database: Database, dir = SQL_DIR): Promise<{ applied: Migration[]; status: MigrationStatus }> {
  const migrations = loadMigrations(dir);
  const applied: Migration[] = [];
  await database.session(async (s) => {
    if (database.backend === 'server') await s.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await s.exec(CREATE_TABLE);
      const done = new Map(
        (await s.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')).map((r) => [Number(r.version), r.checksum]),
      );
      for (const m of migrations) {
        const sum = done.get(m.version);
        if (sum !== undefined) {
          if (sum !== m.checksum) throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`);
          continue;
        }
        // Same connection as the lock, one transaction per file: a failing file leaves nothing behind.
        await s.exec('BEGIN');
        try {
          await s.exec(m.sql);
          await s.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
          await s.exec('COMMIT');
        } catch (err) {
          await s.exec('ROLLBACK').catch(() => {});
          throw new Error(`Migration ${m.version}_${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m);
      }
    } finally {
      if (database.backend === 'server') await s.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
  return { applied, status: await migrationStatus(database, dir) };
}

export async function migrationStatus(database: Database, dir = SQL_DIR): Promise<MigrationStatus> {
  const migrations = loadMigrations(dir);
  const rows = await database.db
    .selectFrom('schema_migrations')
    .select(['version', 'name'])
    .orderBy('version')
    .execute()
    .catch(() => [] as { version: number; name: string }[]);
  const have = new Set(rows.map((r) => Number(r.version)));
  return {
    level: rows.length ? Math.max(...rows.map((r) => Number(r.version))) : 0,
    latest: migrations.length ? migrations[migrations.length - 1]!.version : 0,
    applied: rows.map((r) => ({ version: Number(r.version), name: r.name })),
    pending: migrations.filter((m) => !have.has(m.version)).map((m) => m.version),
  };
}
