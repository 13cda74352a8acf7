// Builds the template databases once per run: a migrated, seeded PGlite dump (always; the parity
// test needs it in the server run too) and, with TEST_DATABASE_URL, a template database on the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrate } from '../../server/src/db/migrate.js';
import { seedDemo } from '../../server/src/seed/seed.js';

const log = pino({ level: 'silent' });

export default async function setup(project: TestProject) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-template-'));
  const cfg = loadConfig({ DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0' });
  const emb = await openDatabase(cfg, log);
  await migrate(emb);
  await seedDemo(emb);
  const dump = await emb.embedded!.pglite.dumpDataDir('none');
  const file = path.join(tmp, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await emb.close();
  project.provide('pgliteTemplate', file);

  const url = process.env.TEST_DATABASE_URL;
  let tplName = '';
  if (url) {
    tplName = `kgtest_tpl_${process.pid}`;
    const adminClient = new pg.Client({ connectionString: url });
    await adminClient.connect();
    await adminClient.query(`DROP DATABASE IF EXISTS ${tplName} WITH (FORCE)`);
    await adminClient.query(`CREATE DATABASE ${tplName}`);
    await adminClient.end();
    const u = new URL(url);
    u.pathname = `/${tplName}`;
    const srv = await openDatabase(loadConfig({ DATABASE_URL: u.toString(), LOG_LEVEL: 'silent' }), log);
    await migrate(srv);
    await seedDemo(srv);
    await srv.close();
  }
  project.provide('serverTemplate', tplName);

  return async () => {
    if (url && tplName) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${tplName} WITH (FORCE)`);
      await c.end();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
