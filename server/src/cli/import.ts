// npm run import -- <file> --layer <canals|settlements|facilities|power_lines|water_mains|roads|organisation>
//     [--mapping m.json] [--source-layer <name in the file>] [--encoding utf-8|windows-1251|cp1251|cp866] [--srs EPSG:28413] [--org <slug>] [--user <email>]
//     [--source "…" --date YYYY-MM-DD --licence "…" --provenance real|derived|placeholder|illustrative]
//     [--title "…"] [--dataset <id>] [--mode append|replace] [--repair] [--skip-invalid] [--dry-run]
//     [--complete-area extent[:metres]|municipalities:<name>,<name>|polygon:<area.geojson>|none]
// The same pipeline as the web and the API (ImportsService: upload → map → commit), on the configured
// database (DATABASE_URL, or the embedded one in DATA_DIR — which a running server holds: then stop
// it or import through the web or the API). The file is copied into DATA_DIR/imports like an upload.
// Exit 0: committed (dry run: the commit would be accepted; nothing is stored). 1: not imported. 2: usage.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { DatabaseStartError, openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { HttpProblem } from '../http/problem.js';
import { LAYER_IDS } from '../layers/registry.js';
import { ImportsService, type ImportProgress } from '../imports/imports.service.js';
import { MappingBody, PROVENANCE_CLASSES, type ImportView, type MappingInput } from '../imports/imports.schema.js';
import { UploadFolder } from '../imports/uploads.js';
import { CompleteAreaChoice, isCompleteAreaLayer, type CompleteAreaChoiceInput } from '../complete-areas/complete-areas.schema.js';
import { ActorError, actingUser } from '../organisations/users.service.js';
import type { SignedIn } from '../access/viewer.js';

const LAYERS = ['organisation', ...LAYER_IDS] as [string, ...string[]];
const USAGE = `usage: npm run import -- <file> --layer <${[...LAYER_IDS, 'organisation'].join('|')}> [--mapping m.json]
  [--source-layer <name>] [--encoding utf-8|windows-1251|cp1251|cp866] [--srs EPSG:NNNN] [--org <slug>] [--user <email>]
  [--source "…" --date YYYY-MM-DD --licence "…" --provenance ${PROVENANCE_CLASSES.join('|')}]
  [--title "…"] [--dataset <id>] [--mode append|replace] [--repair] [--skip-invalid] [--dry-run]
  [--complete-area extent[:metres]|municipalities:<name>,<name>|polygon:<area.geojson>|none]`;

const DEFAULT_COLOUR = '#1f6fb4';
const SHOWN_ISSUES = 10;

/** A wrong argument found after the database was opened: one line, exit 2, nothing kept. */
class UsageError extends Error {}

