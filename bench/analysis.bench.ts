// Gap-analysis benchmark (npm run bench:analysis). Not a timed test: it prints figures.
//
//   1. Each analysis on the demo data, on the embedded database (PGlite) and on the PostGIS server,
//      end to end through the HTTP app in-process (supertest: routing, validation, SQL, JSON). Target < 300 ms.
//   2. The same analyses on synthetic national data on the server (≥ 200k canals, ≥ 20k settlements,
//      ≥ 5k facilities; generated into BENCH_ANALYSIS_DATABASE_URL with the synthetic generator when
//      missing). Targets (issue 15 item 4), whole country: coverage clinic with polygon ≤ 2 s, unserved
//      (3 services) ≤ 5 s, canals incl. connectivity ≤ 10 s; each printed MET/MISSED, again at the end.
//      Canal ends and components are read from canal_ends / canal_components (refreshCanalEnds first).
//   3. EXPLAIN (ANALYZE, BUFFERS) summaries of the main statements on the national data: which indexes
//      the plans use (Index Scan using *_gix), with loops and times.
//
//   BENCH_SERVER_URL           a server database URL to create the scratch databases from
//                              (default postgres://postgres@127.0.0.1:55433/postgres)
//   BENCH_ANALYSIS_DATABASE_URL  national data (default: <server>/kg_bench_analysis)
//   BENCH_RUNS                 timed runs per analysis after a warm-up (default 5; national: min(3, runs))
//   BENCH_SKIP_EMBEDDED=1      skip the embedded database (it takes ~15 s to create)
//   BENCH_POPULATION_CELLS     population cells for the national grid run (default 2,000,000; 0 skips it)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import supertest from 'supertest';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { loadConfig } from '../server/src/config.js';
import { openDatabase, redactUrl, type Database } from '../server/src/db/connect.js';
import type { DB } from '../server/src/db/schema.js';
import { migrate } from '../server/src/db/migrate.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { createApp } from '../server/src/app.js';
import { DEFAULTS, countSynthetic, declareSyntheticComplete, generateSynthetic } from '../server/src/seed/synthetic.js';
import { GRID_DATASET, writePopulationGrid } from '../server/src/seed/population-grid.js';
import { refreshAssignment } from '../server/src/population/population.repo.js';
import { coverageFigures, coverageSql, refreshCoverageReach } from '../server/src/analysis/coverage.repo.js';
import { unservedSql } from '../server/src/analysis/unserved.repo.js';
import { componentsSql, endsSql, farSql, refreshCanalEnds } from '../server/src/analysis/canals.repo.js';
import { limitTransaction } from '../server/src/analysis/area.repo.js';

