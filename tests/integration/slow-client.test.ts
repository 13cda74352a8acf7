import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../server/src/http/server.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  t = await testApp();
  server = await listen(t.app, 0, '127.0.0.1', { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, checkIntervalMs: 250 });
});
afterAll(async () => { server?.closeAllConnections(); await new Promise((r) => server?.close(r)); await t?.dispose(); });

describe(`slow clients (${BACKEND})`, () => {
  it('a client that never finishes its headers is cut off (408) instead of holding a connection', async () => {
    const port = (server.address() as AddressInfo).port;
    const started = Date.now();
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: '));
      let data = '';
      s.on('data', (d) => (data += d));
      s.on('close', () => resolve(data));
      s.on('error', () => resolve(data));
      setTimeout(() => { s.destroy(); resolve('still open after 10 s'); }, 10_000);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a normal request on the same server still works', async () => {
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(200);
  });
});
