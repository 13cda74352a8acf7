// Two app instances, one database, behind nginx (npm run bench:scale). See bench/README.md.
//
//   BENCH_DATABASE_URL  PostGIS server database (default postgres://postgres@127.0.0.1:55433/kg_bench_scale;
//                       created when missing; filled with the synthetic national data when it has none)
//   BENCH_SECONDS       timed seconds per throughput measurement, 1–20 (default 5; plus a warm-up pass)
//   BENCH_ROUNDS        the modes of (a) alternate in this many rounds (default 2)
//   BENCH_NGINX         the nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
//
// Real processes: each instance is `node --import tsx server/src/main.ts` (what `npm start` runs) with its
// own PORT and DATA_DIR and the same DATABASE_URL; nginx runs in the foreground with a generated config in
// a temporary directory. Everything listens on 127.0.0.1; every wait is bounded; the children are killed
// at the end, also when something fails.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/log.js';
import { openDatabase, redactUrl } from '../server/src/db/connect.js';
import { PasswordHasher } from '../server/src/auth/passwords.js';
import { createUser, UserCreateError } from '../server/src/organisations/users.service.js';
import { ensureDatabase, prepareData, tileList, waitForAutovacuum, type Tile } from './bench-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const URL_ = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:55433/kg_bench_scale';
const DB_NAME = (() => { try { return decodeURIComponent(new URL(URL_).pathname.slice(1)); } catch { return ''; } })();
const SECONDS = Math.min(20, Math.max(1, Number(process.env.BENCH_SECONDS ?? 5) || 5));
const MAX_PASSES = 2000;
const TARGET_RATIO = 0.9;
const ROUNDS = Math.min(5, Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 2)) || 2));
const TARGET_PROPAGATION_MS = 1000;
const EMAIL = 'bench@scale.example';
const PASSWORD = 'bench-scale-password-1';
/** The edit of (c): a point in Bishkek and the z14 tile that holds it. */
const EDIT_POINT: [number, number] = [74.6062, 42.8746];
const EDIT_TILE = lonLatTile(EDIT_POINT, 14);

const log = (s = '') => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const results: { what: string; value: string; target: string; met: boolean }[] = [];
const result = (what: string, value: string, target: string, met: boolean) => {
  results.push({ what, value, target, met });
  log(`  → ${what}: ${value} (target ${target}) ${met ? 'MET' : 'MISSED'}`);
};

function lonLatTile([lon, lat]: [number, number], z: number): Tile {
  const n = 2 ** z, r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

// ---------------------------------------------------------------------------------------------
// Children: two app instances and nginx
// ---------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
/** SIGKILL to our children and their own children (nginx's workers outlive a killed master). */
function killAll() {
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null && c.pid);
  if (!alive.length) return;
  const ps = procStats();
  const tree = new Set(alive.map((c) => c.pid!));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of ps) if (tree.has(p.ppid) && !tree.has(p.pid)) { tree.add(p.pid); grew = true; }
  }
  for (const pid of tree) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}
/** A child asked to stop (nginx: SIGTERM is its fast shutdown, the master ends its workers); killed after 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) { children.delete(child); return; }
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([gone, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) { killAll(); await Promise.race([gone, sleep(2000)]); }
  children.delete(child);
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { killAll(); process.exit(130); });

interface Instance { name: string; port: number; child: ChildProcess; stop(): Promise<void> }

/** `node --import tsx server/src/main.ts`, as `npm start` runs it, with its own PORT and DATA_DIR. */
async function startInstance(name: string, port: number, dataDir: string, tileCacheMb: string): Promise<Instance> {
  const env = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: URL_, TILE_CACHE_MB: tileCacheMb,
    TRUST_PROXY: 'true', SEED_DEMO: 'never', LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ADMIN_EMAIL: '', ADMIN_PASSWORD: '',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name}: no "ready" line in 90 s:\n${err.slice(-2000)}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('Map service ready at')) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`instance ${name} exited (${code}):\n${err.slice(-2000)}`)); });
  });
  return {
    name, port, child,
    stop: () => stopChild(child),
  };
}

