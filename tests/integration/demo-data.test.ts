// The demo dataset's own checker (data/scripts/check-demo.ts) runs in the suite; against a server it
// also loads every row into a throwaway PostGIS database.
import { describe, expect, it } from 'vitest';
import { BACKEND, SERVER_URL } from '../helpers/backend.js';
import { collect, runTs } from '../helpers/proc.js';

describe('demo dataset', () => {
  it(`passes data/scripts/check-demo.ts${BACKEND === 'server' ? ' including the PostGIS load' : ''}`, async () => {
    const child = runTs('data/scripts/check-demo.ts', SERVER_URL ? { DEMO_CHECK_PG_URL: SERVER_URL } : {});
    const r = await collect(child);
    expect(r.stderr + r.stdout).toMatch(/OK: the demo dataset passes every check/);
    expect(r.code).toBe(0);
  }, 120_000);
});
