// Import benchmark (npm run bench:import). See bench/README.md ("bench:import").
//
// A 100,000-feature file (50,000 points and 50,000 short lines, with Cyrillic names, a category, an
// integer, a decimal and a date) as GeoJSON and as a zipped Shapefile (cp1251, two layers: points and
// lines) is imported through ImportsService — upload → map → commit into a new organisation layer, the
// path the web app, the API and `npm run import` take — into a PostgreSQL/PostGIS server database.
// Baseline in the same run: `ogr2ogr -f PostgreSQL` loading the same file into the same database.
// Figures: wall time → features/s, the ratio to ogr2ogr, peak RSS of this process (sampled every
// 50 ms) and of ogr2ogr (GNU time), and where the import's time goes (detect, stage, validate, commit).
// Targets (issue #11): ≥ 0.5× ogr2ogr's features/s, peak RSS < 500 MB.
//
//   BENCH_DATABASE_URL  PostGIS server database (default postgres://postgres@127.0.0.1:55433/kg_bench_import;
//                       created and migrated when missing; what the run adds is removed at the end)
//   BENCH_FEATURES      features per file (default 100000; half points, half lines)
//   BENCH_FORMATS       geojson,shapefile (default both)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../server/src/config.js';
import { openDatabase, redactUrl } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { PasswordHasher } from '../server/src/auth/passwords.js';
import { actingUser, createUser } from '../server/src/organisations/users.service.js';
import { ImportsService } from '../server/src/imports/imports.service.js';
import { MappingBody } from '../server/src/imports/imports.schema.js';
import { UploadFolder } from '../server/src/imports/uploads.js';
import type { NewUser } from '../server/src/organisations/organisations.schema.js';

const URL_ = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:55433/kg_bench_import';
const N = Math.max(1000, Math.min(1_000_000, Number(process.env.BENCH_FEATURES ?? 100_000) || 100_000));
const FORMATS = (process.env.BENCH_FORMATS ?? 'geojson,shapefile').split(',').map((s) => s.trim()).filter(Boolean);
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 500;
const log = pino({ level: 'silent' });
const MB = 1024 * 1024;
const say = (s: string) => process.stderr.write(`${s}\n`);

async function ensureDatabase(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try { await c.connect(); await c.end(); return; } catch (err) {
    await c.end().catch(() => {});
    if ((err as { code?: string }).code !== '3D000') {
      console.error(`bench:import: cannot reach the PostgreSQL/PostGIS server at ${redactUrl(url)}: ${(err as Error).message}\nStart one and point BENCH_DATABASE_URL at it.`);
      process.exit(1);
    }
  }
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`Database '${name}' does not exist (and its name is not one this benchmark creates).`);
  u.pathname = '/postgres';
  const a = new pg.Client({ connectionString: u.toString() });
  await a.connect();
  try { await a.query(`CREATE DATABASE "${name}"`); } finally { await a.end(); }
  say(`created database ${name}`);
}

// ---- the files ----