/**
 * The nginx configuration: the example of the README (upstream of both instances with keepalive,
 * X-Forwarded-* headers, import uploads kept on one instance per client address, a proxy_cache for
 * /tiles/ that honours the app's Cache-Control) on `cached`,
 * and the same without the cache on `two` (both instances) and `one` (instance A only), for (a).
 */
function nginxConf(prefix: string, a: number, b: number, ports: { one: number; two: number; cached: number }): string {
  const proxy = `
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;`;
  return `
worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  client_max_body_size 100m;
  proxy_cache_path ${prefix}/tiles levels=1:2 keys_zone=tiles:16m max_size=1g inactive=10m use_temp_path=off;

  upstream one { server 127.0.0.1:${a}; keepalive 16; }
  upstream kg  { server 127.0.0.1:${a}; server 127.0.0.1:${b}; keepalive 16; }
  upstream kg_files { hash $remote_addr consistent; server 127.0.0.1:${a}; server 127.0.0.1:${b}; keepalive 16; }

  server {
    listen 127.0.0.1:${ports.one};
    location / { proxy_pass http://one;${proxy} }
  }
  server {
    listen 127.0.0.1:${ports.two};
    location / { proxy_pass http://kg;${proxy} }
  }
  server {
    listen 127.0.0.1:${ports.cached};
    location / { proxy_pass http://kg;${proxy} }
    # An uploaded import file waits in the DATA_DIR of the instance that received it until committed.
    location ~ ^/api/(imports|budgets/imports) { proxy_pass http://kg_files;${proxy} }
    # Layers people edit (gaps, organisation layers): a published change must show at once, so not kept here.
    location ~ ^/tiles/(annotations|org-[0-9a-f]+)/ { proxy_pass http://kg;${proxy} }
    location /tiles/ {
      proxy_pass http://kg;${proxy}
      proxy_cache tiles;
      proxy_cache_lock on;
      proxy_cache_revalidate on;
      proxy_cache_use_stale updating error timeout;
      add_header X-Cache-Status $upstream_cache_status;
    }
  }
}
`;
}

async function startNginx(dir: string, conf: string, ports: number[]): Promise<ChildProcess> {
  const bin = process.env.BENCH_NGINX || (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  const child = spawn(bin, ['-c', file, '-p', dir, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`nginx could not start (${bin}): ${e.message}. Install it: apt-get install -y nginx, or set BENCH_NGINX.`))));
  const up = (async () => {
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${err}`);
      const ok = await Promise.all(ports.map((p) => fetch(`http://127.0.0.1:${p}/api/health`).then((r) => r.ok, () => false)));
      if (ok.every(Boolean)) return;
      await sleep(100);
    }
    throw new Error(`nginx did not answer within 10 s: ${err}`);
  })();
  await Promise.race([up, spawnError]);
  return child;
}

// ---------------------------------------------------------------------------------------------
// CPU split (Linux /proc): both instances, nginx, the postgres backends of the bench database,
// this process (the client thread), and everything else.
// ---------------------------------------------------------------------------------------------

