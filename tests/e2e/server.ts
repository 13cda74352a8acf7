// The real server in-process on a fresh seeded database (embedded PGlite, or the PostgreSQL server
// when TEST_DATABASE_URL is set), listening on a free port, serving the built web app.
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, WEB_DIST } from '../../server/src/app.js';
import { freshDatabase, silentLog, type TestDb } from '../helpers/backend.js';

export interface LiveServer { url: string; db: TestDb; close(): Promise<void> }

export async function startServer(): Promise<LiveServer> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`web/dist is missing: run \`npm run build\` first (npm test does).`);
  }
  const db = await freshDatabase();
  const app = createApp({ config: db.config, database: db.database, log: silentLog });
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
