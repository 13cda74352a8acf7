// Zipped Shapefiles. Every .shp in the zip is a sub-layer and needs its .shx and .dbf beside it; .prj gives
// the CRS and .cpg (or the .dbf's language-driver byte) the text encoding. Geometry is read with the
// `shapefile` library (streaming); attributes with our own DBF reader (shp-dbf.ts says why). The archive is
// unpacked into a temporary folder that is removed when detection or reading ends.
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as GeoJSON from 'geojson';
import iconv from 'iconv-lite';
import shapefile from 'shapefile';
import { crsForCoordinates, crsFromPrj, extentFor } from './crs.js';
import { chooseEncoding, encodingFromCpg, encodingFromLdid, type TextScan } from './shp-encoding.js';
import {
  dbfFieldType, dbfRecords, decodeText, isValidUtf8, parseValue, readDbfHeader, textBytes,
  type DbfField, type DbfHeader, type DbfValue,
} from './shp-dbf.js';
import { extractZip, listZip, withExtractedZip, type ZipEntryInfo } from './zip.js';
import {
  FormatProblem,
  type CrsInfo, type Detection, type FormatLimits, type FormatReader, type ReadOptions, type SourceFeature, type SourceField, type SourceLayer, type UploadedFile,
} from './types.js';

const PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'] as const;
type Part = (typeof PARTS)[number];

/** One .shp and its companions, by entry name inside the zip. */
export interface ShpGroup {
  /** The layer name: the .shp's base name, or its path in the zip when two folders hold the same name. */
  name: string;
  /** Base name with the .shp's own spelling, for messages ('roads'). */
  base: string;
  entries: Partial<Record<Part, string>>;
}

/** Groups archive entries into Shapefiles (pure; macOS resource forks ignored). */
export function groupShapefiles(entries: readonly Pick<ZipEntryInfo, 'name' | 'directory'>[]): ShpGroup[] {
  const byStem = new Map<string, { stem: string; entries: Partial<Record<Part, string>> }>();
  for (const e of entries) {
    if (e.directory) continue;
    const n = e.name.replace(/\\/g, '/');
    const base = n.split('/').pop()!;
    if (n.startsWith('__MACOSX/') || base.startsWith('._')) continue;
    const m = /^(.*)\.([^./]+)$/.exec(n);
    const ext = m?.[2]?.toLowerCase();
    if (!m || !PARTS.includes(ext as Part)) continue;
    const key = m[1]!.toLowerCase();
    const g = byStem.get(key) ?? { stem: m[1]!, entries: {} };
    if (ext === 'shp') g.stem = m[1]!;
    g.entries[ext as Part] = e.name;
    byStem.set(key, g);
  }
  const groups = [...byStem.values()].filter((g) => g.entries.shp);
  const baseOf = (stem: string) => stem.split('/').pop()!;
  return groups.map((g) => {
    const base = baseOf(g.stem);
    const clash = groups.filter((o) => baseOf(o.stem).toLowerCase() === base.toLowerCase()).length > 1;
    return { name: clash ? g.stem : base, base, entries: g.entries };
  });
}

function requireParts(g: ShpGroup): void {
  for (const part of ['shx', 'dbf'] as const) {
    if (!g.entries[part]) {
      throw new FormatProblem('invalid',
        `${g.base}.shp comes without ${g.base}.${part}: a Shapefile needs its .shp, .shx and .dbf together. Add ${g.base}.${part} to the zip.`,
        `${g.base}.${part}`);
    }
  }
}

const isRelevant = (e: ZipEntryInfo) => /\.(shp|shx|dbf|prj|cpg)$/i.test(e.name);

/**
 * The number of shapes the .shx indexes (8 bytes per record after a 100-byte header). Each index entry
 * also gives the record's size, so a shape far beyond the vertex limit is refused here, before the
 * geometry library would build it in memory (32 bytes per XYZM vertex, 4 per part, plus headers).
 */