interface Cpu { t: number; busy: number; app: number; nginx: number; pg: number; self: number }
const TICK_S = 0.01;
function procStats(): { pid: number; ppid: number; comm: string; cpu: number }[] {
  const out: { pid: number; ppid: number; comm: string; cpu: number }[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const st = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = st.lastIndexOf(')');
      const f = st.slice(close + 2).split(' ');
      out.push({ pid: Number(p), ppid: Number(f[1]), comm: st.slice(st.indexOf('(') + 1, close), cpu: (Number(f[11]) + Number(f[12])) * TICK_S });
    } catch { /* gone */ }
  }
  return out;
}
function cpuNow(apps: number[], nginxPid: number): Cpu | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = (f.slice(0, 8).reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0)) * TICK_S;
    const ps = procStats();
    let app = 0, nginx = 0, pg = 0;
    for (const p of ps) {
      if (apps.includes(p.pid)) app += p.cpu;
      else if (p.pid === nginxPid || p.ppid === nginxPid) nginx += p.cpu;
      else if (p.comm === 'postgres' && DB_NAME) {
        try { if (fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(` ${DB_NAME} `)) pg += p.cpu; } catch { /* gone */ }
      }
    }
    const u = process.cpuUsage();
    return { t: performance.now(), busy, app, nginx, pg, self: (u.user + u.system) / 1e6 };
  } catch {
    return null;
  }
}
/** CPU seconds used between two snapshots, by whom; s = wall seconds. */
interface CpuUse { s: number; app: number; nginx: number; pg: number; client: number; other: number }
function cpuUse(a: Cpu | null, b: Cpu | null): CpuUse | null {
  if (!a || !b) return null;
  const app = b.app - a.app, nginx = b.nginx - a.nginx, pg = b.pg - a.pg, client = b.self - a.self;
  return { s: (b.t - a.t) / 1000, app, nginx, pg, client, other: Math.max(0, b.busy - a.busy - app - nginx - pg - client) };
}
function addUse(a: CpuUse | null, b: CpuUse | null): CpuUse | null {
  return a && b ? { s: a.s + b.s, app: a.app + b.app, nginx: a.nginx + b.nginx, pg: a.pg + b.pg, client: a.client + b.client, other: a.other + b.other } : null;
}
/** "app 0.9 + nginx 0.2 + pg 0.8 + client 0.1 + other 0.0 of 2" cores on average. */
function cores(u: CpuUse | null): string {
  if (!u) return '';
  const c = (v: number) => (v / u.s).toFixed(2);
  return `app ${c(u.app)} + nginx ${c(u.nginx)} + pg ${c(u.pg)} + client ${c(u.client)} + other ${c(u.other)} of ${os.cpus().length}`;
}

// ---------------------------------------------------------------------------------------------
// (a) Throughput: the closed-loop client of bench:tiles (bench/http-client.worker.mjs)
// ---------------------------------------------------------------------------------------------

interface Run { latencies: number[]; elapsedMs: number; passes: number; status: Record<string, number>; warmup: { sizes: number[]; hashes: string[] } }
class HttpClient {
  private readonly worker = new Worker(new URL('./http-client.worker.mjs', import.meta.url));
  call(msg: Record<string, unknown>): Promise<Run> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: { ok: boolean; error?: string; result?: Run }) => { if (!m.ok || !m.result) reject(new Error(m.error)); else resolve(m.result); });
      this.worker.postMessage({ type: 'run', maxPasses: MAX_PASSES, ...msg });
    });
  }
  terminate() { return this.worker.terminate(); }
}

// ---------------------------------------------------------------------------------------------
// (b), (c): a signed-in client with its cookies (kept by hand) and the CSRF token
// ---------------------------------------------------------------------------------------------

