// The real server in-process on a fresh seeded database (embedded PGlite, or the PostgreSQL server
// when TEST_DATABASE_URL is set), listening on a free port, serving the built web app.
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, WEB_DIST } from '../../server/src/app.js';
import { afterAll, beforeAll } from 'vitest';
import { freshDatabase, silentLog, type TestDb } from '../helpers/backend.js';
import { launchBrowser, type Browser } from './browser.js';

export interface LiveServer { url: string; db: TestDb; close(): Promise<void> }

/** E2E_WEB_DIST points at another build of the web app (e.g. `vite build --outDir /tmp/x`); default web/dist. */
export async function startServer(): Promise<LiveServer> {
  const webDist = process.env.E2E_WEB_DIST ? path.resolve(process.env.E2E_WEB_DIST) : WEB_DIST;
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist} has no built web app: run \`npm run build\` first (npm test does).`);
  }
  const db = await freshDatabase();
  const app = createApp({ config: db.config, database: db.database, log: silentLog, webDist });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.dispose();
    },
  };
}

/** One live server and one Chromium for a test file: started (together) before its tests, closed after them. */
export function withServerAndBrowser(set: (srv: LiveServer, browser: Browser) => void): void {
  let srv: LiveServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [srv, browser] = await Promise.all([startServer(), launchBrowser()]);
    set(srv, browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });
}