function makeFiles(dir: string): { geojson: string; shapefile: string } {
  let seed = 42;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const kinds = ['родник', 'кудук', 'кран', 'арык'];
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const lon = 70 + rnd() * 9.5, lat = 39.7 + rnd() * 3.3;
    const props = { name: `Суу чекити №${i} — Ысык-Көл`, kind: kinds[i % 4], depth: Math.round(rnd() * 60), flow: Math.round(rnd() * 1000) / 100, checked: `2026-0${1 + (i % 9)}-1${i % 10}` };
    const geometry = i % 2 === 0
      ? { type: 'Point', coordinates: [+lon.toFixed(6), +lat.toFixed(6)] }
      : { type: 'LineString', coordinates: Array.from({ length: 2 + (i % 3) }, (_, k) => [+(lon + k * 0.001).toFixed(6), +(lat + (k % 2) * 0.0007).toFixed(6)]) };
    lines.push(JSON.stringify({ type: 'Feature', properties: props, geometry }));
  }
  const geojson = path.join(dir, 'bench.geojson');
  fs.writeFileSync(geojson, `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
  const shp = path.join(dir, 'shp');
  fs.mkdirSync(shp);
  for (const [name, type] of [['bench_pts', 'Point'], ['bench_lns', 'LineString']] as const) {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP1251', '-where', `OGR_GEOMETRY='${type.toUpperCase()}'`, '-nlt', type.toUpperCase(), '-nln', name, path.join(shp, `${name}.shp`), geojson], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  const shapefile = path.join(dir, 'bench_shp.zip');
  execFileSync('zip', ['-j', '-q', shapefile, ...fs.readdirSync(shp).map((f) => path.join(shp, f))]);
  return { geojson, shapefile };
}

// ---- measuring ----

/** Peak RSS of this process while fn runs (sampled every 50 ms), with the peaks of the V8 heap and of external memory (Buffers). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number; heapMb: number; externalMb: number }> {
  let peak = 0, heap = 0, external = 0;
  const sample = () => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); heap = Math.max(heap, m.heapUsed); external = Math.max(external, m.external); };
  sample();
  const timer = setInterval(sample, 50);
  try {
    const value = await fn();
    sample();
    return { value, peakMb: peak / MB, heapMb: heap / MB, externalMb: external / MB };
  } finally {
    clearInterval(timer);
  }
}

interface Phases { detect: number; stage: number; validate: number; commit: number }
interface Row { format: string; tool: string; features: number; seconds: number; fps: number; rssMb: number | null; heapMb?: number; externalMb?: number; phases?: Phases }

function pgConnString(url: string): string {
  const u = new URL(url);
  return [`dbname=${decodeURIComponent(u.pathname.slice(1))}`, `host=${u.hostname}`, `port=${u.port || 5432}`, `user=${decodeURIComponent(u.username || 'postgres')}`, ...(u.password ? [`password=${decodeURIComponent(u.password)}`] : [])].join(' ');
}

/** ogr2ogr loading the file into new tables (COPY, a GiST index — its defaults); wall time and its peak RSS. */
function ogrLoad(file: string, tag: string, features: number): Row {
  const args = ['-f', 'PostgreSQL', `PG:${pgConnString(URL_)}`, file.endsWith('.zip') ? `/vsizip/${file}` : file, '-overwrite', '-lco', 'GEOMETRY_NAME=geom', '-lco', 'FID=id'];
  if (!file.endsWith('.zip')) args.push('-nln', `bench_ogr_${tag}`, '-nlt', 'GEOMETRY');
  else args.push('-lco', 'LAUNDER=YES');
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', 'ogr2ogr', ...args], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ogr2ogr failed: ${r.stderr}`);
  const kb = /MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1];
  return { format: tag, tool: 'ogr2ogr', features, seconds, fps: features / seconds, rssMb: kb ? Number(kb) / 1024 : null };
}

