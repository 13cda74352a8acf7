// Web app benchmark (npm run bench:web): time from navigation to the map being idle with the three
// advocacy layers drawn, in headless Chromium on localhost, cold (fresh browser profile: nothing
// cached) and warm (same profile, reloaded); and the size of every JS chunk of the build, raw and
// gzipped. Prints figures; asserts nothing.
//
//   BENCH_URL    measure a server that is already running (default: start one in-process on a
//                fresh embedded database with the demo data)
//   BENCH_RUNS   runs per measurement, at least 5 (default 7)
//   BENCH_HASH   the map view to open (default Karakol, where all three layers have features)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium, type BrowserContext } from 'playwright-core';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { isEmpty, seedDemo } from '../server/src/seed/seed.js';
import { createApp, WEB_DIST } from '../server/src/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7) || 7);
const HASH = process.env.BENCH_HASH ?? '#map=13/42.4907/78.3936&layers=canals,settlements,facilities&lang=en';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAYERS = ['canals', 'settlements', 'facilities'];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'];

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const ms = (n: number) => `${Math.round(n)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

// Runs in the page before the app: resolves with performance.now() (ms since navigation start) at
// the first frame where the map is loaded, no tile is pending, and all three layers have rendered features.
const PROBE = `(() => {
  const layers = ${JSON.stringify(LAYERS)};
  window.__E2E__ = true;
  window.__benchDone = new Promise((resolve) => {
    const check = () => {
      const m = window.__map;
      if (m && m.loaded() && m.areTilesLoaded() && !m.isMoving()) {
        const seen = new Set(m.queryRenderedFeatures().map((f) => f.source));
        if (layers.every((l) => seen.has(l))) { resolve(performance.now()); return; }
      }
      requestAnimationFrame(check);
    };
    check();
  });
})();`;

async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-web-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0', SEED_DEMO: 'never' });
  const log = pino({ level: 'silent' });
  const t0 = Date.now();
  const database = await openDatabase(config, log);
  await migrate(database);
  if (await isEmpty(database)) await seedDemo(database);
  const app = createApp({ config, database, log });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  console.log(`server: embedded database with the demo data ready in ${ms(Date.now() - t0)}`);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function newContext(): Promise<{ ctx: BrowserContext; dispose(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1440, height: 900 }, args: ARGS });
  await ctx.addInitScript(PROBE);
  return { ctx, dispose: async () => { await ctx.close(); fs.rmSync(profile, { recursive: true, force: true }); } };
}

async function timeLoad(ctx: BrowserContext, url: string, reload = false): Promise<{ idle: number; requests: number }> {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  let requests = 0;
  const count = () => { requests++; };
  page.on('request', count);
  if (reload) await page.reload({ waitUntil: 'commit' }); else await page.goto(url, { waitUntil: 'commit' });
  const idle = await page.evaluate(() => (window as unknown as { __benchDone: Promise<number> }).__benchDone);
  page.off('request', count);
  return { idle, requests };
}

function chunkSizes() {
  const dir = path.join(WEB_DIST, 'assets');
  const rows = fs.readdirSync(dir)
    .filter((f) => /\.(m?js|css)$/.test(f))
    .map((f) => {
      const buf = fs.readFileSync(path.join(dir, f));
      return { file: f, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 6 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  return rows;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-web-if-needed.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('web build failed');

  console.log('\n# JS and CSS chunks of the build (web/dist/assets), gzip level 6');
  const chunks = chunkSizes();
  for (const c of chunks) console.log(`  ${c.file.padEnd(44)} ${kb(c.raw).padStart(10)} raw  ${kb(c.gzip).padStart(9)} gzip${/maplibre/.test(c.file) ? '  (maplibre, a chunk of its own)' : ''}`);
  const js = chunks.filter((c) => /\.m?js$/.test(c.file));
  const entry = js.filter((c) => /^index-/.test(c.file));
  console.log(`  total JS: ${kb(js.reduce((s, c) => s + c.raw, 0))} raw, ${kb(js.reduce((s, c) => s + c.gzip, 0))} gzip; app entry ${kb(entry.reduce((s, c) => s + c.gzip, 0))} gzip`);

  const external = process.env.BENCH_URL;
  const server = external ? { url: external.replace(/\/$/, ''), close: async () => {} } : await startServer();
  const url = `${server.url}/${HASH}`;
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\n# Navigation → map idle with ${LAYERS.join(', ')} drawn (${RUNS} runs each, 1440×900, headless Chromium, SwiftShader WebGL)`);
  console.log(`  machine: ${os.cpus().length} CPUs, load average ${load()} (WebGL is rendered on the CPU here: a busy machine slows every frame)`);
  console.log(`  ${url}`);
  try {
    // One throwaway run: the server's first tile requests fill its caches.
    { const c = await newContext(); await timeLoad(c.ctx, url); await c.dispose(); }

    const cold: number[] = [];
    const coldReq: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = await newContext();
      const r = await timeLoad(c.ctx, url);
      cold.push(r.idle); coldReq.push(r.requests);
      await c.dispose();
    }
    const warm: number[] = [];
    const warmReq: number[] = [];
    const c = await newContext();
    await timeLoad(c.ctx, url);
    for (let i = 0; i < RUNS; i++) {
      const r = await timeLoad(c.ctx, url, true);
      warm.push(r.idle); warmReq.push(r.requests);
    }
    await c.dispose();

    const line = (name: string, xs: number[], req: number[]) =>
      console.log(`  ${name.padEnd(34)} median ${ms(median(xs)).padStart(8)}   min ${ms(Math.min(...xs)).padStart(8)}   max ${ms(Math.max(...xs)).padStart(8)}   requests ${median(req)}`);
    line('cold (fresh profile, no cache)', cold, coldReq);
    line('warm (reload, HTTP cache)', warm, warmReq);
    console.log(`  runs (ms): cold ${cold.map((x) => Math.round(x)).join(', ')}; warm ${warm.map((x) => Math.round(x)).join(', ')}`);
    console.log(`  target (issue 3): ≤ 2000 ms; load average now ${load()}`);
  } finally {
    await server.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