const SERVER = process.env.BENCH_SERVER_URL || 'postgres://postgres@127.0.0.1:55433/postgres';
const withDb = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
const NATIONAL = process.env.BENCH_ANALYSIS_DATABASE_URL || withDb(SERVER, 'kg_bench_analysis');
/** Population cells for section 2b (BENCH_POPULATION_CELLS; 0 skips it). */
const GRID_CELLS = Math.min(2_000_000, Math.max(0, Number(process.env.BENCH_POPULATION_CELLS ?? 2_000_000) || 0));
const RUNS = Math.min(20, Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5));
const log = pino({ level: 'silent' });
const nf = (n: number) => n.toLocaleString('en');
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : nf(Math.round(n))} ms`;

interface Case {
  name: string; method: 'GET' | 'POST'; path: string; body?: Record<string, any>; rows: (b: Record<string, any>) => string;
  /** What-if: put the proposal at the centre of the first settlement this GET lists (the most populous one not covered). */
  pointFrom?: string;
}

/** The analyses, with the row counts each answer reports. */
function cases(area: { label: string; qs: string; body: Record<string, unknown> }, kind = 'clinic'): Case[] {
  const q = area.qs ? `&${area.qs}` : '';
  const areaBody = area.body;
  const list: Case[] = [
    { name: `coverage ${kind} (${area.label}, with polygon)`, method: 'GET', path: `/api/analysis/coverage?kind=${kind}${q}`,
      rows: (b) => `${nf(b.totals.settlements)} settlements: ${nf(b.totals.covered.settlements)} covered (${nf(b.totals.covered.population)} people), ${nf(b.totals.notCovered.settlements)} not (${nf(b.totals.notCovered.population)}); ${nf(b.kind.facilities)} facilities; ${b.municipalities.length} municipality groups; polygon ${nf(b.coverage?.properties.areaKm2 ?? 0)} km²` },
    { name: `coverage school (${area.label}, figures only)`, method: 'GET', path: `/api/analysis/coverage?kind=school&geometry=false&limit=0${q}`,
      rows: (b) => `${nf(b.totals.settlements)} settlements, ${nf(b.totals.notCovered.settlements)} not covered; ${nf(b.kind.facilities)} schools` },
    { name: `unserved water+electricity+road (${area.label})`, method: 'GET', path: `/api/analysis/unserved?limit=200${q}`,
      rows: (b) => Object.entries(b.services as Record<string, any>).map(([s, v]) => `${s}: ${nf(v.none.settlements)} none / ${nf(v.partial.settlements)} partial, ${nf(v.none.households)} hh, ${v.currency} ${nf(v.none.cost + v.partial.cost)}`).join('; ') },
    { name: `canals incl. connectivity (${area.label})`, method: 'GET', path: `/api/analysis/canals?limit=100${q}`,
      rows: (b) => `${nf(b.length.total.segments)} canals, ${nf(b.length.total.km)} km; ${nf(b.connectivity.components.count)} components (${nf(b.connectivity.components.withoutMain.components)} without a main canal), ${nf(b.connectivity.intakes.count)} intakes, ${nf(b.connectivity.danglingEnds.gaps)} gaps, ${nf(b.connectivity.danglingEnds.tails)} tails; ${nf(b.settlementsFarFromCanal.far.settlements)} settlements > ${b.settlementsFarFromCanal.thresholdM} m from a functioning canal` },
    { name: `canals without connectivity (${area.label})`, method: 'GET', path: `/api/analysis/canals?connectivity=false&limit=100${q}`,
      rows: (b) => `${nf(b.length.total.segments)} canals; ${nf(b.settlementsFarFromCanal.far.settlements)} far settlements` },
    { name: `figures, 3 kinds (${area.label})`, method: 'GET', path: `/api/analysis/figures?kinds=clinic,school,water_point${q}`,
      rows: (b) => `${nf(b.population.settlements)} settlements, ${nf(b.population.population)} people; ${b.sentences.length} sentences; connectivity ${b.canals.connectivity ? 'included' : `skipped (${nf(b.canals.connectivitySkipped.canals)} canals)`}` },
    { name: `what-if water point (${area.label})`, method: 'POST', path: '/api/analysis/what-if', body: { ...areaBody, proposal: { type: 'facility', kind: 'water_point', geometry: { type: 'Point', coordinates: [0, 0] } } },
      pointFrom: `/api/analysis/coverage?kind=water_point&geometry=false&limit=1${q}`,
      rows: (b) => `+${nf(b.change.coveredPopulation)} people covered, ${nf(b.changedSettlements.total)} settlement(s) changed: "${b.sentences[0].text.en}"` },
  ];
  return list;
}

async function time(app: ReturnType<typeof createApp>, c: Case, runs: number) {
  const agent = supertest.agent(app);
  const token = (await agent.get('/api/auth/session')).body.csrfToken as string;
  const once = async () => {
    const t0 = performance.now();
    const res = c.method === 'GET' ? await agent.get(c.path) : await agent.post(c.path).set('X-CSRF-Token', token).send(c.body as object);
    const dt = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return { dt, body: res.body, bytes: Buffer.byteLength(JSON.stringify(res.body)) };
  };
  const first = await once(); // warm-up: connection, PROJ and PostGIS caches
  const times: number[] = [];
  let last = first;
  for (let i = 0; i < runs; i++) { last = await once(); times.push(last.dt); }
  times.sort((a, b) => a - b);
  return { first: first.dt, median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, rows: c.rows(last.body), bytes: last.bytes };
}

function table(rows: string[][]) {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`  ${r.map((x, i) => (i >= 1 && i <= 3 ? x.padStart(w[i]!) : x.padEnd(w[i]!))).join('  ')}`);
}

interface Target { pattern: RegExp; ms: number }
/** Issue 15 item 4: no national analysis near the default 10 s analysis timeout. */
const NATIONAL_TARGETS: Target[] = [
  { pattern: /^coverage clinic \(country, with polygon\)$/, ms: 2000 },
  { pattern: /^unserved water\+electricity\+road \(country\)$/, ms: 5000 },
  { pattern: /^canals incl\. connectivity \(country\)$/, ms: 10_000 },
];
/** Each target's verdict, printed again at the end. */
const verdicts: string[] = [];

async function runCases(label: string, database: Database, cs: Case[], runs: number, targets: Target[] = []) {
  const config = loadConfig({ LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0', STATEMENT_TIMEOUT_MS: '600000', ANALYSIS_STATEMENT_TIMEOUT_MS: '600000' });
  const app = createApp({ config, database, log });
  console.log(`  (load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs)`);
  const out: string[][] = [['analysis', 'first', 'median', 'max', 'answer', 'figures (row counts)']];
  const results: { name: string; median: number }[] = [];
  for (const c0 of cs) {
    const c: Case = { ...c0, body: c0.body && structuredClone(c0.body) };
    if (c.pointFrom) {
      const first = (await supertest(app).get(c.pointFrom)).body.settlements.items[0];
      c.body!.proposal.geometry.coordinates = first.center;
      c.name += ` at ${first.names.en}`;
    }
    const r = await time(app, c, runs);
    const target = targets.find((t) => t.pattern.test(c.name));
    const flag = target ? `  target ≤ ${target.ms / 1000} s: ${r.median <= target.ms ? 'MET' : 'MISSED'}` : '';
    if (target) verdicts.push(`${label} ${c.name}: median ${ms(r.median)} (max ${ms(r.max)}), target ≤ ${target.ms / 1000} s — ${r.median <= target.ms ? 'MET' : 'MISSED'}`);
    out.push([`${label} ${c.name}`, ms(r.first), ms(r.median), ms(r.max), `${nf(Math.round(r.bytes / 1024))} KiB`, r.rows + flag]);
    results.push({ name: c.name, median: r.median });
  }
  table(out);
  return results;
}

async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const c = new pg.Client({ connectionString: withDb(url, 'postgres') });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!r.rowCount) { console.log(`  creating database ${name}`); await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`); }
  } finally { await c.end(); }
}

