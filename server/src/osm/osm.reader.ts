// Reads an OpenStreetMap extract (.osm.pbf, .osm, .osm.bz2, …) with osmium-tool, in bounded memory:
//   [osmium extract -b bbox -s smart]     only when a bbox is given (complete ways and multipolygons)
//   osmium tags-filter                    keep only the objects the mapping uses (+ the nodes they need)
//   osmium export -f geojsonseq -a type,id  assemble lines and (multi)polygons, one feature per line,
//                                          node locations in a sparse file index, not in memory
// The export's stdout is read chunk by chunk with back-pressure (osmium waits while the consumer
// writes to the database), so memory stays flat whatever the size of the extract. No database here.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXPORT_CONFIG, TAG_FILTERS, parseExportLine, type OsmFeature } from './osm.mapping.js';

export type Bbox = [number, number, number, number];

export class OsmiumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OsmiumError';
  }
}

export interface OsmiumStep { step: 'fileinfo' | 'extract' | 'tags-filter' | 'export'; seconds: number; peakRssBytes: number | null }

export interface ReadOptions {
  bbox?: Bbox;
  /** Where the temporary files go (default: the system's temp folder). */
  tmpDir?: string;
  /** Called when an osmium step ends, with its time and peak memory (VmHWM, when /proc has it). */
  onStep?: (s: OsmiumStep) => void;
  osmium?: string;
}

/** Peak resident memory of a child, sampled from /proc (Linux); null elsewhere. */
function watchPeak(child: ChildProcess): () => number | null {
  let peak: number | null = null;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak ?? 0, Number(m[1]) * 1024);
    } catch { /* gone or not Linux */ }
  };
  const timer = setInterval(sample, 50);
  child.once('exit', () => clearInterval(timer));
  return () => { clearInterval(timer); return peak; };
}

const tail = (s: string) => s.trim().split('\n').slice(-5).join('\n');

/** Runs osmium to completion; throws OsmiumError with its last stderr lines. */
async function run(bin: string, step: OsmiumStep['step'], args: string[], onStep?: ReadOptions['onStep']): Promise<string> {
  const started = performance.now();
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const peak = watchPeak(child);
  let out = '', err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err = (err + d).slice(-8000); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new OsmiumError(`osmium could not be started (${(e as NodeJS.ErrnoException).code ?? e.message}): install osmium-tool (apt-get install osmium-tool).`)));
    child.once('close', resolve);
  });
  const rss = peak();
  if (code !== 0) throw new OsmiumError(`osmium ${step} failed (exit ${code}): ${tail(err)}`);
  onStep?.({ step, seconds: (performance.now() - started) / 1000, peakRssBytes: rss });
  return out;
}

/** The extract's timestamp as a date (YYYY-MM-DD): the header's replication timestamp, else the newest object; null when neither is known. */
export async function extractDate(file: string, bin = 'osmium'): Promise<string | null> {
  const header = JSON.parse(await run(bin, 'fileinfo', ['fileinfo', '-j', file])) as { header?: { option?: Record<string, string> } };
  const opt = header.header?.option ?? {};
  const fromHeader = opt.osmosis_replication_timestamp ?? opt.timestamp;
  const ok = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}T/.test(s) && !s.startsWith('1970') ? s.slice(0, 10) : null);
  if (ok(fromHeader)) return ok(fromHeader);
  // No header timestamp (an .osm file, a hand-cut extract): the newest object's, one more read of the file.
  const data = JSON.parse(await run(bin, 'fileinfo', ['fileinfo', '-e', '-j', '--no-crc', file])) as { data?: { timestamp?: { last?: string } } };
  return ok(data.data?.timestamp?.last);
}

/** The extract's boundary from its header (`osmium fileinfo`: header.boxes, joined into one box); null when the header has none. */
export async function extractBounds(file: string, bin = 'osmium'): Promise<Bbox | null> {
  const info = JSON.parse(await run(bin, 'fileinfo', ['fileinfo', '-j', file])) as { header?: { boxes?: number[][] } };
  const boxes = (info.header?.boxes ?? []).filter((b) => b.length === 4 && b.every(Number.isFinite) && b[0]! < b[2]! && b[1]! < b[3]!);
  if (!boxes.length) return null;
  return [Math.min(...boxes.map((b) => b[0]!)), Math.min(...boxes.map((b) => b[1]!)), Math.max(...boxes.map((b) => b[2]!)), Math.max(...boxes.map((b) => b[3]!))];
}

/** The features of the extract that the mapping may use, streamed. Temporary files are removed at the end. */
export async function* readOsm(file: string, opts: ReadOptions = {}): AsyncGenerator<OsmFeature> {
  const bin = opts.osmium ?? 'osmium';
  if (!fs.existsSync(file)) throw new OsmiumError(`No such file: ${file}`);
  const tmp = fs.mkdtempSync(path.join(opts.tmpDir ?? os.tmpdir(), 'kg-osm-'));
  let child: ChildProcess | undefined;
  try {
    let src = file;
    if (opts.bbox) {
      const cut = path.join(tmp, 'cut.osm.pbf');
      await run(bin, 'extract', ['extract', '--overwrite', '-b', opts.bbox.join(','), '-s', 'smart', '--set-bounds', '-o', cut, src], opts.onStep);
      src = cut;
    }
    const filtered = path.join(tmp, 'filtered.osm.pbf');
    await run(bin, 'tags-filter', ['tags-filter', '--overwrite', '-o', filtered, src, ...TAG_FILTERS], opts.onStep);
    const config = path.join(tmp, 'export.json');
    fs.writeFileSync(config, JSON.stringify(EXPORT_CONFIG));

    const started = performance.now();
    child = spawn(bin, ['export', '-c', config, '-f', 'geojsonseq', '-x', 'print_record_separator=false', '-i', 'sparse_file_array', '-o', '-', filtered], { stdio: ['ignore', 'pipe', 'pipe'] });
    const peak = watchPeak(child);
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { err = (err + d).slice(-8000); });
    const exited = new Promise<number | null>((resolve, reject) => {
      child!.once('error', (e) => reject(new OsmiumError(`osmium could not be started (${(e as NodeJS.ErrnoException).code ?? e.message}): install osmium-tool.`)));
      child!.once('close', resolve);
    });
    exited.catch(() => {}); // observed below
    // Async iteration pulls one chunk at a time: while we wait on the database, the pipe fills and osmium waits.
    let rest = '';
    const stdout = child.stdout!.setEncoding('utf8');
    for await (const chunk of stdout as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const f = parseExportLine(line);
        if (f) yield f;
      }
    }
    const last = parseExportLine(rest);
    if (last) yield last;
    const code = await exited;
    const rss = peak();
    if (code !== 0) throw new OsmiumError(`osmium export failed (exit ${code}): ${tail(err)}`);
    opts.onStep?.({ step: 'export', seconds: (performance.now() - started) / 1000, peakRssBytes: rss });
  } finally {
    if (child && child.exitCode === null && !child.killed) child.kill('SIGTERM'); // the consumer stopped early
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
