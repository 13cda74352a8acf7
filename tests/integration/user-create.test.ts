// npm run user:create: the real CLI process against the test database (embedded folder or server).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { sql } from 'kysely';
import { createApp } from '../../server/src/app.js';
import { openDatabase, type Database } from '../../server/src/db/connect.js';
import { BACKEND, freshDatabase, silentLog, type TestDb } from '../helpers/backend.js';
import { collect, ROOT } from '../helpers/proc.js';

let t: TestDb;
let db: Database;
beforeAll(async () => {
  t = await freshDatabase();
  if (BACKEND === 'embedded') await t.database.close(); // the CLI takes the folder's lock
});
afterAll(async () => { await db?.close(); await t?.dispose(); });

function cli(args: string[], stdin?: string) {
  const env = { ...process.env, LOG_LEVEL: 'silent', ...(BACKEND === 'server' ? { DATABASE_URL: t.config.databaseUrl! } : { DATA_DIR: t.config.dataDir, DATABASE_URL: '' }) };
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/src/cli/user-create.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end(stdin ?? '');
  return collect(child);
}

describe(`npm run user:create (${BACKEND})`, () => {
  it('creates an account (and a new organisation), refuses a duplicate, and the account signs in', async () => {
    const ok = await cli(['--org', 'new-cso', '--org-name', 'A new CSO', '--role', 'advocate', '--email', 'New.Person@Example.org', '--name', 'New Person', '--password-stdin'], 'a long enough password\n');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/created advocate new.person@example.org in organisation 'new-cso' \(new organisation\)/);
    if (BACKEND === 'server') { // (each run opens the embedded database for several seconds: one run there is enough)
      const dup = await cli(['--org', 'new-cso', '--role', 'engineer', '--email', 'new.person@example.org', '--password', 'another long password']);
      expect(dup.code).toBe(1);
      expect(dup.stderr).toMatch(/already exists/);
    }
    const bad = await cli(['--org', 'new-cso', '--role', 'superuser', '--email', 'x@example.org', '--password', 'another long password']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/role must be one of admin, advocate, engineer/);

    db = BACKEND === 'embedded' ? await openDatabase(t.config, silentLog) : t.database;
    const u = await sql<{ role: string; slug: string; h: string }>`SELECT u.role, o.slug, u.password_hash AS h FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = 'new.person@example.org'`.execute(db.db);
    expect(u.rows).toHaveLength(1);
    expect(u.rows[0]).toMatchObject({ role: 'advocate', slug: 'new-cso' });
    expect(u.rows[0]!.h).toMatch(/^\$argon2id\$/);
    const app = createApp({ config: t.config, database: db, log: silentLog });
    const agent = supertest.agent(app);
    const s = await agent.get('/api/auth/session');
    const login = await agent.post('/api/auth/login').set('X-CSRF-Token', s.body.csrfToken).send({ email: 'new.person@example.org', password: 'a long enough password' }).expect(200);
    expect(login.body.user).toMatchObject({ displayName: 'New Person', organisation: { slug: 'new-cso', name: { en: 'A new CSO' } } });
    if (BACKEND === 'server') db = undefined as never; // disposed with t
  }, 120_000);
});