async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const c = new pg.Client({ connectionString: withDb(url, 'postgres') });
  await c.connect();
  try { await c.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '')}" WITH (FORCE)`); } finally { await c.end(); }
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, summarised: scans with their index, loops and time. */
async function explain(db: Kysely<DB>, title: string, query: RawBuilder<unknown>) {
  const lines = await db.transaction().setAccessMode('read only').execute(async (trx) => {
    await limitTransaction(trx, 600_000);
    const r = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(trx);
    return r.rows.map((x) => x['QUERY PLAN']);
  });
  console.log(`\n  EXPLAIN (ANALYZE, BUFFERS) — ${title}`);
  const scans = lines.filter((l) => /(Index Scan|Index Only Scan|Bitmap Index Scan|Seq Scan|CTE Scan on rows|Function Scan)/.test(l));
  const seen = new Map<string, string>();
  for (const l of scans) {
    const m = /(Index Scan using \S+ on \S+(?: \S+)?|Index Only Scan using \S+ on \S+|Bitmap Index Scan on \S+|Seq Scan on \S+(?: \S+)?|Function Scan on \S+|CTE Scan on \S+)/.exec(l);
    const a = /actual time=([\d.]+)\.\.([\d.]+) rows=(\d+) loops=(\d+)/.exec(l);
    if (!m) continue;
    const key = m[1]!;
    const txt = a ? `${key}  (rows=${a[3]} loops=${nf(Number(a[4]))}, ${(Number(a[2]) * Number(a[4])).toFixed(0)} ms in all)` : key;
    if (!seen.has(key)) seen.set(key, txt);
  }
  for (const v of seen.values()) console.log(`    ${v}`);
  const cond = lines.find((l) => /Index Cond: .*(<->|&&|geom_3857)/.test(l) || /Order By: .*<->/.test(l));
  if (cond) console.log(`    ${cond.trim().replace(/'[0-9A-F]{40,}'::geometry/g, "'<area>'::geometry")}`);
  for (const l of lines.filter((x) => /^(Planning|Execution) Time|^\s*Buffers: shared hit=\d+/.test(x)).slice(-3)) console.log(`    ${l.trim()}`);
}

