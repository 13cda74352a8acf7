// OpenStreetMap import benchmark (npm run bench:osm). Generates a synthetic extract of 1,000,000
// nodes in Kyrgyzstan (ways of 10 nodes: buildings, highways, canals; some place nodes), written as
// .osm XML in a streaming way and converted to .osm.pbf with `osmium cat`, then imports it with the
// app's own import (server/src/osm) into a fresh database on a PostgreSQL/PostGIS server, and prints
// the time and the peak memory of this process and of each osmium step.
//
//   DATABASE_URL or TEST_DATABASE_URL  the server (required); a database kg_osm_bench_<pid> is created there and dropped after
//   BENCH_OSM_NODES    nodes to generate (default 1000000)
//   BENCH_OSM_RERUN    1 to import the same file a second time (every row updated, none deleted)
//   BENCH_OSM_KEEP     1 to keep the generated files (printed) and the database
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scratchDatabase } from './scratch-db.js';
import { importOsm, type OsmImportReport } from '../server/src/osm/osm.service.js';

const URL_ = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!URL_) {
  console.error('bench:osm needs a PostgreSQL/PostGIS server: set DATABASE_URL or TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:55437/postgres).');
  process.exit(2);
}
const NODES = Math.max(1000, Number(process.env.BENCH_OSM_NODES ?? 1_000_000) || 1_000_000);
const WAY_NODES = 10;
const KEEP = process.env.BENCH_OSM_KEEP === '1';

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

const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MB`);
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);

/** Writes the .osm XML: nodes first (by id), then ways (by id); awaits the stream when it is full. */
async function writeOsm(file: string): Promise<{ ways: Record<string, number>; places: number }> {
  const out = fs.createWriteStream(file);
  const write = async (s: string) => { if (!out.write(s)) await new Promise<void>((r) => out.once('drain', () => r())); };
  const rand = rng(42);
  const ways = Math.floor(NODES / WAY_NODES);
  const kinds: ('building' | 'highway' | 'canal')[] = [];
  // Node positions: each way's 10 nodes near a centre in one of the valleys (Chüy, Fergana, Issyk-Kul, Talas, Naryn).
  const valleys = [[74.2, 42.85, 1.6, 0.25], [72.8, 40.7, 1.4, 0.45], [77.6, 42.45, 1.5, 0.3], [72.2, 42.5, 0.8, 0.15], [75.5, 41.45, 1.2, 0.25]] as const;
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="kg-advocacy-map bench/osm-import.bench.ts">\n');
  let id = 0, places = 0;
  const stamp = 'version="1" timestamp="2026-11-30T00:00:00Z"';
  for (let w = 0; w < ways; w++) {
    const v = valleys[Math.floor(rand() * valleys.length)]!;
    const cx = v[0] + (rand() - 0.5) * 2 * v[2], cy = v[1] + (rand() - 0.5) * 2 * v[3];
    const r = rand();
    const kind = r < 0.5 ? 'building' : r < 0.85 ? 'highway' : 'canal';
    kinds.push(kind);
    let chunk = '';
    for (let i = 0; i < WAY_NODES; i++) {
      id++;
      let lon: number, lat: number;
      if (kind === 'building') {
        // A ring of 10 nodes (the way closes it on the first one), ~15 m across.
        const a = (2 * Math.PI * i) / WAY_NODES;
        lon = cx + 0.0001 * Math.cos(a); lat = cy + 0.00007 * Math.sin(a);
      } else {
        lon = cx + i * 0.0008 + (rand() - 0.5) * 0.0002; lat = cy + (rand() - 0.5) * 0.0006 + i * 0.0002;
      }
      const place = kind === 'highway' && i === 0 && w % 500 === 0;
      if (place) places++;
      const tag = place ? `><tag k="place" v="village"/><tag k="name" v="Айыл ${w / 500}"/><tag k="population" v="${1000 + w}"/></node>` : '/>';
      chunk += `  <node id="${id}" ${stamp} lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"${tag}\n`;
    }
    await write(chunk);
  }
  const counts: Record<string, number> = { building: 0, highway: 0, canal: 0 };
  const HIGHWAYS = ['residential', 'residential', 'track', 'unclassified', 'tertiary', 'secondary', 'primary', 'footway'];
  for (let w = 0; w < ways; w++) {
    const kind = kinds[w]!;
    counts[kind]!++;
    const first = w * WAY_NODES + 1;
    const refs = Array.from({ length: WAY_NODES }, (_, i) => `<nd ref="${first + i}"/>`).join('') + (kind === 'building' ? `<nd ref="${first}"/>` : '');
    const tags = kind === 'building' ? '<tag k="building" v="yes"/>'
      : kind === 'highway' ? `<tag k="highway" v="${HIGHWAYS[w % HIGHWAYS.length]}"/><tag k="name" v="Көчө ${w}"/>`
      : `<tag k="waterway" v="${w % 3 === 0 ? 'canal' : 'ditch'}"/><tag k="name:ky" v="Арык ${w}"/>`;
    await write(`  <way id="${w + 1}" ${stamp}>${refs}${tags}</way>\n`);
  }
  await write('</osm>\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { ways: counts, places };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-osm-bench-'));
  const xml = path.join(dir, 'synthetic.osm');
  const pbf = path.join(dir, 'synthetic.osm.pbf');
  let t = performance.now();
  const gen = await writeOsm(xml);
  console.log(`generated ${NODES.toLocaleString('en')} nodes, ${Object.values(gen.ways).reduce((a, b) => a + b, 0).toLocaleString('en')} ways (${Object.entries(gen.ways).map(([k, n]) => `${k} ${n}`).join(', ')}), ${gen.places} places: ${fs.statSync(xml).size >> 20} MB XML in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  execFileSync('osmium', ['cat', '--overwrite', '-o', pbf, xml]);
  console.log(`osmium cat → ${pbf}: ${(fs.statSync(pbf).size / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (!KEEP) fs.rmSync(xml);

  const name = `kg_osm_bench_${process.pid}`;
  const { database, location, drop } = await scratchDatabase(URL_!, name);
  const runs: OsmImportReport[] = [];
  try {
    console.log(`importing into ${location} (fresh database, migrated)`);
    const genPeak = peakRss;
    console.log(`peak RSS while generating: ${mb(genPeak)}`);
    peakRss = process.memoryUsage().rss; // from here: the import only
    for (let i = 0; i < (process.env.BENCH_OSM_RERUN === '1' ? 2 : 1); i++) {
      const r = await importOsm(database, { file: pbf, onProgress: (l) => console.log(`  ${l}`) });
      runs.push(r);
      console.log(`\n${i === 0 ? 'import' : 're-run'}: ${r.seconds.toFixed(1)} s for ${r.features.toLocaleString('en')} features; node peak RSS so far ${mb(peakRss)}`);
      for (const s of r.osmium) console.log(`  osmium ${s.step.padEnd(11)} ${s.seconds.toFixed(1).padStart(6)} s   peak RSS ${mb(s.peakRssBytes)}`);
      for (const [table, x] of Object.entries(r.tables)) if (x.rows || x.deleted) console.log(`  ${table.padEnd(14)} inserted ${x.inserted}, updated ${x.updated}, deleted ${x.deleted}, skipped ${x.skipped}, rows ${x.rows}`);
    }
  } finally {
    await drop(KEEP);
    if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept: ${dir}, database ${name}`);
    clearInterval(sampler);
  }
  console.log(`\npeak RSS of this process during the import(s): ${mb(peakRss)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
