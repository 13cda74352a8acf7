// The load run shared by `npm run bench:load` (bench/load.bench.ts) and its short form in CI
// (tests/integration/load.test.ts): N keep-alive connections asking for vector tiles of the six demo
// project areas at z6–z15 for D seconds, against an app listening on loopback in this process. The
// client runs in a worker thread (bench/load-client.worker.mjs) so that its clock and its 10-second
// "no answer" timers are not held up by the app (the embedded database works on the main thread).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Project { id: string; bbox: [number, number, number, number]; layers: string[] }

export const ZOOMS = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

function lonLatToTile(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/**
 * The fixed tile list: for each of the six project areas (data/demo/projects.json), each of its layers
 * and each zoom 6–15, the tile under the area's centre; from z14 on also the tile under a point a
 * quarter of the way in from the south-west corner (so a city's edge is asked for, not only its
 * middle). Duplicates (small zooms of neighbouring areas) are dropped; the order is interleaved so that
 * consecutive requests go to different zooms and layers. About 150 tiles.
 */
export function tilePaths(): string[] {
  const projects = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/projects.json'), 'utf8')) as Project[];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const z of ZOOMS) {
    for (const p of projects) {
      const [x0, y0, x1, y1] = p.bbox;
      const points: [number, number][] = [[(x0 + x1) / 2, (y0 + y1) / 2]];
      if (z >= 14 && p.id !== 'oncology-access') points.push([x0 + (x1 - x0) / 4, y0 + (y1 - y0) / 4]);
      for (const layer of p.layers) {
        for (const [lon, lat] of points) {
          const [x, y] = lonLatToTile(lon, lat, z);
          const key = `/tiles/${layer}/${z}/${x}/${y}.mvt`;
          if (!seen.has(key)) { seen.add(key); out.push(key); }
        }
      }
    }
  }
  return out;
}

export interface LoadOptions {
  port: number;
  connections: number;
  seconds: number;
  paths?: string[];
  /** A request without an answer after this long counts as "no answer in time" (default 10 s). */
  lateMs?: number;
  /** …and is given up after this long (default lateMs + 20 s). */
  abandonMs?: number;
}

export interface MemorySample { rssMb: number; heapMb: number; externalMb: number; arrayBuffersMb: number }

export interface LoadResult {
  connections: number;
  seconds: number;
  tiles: number;
  answered: number;
  elapsedMs: number;
  perSecond: number;
  status: Record<string, number>;
  errors: Record<string, number>;
  /** Requests with no answer within lateMs (still awaited; see abandonMs). */
  late: number;
  lateSamples: string[];
  /** 503 answers with a Retry-After: the pool wait was bounded. */
  bounded: number;
  /** 503 answers without a usable Retry-After. */
  badRetryAfter: number;
  p50: number; p95: number; p99: number; max: number;
  /** Answers per connection (min, median, max): a fair server serves every connection about as often. */
  perConnection: { min: number; median: number; max: number };
  /** The slowest answers: which tile, on which connection, its n-th request there, sent how long after the start. */
  slowest: { ms: number; path: string; connection: number; nth: number; sentAtMs: number; status: number }[];
  memory: { before: MemorySample; peak: MemorySample; after: MemorySample };
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
export function memoryNow(): MemorySample {
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) };
}