function fail(msg: string, code = 1): never {
  process.stderr.write(`${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
}

// ---- arguments ----

const Args = z.object({
  file: z.string().min(1),
  layer: z.enum(LAYERS, { message: `--layer must be one of ${LAYERS.join(', ')}` }),
  mapping: z.string().optional(),
  sourceLayer: z.string().min(1).max(255).optional(),
  encoding: z.enum(['utf-8', 'utf8', 'windows-1251', 'cp1251', 'cp866'], { message: '--encoding must be utf-8, windows-1251 (cp1251) or cp866' })
    .transform((e) => (e === 'cp1251' ? 'windows-1251' : e === 'utf8' ? 'utf-8' : e)).optional(),
  srs: z.string().regex(/^EPSG:\d{4,6}$/i, '--srs must be an EPSG code such as EPSG:28413').transform((s) => s.toUpperCase()).optional(),
  org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '--org must be an organisation slug (lower-case letters, digits and -)').optional(),
  user: z.email('--user must be an e-mail address').optional(),
  source: z.string().min(1).max(500).optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--date must be a date YYYY-MM-DD').optional(),
  licence: z.string().min(1).max(200).optional(),
  provenance: z.enum(PROVENANCE_CLASSES, { message: `--provenance must be one of ${PROVENANCE_CLASSES.join(', ')}` }).optional(),
  title: z.string().min(1).max(200).optional(),
  dataset: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, '--dataset must be 2–64 lower-case letters, digits, - or _').optional(),
  mode: z.enum(['append', 'replace'], { message: "--mode must be 'append' or 'replace'" }).optional(),
  repair: z.boolean().optional(),
  skipInvalid: z.boolean().optional(),
  dryRun: z.boolean().default(false),
  completeArea: z.string().min(1).optional(),
}).strict();
type Args = z.output<typeof Args>;

function readArgs(): Args {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      strict: true,
      options: {
        layer: { type: 'string' }, 'source-layer': { type: 'string' }, mapping: { type: 'string' }, encoding: { type: 'string' }, srs: { type: 'string' },
        org: { type: 'string' }, user: { type: 'string' }, source: { type: 'string' }, date: { type: 'string' },
        licence: { type: 'string' }, license: { type: 'string' }, provenance: { type: 'string' }, title: { type: 'string' },
        dataset: { type: 'string' }, mode: { type: 'string' }, repair: { type: 'boolean' }, 'skip-invalid': { type: 'boolean' },
        'dry-run': { type: 'boolean' }, 'complete-area': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
  const v = parsed.values;
  if (v.help) { console.log(USAGE); process.exit(0); }
  if (parsed.positionals.length !== 1) fail(parsed.positionals.length ? `Give one file, not ${parsed.positionals.length}.` : USAGE, 2);
  const r = Args.safeParse({
    file: parsed.positionals[0], layer: v.layer, sourceLayer: v['source-layer'], mapping: v.mapping, encoding: v.encoding?.toLowerCase(), srs: v.srs, org: v.org, user: v.user,
    source: v.source, date: v.date, licence: v.licence ?? v.license, provenance: v.provenance, title: v.title, dataset: v.dataset, mode: v.mode,
    repair: v.repair, skipInvalid: v['skip-invalid'], dryRun: v['dry-run'], completeArea: v['complete-area'],
  });
  if (!r.success) {
    const i = r.error.issues[0]!;
    fail(i.code === 'invalid_type' && i.path[0] === 'layer' ? `--layer is required.\n${USAGE}` : i.message, 2);
  }
  return r.data;
}

/** The mapping file (MappingBody shape), read as JSON; flags override its layer (--source-layer), encoding, srs, provenance, repair and skipInvalid. */
function readMappingFile(file: string): Record<string, unknown> {
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (err) { throw new UsageError(`--mapping ${file}: ${(err as Error).message}`); }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`--mapping ${file} is not a mapping (a JSON object shaped as PUT /api/imports/{id}/mapping takes): ${(err as Error).message}`);
  }
}

/**
 * --complete-area: where the data of a shared layer the analyses use is complete — extent[:metres] (the
 * features' hull with 1000 m, or the metres given, around it), municipalities:A,B, polygon:<file with a
 * GeoJSON polygon, feature or one-feature collection>, or none. Checked before the database is opened.
 */
function completeAreaOf(flag: string): CompleteAreaChoiceInput {
  const at = flag.indexOf(':');
  const type = at < 0 ? flag : flag.slice(0, at), arg = at < 0 ? '' : flag.slice(at + 1);
  let choice: unknown;
  if (type === 'extent') choice = arg ? { type, bufferM: Number(arg) } : { type };
  else if (type === 'none') choice = { type };
  else if (type === 'municipalities') choice = { type, names: arg.split(',').map((n) => n.trim()).filter(Boolean) };
  else if (type === 'polygon') {
    let g: { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] };
    try { g = JSON.parse(fs.readFileSync(arg, 'utf8')); } catch (err) { throw new UsageError(`--complete-area polygon:${arg}: ${(err as Error).message}`); }
    const geometry = g.type === 'Feature' ? g.geometry : g.type === 'FeatureCollection' ? (g.features?.length === 1 ? g.features[0]!.geometry : undefined) : g;
    if (!geometry) throw new UsageError(`--complete-area polygon:${arg}: give a GeoJSON polygon, a feature or a collection of one feature.`);
    choice = { type, geometry };
  } else throw new UsageError(`--complete-area must be extent[:metres], municipalities:<name>,<name>, polygon:<file.geojson> or none, not '${flag}'.`);
  const r = CompleteAreaChoice.safeParse(choice);
  if (!r.success) throw new UsageError(`--complete-area ${flag}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

const baseName = (file: string) => path.basename(file).replace(/\.[^.]+$/, '');

/** A dataset id from the file name: lower-case letters, digits, - and _ (e.g. "Canals 2026.zip" → canals-2026). */
function datasetFromFile(file: string): string {
  const s = baseName(file).toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 56);
  return `import-${s.length >= 2 ? s : 'file'}`;
}

/**
 * The mapping to send: the file's (if any) with the flags laid over it, or a default: an organisation
 * layer titled after the file in ky/ru/en, coloured #1f6fb4; a shared layer filled from the suggested
 * fields (appending to a dataset named after the file). Provenance has no default.
 */
/** The mapping file (if any) and the provenance from it and the flags: checked before the database is opened. */
function mappingBase(a: Args): { base: Record<string, unknown>; provenance: Record<string, unknown>; completeArea?: CompleteAreaChoiceInput } {
  const base: Record<string, unknown> = a.mapping ? readMappingFile(a.mapping) : {};
  const fileProv = (base.provenance && typeof base.provenance === 'object' ? base.provenance : {}) as Record<string, unknown>;
  const provenance = {
    ...fileProv,
    ...(a.source ? { source: a.source } : {}), ...(a.date ? { date: a.date } : {}),
    ...(a.licence ? { licence: a.licence } : {}), ...(a.provenance ? { provenance: a.provenance } : {}),
  };
  const missing = ['source', 'date', 'licence', 'provenance'].filter((k) => provenance[k as keyof typeof provenance] === undefined);
  if (missing.length) throw new UsageError(`Say where the data comes from: ${missing.map((k) => `--${k}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} needed (or a "provenance" object in the --mapping file).`);
  if (a.layer === 'organisation' && !a.org && !a.user) throw new UsageError('--layer organisation: give --org <slug> (whose layer it becomes) or --user <email>.');
  if (a.completeArea && a.layer === 'organisation') throw new UsageError('--complete-area: only an import into a shared layer the analyses use says where its data is complete.');
  return { base, provenance, ...(a.completeArea ? { completeArea: completeAreaOf(a.completeArea) } : {}) };
}

async function buildMapping(a: Args, given: ReturnType<typeof mappingBase>, service: ImportsService, viewer: SignedIn, view: ImportView): Promise<MappingInput> {
  const { base, provenance } = given;
  let target = base.target as Record<string, unknown> | undefined;
  const title = a.title ?? baseName(view.filename);
  if (a.layer === 'organisation') {
    if (target && target.kind !== 'organisation') throw new UsageError(`--layer organisation, but the mapping file's target is a shared layer.`);
    target = target ?? { kind: 'organisation', title: { en: title, ru: title, ky: title }, style: { color: DEFAULT_COLOUR } };
    if (a.title) target = { ...target, title: { en: a.title, ru: a.title, ky: a.title } };
  } else {
    if (target && (target.kind !== 'layer' || target.layer !== a.layer)) throw new UsageError(`--layer ${a.layer}, but the mapping file's target is ${target.kind === 'layer' ? `the layer ${String(target.layer)}` : 'an organisation layer'}.`);
    target = { kind: 'layer', layer: a.layer, mode: 'append', dataset: datasetFromFile(view.filename), ...target, ...(a.mode ? { mode: a.mode } : {}), ...(a.dataset ? { dataset: a.dataset } : {}) };
  }
  let fields = base.fields;
  if (fields === undefined && a.layer !== 'organisation') {
    const layerName = a.sourceLayer ?? (base.layer as string | undefined) ?? view.detection.layers[0]?.name;
    const suggested = await service.suggestions(viewer, view.id, a.layer, view.detection.layers.length > 1 ? layerName : undefined);
    fields = Object.fromEntries(suggested.filter((s) => s.source).map((s) => [s.attribute, { source: s.source!, ...(s.values && Object.keys(s.values).length ? { values: s.values } : {}) }]));
  }
  const body = {
    ...base, target, provenance, ...(fields !== undefined ? { fields } : {}),
    ...(a.sourceLayer ? { layer: a.sourceLayer } : {}), ...(a.encoding ? { encoding: a.encoding } : {}), ...(a.srs ? { srs: a.srs } : {}),
    ...(a.repair !== undefined ? { repair: a.repair } : {}), ...(a.skipInvalid !== undefined ? { skipInvalid: a.skipInvalid } : {}),
  };
  const r = MappingBody.safeParse(body);
  if (!r.success) throw new UsageError(`The mapping is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')}`);
  return r.data;
}

