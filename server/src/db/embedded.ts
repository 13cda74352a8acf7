// The embedded PostGIS: PGlite persisted in DATA_DIR/pglite, guarded by a lock on the folder
// (PGlite itself takes none, and two processes on one folder corrupt it), with rolling backups
// in DATA_DIR/backups that are restored automatically when the data folder cannot be opened.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import lockfile from 'proper-lockfile';
import type { Logger } from 'pino';
import { DatabaseStartError } from './errors.js';
import { typeParsers } from './parsers.js';
import { ownerIsGone, readOwner, writeOwner } from './lock-owner.js';

export interface EmbeddedOptions {
  backupIntervalMs: number;
  backupKeep: number;
  /** Start a new data folder from this dump (tests start from a migrated, seeded template). */
  initialDump?: Blob;
  /** After this long without a heartbeat a crashed holder's lock is taken over (default 15 s, min 2 s). */
  lockStaleMs?: number;
}

const BACKUP_RE = /^pglite-(\d{8}T\d{6}\d{3}Z)\.tar\.gz$/;

/**
 * Takes the folder's lock. A lock whose holder is certainly gone (crashed on this host: its process id
 * runs no more, or runs a newer process) is taken over at once, with a log line; a live holder's lock
 * is refused with a message that says what to do. A holder on another host ages out after `staleMs`.
 */
async function lockFolder(dataDir: string, log: Logger, staleMs: number): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, 'lock');
  const ownerFile = path.join(dataDir, 'lock.owner');
  const take = () => lockfile.lock(dataDir, {
    lockfilePath: lockPath,
    stale: staleMs, // a crashed holder on another host: its lock expires after this
    update: Math.min(5_000, staleMs / 2),
    realpath: false,
    onCompromised: (err) => log.error({ err: err.message }, 'lost the lock on the embedded database folder'),
  });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ELOCKED') throw err;
    const owner = readOwner(ownerFile);
    if (!owner || !ownerIsGone(owner)) {
      throw new DatabaseStartError(
        `The embedded database in ${dataDir} is already in use by another process of this app${owner ? ` (process ${owner.pid} on ${owner.host})` : ''}. ` +
          'Stop that process first, or set DATA_DIR to another folder (or DATABASE_URL to use a PostgreSQL server).',
      );
    }
    log.warn({ pid: owner.pid, host: owner.host }, `took over the lock of the embedded database folder: process ${owner.pid}, which held it, is no longer running`);
    fs.rmSync(lockPath, { recursive: true, force: true });
    release = await take();
  }
  writeOwner(ownerFile);
  return async () => {
    fs.rmSync(ownerFile, { force: true });
    await release();
  };
}

export class EmbeddedStore {
  private timer?: NodeJS.Timeout;
  private lastBackupLsn?: string;
  private backingUp?: Promise<void>;
  private closed = false;

  private constructor(
    readonly pglite: PGlite,
    readonly dataDir: string,
    private readonly release: () => Promise<void>,
    private readonly log: Logger,
    private readonly opts: EmbeddedOptions,
  ) {}

  get pgDir() { return path.join(this.dataDir, 'pglite'); }
  get backupDir() { return path.join(this.dataDir, 'backups'); }

  static async open(dataDir: string, log: Logger, opts: EmbeddedOptions): Promise<EmbeddedStore> {
    fs.mkdirSync(dataDir, { recursive: true });
    const release = await lockFolder(dataDir, log, opts.lockStaleMs ?? 15_000);
    const pgDir = path.join(dataDir, 'pglite');
    let pglite: PGlite;
    try {
      const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
      pglite = await openPglite(pgDir, fresh ? opts.initialDump : undefined);
    } catch (err) {
      const backup = latestBackup(path.join(dataDir, 'backups'));
      if (!backup || !fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
        await release();
        throw new DatabaseStartError(`Cannot open the embedded database in ${pgDir}: ${(err as Error).message}`);
      }
      const aside = `${pgDir}.broken-${stamp()}`;
      log.error({ err: (err as Error).message, movedTo: aside, backup }, 'embedded database could not be opened; restoring the latest backup');
      fs.renameSync(pgDir, aside);
      const blob = new Blob([fs.readFileSync(backup)]);
      try {
        pglite = await openPglite(pgDir, blob);
      } catch (err2) {
        await release();
        throw new DatabaseStartError(`Cannot open the embedded database or its latest backup (${backup}): ${(err2 as Error).message}`);
      }
    }
    const store = new EmbeddedStore(pglite, dataDir, release, log, opts);
    return store;
  }

  /** Start the rolling backup timer (after migrations and seeding). */
  startBackups() {
    if (this.opts.backupIntervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.backup().catch((err) => this.log.error({ err: err.message }, 'backup failed')), this.opts.backupIntervalMs);
    this.timer.unref();
  }

  private async currentLsn(): Promise<string> {
    const r = await this.pglite.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return r.rows[0]!.lsn;
  }

  /** Write a compressed copy of the data folder if anything was written since the last one; keep the newest N. */
  async backup(force = false): Promise<string | undefined> {
    if (this.backingUp) await this.backingUp;
    let file: string | undefined;
    const run = (async () => {
      const lsn = await this.currentLsn();
      if (!force && lsn === this.lastBackupLsn) return;
      await this.pglite.exec('CHECKPOINT');
      const after = await this.currentLsn(); // the checkpoint itself writes WAL: remember the LSN after it
      const dump = await this.pglite.dumpDataDir('gzip');
      fs.mkdirSync(this.backupDir, { recursive: true });
      file = path.join(this.backupDir, `pglite-${stamp()}.tar.gz`);
      const tmp = `${file}.partial`;
      fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(tmp, file); // a crash mid-write never leaves a half backup under a valid name
      this.lastBackupLsn = after;
      const all = fs.readdirSync(this.backupDir).filter((f) => BACKUP_RE.test(f)).sort();
      for (const old of all.slice(0, Math.max(0, all.length - this.opts.backupKeep))) fs.rmSync(path.join(this.backupDir, old));
      this.log.info({ file }, 'embedded database backed up');
    })();
    this.backingUp = run;
    try { await run; } finally { this.backingUp = undefined; }
    return file;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try {
      if (this.opts.backupIntervalMs > 0) await this.backup();
      await this.pglite.exec('CHECKPOINT');
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'checkpoint before close failed');
    }
    await this.pglite.close();
    await this.release().catch(() => {});
  }
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const db = await PGlite.create({ dataDir, extensions: { postgis }, parsers: typeParsers, loadDataDir });
  await db.query('SELECT 1');
  return db;
}

function latestBackup(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const all = fs.readdirSync(dir).filter((f) => BACKUP_RE.test(f)).sort();
  return all.length ? path.join(dir, all[all.length - 1]!) : undefined;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
}
