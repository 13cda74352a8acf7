// kill -9 in the middle of an import's commit. The REAL server process (tsx server/src/main.ts) gets a
// 100,000-point GeoJSON mapped to an organisation layer; while the commit's transaction is writing, the
// process is killed with SIGKILL and started again on the same DATA_DIR (embedded) or the same server
// database. Then: nothing of the import was stored (no organisation layer with its import_id, no
// features, no staged rows), the import is 'failed' with an error that says the server stopped during
// the commit, and the upload folder was swept. Runs on both backends.
//
// Watching the commit: on the server database GET /api/imports/{id} answers while the commit runs and
// shows progress.done; the embedded database is one session, so a GET waits while the commit's
// transaction holds it — a GET that does not answer within a moment, after one that said 'committing',
// means the transaction is writing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/src/db/connect.js';
import { PasswordHasher } from '../../server/src/auth/passwords.js';
import { createUser } from '../../server/src/organisations/users.service.js';
import type { NewUser } from '../../server/src/organisations/organisations.schema.js';
import { BACKEND, freshDatabase, silentLog, testConfig, type TestDb } from '../helpers/backend.js';
import { collect, runTsDirect } from '../helpers/proc.js';
import { PASSWORD, TEST_ARGON2 } from '../helpers/session.js';

const N = 100_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-import-crash-'));
const dataDir = path.join(dir, 'data');
let t: TestDb | undefined;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await t?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** 100,000 points in the Kyrgyz extent with Cyrillic names, written as one GeoJSON file (~13 MB). */
function makeFile(): string {
  const file = path.join(dir, 'water_points_100k.geojson');
  const parts: string[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < N; i++) {
    const lon = 70 + rnd() * 9.5, lat = 39.5 + rnd() * 3.5;
    parts.push(JSON.stringify({ type: 'Feature', properties: { name: `Булак №${i}`, depth: Math.round(rnd() * 40), kind: i % 3 ? 'well' : 'spring' }, geometry: { type: 'Point', coordinates: [+lon.toFixed(6), +lat.toFixed(6)] } }));
  }
  fs.writeFileSync(file, `{"type":"FeatureCollection","features":[\n${parts.join(',\n')}\n]}\n`);
  return file;
}

async function start(env: Record<string, string>) {
  const child = runTsDirect('server/src/main.ts', { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'never', BACKUP_INTERVAL_MIN: '0' });
  children.push(child);
  const exit = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no "ready" line in 90 s: ${err}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /Map service ready at (http:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
  });
  return { child, exit, url };
}