async function shxCount(path: string, g: ShpGroup, limits: FormatLimits): Promise<number> {
  const label = `${g.base}.shx`;
  const { size } = await stat(path);
  if (size < 100 || (size - 100) % 8 !== 0 || (await fileCode(path)) !== 9994) {
    throw new FormatProblem('invalid', `${label} is not a Shapefile index.`, label);
  }
  const count = (size - 100) / 8;
  const maxBytes = 1024 + limits.maxVerticesPerFeature * 36;
  let index = 0;
  if (count === 0) return 0;
  let rest = Buffer.alloc(0);
  for await (const data of createReadStream(path, { start: 100, highWaterMark: 512 * 1024 }) as AsyncIterable<Buffer>) {
    const chunk = rest.length ? Buffer.concat([rest, data]) : data;
    const whole = chunk.length - (chunk.length % 8);
    rest = Buffer.from(chunk.subarray(whole));
    for (let p = 0; p < whole; p += 8) {
      index++;
      const bytes = chunk.readInt32BE(p + 4) * 2;
      if (bytes > maxBytes) {
        throw new FormatProblem('invalid',
          `Feature ${index} in ${g.base}.shp takes ${(bytes / 1024 / 1024).toFixed(1)} MB: more than ${limits.maxVerticesPerFeature.toLocaleString('en')} vertices are not accepted in one feature. Simplify or split it first.`,
          `feature ${index}`);
      }
    }
  }
  return count;
}

async function fileCode(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    return b.readInt32BE(0);
  } finally {
    await fh.close();
  }
}

/** Field names decoded; DBF names are cut at 10 bytes and may collide, so repeats get a suffix. */
function fieldNames(fields: DbfField[], encoding: string | null): string[] {
  const seen = new Map<string, number>();
  return fields.map((f) => {
    const name = (encoding && decodeText(f.nameRaw, encoding)) || f.nameRaw.toString('latin1');
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    return k === 0 ? name : `${name}_${k + 1}`;
  });
}

type Extent = [number, number, number, number];

function grow(e: Extent | null, g: GeoJSON.Geometry): Extent | null {
  let out = e;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0] as number, y = c[1] as number;
      out = out ? [Math.min(out[0], x), Math.min(out[1], y), Math.max(out[2], x), Math.max(out[3], y)] : [x, y, x, y];
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => { out = grow(out, x); });
  else walk(g.coordinates);
  return out;
}

interface Paths { shp: string; shx: string; dbf: string; prj?: string; cpg?: string }

function pathsOf(g: ShpGroup, files: Map<string, string>): Paths {
  const p = (part: Part) => (g.entries[part] ? files.get(g.entries[part]!) : undefined);
  return { shp: p('shp')!, shx: p('shx')!, dbf: p('dbf')!, prj: p('prj'), cpg: p('cpg') };
}

async function readText(path: string | undefined): Promise<string | null> {
  if (!path) return null;
  const b = await readFile(path);
  if (b.length > 64 * 1024) return null; // a .prj/.cpg is a line or two; anything bigger is not one
  return b.toString('utf8').replace(/^\uFEFF/, '');
}

/** Counts must agree: the .shx indexes the .shp's records and the .dbf holds one row per record. */
async function checkCounts(g: ShpGroup, paths: Paths, dbf: DbfHeader, limits: FormatLimits): Promise<number> {
  const shapes = await shxCount(paths.shx, g, limits);
  if (shapes !== dbf.recordCount) {
    throw new FormatProblem('invalid',
      `${g.base}.shp holds ${shapes} shapes but ${g.base}.dbf holds ${dbf.recordCount} attribute records; they must match one to one. The files do not belong together or one was cut short: export the layer again.`,
      `${g.base}.dbf`);
  }
  return shapes;
}