// ---- progress on a terminal (stderr), a line a tenth of a second at most ----

function progressBar(): ImportProgress & { done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0, shown = false;
  const LABEL = { reading: 'reading and staging', validating: 'validating (PostGIS)', committing: 'committing' } as const;
  const bar = ((p) => {
    if (!tty) return;
    const now = Date.now();
    if (now - last < 100 && p.done < p.total && p.phase !== 'validating') return;
    last = now;
    const width = 30;
    const f = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const fill = Math.round(f * width);
    const text = p.phase === 'validating'
      ? `${LABEL.validating} ${p.total.toLocaleString('en')} features…`
      : `${LABEL[p.phase].padEnd(20)} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(Math.round(f * 100)).padStart(3)}% ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')}`;
    process.stderr.write(`\r\x1b[2K${text}`);
    shown = true;
  }) as ImportProgress & { done(): void };
  bar.done = () => { if (shown) process.stderr.write('\r\x1b[2K'); shown = false; };
  return bar;
}

// ---- the report ----

function printReport(view: ImportView) {
  const d = view.detection, r = view.report;
  const layer = d.layers.find((l) => l.name === view.mapping?.layer) ?? d.layers[0];
  console.log(`${view.filename}: ${d.format}${layer ? `, layer '${layer.name}', ${layer.featureCount.toLocaleString('en')} features, CRS ${view.mapping?.srs ?? layer.crs.code ?? 'unknown'}, encoding ${view.mapping?.encoding ?? layer.encoding.chosen ?? 'unknown'}` : ''}`);
  for (const w of d.warnings) console.log(`  note: ${w}`);
  if (!r) return;
  console.log(`report: ${r.total.toLocaleString('en')} features — ${r.ready.toLocaleString('en')} ready, ${r.repaired} repaired, ${r.blocking} with problems${r.geometryTypes.length ? ` (${r.geometryTypes.join(', ').toLowerCase()})` : ''}`);
  const counts = new Map<string, number>();
  for (const i of r.issues) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  if (counts.size) console.log(`  issues${r.issuesTruncated ? ' (the first 1000)' : ''}: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const i of r.issues.slice(0, SHOWN_ISSUES)) console.log(`  feature #${i.index}: ${i.kind} — ${i.detail}`);
  if (r.issues.length > SHOWN_ISSUES) console.log(`  … and ${(r.issuesTruncated ? 'more than ' : '') + (r.issues.length - SHOWN_ISSUES)} more`);
}

// ---- main ----

const a = readArgs();
if (!fs.existsSync(a.file) || !fs.statSync(a.file).isFile()) fail(`${a.file}: no such file.`, 2);
let given: ReturnType<typeof mappingBase>;
try { given = mappingBase(a); } catch (err) { fail((err as Error).message, 2); }

let config;
try {
  config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ...process.env });
} catch (err) {
  if (err instanceof ConfigError) fail(err.message, 2);
  throw err;
}
let database: Database;
try {
  database = await openDatabase(config, createLogger(config));
} catch (err) {
  if (!(err instanceof DatabaseStartError)) throw err;
  fail(/already in use/.test(err.message)
    ? `${err.message} A running server holds the embedded database: stop it before importing from the command line, or import through the web app or the API (see README, "Import a file").`
    : err.message);
}