async function main() {
  await ensureDatabase(URL_);
  const config = loadConfig({ DATABASE_URL: URL_, LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0', STATEMENT_TIMEOUT_MS: '600000' });
  const database = await openDatabase(config, log);
  await migrate(database);
  const db = database.db;
  const user = { org: 'bench-import', orgName: 'Import benchmark', role: 'advocate', email: 'bench@import.example', name: 'Bench', password: 'bench-import-password' } as NewUser;
  const viewer = await actingUser(db, { email: user.email, roles: ['advocate'], task: 'the benchmark' })
    .catch(async () => { await createUser(db, new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }), user); return actingUser(db, { email: user.email, roles: ['advocate'], task: 'the benchmark' }); });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-import-'));
  const service = new ImportsService(db, new UploadFolder(path.join(dir, 'uploads')), { region: config.serviceRegion, maxBytes: 2048 * MB });
  const rows: Row[] = [];
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  try {
    say(`generating ${N.toLocaleString('en')} features (GeoJSON, zipped Shapefile)…`);
    const files = makeFiles(dir);
    say(`  GeoJSON ${(fs.statSync(files.geojson).size / MB).toFixed(1)} MB, Shapefile zip ${(fs.statSync(files.shapefile).size / MB).toFixed(1)} MB`);
    const { rows: [ver] } = await admin.query<{ v: string }>('SELECT version() || \' / PostGIS \' || postgis_lib_version() AS v');

    /** One file through the service; a zip with two layers is two imports (one per layer), as in the web app. */
    async function appImport(file: string, layers: (string | undefined)[]): Promise<{ features: number; phases: Phases; ids: string[] }> {
      const phases: Phases = { detect: 0, stage: 0, validate: 0, commit: 0 };
      let features = 0;
      const ids: string[] = [];
      for (const layer of layers) {
        let t = performance.now();
        const up = await service.upload(viewer, fs.createReadStream(file), path.basename(file));
        phases.detect += performance.now() - t;
        t = performance.now();
        let validating = 0;
        const mapping = MappingBody.parse({
          ...(layer ? { layer } : {}),
          target: { kind: 'organisation', title: { en: `Bench ${path.basename(file)} ${layer ?? ''}`.trim() }, style: { color: '#1f6fb4' } },
          provenance: { source: 'Import benchmark (synthetic)', date: '2026-12-01', licence: 'CC0-1.0', provenance: 'illustrative' },
        });
        const mapped = await service.map(viewer, up.id, mapping, (p) => { if (p.phase === 'validating') validating = performance.now(); });
        phases.stage += validating - t;
        phases.validate += performance.now() - validating;
        if (mapped.report!.blocking) throw new Error(`${mapped.report!.blocking} features blocked: ${JSON.stringify(mapped.report!.issues.slice(0, 3))}`);
        t = performance.now();
        const { view } = await service.commit(viewer, up.id);
        phases.commit += performance.now() - t;
        features += view.result!.inserted;
        ids.push(up.id);
      }
      return { features, phases, ids };
    }

    for (const format of FORMATS) {
      const file = format === 'shapefile' ? files.shapefile : files.geojson;
      const layers = format === 'shapefile' ? ['bench_pts', 'bench_lns'] : [undefined];
      say(`${format}: ogr2ogr…`);
      const base = ogrLoad(file, format, N);
      rows.push(base);
      say(`${format}: ImportsService (upload → map → commit)…`);
      const t0 = performance.now();
      const { value, peakMb, heapMb, externalMb } = await withPeakRss(() => appImport(file, layers));
      const seconds = (performance.now() - t0) / 1000;
      if (value.features !== N) throw new Error(`${format}: ${value.features} features committed, expected ${N}`);
      rows.push({ format, tool: 'ImportsService', features: value.features, seconds, fps: value.features / seconds, rssMb: peakMb, heapMb, externalMb, phases: value.phases });
      for (const id of value.ids) await service.remove(viewer, id); // undo: the organisation layer goes
    }

    // ---- the table ----
    const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
    console.log(`\nbench:import — ${f(N)} features (half points, half 2–4-vertex lines), ${redactUrl(URL_)}`);
    console.log(`${ver?.v.split(',')[0]}; Node ${process.version}; ${os.cpus().length} CPUs; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
    console.log('| format | tool | features | s | features/s | × ogr2ogr | peak RSS MB | peak heap / external MB | detect / stage / validate / commit s |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
    const verdicts: string[] = [];
    for (const format of FORMATS) {
      const base = rows.find((r) => r.format === format && r.tool === 'ogr2ogr')!;
      for (const r of rows.filter((x) => x.format === format)) {
        const ratio = r.fps / base.fps;
        const p = r.phases;
        console.log(`| ${format} | ${r.tool} | ${f(r.features)} | ${f(r.seconds, 1)} | ${f(r.fps)} | ${f(ratio, 2)} | ${r.rssMb === null ? '–' : f(r.rssMb)} | ${r.heapMb === undefined ? '' : `${f(r.heapMb)} / ${f(r.externalMb!)}`} | ${p ? [p.detect, p.stage, p.validate, p.commit].map((x) => f(x / 1000, 1)).join(' / ') : ''} |`);
        if (r.tool !== 'ogr2ogr') {
          verdicts.push(`${format}: ${f(ratio, 2)}× ogr2ogr (target ≥ ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'MET' : 'MISSED'}; peak RSS ${f(r.rssMb!)} MB (target < ${TARGET_RSS_MB}) ${r.rssMb! < TARGET_RSS_MB ? 'MET' : 'MISSED'}`);
        }
      }
    }
    console.log('');
    for (const v of verdicts) console.log(v);
  } finally {
    await admin.query('DROP TABLE IF EXISTS bench_ogr_geojson, bench_pts, bench_lns').catch(() => {});
    await admin.end();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
