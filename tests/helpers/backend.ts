// Which database the suite runs against, and the pieces every integration test needs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../server/src/config.js';
import { openDatabase, type Database } from '../../server/src/db/connect.js';

export const SERVER_URL = process.env.TEST_DATABASE_URL || undefined;
export const BACKEND: 'embedded' | 'server' = SERVER_URL ? 'server' : 'embedded';
export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function testConfig(over: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0', SEED_DEMO: 'never', ...over });
}

export function withDb(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

export interface TestDb { database: Database; config: Config; dispose(): Promise<void> }

/**
 * A fresh, migrated database with the demo data (`seeded`, the default) or empty and unmigrated.
 * Embedded: a new PGlite folder loaded from the template dump. Server: CREATE DATABASE … TEMPLATE.
 */
export async function freshDatabase(opts: { backend?: 'embedded' | 'server'; seeded?: boolean; env?: Record<string, string> } = {}): Promise<TestDb> {
  const backend = opts.backend ?? BACKEND;
  const seeded = opts.seeded ?? true;
  if (backend === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-test-'));
    const config = testConfig({ ...opts.env, DATA_DIR: dir });
    const dump = seeded ? new Blob([fs.readFileSync(inject('pgliteTemplate'))]) : undefined;
    const database = await openDatabase(config, silentLog, { initialDump: dump });
    return { database, config, dispose: async () => { await database.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  if (!SERVER_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `kgtest_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(async (c) => {
    if (seeded) await c.query(`CREATE DATABASE ${name} TEMPLATE ${inject('serverTemplate')}`);
    else {
      await c.query(`CREATE DATABASE ${name}`);
    }
  });
  const config = testConfig({ ...opts.env, DATABASE_URL: withDb(SERVER_URL, name) });
  const database = await openDatabase(config, silentLog);
  return {
    database, config,
    dispose: async () => {
      await database.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    serverTemplate: string;
  }
}