class Jar {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  keep(res: Response) { for (const c of res.headers.getSetCookie()) { const [kv] = c.split(';'); const i = kv!.indexOf('='); this.cookies.set(kv!.slice(0, i), kv!.slice(i + 1)); } }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async fetch(port: number, url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method: init.method ?? 'GET',
      headers: { cookie: this.header(), 'x-csrf-token': this.csrf, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    this.keep(res);
    return res;
  }
}

async function getTile(port: number, t: Tile, layer: string): Promise<{ status: number; etag: string; cache: string; proxy: string; bytes: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`, { signal: AbortSignal.timeout(10_000) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, etag: res.headers.get('etag') ?? '', cache: res.headers.get('x-tile-cache') ?? '', proxy: res.headers.get('x-cache-status') ?? '', bytes: body.length };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  await ensureDatabase(URL_, 'bench:scale');
  const config = loadConfig({ ...process.env, DATABASE_URL: URL_, LOG_LEVEL: 'warn' });
  const database = await openDatabase(config, createLogger(config));
  let tiles: Tile[];
  try {
    await prepareData(database, URL_, 'bench:scale');
    try {
      await createUser(database.db, new PasswordHasher(config.auth.argon2), { org: 'bench-scale', orgName: 'Bench scale CSO', role: 'advocate', email: EMAIL, name: 'Bench', password: PASSWORD });
    } catch (err) {
      if (!(err instanceof UserCreateError) || !/already exists/.test(err.message)) throw err; // made by an earlier run
    }
    await waitForAutovacuum(database);
    tiles = await tileList(database);
  } finally {
    await database.close();
  }

  const load = os.loadavg();
  log('\n=== Two instances, one database (bench:scale) ===');
  log(`machine   ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
  if (load[0]! > 0.5) log(`WARNING   the machine is not idle (1-minute load ${load[0]!.toFixed(1)}): throughput figures will be noisy; see 'other' in the cores.`);
  log(`database  ${redactUrl(URL_)} (one database for both instances)`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-scale-'));
  fs.chmodSync(tmp, 0o755); // nginx started as root runs its workers as nobody: they write the proxy cache in here
  const [pa, pb, one, two, cached] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const ports = { one, two, cached };
  let a: Instance | undefined, b: Instance | undefined, nginx: ChildProcess | undefined;
  const client = new HttpClient();
  try {
    // (a) cache off in both instances: every tile is rendered by PostgreSQL.
    a = await startInstance('A', pa, path.join(tmp, 'a'), '0');
    b = await startInstance('B', pb, path.join(tmp, 'b'), '0');
    nginx = await startNginx(tmp, nginxConf(tmp, pa, pb, ports), [one, two, cached]);
    log(`instances A 127.0.0.1:${pa}, B 127.0.0.1:${pb} (node --import tsx server/src/main.ts, TRUST_PROXY=true); nginx ${tmp}/nginx.conf: one→A :${one}, kg→A+B :${two}, with proxy_cache :${cached}`);

    log(`\n(a) canal tiles/s, tile cache off (TILE_CACHE_MB=0), ${tiles.length} tiles of bench:tiles, ${SECONDS} s per row after a warm-up pass`);
    const paths = tiles.map((t) => `/tiles/canals/${t.z}/${t.x}/${t.y}.mvt`);
    const modes = [
      { mode: 'one instance, direct', port: pa },
      { mode: 'one instance via nginx', port: one },
      { mode: 'two instances via nginx', port: two },
    ];
    // Modes alternate in ROUNDS rounds (a warm-up pass each in the first), so drift on the machine hits all alike.
    const rows: Record<string, { tps: number; cost: number | null; other: number | null }> = {};
    const pids = () => [a!.child.pid!, b!.child.pid!];
    for (const c of [2, 4]) {
      const acc = modes.map(() => ({ latencies: [] as number[], ms: 0, bad: 0, use: null as CpuUse | null, first: true }));
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, m] of modes.entries()) {
          if (round === 0) await client.call({ phase: 'warmup', port: m.port, paths, concurrency: c, seconds: SECONDS });
          const before = cpuNow(pids(), nginx!.pid!);
          const r = await client.call({ phase: 'timed', port: m.port, paths, concurrency: c, seconds: SECONDS / ROUNDS });
          const use = cpuUse(before, cpuNow(pids(), nginx!.pid!));
          const x = acc[i]!;
          x.latencies.push(...r.latencies);
          x.ms += r.elapsedMs;
          x.bad += Object.entries(r.status).filter(([st]) => st !== '200').reduce((n, [, v]) => n + v, 0);
          x.use = x.first ? use : addUse(x.use, use);
          x.first = false;
        }
      }
      for (const [i, m] of modes.entries()) {
        const x = acc[i]!;
        const s = [...x.latencies].sort((p, q) => p - q);
        const p = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
        const n = x.latencies.length;
        const cost = x.use ? (x.use.app + x.use.nginx + x.use.pg) / n : null;
        rows[`${m.mode}/${c}`] = { tps: n / (x.ms / 1000), cost, other: x.use ? x.use.other / x.use.s : null };
        log(`  c=${c}  ${m.mode.padEnd(24)} ${(n / (x.ms / 1000)).toFixed(1).padStart(7)} tiles/s  p50 ${p(0.5).toFixed(1).padStart(5)} ms  p95 ${p(0.95).toFixed(1).padStart(5)} ms  CPU ${cost !== null ? (1000 * cost).toFixed(2) : '?'} ms/tile (app+nginx+pg)  cores: ${cores(x.use)}${x.bad ? `  ${x.bad} non-200 answers!` : ''}`);
      }
    }
    for (const c of [2, 4]) {
      const one1 = rows[`one instance, direct/${c}`]!, viaNginx = rows[`one instance via nginx/${c}`]!, both = rows[`two instances via nginx/${c}`]!;
      const r = both.tps / one1.tps;
      const byCost = one1.cost && both.cost ? ` by CPU cost ${(one1.cost / both.cost).toFixed(2)}×;` : '';
      const noisy = Math.max(one1.other ?? 0, both.other ?? 0) > 0.1 ? ` (other processes used up to ${Math.max(one1.other ?? 0, both.other ?? 0).toFixed(1)} cores: disturbed)` : '';
      result(`two via nginx / one direct, c=${c}`, `${r.toFixed(2)}× (${both.tps.toFixed(0)} vs ${one1.tps.toFixed(0)} tiles/s;${byCost} one via nginx ${viaNginx.tps.toFixed(0)})${noisy}`, `≥ ${TARGET_RATIO.toFixed(1)}× on ${os.cpus().length} cores`, r >= TARGET_RATIO);
    }
    log(`  note: both instances, nginx and PostgreSQL share these ${os.cpus().length} cores, and the tile's CPU is mostly PostgreSQL's: a second`);
    log('  instance can only use what one leaves idle (see the cores), minus what nginx costs. So the ratio here shows that requests');
    log('  spread over both instances without loss (target ≥ 0.9×: at most the proxy\'s cost), not how far the service scales; with');
    log('  the database on its own host or spare cores, each instance adds its own Node CPU. \'by CPU cost\' = CPU per tile of one');
    log('  instance direct / of two behind nginx (app + nginx + pg): below 1 by what the proxy costs per tile.');

