// The embedded database's safety: one process per folder, clean close, rolling backups restored
// when the folder is damaged, and committed rows surviving a kill -9 in the middle of writing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import { BACKEND, silentLog, testConfig } from '../helpers/backend.js';
import { collect, runTs } from '../helpers/proc.js';
import { openDatabase, DatabaseStartError } from '../../server/src/db/connect.js';
import { EmbeddedStore } from '../../server/src/db/embedded.js';

const dirs: string[] = [];
const tmpDir = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-emb-')); dirs.push(d); return d; };
const template = () => new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

const count = async (db: Awaited<ReturnType<typeof openDatabase>>, where = 'TRUE') =>
  Number((await sql<{ n: number }>`SELECT count(*)::int n FROM roads WHERE ${sql.raw(where)}`.execute(db.db)).rows[0]!.n);

describe.skipIf(BACKEND !== 'embedded')('embedded database folder', () => {
  it('a second opener, in this process or another, gets a clear error while the first holds the folder', async () => {
    const dir = tmpDir();
    const a = await openDatabase(testConfig({ DATA_DIR: dir }), silentLog, { initialDump: template() });
    try {
      await expect(EmbeddedStore.open(dir, silentLog, { backupIntervalMs: 0, backupKeep: 1 })).rejects.toThrow(DatabaseStartError);
      const r = await collect(runTs('server/src/main.ts', { DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' }));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/already in use by another process/);
    } finally {
      await a.close();
    }
    // Released on close: it opens again, with the data.
    const b = await openDatabase(testConfig({ DATA_DIR: dir }), silentLog);
    expect(await count(b)).toBeGreaterThan(0);
    await b.close();
  });

  it('keeps rolling backups (newest N) and restores the latest when the data folder is damaged', async () => {
    const dir = tmpDir();
    const cfg = testConfig({ DATA_DIR: dir, BACKUP_KEEP: '2' });
    const a = await openDatabase(cfg, silentLog, { initialDump: template() });
    const store = a.embedded!;
    const n0 = await count(a);
    expect(await store.backup()).toBeTruthy();
    expect(await store.backup()).toBeUndefined(); // nothing written since: no new backup
    await sql`DELETE FROM roads WHERE id = (SELECT min(id) FROM roads)`.execute(a.db);
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.backup()).toBeTruthy();
    await sql`UPDATE roads SET status = 'planned'`.execute(a.db);
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.backup()).toBeTruthy();
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(2);
    await a.embedded!.pglite.close(); // simulate a hard stop: no final checkpoint/backup
    fs.rmSync(path.join(dir, 'lock'), { recursive: true, force: true });
    // Damage the cluster: pg_control gone.
    fs.rmSync(path.join(dir, 'pglite', 'global', 'pg_control'));
    const b = await openDatabase(cfg, silentLog);
    expect(await count(b)).toBe(n0 - 1);
    expect(await count(b, "status = 'planned'")).toBe(n0 - 1);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('pglite.broken-'))).toBe(true);
    await b.close();
  });

  it('committed rows survive kill -9 in the middle of writing', async () => {
    const dir = tmpDir();
    const child = runTs('tests/fixtures/crash-writer.ts', { DATA_DIR: dir, TEMPLATE: inject('pgliteTemplate') });
    const done = collect(child);
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the writer did not commit 30 rows in time')), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        const m = [...d.toString().matchAll(/committed (\d+)/g)];
        if (m.length) committed = Number(m[m.length - 1]![1]);
        if (committed >= 30) { clearTimeout(timer); child.kill('SIGKILL'); resolve(); }
      });
    });
    const r = await done;
    expect(r.signal).toBe('SIGKILL');
    // The dead holder's lock goes stale; then the folder opens with every committed row.
    const store = await (async () => {
      for (let i = 0; i < 40; i++) {
        try { return await EmbeddedStore.open(dir, silentLog, { backupIntervalMs: 0, backupKeep: 1, lockStaleMs: 2000 }); }
        catch (err) { if (!(err instanceof DatabaseStartError)) throw err; await new Promise((res) => setTimeout(res, 500)); }
      }
      throw new Error('lock never went stale');
    })();
    const rows = await store.pglite.query<{ n: number }>("SELECT count(*)::int n FROM roads WHERE ref LIKE 'crash:%'");
    expect(Number(rows.rows[0]!.n)).toBeGreaterThanOrEqual(committed);
    await store.close();
  });
  it('after kill -9 the next start takes the dead holder\'s lock over at once, and says so (#14 item 7)', async () => {
    const dir = tmpDir();
    const child = runTs('tests/fixtures/crash-writer.ts', { DATA_DIR: dir, TEMPLATE: inject('pgliteTemplate') });
    const done = collect(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the writer did not start in time')), 60_000);
      child.stdout!.on('data', (d: Buffer) => { if (/committed \d+/.test(d.toString())) { clearTimeout(timer); resolve(); } });
    });
    // The holder is the node process under tsx's launcher: it wrote its id beside the lock. Kill it hard.
    const holder = JSON.parse(fs.readFileSync(path.join(dir, 'lock.owner'), 'utf8')).pid as number;
    expect(holder).not.toBe(child.pid);
    process.kill(holder, 'SIGKILL');
    await done; // the launcher exits when its child dies (and reaps it)
    expect(() => process.kill(holder, 0)).toThrow(); // gone
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(true); // the heartbeat stopped, the lock is still there
    const logged: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => { logged.push(line); } });
    const started = Date.now();
    // The default stale time (15 s) is left as it is: the take-over must not wait for it.
    const store = await EmbeddedStore.open(dir, log, { backupIntervalMs: 0, backupKeep: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logged.join('')).toMatch(/took over the lock of the embedded database folder: process \d+, which held it, is no longer running/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'lock.owner'), 'utf8')).pid).toBe(process.pid);
    // While this holder lives, another process is still refused.
    const r = await collect(runTs('tests/fixtures/crash-writer.ts', { DATA_DIR: dir }));
    expect(r.stderr).toMatch(/already in use by another process of this app \(process \d+ on /);
    await store.close();
    expect(fs.existsSync(path.join(dir, 'lock.owner'))).toBe(false);
  });
});