async function detectLayer(g: ShpGroup, files: Map<string, string>, limits: FormatLimits): Promise<{ layer: SourceLayer; warnings: string[] }> {
  const paths = pathsOf(g, files);
  const warnings: string[] = [];
  if ((await fileCode(paths.shp)) !== 9994) throw new FormatProblem('invalid', `${g.base}.shp is not a Shapefile.`, `${g.base}.shp`);
  const dbf = await readDbfHeader(paths.dbf, `${g.base}.dbf`);
  const shapes = await checkCounts(g, paths, dbf, limits);

  // Attributes: one pass for the encoding evidence, deleted rows and raw samples.
  const scan: TextScan = { nonAscii: false, validUtf8: true, previewRows: [] };
  const textFields = dbf.fields.filter((f) => f.type === 'C');
  const rawSamples = dbf.fields.map(() => new Map<string, Buffer>());
  let deleted = 0;
  for await (const { deleted: del, raw } of dbfRecords(paths.dbf, dbf)) {
    if (del) { deleted++; continue; }
    const row: Array<[Buffer, Buffer]> = [];
    dbf.fields.forEach((f, i) => {
      const bytes = f.type === 'C' ? textBytes(raw, f) : raw.subarray(f.offset, f.offset + f.length);
      if (f.type === 'C') {
        if (bytes.some((b) => b >= 0x80)) {
          scan.nonAscii = true;
          if (scan.validUtf8 && !isValidUtf8(bytes)) scan.validUtf8 = false;
        }
        if (scan.previewRows.length < 5) row.push([f.nameRaw, Buffer.from(bytes)]);
      }
      const s = rawSamples[i]!;
      if (s.size < 5 && bytes.toString('latin1').trim() !== '') s.set(bytes.toString('latin1'), Buffer.from(bytes));
    });
    if (scan.previewRows.length < 5 && textFields.length) scan.previewRows.push(row);
  }
  const cpg = await readText(paths.cpg);
  const encoding = chooseEncoding(cpg, dbf.ldid, scan);
  if (cpg !== null && encoding.needsChoice) warnings.push(`${g.name}: ${g.base}.cpg says ${cpg.trim()}, but the text is not in that encoding.`);
  const names = fieldNames(dbf.fields, encoding.chosen);
  const fields: SourceField[] = [];
  dbf.fields.forEach((f, i) => {
    const type = dbfFieldType(f);
    if (!type) {
      warnings.push(`${g.name}: the field ${names[i]} (dBASE type ${f.type}) cannot be read and is left out.`);
      return;
    }
    const samples: string[] = [];
    for (const bytes of rawSamples[i]!.values()) {
      if (f.type === 'C') {
        // Text samples only once the encoding is known; the previews stand in for them otherwise.
        const s = encoding.chosen ? decodeText(bytes, encoding.chosen) : null;
        if (s) samples.push(s);
      } else {
        const v = parseValue(padRecord(f, bytes), { ...f, offset: 0 });
        if (v !== null) samples.push(String(v));
      }
    }
    fields.push({ name: names[i]!, type, samples: [...new Set(samples)].slice(0, 5) });
  });

  // Geometry: one streaming pass for types, extent, empty shapes; it also proves the .shp is readable.
  const types = new Set<string>();
  let extent: Extent | null = null;
  let nulls = 0;
  let read = 0;
  const src = await openShp(paths.shp, g.base);
  try {
    for (;;) {
      const r = await src.read().catch((e: Error) => { throw damaged(g.base, e); });
      if (r.done) break;
      read++;
      const geom = r.value as GeoJSON.Geometry | null;
      if (!geom) { nulls++; continue; }
      types.add(geom.type);
      extent = grow(extent, geom);
    }
  } finally {
    await src.cancel().catch(() => undefined);
  }
  if (read !== shapes) {
    throw new FormatProblem('invalid', `${g.base}.shp holds ${read} readable shapes but ${g.base}.shx indexes ${shapes}. Export the layer again.`, `${g.base}.shp`);
  }
  if (deleted) warnings.push(`${g.name}: ${deleted} records marked as deleted in ${g.base}.dbf are skipped.`);
  if (nulls) warnings.push(`${g.name}: ${nulls} features have no geometry.`);

  const crs = crsOf(await readText(paths.prj), extent, g, warnings);
  return {
    layer: {
      name: g.name, featureCount: shapes - deleted, geometryTypes: [...types].sort(), fields, crs, encoding,
      sourceExtent: extent, extent: extentFor(crs, extent),
    },
    warnings,
  };
}

/** A raw field value placed where parseValue expects it (samples keep only the field's bytes). */
function padRecord(f: DbfField, bytes: Buffer): Buffer {
  return bytes.length >= f.length ? bytes : Buffer.concat([bytes, Buffer.alloc(f.length - bytes.length, 0x20)]);
}

function crsOf(prj: string | null, extent: Extent | null, g: ShpGroup, warnings: string[]): CrsInfo {
  if (prj && prj.trim()) {
    try {
      return crsFromPrj(prj);
    } catch (e) {
      if (!(e instanceof FormatProblem)) throw e;
      warnings.push(`${g.name}: ${g.base}.prj cannot be read; the coordinate system is guessed from the coordinates.`);
    }
  }
  return crsForCoordinates(extent);
}

const damaged = (base: string, e: Error) => new FormatProblem('invalid', `${base}.shp cannot be read (${e.message}).`, `${base}.shp`);

