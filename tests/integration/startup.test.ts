// The real process: a database that is not there at start-up makes it exit with a clear message.
import { describe, expect, it } from 'vitest';
import { collect, runTs } from '../helpers/proc.js';

describe('start-up', () => {
  it('exits with a clear message when the PostgreSQL server is unreachable', async () => {
    const started = Date.now();
    const r = await collect(runTs('server/src/main.ts', { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere', DB_CONNECT_TIMEOUT_MS: '2000', PORT: '0', LOG_LEVEL: 'silent' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot connect to the PostgreSQL server at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(r.stderr).toMatch(/unset DATABASE_URL to use the embedded database/);
    expect(r.stderr).not.toMatch(/secret/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('exits with the list of bad settings when the configuration is invalid', async () => {
    const r = await collect(runTs('server/src/main.ts', { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'silent' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT/);
    expect(r.stderr).toMatch(/DATABASE_URL must start with postgres:\/\//);
  });
});
