import supertest from 'supertest';
import { createApp } from '../../server/src/app.js';
import type { Config } from '../../server/src/config.js';
import { freshDatabase, silentLog, type TestDb } from './backend.js';

export interface TestApp extends TestDb { app: ReturnType<typeof createApp>; http: ReturnType<typeof supertest> }

/** `env`: configuration read when the database is opened (e.g. DB_WAIT_MS); `config`: overrides for the app. */
export async function testApp(opts: { backend?: 'embedded' | 'server'; config?: Partial<Config>; env?: Record<string, string> } = {}): Promise<TestApp> {
  const t = await freshDatabase({ backend: opts.backend, env: opts.env });
  const config = { ...t.config, ...opts.config };
  const app = createApp({ config, database: t.database, log: silentLog });
  return { ...t, config, app, http: supertest(app) };
}

/** supertest parser for binary bodies (tiles). */
export function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