    // nginx's proxy_cache (the README's example) in front of the cache-less instances.
    await client.call({ phase: 'warmup', port: cached, paths, concurrency: 4, seconds: SECONDS });
    const hit = await getTile(cached, tiles[0]!, 'canals');
    const rc = await client.call({ phase: 'timed', port: cached, paths, concurrency: 4, seconds: Math.max(1, SECONDS / 2) });
    log(`  c=4  nginx proxy_cache hits       ${(rc.latencies.length / (rc.elapsedMs / 1000)).toFixed(1).padStart(7)} tiles/s  (X-Cache-Status: ${hit.proxy || '?'}; Cache-Control honoured, max-age from TILE_MAX_AGE_S)`);

    // (b) and (c) with the tile cache ON in both instances.
    await a.stop(); await b.stop();
    a = await startInstance('A', pa, path.join(tmp, 'a'), '64');
    b = await startInstance('B', pb, path.join(tmp, 'b'), '64');

    log('\n(b) a session made on A, used on B');
    const jar = new Jar();
    // The sign-in form's token (a double-submit cookie) from B, the sign-in itself through A.
    let res = await jar.fetch(pb, '/api/auth/session');
    jar.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    res = await jar.fetch(pa, '/api/auth/login', { method: 'POST', body: { email: EMAIL, password: PASSWORD } });
    const onA = (await res.json()) as { authenticated?: boolean; user?: { id: string; email?: string }; csrfToken: string };
    if (res.status !== 200 || !onA.user) throw new Error(`sign-in through A failed: ${res.status} ${JSON.stringify(onA).slice(0, 300)}`);
    jar.csrf = onA.csrfToken;
    res = await jar.fetch(pb, '/api/auth/session');
    const onB = (await res.json()) as { authenticated?: boolean; user?: { id: string } };
    const imports = await jar.fetch(pb, '/api/imports');
    const anon = await fetch(`http://127.0.0.1:${pb}/api/imports`);
    log(`  pre-session CSRF token from B, signed in through A as ${EMAIL} (user ${onA.user.id}); through B with the same cookie: /api/auth/session → user ${onB.user?.id ?? 'none'}, GET /api/imports → ${imports.status} (without the cookie: ${anon.status})`);
    // A write through B with the CSRF token A issued: the token lives in the session row too.
    res = await jar.fetch(pb, '/api/campaigns', {
      method: 'POST',
      body: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[74.5, 42.8], [74.7, 42.8], [74.7, 42.95], [74.5, 42.95], [74.5, 42.8]]] }, properties: { title: { en: 'bench:scale campaign' }, targetCouncil: { en: 'Bishkek city kenesh' }, status: 'active' } },
    });
    const campaign = (await res.json()) as { id?: string; detail?: string };
    log(`  POST /api/campaigns through B with A's session and CSRF token → ${res.status}`);
    result('session from A accepted by B', `/api/auth/session same user: ${onB.user?.id === onA.user.id ? 'yes' : 'no'}; /api/imports ${imports.status}; write ${res.status}`, 'same user, 200, 201 (401 without the cookie)',
      onB.user?.id === onA.user.id && imports.status === 200 && anon.status === 401 && res.status === 201);
    if (!campaign.id) throw new Error(`no campaign: ${campaign.detail ?? ''}`);

    log(`\n(c) an edit through A, the tile through B (tile cache on in both: TILE_CACHE_MB=64); annotations tile ${EDIT_TILE.z}/${EDIT_TILE.x}/${EDIT_TILE.y}`);
    const b0 = await getTile(pb, EDIT_TILE, 'annotations');
    const b1 = await getTile(pb, EDIT_TILE, 'annotations');
    const n0 = await getTile(cached, EDIT_TILE, 'annotations');
    log(`  before: B ${b0.status} ${b0.bytes} B ETag ${b0.etag}, again ${b1.status} X-Tile-Cache ${b1.cache} (B's cache holds it); via nginx :${cached} ${n0.status} ETag ${n0.etag}`);
    res = await jar.fetch(pa, '/api/annotations', { method: 'POST', body: { type: 'Feature', geometry: { type: 'Point', coordinates: EDIT_POINT }, properties: { campaignId: campaign.id, title: 'bench:scale gap', category: 'no_road', severity: 3 } } });
    const ann = (await res.json()) as { id?: string; detail?: string };
    if (res.status !== 201 || !ann.id) throw new Error(`creating the annotation through A failed: ${res.status} ${ann.detail ?? ''}`);
    const t0 = performance.now();
    res = await jar.fetch(pa, `/api/annotations/${ann.id}/status`, { method: 'POST', body: { status: 'published' }, headers: { 'if-match': '"v1"' } });
    const published = performance.now();
    if (res.status !== 200) throw new Error(`publishing through A failed: ${res.status} ${await res.text()}`);
    const poll = async (port: number) => {
      for (let i = 0; performance.now() - published < 5000; i++) {
        const t = await getTile(port, EDIT_TILE, 'annotations');
        if (t.status === 200 && t.etag !== b0.etag) return { ms: performance.now() - published, polls: i + 1, t };
        await sleep(20);
      }
      return null;
    };
    const seenB = await poll(pb);
    const seenN = await poll(cached);
    log(`  published through A (answer after ${(published - t0).toFixed(0)} ms); B's tile changed ${seenB ? `${seenB.ms.toFixed(0)} ms after that answer (poll ${seenB.polls}, ${seenB.t.bytes} B, X-Tile-Cache ${seenB.t.cache})` : 'NOT within 5 s'}`);
    log(`  via nginx :${cached} (edited layers not kept in its proxy_cache): ${seenN ? `changed, ${seenN.ms.toFixed(0)} ms after the answer` : 'NOT changed within 5 s'}`);
    result('edit through A visible in B\'s tile', seenB ? `${seenB.ms.toFixed(0)} ms` : '> 5000 ms', `≤ ${TARGET_PROPAGATION_MS} ms`, !!seenB && seenB.ms <= TARGET_PROPAGATION_MS);
    // Leave the database as it was (the gap deleted; the campaign stays, one per run).
    await jar.fetch(pa, `/api/annotations/${ann.id}`, { method: 'DELETE', headers: { 'if-match': '"v2"' } }).catch(() => undefined);
  } finally {
    await client.terminate();
    await a?.stop().catch(() => undefined);
    await b?.stop().catch(() => undefined);
    if (nginx) await stopChild(nginx).catch(() => undefined);
    killAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  log('\n=== Results ===');
  for (const r of results) log(`${r.what.padEnd(38)} ${r.value}   target ${r.target}   ${r.met ? 'MET' : 'MISSED'}`);
  log(`(total ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}

main().then(
  () => process.exit(0),
  (err) => { console.error(`bench:scale failed: ${(err as Error)?.stack ?? err}`); killAll(); process.exit(1); },
);
