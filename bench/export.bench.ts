// Print export benchmark (npm run bench:export). Not a timed test: it prints figures.
//
// An A3 map on the demo data, as PDF and as PNG (150 dpi), end to end through the exports service
// (campaign lookup, PostGIS queries, SVG, PDF/PNG): the median of BENCH_RUNS runs after a warm-up.
// Baselines measured in the same run, so the ratios do not depend on the machine:
//   - scene: the PostGIS part alone (layers clipped, simplified and projected in SQL; annotations);
//   - empty: the same A3 page for an extent with no features (layout, fonts, basemap, PDF/PNG writer).
// Target (issue 6): an A3 map in ≤ 3 s.
//
//   BENCH_DATABASE_URL   a PostGIS server database to create a scratch database from
//                        (default: the embedded PGlite database in a temporary folder)
//   BENCH_RUNS           timed runs after one warm-up (default 5)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../server/src/config.js';
import { openDatabase, type Database } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { loadProjects } from '../server/src/projects/projects.service.js';
import { ExportsService } from '../server/src/exports/exports.service.js';
import { CampaignsService } from '../server/src/campaigns/campaigns.service.js';
import { analysisServices } from '../server/src/analysis/analysis.service.js';
import { PUBLIC } from '../server/src/access/viewer.js';
import { MapQuery, type Format } from '../server/src/exports/exports.schema.js';

const RUNS = Math.min(20, Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5));
const TARGET_MS = 3000;
const log = pino({ level: 'silent' });
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en')} ms`;

async function time(fn: () => Promise<unknown>): Promise<{ median: number; min: number; max: number; last: unknown }> {
  let last = await fn(); // warm-up (fonts, basemap files, prepared plans)
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t0 = performance.now(); last = await fn(); xs.push(performance.now() - t0); }
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), last };
}

async function open(): Promise<{ database: Database; label: string; dispose: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-export-'));
    const database = await openDatabase(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0' }), log);
    return { database, label: 'embedded (PGlite)', dispose: async () => { await database.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `kg_bench_export_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url); u.pathname = `/${name}`;
  const database = await openDatabase(loadConfig({ DATABASE_URL: u.toString(), LOG_LEVEL: 'silent' }), log);
  return {
    database, label: 'server (PostgreSQL + PostGIS)',
    dispose: async () => { await database.close(); await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await admin.end(); },
  };
}

async function main() {
  const { database, label, dispose } = await open();
  try {
    const t0 = performance.now();
    await migrate(database);
    await seedDemo(database);
    console.log(`Print export benchmark — ${label}, demo data loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${RUNS} after a warm-up`);
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: os.tmpdir() });
    const projects = loadProjects();
    const campaignsService = new CampaignsService(database.db);
    const exports = new ExportsService(database.db, config, projects, { campaigns: campaignsService, analysis: analysisServices(database.db, config.analysis, projects) });
    const campaigns = (await campaignsService.list(PUBLIC, {})).features;
    const karakol = campaigns.find((c) => c.properties.title.en?.startsWith('Joint reconstruction of Karakol'))!.id;
    const base = 'http://localhost:8080';
    const cases: { name: string; query: Record<string, string> }[] = [
      { name: 'A3 landscape, campaign Karakol (all project layers)', query: { campaign: karakol, paper: 'a3', orientation: 'landscape', lang: 'ru' } },
      { name: 'A3 landscape, whole country (all layers)', query: { bbox: '69.25,39.17,80.29,43.27', paper: 'a3', orientation: 'landscape', lang: 'ky' } },
    ];
    const empty = { bbox: '75.5,41.0,75.6,41.1', paper: 'a3', orientation: 'landscape', lang: 'ru' };
    const rows: string[][] = [];
    let worst = 0;
    for (const fmt of ['pdf', 'png'] as Format[]) {
      const emptyT = await time(() => exports.map(MapQuery.parse(empty), fmt, PUBLIC, base));
      for (const c of cases) {
        const q = MapQuery.parse(c.query);
        const scene = await time(() => exports.scene(q, PUBLIC, base));
        const full = await time(() => exports.map(q, fmt, PUBLIC, base));
        const file = full.last as { body: Buffer };
        worst = Math.max(worst, full.median);
        rows.push([`${fmt.toUpperCase()} ${c.name}`, ms(full.median), `${ms(full.min)}–${ms(full.max)}`, `${(file.body.length / 1024).toFixed(0)} KiB`, ms(scene.median), (full.median / scene.median).toFixed(1), ms(emptyT.median), (full.median / emptyT.median).toFixed(2), full.median <= TARGET_MS ? 'yes' : 'NO']);
      }
    }
    const head = ['export', 'median', 'range', 'size', 'PostGIS scene', '× scene', 'empty page', '× empty', `≤ ${TARGET_MS / 1000} s`];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    console.log(`Target: an A3 map in ≤ ${TARGET_MS / 1000} s — ${worst <= TARGET_MS ? 'met' : 'NOT met'} (slowest median ${ms(worst)}).`);
  } finally {
    await dispose();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