async function openShp(path: string, base: string) {
  try {
    return await shapefile.openShp(path);
  } catch (e) {
    throw damaged(base, e as Error);
  }
}

async function detect(file: UploadedFile, _format: unknown, limits: FormatLimits): Promise<Detection> {
  const groups = groupShapefiles(await listZip(file.path, limits));
  if (!groups.length) throw new FormatProblem('invalid', 'The zip holds no .shp file. A zipped Shapefile needs at least one .shp with its .shx and .dbf.');
  groups.forEach(requireParts);
  return withExtractedZip(file.path, limits, isRelevant, async (files) => {
    const layers: SourceLayer[] = [];
    const warnings: string[] = [];
    for (const g of groups) {
      const d = await detectLayer(g, files, limits);
      layers.push(d.layer);
      warnings.push(...d.warnings);
    }
    return { format: 'shapefile', layers, warnings };
  });
}

/** The encoding to read with when the caller did not resolve one (same order as detection, minus the scan). */
function declaredEncoding(cpg: string | null, dbf: DbfHeader): string {
  return (cpg !== null ? encodingFromCpg(cpg) : null) ?? encodingFromLdid(dbf.ldid) ?? 'utf-8';
}

async function* read(file: UploadedFile, _format: unknown, opts: ReadOptions, limits: FormatLimits): AsyncIterable<SourceFeature> {
  const groups = groupShapefiles(await listZip(file.path, limits));
  const g = opts.layer !== undefined ? groups.find((x) => x.name === opts.layer) : groups.length === 1 ? groups[0] : undefined;
  if (!g) {
    throw new FormatProblem('choice', opts.layer !== undefined ? `The zip has no layer '${opts.layer}'.` : `The zip holds ${groups.length} Shapefiles: choose one.`,
      undefined, groups.map((x) => x.name));
  }
  requireParts(g);
  const wanted = new Set(Object.values(g.entries));
  const dir = await mkdtemp(join(tmpdir(), 'kg-import-shp-'));
  try {
    const paths = pathsOf(g, await extractZip(file.path, dir, limits, (e) => wanted.has(e.name)));
    const dbf = await readDbfHeader(paths.dbf, `${g.base}.dbf`);
    await checkCounts(g, paths, dbf, limits);
    const encoding = opts.encoding ?? declaredEncoding(await readText(paths.cpg), dbf);
    if (!/^utf-?8$/i.test(encoding) && !iconv.encodingExists(encoding)) {
      throw new FormatProblem('invalid', `The text encoding ${encoding} is not known. Use utf-8, windows-1251 or cp866.`);
    }
    const names = fieldNames(dbf.fields, encoding);
    const readable = dbf.fields.map((f) => dbfFieldType(f) !== null);
    const shp = await openShp(paths.shp, g.base);
    const rows = dbfRecords(paths.dbf, dbf)[Symbol.asyncIterator]();
    try {
      for (let index = 1; ; index++) {
        const s = await shp.read().catch((e: Error) => { throw damaged(g.base, e); });
        if (s.done) break;
        const r = await rows.next();
        if (r.done) throw new FormatProblem('invalid', `${g.base}.dbf ends before ${g.base}.shp.`, `feature ${index}`);
        if (r.value.deleted) continue;
        const properties: Record<string, DbfValue> = {};
        dbf.fields.forEach((f, i) => {
          if (!readable[i]) return;
          if (f.type !== 'C') { properties[names[i]!] = parseValue(r.value.raw, f); return; }
          const bytes = textBytes(r.value.raw, f);
          if (bytes.length === 0) { properties[names[i]!] = null; return; }
          const text = decodeText(bytes, encoding);
          if (text === null) {
            throw new FormatProblem('invalid',
              `Feature ${index}, field ${names[i]}: the text is not valid ${encoding}. Choose another encoding (utf-8, windows-1251 or cp866).`, `feature ${index}`);
          }
          properties[names[i]!] = text;
        });
        yield { index, geometry: (s.value as GeoJSON.Geometry | null) ?? null, properties };
      }
    } finally {
      await shp.cancel().catch(() => undefined);
      await rows.return?.();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const shapefileReader: FormatReader = {
  formats: ['shapefile'],
  detect: (file, format, limits) => detect(file, format, limits),
  read: (file, format, opts, limits) => read(file, format, opts, limits),
};
