// The synthetic national data the tile benchmarks run on (shared by bench/tiles.bench.ts and
// bench/scale.bench.ts): the database on a PostGIS server, created when missing and filled with the
// synthetic data when it has none; the fixed list of tiles where the data is; waiting for autovacuum.
import pg from 'pg';
import { redactUrl, type Database } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { DEFAULTS, Rng, SYNTHETIC_TABLES, countSynthetic, generateSynthetic } from '../server/src/seed/synthetic.js';

const log = (s = '') => console.log(s);

/** Tiles per zoom in the fixed list (≥ 200 in all), chosen where the settlements are. */
export const ZOOM_PLAN: Record<number, number> = { 8: 12, 9: 20, 10: 30, 11: 36, 12: 40, 13: 40, 14: 42 };

export interface Tile { z: number; x: number; y: number }

// ---------------------------------------------------------------------------------------------
// Database: reachable? exists? has data?
// ---------------------------------------------------------------------------------------------

/** Creates the database when missing; exits 1 with advice when the server cannot be reached. `bench` names the command in messages. */
export async function ensureDatabase(url: string, bench = 'bench:tiles'): Promise<void> {
  const tryConnect = async (u: string) => {
    const c = new pg.Client({ connectionString: u, connectionTimeoutMillis: 5000 });
    try { await c.connect(); await c.end(); return null; } catch (err) { await c.end().catch(() => {}); return err as Error & { code?: string }; }
  };
  const err = await tryConnect(url);
  if (!err) return;
  if (err.code === '3D000') {
    const u = new URL(url);
    const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`Database '${name}' does not exist (and its name is not one this benchmark creates).`);
    u.pathname = '/postgres';
    const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
    await c.connect();
    try { await c.query(`CREATE DATABASE "${name}"`); } finally { await c.end(); }
    log(`created database ${name}`);
    return;
  }
  console.error(
    `\n${bench}: cannot reach the PostgreSQL/PostGIS server at ${redactUrl(url)}: ${err.message}\n` +
      'Start a PostgreSQL ≥ 15 server with PostGIS ≥ 3.3 (ST_AsMVT needs a PostGIS built with protobuf) and point\n' +
      `BENCH_DATABASE_URL at it, e.g. BENCH_DATABASE_URL=postgres://user@127.0.0.1:5432/kg_bench npm run ${bench}\n` +
      '(the database is created when missing; the embedded database cannot be benchmarked: it has no ST_AsMVT).\n',
  );
  process.exit(1);
}

/** Migrates; generates the synthetic data when there is none (refusing, unless BENCH_GENERATE=1, when other features are there). */
export async function prepareData(database: Database, url: string, bench = 'bench:tiles'): Promise<void> {
  await migrate(database);
  const synthetic = await countSynthetic(database);
  if (synthetic.canals > 0) return;
  const other = await database.session(async (s) => {
    let n = 0;
    for (const t of SYNTHETIC_TABLES) n += Number((await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}" WHERE ref IS NULL OR ref NOT LIKE 'synthetic:%'`))[0]?.n ?? 0);
    return n;
  });
  if (other > 0 && process.env.BENCH_GENERATE !== '1') {
    console.error(
      `\n${bench}: ${redactUrl(url)} has no synthetic data but holds ${other} other feature rows.\n` +
        'Benchmark on a database of its own (the default one), or set BENCH_GENERATE=1 to add synthetic\n' +
        "rows (dataset 'synthetic', provenance 'illustrative') to this one.\n",
    );
    process.exit(1);
  }
  log(`no synthetic data yet: generating ${DEFAULTS.canals} canals, ${DEFAULTS.settlements} settlements, ${DEFAULTS.facilities} facilities (seed ${DEFAULTS.seed})…`);
  const r = await generateSynthetic(database, { ...DEFAULTS, onProgress: (l) => log(`  ${l}`) });
  log(`generated in ${r.seconds.total.toFixed(1)} s`);
}

// ---------------------------------------------------------------------------------------------
// The fixed tile list
// ---------------------------------------------------------------------------------------------

function lonLatToTile(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** Deterministic: settlements in id order, a seeded PRNG picks anchors per zoom, duplicates skipped, then shuffled. */
export async function tileList(database: Database): Promise<Tile[]> {
  const pts = await database.session((s) =>
    s.query<{ x: number; y: number }>('SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM settlements ORDER BY id) s'));
  if (!pts.length) throw new Error('No settlements to choose tiles from.');
  const rng = new Rng(1, 'bench-tiles');
  const out: Tile[] = [];
  for (const [zs, want] of Object.entries(ZOOM_PLAN)) {
    const z = Number(zs);
    const seen = new Set<string>();
    for (let tries = 0; seen.size < want && tries < want * 200; tries++) {
      const p = pts[rng.int(0, pts.length - 1)]!;
      const t = lonLatToTile(Number(p.x), Number(p.y), z);
      const k = `${t.x}/${t.y}`;
      if (!seen.has(k)) { seen.add(k); out.push(t); }
    }
  }
  for (let i = out.length - 1; i > 0; i--) { const j = rng.int(0, i); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out;
}

/** Autovacuum after a bulk load competes for the CPU: wait (bounded) until it is done. */
export async function waitForAutovacuum(database: Database): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const n = await database.session(async (s) =>
      Number((await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`))[0]?.n ?? 0));
    if (!n) return;
    if (i === 0) log('waiting for autovacuum to finish on this database (up to 2 minutes)…');
    await new Promise((r) => setTimeout(r, 1000));
  }
  log('autovacuum still running: figures may be low');
}