async function main() {
  const started = Date.now();
  console.log(`Gap-analysis benchmark — ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`Each analysis end to end through the HTTP app in-process (routing, validation, SQL, JSON); first = warm-up run, then ${RUNS} timed runs.\n`);

  const demoAreas = [
    { label: 'country', qs: '', body: {} },
    { label: 'project karakol-irrigation', qs: 'project=karakol-irrigation', body: { project: 'karakol-irrigation' } },
  ];
  const demoCases = demoAreas.flatMap((a) => cases(a));

  // 1. Demo data: embedded and server.
  console.log('1. Demo data (102 settlements, 16 facilities, 20 canals) — target < 300 ms per analysis');
  if (process.env.BENCH_SKIP_EMBEDDED !== '1') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-analysis-'));
    const t0 = performance.now();
    const emb = await openDatabase(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', BACKUP_INTERVAL_MIN: '0' }), log);
    await migrate(emb);
    await seedDemo(emb);
    console.log(`  embedded database (PGlite) created and seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    try { await runCases('embedded', emb, demoCases, RUNS); } finally { await emb.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  }
  const demoUrl = withDb(SERVER, `kg_bench_analysis_demo_${process.pid}`);
  await ensureDatabase(demoUrl);
  const srv = await openDatabase(loadConfig({ DATABASE_URL: demoUrl, LOG_LEVEL: 'silent' }), log);
  try {
    await migrate(srv);
    await seedDemo(srv);
    const v = await srv.session((s) => s.query<{ v: string }>('SELECT version() || \' / PostGIS \' || postgis_lib_version() AS v'));
    console.log(`  server: ${v[0]!.v.split(',')[0]}`);
    await runCases('server', srv, demoCases, RUNS);
  } finally { await srv.close(); await dropDatabase(demoUrl); }

  // 2. National synthetic data on the server.
  console.log(`\n2. Synthetic national data on the server (${redactUrl(NATIONAL)}) — targets: coverage clinic ≤ 2 s, unserved ≤ 5 s, canals incl. connectivity ≤ 10 s (whole country)`);
  await ensureDatabase(NATIONAL);
  const nat = await openDatabase(loadConfig({ DATABASE_URL: NATIONAL, LOG_LEVEL: 'silent', STATEMENT_TIMEOUT_MS: '600000' }), log);
  try {
    await migrate(nat);
    let counts = await countSynthetic(nat);
    if (counts.canals < DEFAULTS.canals || counts.settlements < DEFAULTS.settlements || counts.facilities < DEFAULTS.facilities) {
      console.log(`  generating synthetic data (${nf(DEFAULTS.canals)} canals, ${nf(DEFAULTS.settlements)} settlements, ${nf(DEFAULTS.facilities)} facilities)…`);
      await generateSynthetic(nat, { canals: DEFAULTS.canals, settlements: DEFAULTS.settlements, facilities: DEFAULTS.facilities, seed: DEFAULTS.seed, replace: true });
      counts = await countSynthetic(nat);
    }
    const all = await nat.session((s) => s.query<Record<string, number>>(`SELECT (SELECT count(*)::int FROM canals) AS canals, (SELECT count(*)::int FROM settlements) AS settlements,
      (SELECT count(*)::int FROM facilities) AS facilities, (SELECT count(*)::int FROM power_lines) AS power_lines, (SELECT count(*)::int FROM water_mains) AS water_mains, (SELECT count(*)::int FROM roads) AS roads`));
    // Data generated before complete areas existed: declare them (synthetic data is complete by construction).
    await nat.transactionScript((s) => declareSyntheticComplete(s));
    // Each canal end's role in the network, as the writers of canals leave it (sql/0016_canal_ends.sql): made
    // again only when the canals changed since.
    const ends = await refreshCanalEnds(nat.db);
    console.log(`  canal ends: ${ends.redone ? `made again (${nf(ends.ends)} ends in ${ends.seconds.toFixed(1)} s)` : 'up to date'}`);
    // Each settlement's nearest facility and reach per kind (sql/0018_coverage_reach.sql), likewise.
    const reach = await refreshCoverageReach(nat.db);
    const reachLine = (x: typeof reach) => `coverage reach: ${x.redone ? `made again (${x.kinds} kinds, ${nf(x.settlements)} rows in ${x.seconds.toFixed(1)} s)` : 'up to date'}`;
    console.log(`  ${reachLine(reach)}`);
    console.log(`  rows: ${Object.entries(all[0]!).map(([k, n]) => `${k} ${nf(Number(n))}`).join(', ')}`);
    const chuy = { label: 'Chüy-valley bbox 74.3–75.0 E', qs: 'bbox=74.3,42.6,75.0,43.0', body: { bbox: [74.3, 42.6, 75.0, 43.0] } };
    const country = { label: 'country', qs: '', body: {} };
    const natRuns = Math.min(3, RUNS);
    await runCases('server', nat, [...cases(country), ...cases(chuy)], natRuns, NATIONAL_TARGETS);

    // 2b. The same national analyses with a population grid: people counted from cells (the reach rule).
    if (GRID_CELLS > 0) {
      const have = Number((await nat.session((s) => s.query<{ n: number }>(`SELECT count(*)::int AS n FROM population WHERE dataset_id = $1`, [GRID_DATASET.id])))[0]!.n);
      if (have !== GRID_CELLS) {
        console.log(`\n  generating a synthetic population grid of ${nf(GRID_CELLS)} cells around the settlements…`);
        const g = await writePopulationGrid(nat.db, { cells: GRID_CELLS, replace: true, seed: 1 }, 5000);
        console.log(`  ${nf(g.rows)} cells (${nf(g.population)} people) in ${g.seconds.toFixed(1)} s; assignment: ${nf(g.assignment.cells)} cells to settlements in ${g.assignment.seconds.toFixed(1)} s`);
      } else {
        const a = await refreshAssignment(nat.db, 5000);
        if (a.redone) console.log(`  population units assigned again: ${nf(a.cells)} cells in ${a.seconds.toFixed(1)} s`);
      }
      // One statement per exec: several in one simple query run as one transaction, which VACUUM refuses.
      await nat.session(async (s) => { await s.exec('VACUUM (ANALYZE) population_units'); await s.exec('VACUUM (ANALYZE) population_summary'); });
      console.log(`  ${reachLine(await refreshCoverageReach(nat.db))}`);
      console.log(`\n2b. National data with ${nf(GRID_CELLS)} population cells (${NATIONAL.replace(/\/\/[^@]*@/, '//')})`);
      await runCases('server', nat, cases(country).filter((c) => /^coverage|^what-if/.test(c.name)).map((c) => ({ ...c, name: `${c.name} + grid`,
        rows: (b: Record<string, any>) => `${c.rows(b)}${b.totals?.byRule ? `; counted by cells ${nf(b.totals.byRule.cells.settlements)}, area ${nf(b.totals.byRule.area.settlements)}, point ${nf(b.totals.byRule.point.settlements)} settlements` : ''}` })),
        natRuns, [{ pattern: /^coverage clinic \(country.*grid/, ms: 5000 }]);
    }

    // 3. EXPLAIN: the spatial indexes at work.
    console.log('\n3. Plans on the national data (the same statements the service runs)');
    const k = await nat.session((s) => s.query<{ r: number }>(`SELECT default_service_radius_m AS r FROM facility_kinds WHERE kind = 'clinic'`));
    const r = Number(k[0]!.r);
    const clinic = { kind: 'clinic', defaultRadiusM: r, thresholdM: r, maxRadiusM: r, area: null, proposals: [], limit: 100, offset: 0, flagPopulation: 5000 };
    await explain(nat.db, `coverage clinic, whole country, fixed ${r} m, computed per request`, coverageSql(clinic));
    await explain(nat.db, `coverage clinic, whole country, fixed ${r} m, read from coverage_reach (what the service runs when fresh)`, coverageSql(clinic, true));
    const box = { type: 'Polygon' as const, coordinates: [[[74.3, 42.6], [75.0, 42.6], [75.0, 43.0], [74.3, 43.0], [74.3, 42.6]]] as [number, number][][] };
    await explain(nat.db, 'coverage clinic, Chüy-valley bbox, per-facility radii (the EXISTS path)', coverageSql({ kind: 'clinic', defaultRadiusM: r, thresholdM: null, maxRadiusM: r, area: box, proposals: [], limit: 100, offset: 0, flagPopulation: 5000 }));
    for (const service of ['water', 'electricity', 'road'] as const) {
      await explain(nat.db, `unserved ${service}, whole country`, unservedSql({ service, area: null, proposals: [], costPerKm: 15000, limit: 200, offset: 0 }));
    }
    await explain(nat.db, 'canal dangling ends, whole country, stored roles (canal_ends, what the service runs at the default 5 m)', endsSql({ area: null, toleranceM: 5, limit: 100, stored: true }));
    await explain(nat.db, 'canal dangling ends, Chüy-valley bbox, stored roles', endsSql({ area: box, toleranceM: 5, limit: 100, stored: true }));
    await explain(nat.db, 'canal dangling ends, Chüy-valley bbox, computed (another tolerance, or canal_ends not yet made again)', endsSql({ area: box, toleranceM: 5, limit: 100 }));
    await explain(nat.db, 'canal components, whole country, stored clusters (canal_components, what the service runs at the default 5 m)', componentsSql({ area: null, toleranceM: 5, limit: 100, stored: true }));
    await explain(nat.db, 'canal components (ST_ClusterDBSCAN), whole country, clustered now (before canal_components is made again)', componentsSql({ area: null, toleranceM: 5, limit: 100 }));
    await explain(nat.db, 'canal components (ST_ClusterDBSCAN), Chüy-valley bbox', componentsSql({ area: box, toleranceM: 5, limit: 100 }));
    await explain(nat.db, 'settlements far from a functioning canal, whole country', farSql({ area: null, thresholdM: 500, repairedIds: [], limit: 100 }));

    // 4. The KNN shortcut against brute force: every 10th settlement, all facilities of the kind.
    console.log('\n4. Nearest facility: KNN candidates (4 by Mercator distance, then geodesic) vs brute force over every facility');
    for (const kind of ['clinic', 'hospital', 'oncology']) {
      const kr = Number((await nat.session((s) => s.query<{ r: number }>(`SELECT default_service_radius_m AS r FROM facility_kinds WHERE kind = $1`, [kind])))[0]!.r);
      const f = await nat.db.transaction().execute(async (trx) => {
        await limitTransaction(trx, 600_000);
        return coverageFigures(trx, { kind, defaultRadiusM: kr, thresholdM: kr, maxRadiusM: kr, area: null, proposals: [], limit: 25_000, offset: 0, flagPopulation: 5000 });
      });
      const knn = new Map(f.settlements.map((x) => [x.id, x.distanceM]));
      const t0 = performance.now();
      const brute = await nat.session((s) => s.query<{ id: number; d: number }>(
        `SELECT s.id, round(min(ST_Distance(f.geom::geography, s.geom::geography))::numeric, 1)::float8 AS d
         FROM settlements s, facilities f WHERE s.id % 10 = 0 AND f.kind = $1 AND f.condition <> 'broken' GROUP BY s.id`, [kind]));
      const bad = brute.filter((b) => Math.abs((knn.get(Number(b.id)) ?? -1) - Number(b.d)) > 0.05);
      console.log(`  ${kind.padEnd(9)} ${nf(brute.length)} settlements compared: ${bad.length} differ${bad.length ? ` (e.g. settlement ${bad[0]!.id}: KNN ${knn.get(Number(bad[0]!.id))} m, brute force ${bad[0]!.d} m)` : ''}; brute force took ${ms(performance.now() - t0)}`);
    }
  } finally { await nat.close(); }
  console.log(`\nTargets (issue 15 item 4; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}):`);
  for (const v of verdicts) console.log(`  ${v}`);
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((err) => { console.error(err); process.exit(1); });
