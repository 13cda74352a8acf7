// Safe zip reading (yauzl). A hostile archive is refused from its central directory, before one byte is
// unpacked: too much declared content, a too-high compression ratio, names that climb out of the folder
// (zip slip), symbolic links, encryption. While unpacking, a byte counter stops an entry whose header lied
// about its size. Entries are written flat (no folders from the archive) into a fresh temporary folder.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { FormatProblem, type FormatLimits } from './types.js';

export interface ZipEntryInfo {
  /** The name as stored in the archive (backslashes kept). */
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  directory: boolean;
}

/** More entries than any real Shapefile/KMZ has; past this the central directory itself is the attack. */
const MAX_ENTRIES = 10_000;
/** Small entries cannot hurt whatever their ratio (a .cpg or a padded .dbf compresses very well). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const refuse = (name: string, message: string) => new FormatProblem('invalid', message, `entry ${name}`);
const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

interface Checked { info: ZipEntryInfo; entry: yauzl.Entry }

/** Why a name is unsafe to unpack, or null. Backslashes count as separators: Windows tools write them. */
export function unsafeEntryName(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (/[\u0000-\u001f]/.test(n)) return 'it contains control characters';
  if (n.startsWith('/')) return 'it is an absolute path';
  if (/^[a-zA-Z]:/.test(n)) return 'it starts with a drive letter';
  if (n.split('/').includes('..')) return "it climbs out of the archive's folder with '..'";
  return null;
}

function check(entry: yauzl.Entry, limits: FormatLimits, total: { declared: number }): ZipEntryInfo {
  // strictFileNames=true keeps backslashes so that '..\..\x' is seen for what it is.
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const unsafe = unsafeEntryName(name);
  if (unsafe) throw refuse(name, `The archive entry "${name}" is refused because ${unsafe}. Re-create the zip from the files themselves.`);
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
    throw refuse(name, `The archive entry "${name}" is a symbolic link; links are refused. Re-create the zip with the real files.`);
  }
  if (entry.isEncrypted()) throw refuse(name, `The archive entry "${name}" is encrypted. Upload a zip without a password.`);
  const directory = name.endsWith('/') || name.endsWith('\\');
  if (!directory && entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw refuse(name, `The archive entry "${name}" uses compression method ${entry.compressionMethod}; only stored and deflated entries can be read. Re-create the zip with a standard tool.`);
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxZipRatio) {
    throw refuse(name, `The archive entry "${name}" would unpack ${Math.round(ratio)} times larger than it is stored (${mb(entry.uncompressedSize)}); at most ${limits.maxZipRatio} times is accepted. This looks like a zip bomb.`);
  }
  total.declared += entry.uncompressedSize;
  if (total.declared > limits.maxUnzippedBytes) {
    throw refuse(name, `The archive unpacks to more than ${mb(limits.maxUnzippedBytes)} (reached at entry "${name}"). Split it or remove what is not needed.`);
  }
  return { name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, directory };
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: false }, (err, zip) => {
      if (err || !zip) reject(new FormatProblem('invalid', `The file is not a readable zip archive (${err?.message ?? 'unknown error'}).`));
      else resolve(zip);
    });
  });
}

/** Every entry of the central directory, each checked before the next is read. */
function readDirectory(zip: yauzl.ZipFile, limits: FormatLimits): Promise<Checked[]> {
  return new Promise((resolve, reject) => {
    const out: Checked[] = [];
    const total = { declared: 0 };
    let done = false;
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      const msg = (e as Error).message;
      reject(e instanceof FormatProblem ? e
        : /encryption/i.test(msg) ? new FormatProblem('invalid', 'The archive uses strong encryption. Upload a zip without a password.')
        : new FormatProblem('invalid', `The zip archive is damaged (${msg}).`));
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      if (done) return;
      try {
        if (out.length >= MAX_ENTRIES) throw new FormatProblem('invalid', `The archive holds more than ${MAX_ENTRIES.toLocaleString('en')} entries.`);
        out.push({ info: check(entry, limits, total), entry });
        zip.readEntry();
      } catch (e) { fail(e); }
    });
    zip.once('end', () => { if (!done) { done = true; resolve(out); } });
    zip.once('error', fail);
    zip.readEntry();
  });
}

async function withZip<T>(path: string, fn: (zip: yauzl.ZipFile) => Promise<T>): Promise<T> {
  const zip = await openZip(path);
  try {
    return await fn(zip);
  } finally {
    zip.close();
  }
}

/** The archive's entries, all checked (bomb, slip, links, encryption). Throws FormatProblem('invalid'). */
export async function listZip(path: string, limits: FormatLimits): Promise<ZipEntryInfo[]> {
  return withZip(path, async (zip) => (await readDirectory(zip, limits)).map((c) => c.info));
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))));
}