let code = 1;
let reported = false;
let importId: string | undefined;
let viewer: SignedIn | undefined;
const service = new ImportsService(database.db, new UploadFolder(path.join(config.dataDir, 'imports')), { region: config.serviceRegion, maxBytes: config.importMaxBytes, populationAssignMaxM: config.populationAssignMaxM });
const bar = progressBar();
process.on('SIGINT', () => {
  bar.done();
  process.stderr.write(`Interrupted: nothing was committed${importId ? ` (import ${importId} is marked failed when the server next starts)` : ''}.\n`);
  process.exit(130);
});
try {
  await migrate(database);
  viewer = a.layer === 'organisation'
    ? await actingUser(database.db, { email: a.user, orgSlug: a.org, roles: ['advocate', 'admin'], task: 'a new organisation layer' })
    : await actingUser(database.db, { email: a.user, roles: ['admin'], task: `importing into the shared layer ${a.layer}` });
  const uploaded = await service.upload(viewer, fs.createReadStream(a.file), path.basename(a.file));
  importId = uploaded.id;
  const mapping = await buildMapping(a, given, service, viewer, uploaded);
  const mapped = await service.map(viewer, importId, mapping, bar);
  bar.done();
  printReport(mapped);
  reported = true;
  const r = mapped.report!;
  const accepted = r.ready > 0 && (r.blocking === 0 || mapping.skipInvalid);
  if (!accepted && !a.dryRun) {
    throw new HttpProblem('conflict', r.ready === 0
      ? `No feature of ${mapped.filename} can be stored (see the report). Nothing was stored.`
      : `${r.blocking} of ${r.total} features have problems (see the report): fix the file, or use --repair (invalid geometries) or --skip-invalid (leave them out). Nothing was stored.`);
  }
  if (a.dryRun) {
    console.log(accepted
      ? `dry run: the commit would store ${r.ready.toLocaleString('en')} features${r.blocking ? ` and leave out ${r.blocking}` : ''}; nothing was stored.`
      : `dry run: the commit would be refused (${r.ready === 0 ? 'no feature can be stored' : `${r.blocking} feature${r.blocking === 1 ? ' has' : 's have'} problems: fix ${r.blocking === 1 ? 'it' : 'them'}, or use --repair or --skip-invalid`}); nothing was stored.`);
    code = accepted ? 0 : 1;
  } else {
    const { view } = await service.commit(viewer, importId, undefined, bar, given.completeArea);
    bar.done();
    const res = view.result!;
    console.log(`committed: ${res.inserted.toLocaleString('en')} features into layer ${res.layer}${res.replaced ? ` (replacing ${res.replaced})` : ''}${mapping.target.kind === 'organisation' ? ` (a draft layer of ${viewer.email}'s organisation: publish it in the web app)` : ''}. Import id ${view.id}.`);
    if (res.completeArea) console.log(`complete area (${res.completeArea.type}): ${res.completeArea.declared} declared${res.layer === 'facilities' ? ' (one per facility kind)' : ''}.`);
    else if (isCompleteAreaLayer(res.layer)) console.log(`no complete area declared: the analyses give no verdict from this data until one is (--complete-area, or POST /api/complete-areas).`);
    code = 0;
  }
} catch (err) {
  bar.done();
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    code = 2;
  } else if (err instanceof HttpProblem || err instanceof ActorError) {
    const report = err instanceof HttpProblem ? (err.extensions.report as ImportView['report'] | undefined) : undefined;
    if (report && importId && viewer && !reported) printReport({ ...(await service.get(viewer, importId)), report });
    process.stderr.write(`${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
  } else {
    process.stderr.write(`The import failed: ${(err as Error).stack ?? String(err)}\n`);
  }
  if (code !== 2) code = 1;
} finally {
  // Nothing is kept of an import that was not committed (a dry run included): its staged rows and file go.
  if (code !== 0 || a.dryRun) {
    if (importId && viewer) await service.remove(viewer, importId).catch(() => {});
  }
  await database.close();
}
process.exit(code);
