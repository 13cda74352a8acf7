// PostgreSQL going away during requests: 503 problem+json within seconds, no hang, no crash, and
// recovery when it is back. The app talks to the real server through a TCP proxy that the test cuts.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { createApp } from '../../server/src/app.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { BACKEND, freshDatabase, silentLog, testConfig, type TestDb } from '../helpers/backend.js';

class CuttableProxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}
  async start() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); s.on('error', () => {}); }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}

describe.skipIf(BACKEND !== 'server')('database outage (server)', () => {
  let t: TestDb;
  let proxy: CuttableProxy;
  let app: ReturnType<typeof createApp>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    t = await freshDatabase();
    const u = new URL(t.config.databaseUrl!);
    proxy = new CuttableProxy({ host: u.hostname, port: Number(u.port) });
    await proxy.start();
    u.port = String(proxy.port);
    const config = { ...testConfig({ DATABASE_URL: u.toString(), DB_CONNECT_TIMEOUT_MS: '1500', STATEMENT_TIMEOUT_MS: '1000', TILE_CACHE_MB: '0' }) };
    const database = await openDatabase(config, silentLog);
    app = createApp({ config, database, log: silentLog });
    close = () => database.close();
  });
  afterAll(async () => { await close?.(); await proxy?.stop().catch(() => {}); await t?.dispose(); });

  it('answers 503 within seconds while the database is away, and recovers when it is back', async () => {
    const http = supertest(app);
    await http.get('/api/layers/canals/features?limit=5').expect(200);
    await proxy.stop();
    for (const url of ['/api/layers/canals/features?limit=5', '/tiles/canals/14/11760/6071.mvt', '/api/health']) {
      const started = Date.now();
      const res = await http.get(url);
      expect(res.status, url).toBe(503);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/not reachable/);
      expect(res.headers['retry-after']).toBeTruthy();
      expect(Date.now() - started).toBeLessThan(5000);
    }
    await proxy.start();
    let ok = false;
    for (let i = 0; i < 20 && !ok; i++) {
      ok = (await http.get('/api/layers/canals/features?limit=5')).status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ok).toBe(true);
  });

  it('a query that outlives the statement timeout gets 503, not a hung request', async () => {
    const locker = new pg.Client({ connectionString: t.config.databaseUrl });
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE canals IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const res = await supertest(app).get('/api/layers/canals/features?limit=5');
      expect(res.status).toBe(503);
      expect(res.body.type).toBe('/problems/query-timeout');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});