const rank = (sorted: number[], q: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0;
const round = (n: number) => Math.round(n * 10) / 10;

/** Runs the load from a worker thread and samples this process's memory every 250 ms meanwhile. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const paths = o.paths ?? tilePaths();
  const lateMs = o.lateMs ?? 10_000;
  const before = memoryNow();
  let peak = before;
  const sampler = setInterval(() => {
    const m = memoryNow();
    if (m.rssMb > peak.rssMb) peak = m;
  }, 250);
  const worker = new Worker(new URL('./load-client.worker.mjs', import.meta.url));
  try {
    const r = await new Promise<{ latencies: number[]; status: Record<string, number>; errors: Record<string, number>; late: number; lateSamples: string[]; bounded: number; badRetryAfter: number; answered: number; elapsedMs: number; perConnection: number[]; slowest: LoadResult['slowest'] }>((resolve, reject) => {
      worker.once('message', (m: { ok: boolean; result?: never; error?: string }) => (m.ok ? resolve(m.result!) : reject(new Error(m.error))));
      worker.once('error', reject);
      worker.postMessage({ type: 'run', port: o.port, paths, connections: o.connections, seconds: o.seconds, lateMs, abandonMs: o.abandonMs ?? lateMs + 20_000 });
    });
    const sorted = Float64Array.from(r.latencies).sort();
    const lat = Array.from(sorted);
    const per = [...r.perConnection].sort((a, b) => a - b);
    return {
      connections: o.connections, seconds: o.seconds, tiles: paths.length,
      answered: r.answered, elapsedMs: Math.round(r.elapsedMs), perSecond: Math.round(r.answered / (r.elapsedMs / 1000)),
      status: r.status, errors: r.errors, late: r.late, lateSamples: r.lateSamples, bounded: r.bounded, badRetryAfter: r.badRetryAfter,
      p50: round(rank(lat, 0.5)), p95: round(rank(lat, 0.95)), p99: round(rank(lat, 0.99)), max: round(lat[lat.length - 1] ?? 0),
      slowest: r.slowest,
      perConnection: { min: per[0] ?? 0, median: rank(per, 0.5), max: per[per.length - 1] ?? 0 },
      memory: { before, peak, after: memoryNow() },
    };
  } finally {
    clearInterval(sampler);
    await worker.terminate();
  }
}

export interface Bounds {
  /** Largest allowed growth of resident memory from before the run to after it (MB). */
  rssGrowthMb: number;
}

/** Everything that makes a run fail; empty when it passed. */
export function problems(r: LoadResult, b: Bounds): string[] {
  const out: string[] = [];
  const errors = Object.values(r.errors).reduce((s, n) => s + n, 0);
  if (errors) out.push(`${errors} requests failed without an HTTP answer: ${JSON.stringify(r.errors)}`);
  const unexpected = Object.entries(r.status).filter(([s]) => !/^2\d\d$/.test(s) && s !== '304' && s !== '503');
  if (unexpected.length) out.push(`unexpected statuses: ${unexpected.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  if (r.badRetryAfter) out.push(`${r.badRetryAfter} answers 503 without a Retry-After`);
  if (r.late) out.push(`${r.late} requests had no answer within 10 s (e.g. ${r.lateSamples.slice(0, 3).join(', ')})`);
  if (!r.answered) out.push('no request was answered');
  const growth = r.memory.after.rssMb - r.memory.before.rssMb;
  if (growth > b.rssGrowthMb) out.push(`resident memory grew by ${round(growth)} MB (bound ${b.rssGrowthMb} MB)`);
  return out;
}

export function report(label: string, r: LoadResult): string {
  const m = r.memory;
  return [
    `${label}: ${r.connections} connections × ${r.seconds} s over ${r.tiles} tiles`,
    `  answers ${r.answered} (${r.perSecond}/s)  status ${JSON.stringify(r.status)}  errors ${JSON.stringify(r.errors)}`,
    `  latency ms p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99}  max ${r.max}   answers per connection min ${r.perConnection.min} / median ${r.perConnection.median} / max ${r.perConnection.max}`,
    `  no answer within 10 s: ${r.late}   503 with Retry-After (bounded waits): ${r.bounded}   503 without: ${r.badRetryAfter}`,
    `  memory MB  rss ${m.before.rssMb} → peak ${m.peak.rssMb} → ${m.after.rssMb}   heap ${m.before.heapMb} → ${m.after.heapMb}   external ${m.before.externalMb} → ${m.after.externalMb}`,
  ].join('\n');
}