/** Streams one entry to `sink`, counting bytes: more than declared (a lying header) or than `cap` is refused. */
async function copyEntry(zip: yauzl.ZipFile, c: Checked, cap: number, total: { written: number }, limits: FormatLimits,
  sink: NodeJS.WritableStream | ((chunk: Buffer) => void)): Promise<void> {
  const { name, uncompressedSize } = c.info;
  let n = 0;
  const counter = async function* (src: AsyncIterable<Buffer>) {
    for await (const chunk of src) {
      n += chunk.length;
      total.written += chunk.length;
      if (n > uncompressedSize) throw lying(name, uncompressedSize);
      if (n > cap) throw new FormatProblem('too-large', `The archive entry "${name}" is larger than ${mb(cap)}.`, `entry ${name}`);
      if (total.written > limits.maxUnzippedBytes) throw refuse(name, `The archive unpacks to more than ${mb(limits.maxUnzippedBytes)} (reached at entry "${name}").`);
      yield chunk;
    }
  };
  try {
    const stream = await openEntry(zip, c.entry);
    if (typeof sink === 'function') {
      for await (const chunk of counter(stream)) sink(chunk);
    } else {
      await pipeline(stream, counter, sink);
    }
  } catch (e) {
    if (e instanceof FormatProblem) throw e;
    // yauzl's own size check (validateEntrySizes) may notice the lie first.
    if (/too many bytes/i.test((e as Error).message)) throw lying(name, uncompressedSize);
    throw refuse(name, `The archive entry "${name}" cannot be unpacked (${(e as Error).message}).`);
  }
}

const lying = (name: string, declared: number) =>
  refuse(name, `The archive entry "${name}" holds more data than its header declares (${declared.toLocaleString('en')} bytes); the archive is damaged or forged.`);

/** A file-system-safe flat name for an entry, unique within the folder. */
function flatName(name: string, used: Set<string>): string {
  const base = name.replace(/\\/g, '/').split('/').pop()!.replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'entry';
  let out = base;
  for (let i = 2; used.has(out.toLowerCase()); i++) out = `${i}_${base}`;
  used.add(out.toLowerCase());
  return out;
}

/**
 * Unpacks the checked archive's files (those `filter` keeps) flat into `destDir`, which must be a fresh
 * folder. Returns entry name → extracted path. Throws FormatProblem before writing anything if the
 * central directory is hostile, and while writing if an entry holds more than it declared.
 */
export async function extractZip(path: string, destDir: string, limits: FormatLimits,
  filter: (e: ZipEntryInfo) => boolean = () => true): Promise<Map<string, string>> {
  return withZip(path, async (zip) => {
    const all = await readDirectory(zip, limits);
    const out = new Map<string, string>();
    const used = new Set<string>();
    const total = { written: 0 };
    for (const c of all) {
      if (c.info.directory || !filter(c.info)) continue;
      const dest = join(destDir, flatName(c.info.name, used));
      // 'wx': never follow or overwrite something already there.
      await copyEntry(zip, c, Infinity, total, limits, createWriteStream(dest, { flags: 'wx' }));
      out.set(c.info.name, dest);
    }
    return out;
  });
}

/** Unpacks into a fresh temporary folder, runs `fn`, and removes the folder whatever happens. */
export async function withExtractedZip<T>(path: string, limits: FormatLimits, filter: (e: ZipEntryInfo) => boolean,
  fn: (files: Map<string, string>) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kg-import-zip-'));
  try {
    return await fn(await extractZip(path, dir, limits, filter));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One entry's bytes in memory (e.g. a KMZ's doc.kml), at most `maxBytes`. The whole archive is checked first. */
export async function readZipEntry(path: string, name: string, maxBytes: number, limits: FormatLimits): Promise<Buffer> {
  return withZip(path, async (zip) => {
    const all = await readDirectory(zip, limits);
    const c = all.find((x) => x.info.name === name && !x.info.directory);
    if (!c) throw new FormatProblem('invalid', `The archive has no entry "${name}".`, `entry ${name}`);
    if (c.info.uncompressedSize > maxBytes) {
      throw new FormatProblem('too-large', `The archive entry "${name}" is ${mb(c.info.uncompressedSize)}; at most ${mb(maxBytes)} can be read.`, `entry ${name}`);
    }
    const chunks: Buffer[] = [];
    await copyEntry(zip, c, maxBytes, { written: 0 }, limits, (chunk) => chunks.push(chunk));
    return Buffer.concat(chunks);
  });
}
