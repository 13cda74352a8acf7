// npm run import: the CLI as a process on the configured database (embedded folder or server database).
// It commits an organisation layer (exit 0, the layer id in the report), a dry run stores nothing and
// exits by whether the commit would be accepted, a missing provenance is one line and exit 2, and on
// the embedded database a folder held by another process is refused with a message saying so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/connect.js';
import { PasswordHasher } from '../../server/src/auth/passwords.js';
import { createUser } from '../../server/src/organisations/users.service.js';
import type { NewUser } from '../../server/src/organisations/organisations.schema.js';
import { BACKEND, freshDatabase, silentLog, testConfig, type TestDb } from '../helpers/backend.js';
import { collect, runTsDirect } from '../helpers/proc.js';
import { PASSWORD, TEST_ARGON2 } from '../helpers/session.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-import-cli-'));
const dataDir = path.join(dir, 'data');
const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'never' };
let t: TestDb | undefined;

const FILE = path.join(dir, 'water_points.geojson');
const point = (name: string, lon: number, lat: number) => ({ type: 'Feature', properties: { name, depth: 3 }, geometry: { type: 'Point', coordinates: [lon, lat] } });
fs.writeFileSync(FILE, JSON.stringify({ type: 'FeatureCollection', features: [point('Булак', 78.39, 42.49), point('Кудук', 78.4, 42.5), point('Far away', 10, 10)] }));
const FACILITIES = path.join(dir, 'clinics.geojson');
const facility = (name: string, kind: string, lon: number, lat: number) => ({ type: 'Feature', properties: { name_ky: name, kind }, geometry: { type: 'Point', coordinates: [lon, lat] } });
fs.writeFileSync(FACILITIES, JSON.stringify({ type: 'FeatureCollection', features: [facility('ҮМБ', 'clinic', 78.39, 42.49), facility('Мектеп', 'school', 78.4, 42.5)] }));
const PROV = ['--source', 'Field survey', '--date', '2026-07-20', '--licence', 'CC-BY-4.0', '--provenance', 'real'];

const run = (...args: string[]) => collect(runTsDirect('server/src/cli/import.ts', env, args));

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (t) return fn(t.database);
  const database = await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLog);
  try { return await fn(database); } finally { await database.close(); }
}
const countLayers = () => withDb(async (d) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation_layers`.execute(d.db)).rows[0]!.n);

beforeAll(async () => {
  const user = { org: 'cli-cso', orgName: 'CLI CSO', role: 'advocate', email: 'adv@cli.example', name: 'Adv', password: PASSWORD } as NewUser;
  const admin = { org: 'cli-admins', orgName: 'CLI admins', role: 'admin', email: 'admin@cli.example', name: 'Admin', password: PASSWORD } as NewUser;
  if (BACKEND === 'embedded') {
    const database = await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLog, { initialDump: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    await createUser(database.db, new PasswordHasher(TEST_ARGON2), user);
    await createUser(database.db, new PasswordHasher(TEST_ARGON2), admin);
    await database.close();
  } else {
    t = await freshDatabase();
    await createUser(t.database.db, new PasswordHasher(TEST_ARGON2), user);
    await createUser(t.database.db, new PasswordHasher(TEST_ARGON2), admin);
    env.DATABASE_URL = t.config.databaseUrl!;
  }
}, 120_000);
afterAll(async () => {
  await t?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`npm run import (${BACKEND})`, () => {
  it('a missing provenance: one line, exit 2, before the database is opened', async () => {
    const r = await run(FILE, '--layer', 'organisation', '--org', 'cli-cso');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['Say where the data comes from: --source, --date, --licence, --provenance are needed (or a "provenance" object in the --mapping file).']);
  });

  it('a dry run reports and stores nothing: exit 1 with a blocking problem, 0 with --skip-invalid', async () => {
    const a = await run(FILE, '--layer', 'organisation', '--org', 'cli-cso', '--dry-run', ...PROV);
    expect(a.code, a.stderr).toBe(1);
    expect(a.stdout).toMatch(/3 features — 2 ready, 0 repaired, 1 with problems/);
    expect(a.stdout).toMatch(/feature #3: outside-region/);
    expect(a.stdout).toMatch(/dry run: the commit would be refused/);
    const b = await run(FILE, '--layer', 'organisation', '--org', 'cli-cso', '--dry-run', '--skip-invalid', ...PROV);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/dry run: the commit would store 2 features and leave out 1; nothing was stored/);
    expect(await countLayers()).toBe(0);
    expect(fs.readdirSync(path.join(dataDir, 'imports'))).toEqual([]);
  }, 120_000);

  it('commits an organisation layer and names it; exit 1 when the commit is refused', async () => {
    const refused = await run(FILE, '--layer', 'organisation', '--org', 'cli-cso', ...PROV);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 of 3 features have problems .*--skip-invalid.*Nothing was stored/);
    const r = await run(FILE, '--layer', 'organisation', '--org', 'cli-cso', '--skip-invalid', '--title', 'Water points', ...PROV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/committed: 2 features into layer org-[0-9a-f]{8}/);
    expect(await countLayers()).toBe(1);
    const title = await withDb(async (d) => (await sql<{ title: unknown }>`SELECT title FROM organisation_layers`.execute(d.db)).rows[0]!.title);
    expect(title).toEqual({ en: 'Water points', ru: 'Water points', ky: 'Water points' });
    expect(fs.readdirSync(path.join(dataDir, 'imports'))).toEqual([]);
  }, 120_000);

  it('a shared layer needs an admin', async () => {
    const r = await run(FILE, '--layer', 'canals', '--user', 'adv@cli.example', ...PROV);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('The account adv@cli.example is not an enabled admin, which importing into the shared layer canals needs. Give --user <email> of one, or create one with npm run user:create.');
  }, 60_000);

  it('--complete-area: a wrong value is exit 2 before the database is opened; extent:500 declares one area per facility kind', async () => {
    const bad = await run(FACILITIES, '--layer', 'facilities', '--complete-area', 'everywhere', ...PROV);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("--complete-area must be extent[:metres], municipalities:<name>,<name>, polygon:<file.geojson> or none, not 'everywhere'.");
    const r = await run(FACILITIES, '--layer', 'facilities', '--user', 'admin@cli.example', '--dataset', 'cli-clinics', '--complete-area', 'extent:500', ...PROV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('complete area (extent): 2 declared (one per facility kind).');
    const kinds = await withDb(async (d) => (await sql<{ kind: string }>`SELECT kind FROM complete_areas WHERE dataset_id = 'cli-clinics' ORDER BY kind`.execute(d.db)).rows.map((x) => x.kind));
    expect(kinds).toEqual(['clinic', 'school']);
  }, 90_000);

  it.skipIf(BACKEND !== 'embedded')('says so when a running process holds the embedded database', async () => {
    const holder = await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLog);
    try {
      const r = await run(FILE, '--layer', 'organisation', '--org', 'cli-cso', ...PROV);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/already in use by another process .*A running server holds the embedded database: stop it before importing from the command line, or import through the web app or the API/);
    } finally {
      await holder.close();
    }
  }, 60_000);
});
