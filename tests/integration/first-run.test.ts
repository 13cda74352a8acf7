// What a new user does: start the app on an empty embedded folder, use it, stop it with SIGTERM,
// start it again. Runs the real process (tsx server/src/main.ts), as the README's start command does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { collect, runTs } from '../helpers/proc.js';

async function start(dir: string) {
  const child = runTs('server/src/main.ts', { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', BACKUP_INTERVAL_MIN: '30' });
  const exit = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no "ready" line in 90 s: ${err}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /Map service ready at (http:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
  });
  return { child, exit, url };
}

describe.skipIf(BACKEND !== 'embedded')('first run on the embedded database', () => {
  it('creates the folder, loads the demo data, serves it, stops cleanly on SIGTERM and starts again without reseeding', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-first-')), 'data');
    const a = await start(dir);
    const health = await (await fetch(`${a.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', backend: 'embedded' });
    const layers = await (await fetch(`${a.url}/api/layers`)).json();
    // Every layer has demo rows but population: no grid is reachable offline (README "Population").
    for (const l of layers.layers) if (l.id !== 'population') expect(l.featureCount, l.id).toBeGreaterThan(0);
    a.child.kill('SIGTERM');
    const r = await a.exit;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/demo data loaded into the empty database/);
    expect(r.stdout).toMatch(/"msg":"stopped"/);
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'backups')).length).toBeGreaterThan(0);

    const b = await start(dir);
    const again = await (await fetch(`${b.url}/api/layers`)).json();
    expect(again.layers.map((l: { featureCount: number }) => l.featureCount)).toEqual(layers.layers.map((l: { featureCount: number }) => l.featureCount));
    b.child.kill('SIGINT');
    const r2 = await b.exit;
    expect(r2.code).toBe(0);
    expect(r2.stdout).not.toMatch(/demo data loaded/);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }, 240_000);
});