/** A signed-in HTTP client of the running server (cookies kept by hand, CSRF header on writes). */
async function signIn(base: string, email: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => { for (const c of res.headers.getSetCookie()) { const [kv] = c.split(';'); const i = kv!.indexOf('='); jar.set(kv!.slice(0, i), kv!.slice(i + 1)); } };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(`${base}/api/auth/session`);
  keep(res);
  let csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: cookie() }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status, await res.clone().text()).toBe(200);
  keep(res);
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return (url: string, init: RequestInit & { timeoutMs?: number } = {}) =>
    fetch(`${base}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: cookie(), 'x-csrf-token': csrf }, ...(init.timeoutMs ? { signal: AbortSignal.timeout(init.timeoutMs) } : {}) });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`kill -9 during an import's commit (${BACKEND})`, () => {
  it('stores nothing of the import, marks it failed saying the server stopped, and sweeps the upload folder', async () => {
    // A database with one advocate, and the environment the server runs with.
    const user = { org: 'crash-cso', orgName: 'Crash test CSO', role: 'advocate', email: 'adv@crash.example', name: 'Adv', password: PASSWORD } as NewUser;
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (BACKEND === 'embedded') {
      const database = await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLog, { initialDump: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
      await createUser(database.db, new PasswordHasher(TEST_ARGON2), user);
      await database.close();
    } else {
      t = await freshDatabase();
      await createUser(t.database.db, new PasswordHasher(TEST_ARGON2), user);
      env.DATABASE_URL = t.config.databaseUrl!;
    }
    const file = makeFile();

    const a = await start(env);
    const api = await signIn(a.url, user.email);
    let res = await api(`/api/imports?filename=${path.basename(file)}`, { method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: fs.readFileSync(file) });
    expect(res.status, await res.clone().text()).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    res = await api(`/api/imports/${id}/mapping`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        target: { kind: 'organisation', title: { en: 'Water points', ru: 'Точки воды', ky: 'Суу чекиттери' }, style: { color: '#1f6fb4' } },
        provenance: { source: 'Crash test', date: '2026-07-01', licence: 'CC-BY-4.0', provenance: 'illustrative' },
      }),
    });
    const mapped = (await res.json()) as { status: string; report: { ready: number } };
    expect(res.status, JSON.stringify(mapped).slice(0, 500)).toBe(200);
    expect(mapped.report.ready).toBe(N);
    expect(fs.readdirSync(path.join(dataDir, 'imports'))).toHaveLength(1);

    // Commit, and kill the server while its transaction writes.
    let commitAnswered = false;
    const t0 = Date.now();
    const commit = api(`/api/imports/${id}/commit`, { method: 'POST' }).then((r) => { commitAnswered = true; console.log(`commit answered ${r.status} after ${Date.now() - t0} ms`); return r.status; }, () => 'connection lost');
    let seen = '';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !commitAnswered) {
      // The timeout covers the body too: an answer whose headers came but whose body did not within 500 ms is 'no answer'.
      const r = await api(`/api/imports/${id}`, { timeoutMs: 500 }).then((x) => x.json() as Promise<{ status: string; progress: { done: number; total: number } | null }>).catch(() => null);
      if (r === null) {
        // No answer within 500 ms: the embedded database is held by the commit's transaction.
        seen = 'committing (the database is held by the commit)';
        await sleep(300);
        break;
      } else if (r.status === 'committing') {
        seen = `committing ${r.progress?.done ?? 0}/${r.progress?.total ?? 0}`;
        if ((r.progress?.done ?? 0) > 0) break;
      } else if (r.status !== 'mapped') {
        seen = r.status;
        break;
      }
      await sleep(20);
    }
    expect(commitAnswered, `the commit finished before the kill (${seen}): make the file bigger`).toBe(false);
    expect(seen).toMatch(/^committing/);
    if (BACKEND === 'server') expect(seen).toMatch(/^committing [1-9]\d*\/100000$/);
    a.child.kill('SIGKILL');
    const killed = await a.exit;
    expect(killed.signal).toBe('SIGKILL');
    expect(await commit).toBe('connection lost');
    console.log(`killed at: ${seen}`);

    // The same folder or database, started again.
    const b = await start(env);
    const api2 = await signIn(b.url, user.email);
    res = await api2(`/api/imports/${id}`);
    const after = (await res.json()) as { status: string; error: string | null; result: unknown };
    expect(res.status).toBe(200);
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/server stopped while this import was being committed; nothing of it was stored/);
    expect(after.result).toBeNull();
    expect(fs.readdirSync(path.join(dataDir, 'imports'))).toEqual([]);
    // No organisation layer of the user shows up either.
    res = await api2('/api/layers');
    const layers = (await res.json()) as { layers: { id: string }[] };
    expect(layers.layers.filter((l) => l.id.startsWith('org-'))).toEqual([]);
    b.child.kill('SIGTERM');
    expect((await b.exit).code).toBe(0);

    // In the database itself (the embedded folder is free again once the server stopped).
    const database = BACKEND === 'embedded' ? await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLog) : t!.database;
    try {
      const r = await sql<{ layers: number; features: number; staged: number; status: string }>`SELECT
          (SELECT count(*)::int FROM organisation_layers WHERE import_id = ${id}) AS layers,
          (SELECT count(*)::int FROM organisation_features f JOIN organisation_layers l ON l.id = f.layer_id WHERE l.import_id = ${id}) AS features,
          (SELECT count(*)::int FROM import_staging WHERE import_id = ${id}) AS staged,
          (SELECT status FROM imports WHERE id = ${id}) AS status`.execute(database.db);
      expect(r.rows[0]).toEqual({ layers: 0, features: 0, staged: 0, status: 'failed' });
      const all = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation_features`.execute(database.db);
      expect(all.rows[0]!.n).toBe(0);
    } finally {
      if (BACKEND === 'embedded') await database.close();
    }
  }, 600_000);
});
