// Population raster load benchmark (npm run bench:population). Makes a WorldPop-like GeoTIFF with GDAL —
// 3 arc-second cells (~90 m) over northern Kyrgyzstan, BENCH_POP_WIDTH × BENCH_POP_HEIGHT pixels of
// which about BENCH_POP_CELLS are populated (the rest 0 or nodata), tiled and DEFLATE-compressed like the
// real file — then loads it with the app's loader (server/src/population) into a fresh database on a
// PostgreSQL/PostGIS server, with the demo settlements, and prints rows/s, the assignment's time and the
// peak memory of this process. The raster is written as an ESRI ASCII grid row by row (never whole in
// memory) and converted by gdal_translate in a child process.
//
//   DATABASE_URL or TEST_DATABASE_URL  the server (required); a database kg_pop_bench_<pid> is created there and dropped after
//   BENCH_POP_CELLS    populated cells (default 2000000)
//   BENCH_POP_WIDTH, BENCH_POP_HEIGHT  raster size (default 4000 × 2500; WorldPop Kyrgyzstan is about 11,000 × 5,600)
//   BENCH_POP_KEEP     1 to keep the GeoTIFF (printed) and the database
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scratchDatabase } from './scratch-db.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { loadPopulationRaster } from '../server/src/population/population.service.js';

const URL_ = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!URL_) {
  console.error('bench:population needs a PostgreSQL/PostGIS server: set DATABASE_URL or TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:55441/postgres).');
  process.exit(2);
}
const CELLS = Math.max(1000, Number(process.env.BENCH_POP_CELLS ?? 2_000_000) || 2_000_000);
const W = Number(process.env.BENCH_POP_WIDTH ?? 4000), H = Number(process.env.BENCH_POP_HEIGHT ?? 2500);
const KEEP = process.env.BENCH_POP_KEEP === '1';
const CELL = 1 / 1200; // 3 arc-seconds, WorldPop's grid
const X0 = 72.9, Y0 = 43.1; // top-left: Talas to Issyk-Kul, Chüy valley in the middle
if (CELLS > W * H) { console.error(`BENCH_POP_CELLS ${CELLS} is more than the raster's ${W * H} pixels`); process.exit(2); }

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);

/** The ASCII grid, row by row: populated cells with probability CELLS / (W × H), 0 elsewhere, a nodata frame of 5 %. */
async function writeGrid(file: string): Promise<{ populated: number; total: number }> {
  const out = fs.createWriteStream(file);
  const write = async (s: string) => { if (!out.write(s)) await new Promise<void>((r) => out.once('drain', () => r())); };
  await write(`ncols ${W}\nnrows ${H}\nxllcorner ${X0}\nyllcorner ${Y0 - H * CELL}\ncellsize ${CELL}\nNODATA_value -99999\n`);
  const rand = rng(7);
  const inner = W * H * 0.95;
  const p = CELLS / inner;
  let populated = 0, total = 0;
  const frame = Math.round(W * 0.025);
  for (let r = 0; r < H; r++) {
    const row: string[] = new Array(W);
    for (let c = 0; c < W; c++) {
      if (c < frame || c >= W - frame) { row[c] = '-99999'; continue; }
      if (rand() < p) {
        const v = Math.round((0.05 + rand() * rand() * 60) * 1000) / 1000;
        row[c] = String(v); populated++; total += v;
      } else row[c] = '0';
    }
    await write(row.join(' ') + '\n');
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { populated, total };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pop-bench-'));
  const asc = path.join(dir, 'pop.asc'), tif = path.join(dir, 'kgz_ppp_bench.tif');
  let t = performance.now();
  const gen = await writeGrid(asc);
  console.log(`generated ${W} × ${H} px, ${gen.populated.toLocaleString('en')} populated, ${Math.round(gen.total).toLocaleString('en')} people: ${mb(fs.statSync(asc).size)} ASCII grid in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  execFileSync('gdal_translate', ['-q', '-ot', 'Float32', '-a_srs', 'EPSG:4326', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', asc, tif]);
  fs.rmSync(asc);
  console.log(`gdal_translate → ${tif}: ${mb(fs.statSync(tif).size)} (tiled 256 × 256, DEFLATE) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const name = `kg_pop_bench_${process.pid}`;
  const { database, config, location, drop } = await scratchDatabase(URL_!, name);
  try {
    await seedDemo(database);
    console.log(`loading into ${location} (fresh database, migrated, demo settlements)`);
    console.log(`peak RSS before the load: ${mb(peakRss)}`);
    peakRss = process.memoryUsage().rss; // from here: the load only
    let lastShown = 0;
    const r = await loadPopulationRaster(database.db, { file: tif, dataset: 'bench-pop', title: 'Benchmark grid', publisher: 'bench', licence: 'CC0-1.0', year: 2020, provenance: 'illustrative' }, {
      assignMaxM: config.populationAssignMaxM,
      onProgress: (p) => { if (p.rows - lastShown >= 500_000) { lastShown = p.rows; console.log(`  ${p.rows.toLocaleString('en')} rows, ${((performance.now() - t) / 1000).toFixed(0)} s`); } },
    });
    const load = r.seconds - r.assignment.seconds;
    console.log(`\nloaded ${r.rows.toLocaleString('en')} rows, ${Math.round(r.population).toLocaleString('en')} people (generated ${Math.round(gen.total).toLocaleString('en')}) in ${r.seconds.toFixed(1)} s:`);
    console.log(`  read + insert: ${load.toFixed(1)} s = ${Math.round(r.rows / load).toLocaleString('en')} rows/s`);
    console.log(`  assignment to settlements: ${r.assignment.seconds.toFixed(1)} s (${r.assignment.cells.toLocaleString('en')} cells within ${config.populationAssignMaxM} m of a settlement)`);
    console.log(`  overall: ${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s; peak RSS of this process during the load ${mb(Math.max(peakRss, process.memoryUsage().rss))} (sampled every 100 ms)`);
    if (r.rows !== gen.populated) throw new Error(`expected ${gen.populated} rows`);
  } finally {
    clearInterval(sampler);
    await drop(KEEP);
    if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept: ${tif}, database ${name}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
