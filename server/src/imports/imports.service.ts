// Imports: a file becomes rows of a registry layer. upload → detection; mapping → every feature read,
// mapped and staged, PostGIS judges it (report); commit → ONE transaction into a shared layer (admins:
// append, or replace one dataset) or a new organisation layer; undo → what it added goes, what it
// replaced comes back. Readers of the formats are in formats/, the pure mapping rules in
// imports.mapping.ts, the SQL in imports.repo.ts.
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type * as GeoJSON from 'geojson';
import type { DB } from '../db/schema.js';
import type { SignedIn } from '../access/viewer.js';
import { isEditorRole } from '../access/viewer.js';
import { HttpProblem, invalidParameter, notFound } from '../http/problem.js';
import { diskFull } from '../http/errors.js';
import { isDiskFullError } from '../db/connect.js';
import type { Region } from '../geo/region.js';
import { findLayer, LAYER_IDS } from '../layers/registry.js';
import type { LayerDef } from '../layers/types.js';
import type { OrganisationColumn } from '../layers/organisation.js';
import { chooseLayer, detectFile, FormatProblem, readFile, DEFAULT_LIMITS, type Detection, type FormatLimits, type UploadedFile } from './formats/index.js';
import { fitsType, importableAttributes, mapRow, organisationColumns, suggestFields, toBoolean, toDate, toNumber, type Issue, type Value } from './imports.mapping.js';
import * as repo from './imports.repo.js';
import type { FieldSuggestion, ImportResult, ImportView, MappingInput, ValidationReport } from './imports.schema.js';
import { UploadFolder, UploadTooLarge } from './uploads.js';
import { ASSIGNMENT_LAYERS, refreshAssignment } from '../population/population.repo.js';
import { refreshCanalEnds } from '../analysis/canals.repo.js';
import { refreshCoverageReach } from '../analysis/coverage.repo.js';
import { checkImportChoice, declareForImport, undoImportDeclarations } from '../complete-areas/complete-areas.service.js';
import { isCompleteAreaLayer, type CompleteAreaChoiceInput } from '../complete-areas/complete-areas.schema.js';

const BATCH = 1000;
const COMMIT_BATCH = 5000;

export interface ImportsOptions { region: Region; maxBytes: number; limits?: FormatLimits; /** Given: population units are assigned again after a commit or undo of settlements or population. */ populationAssignMaxM?: number }

/** How far a long step has got (the CLI's progress bar); called from inside map() and commit(). */
export type ImportProgress = (p: { phase: 'reading' | 'validating' | 'committing'; done: number; total: number }) => void;

/** A problem of the file, as the HTTP answer a person can act on; the file is named. */
export function fileProblem(e: FormatProblem, filename: string): HttpProblem {
  const where = e.where ? ` (${e.where})` : '';
  const ext = { file: filename, ...(e.where ? { where: e.where } : {}), ...(e.choices ? { choices: e.choices } : {}) };
  switch (e.kind) {
    case 'unsupported': return new HttpProblem('unsupported-media-type', `${filename}: ${e.message}`, ext);
    case 'too-large': return new HttpProblem('payload-too-large', `${filename}${where}: ${e.message}`, ext);
    case 'choice': return new HttpProblem('invalid-parameter', `${filename}: ${e.message}`, ext);
    default: return new HttpProblem('invalid-file', `${filename}${where}: ${e.message} Nothing was stored.`, ext);
  }
}

const asProblem = (e: unknown, filename: string) => (e instanceof FormatProblem ? fileProblem(e, filename) : e);

export class ImportsService {
  private readonly progress = new Map<string, { done: number; total: number }>();
  private readonly busy = new Set<string>();
  private readonly limits: FormatLimits;

  constructor(private readonly db: Kysely<DB>, readonly folder: UploadFolder, private readonly opts: ImportsOptions) {
    this.limits = opts.limits ?? DEFAULT_LIMITS;
  }

  /**
   * At start-up: an import that was committing when this server stopped was rolled back by the
   * database; it is marked failed. The upload folder is emptied (imports not yet committed need their
   * file again: they are marked failed with that said).
   */
  async recover(): Promise<{ failed: number; swept: number }> {
    const failed = await repo.failInterruptedCommits(this.db, this.folder.dir);
    const swept = this.folder.sweep();
    return { failed, swept };
  }

  // ---- reading ----

  private async row(viewer: SignedIn, id: string): Promise<repo.ImportRow> {
    const row = await repo.getImport(this.db, id);
    // Another organisation's import does not exist for this viewer.
    if (!row || row.status === 'discarded' || (row.organisation_id !== viewer.orgId && viewer.role !== 'admin')) {
      throw notFound(`There is no import ${id}. See GET /api/imports for yours.`);
    }
    return row;
  }

  view(row: repo.ImportRow): ImportView {
    return {
      id: row.id, status: row.status === 'discarded' ? 'failed' : row.status, filename: row.filename, size: Number(row.size), sha256: row.sha256,
      detection: row.detection, mapping: row.mapping, report: row.report, result: row.result, error: row.error,
      progress: this.progress.get(row.id) ?? null,
      createdBy: row.created_by_name, organisation: row.organisation,
      createdAt: row.created_at, committedAt: row.committed_at, undoneAt: row.undone_at,
    };
  }

  async get(viewer: SignedIn, id: string): Promise<ImportView> {
    return this.view(await this.row(viewer, id));
  }

  async list(viewer: SignedIn, limit = 50): Promise<ImportView[]> {
    return (await repo.listImports(this.db, viewer.orgId, limit)).map((r) => this.view(r));
  }

  private fileOf(row: repo.ImportRow): UploadedFile {
    if (!row.upload_path) throw new HttpProblem('conflict', `The file of import ${row.id} is no longer kept (it was committed, discarded or the server restarted). Upload ${row.filename} again.`);
    return { path: row.upload_path, filename: row.filename, size: Number(row.size) };
  }

  // ---- upload ----

  async upload(viewer: SignedIn, body: Readable, filename: string, contentType?: string): Promise<ImportView> {
    let stored;
    try {
      stored = await this.folder.store(body, this.opts.maxBytes);
    } catch (e) {
      if (e instanceof UploadTooLarge) throw tooLarge(filename, this.opts.maxBytes);
      if (isDiskFullError(e)) throw diskFull();
      throw e;
    }
    try {
      if (stored.size === 0) throw new HttpProblem('invalid-body', `${filename} is empty: send the file itself as the request body.`);
      const detection = await detectFile({ path: stored.path, filename, size: stored.size }, contentType, this.limits);
      const id = await repo.insertImport(this.db, { orgId: viewer.orgId, userId: viewer.userId, filename, size: stored.size, sha256: stored.sha256, uploadPath: stored.path, detection });
      return this.get(viewer, id);
    } catch (e) {
      this.folder.remove(stored.path);
      throw asProblem(e, filename);
    }
  }

  /** Source features as GeoJSON in EPSG:4326, for the wizard's map and table. */
  async preview(viewer: SignedIn, id: string, q: { limit?: number; offset?: number; layer?: string; encoding?: string; srs?: string }): Promise<GeoJSON.FeatureCollection & { numberReturned: number }> {
    const row = await this.row(viewer, id);
    const file = this.fileOf(row);
    const offset = q.offset ?? 0, limit = q.limit ?? 100;
    const features: GeoJSON.Feature[] = [];
    try {
      let n = 0;
      for await (const f of readFile(file, row.detection, { layer: q.layer ?? row.mapping?.layer, encoding: q.encoding ?? row.mapping?.encoding, srs: q.srs ?? row.mapping?.srs }, this.limits)) {
        if (n++ < offset) continue;
        features.push({ type: 'Feature', id: f.index, geometry: f.geometry as GeoJSON.Geometry, properties: { ...f.properties, ...(f.error ? { _error: f.error } : {}) } });
        if (features.length >= limit) break;
      }
    } catch (e) {
      throw asProblem(e, row.filename);
    }
    return { type: 'FeatureCollection', features, numberReturned: features.length };
  }

  async suggestions(viewer: SignedIn, id: string, target: string, layer?: string): Promise<FieldSuggestion[]> {
    const row = await this.row(viewer, id);
    const def = findLayer(target)!;
    try {
      return suggestFields(def, chooseLayer(row.detection, layer ?? row.mapping?.layer).fields);
    } catch (e) {
      throw asProblem(e, row.filename);
    }
  }

  // ---- mapping: stage and judge every feature ----

  async map(viewer: SignedIn, id: string, m: MappingInput, onProgress?: ImportProgress): Promise<ImportView> {
    const row = await this.row(viewer, id);
    if (!['detected', 'mapped', 'failed'].includes(row.status)) {
      throw new HttpProblem('conflict', `Import ${id} is ${row.status}: its mapping can no longer change.`);
    }
    const file = this.fileOf(row);
    const def = this.targetDef(viewer, m);
    this.claim(id);
    try {
      let layer;
      try { layer = chooseLayer(row.detection, m.layer); } catch (e) { throw asProblem(e, row.filename); }
      const required = def ? await this.requiredColumns(def) : new Set<string>();
      if (def) checkFieldMapping(def, m, layer.fields.map((f) => f.name));
      let columns: OrganisationColumn[] = [];
      if (m.target.kind === 'organisation') {
        columns = organisationColumns(layer.fields, m.target.exclude);
        const cat = m.target.style.categoryAttribute;
        if (cat !== undefined && !columns.some((c) => c.source === cat)) {
          throw invalidParameter(`target.style.categoryAttribute: the file has no column '${cat}' (or it is left out).`, [{ in: 'body', name: 'target.style.categoryAttribute', reason: 'not a column of the file' }]);
        }
      }
      await repo.clearStaging(this.db, id);
      const demoted = new Set<string>();
      let batch: repo.StagedRow[] = [];
      let read = 0;
      try {
        for await (const f of readFile(file, row.detection, { layer: layer.name, encoding: m.encoding, srs: m.srs }, this.limits)) {
          const issues: Issue[] = f.error ? [{ kind: 'unreadable', detail: f.error }] : [];
          let target: Record<string, Value>;
          if (def) {
            const mapped = mapRow(def, m, f.properties, required);
            target = mapped.row;
            issues.push(...mapped.issues);
          } else {
            target = organisationValues(columns, f.properties, demoted);
          }
          // The source row is kept only where the report has something to say about it (the mapped row is what is stored).
          batch.push({ idx: f.index, source: issues.length ? f.properties : {}, target, geometry: f.geometry, issues });
          read++;
          if (batch.length >= BATCH) { await repo.stageBatch(this.db, id, batch); batch = []; onProgress?.({ phase: 'reading', done: read, total: layer.featureCount }); }
        }
        await repo.stageBatch(this.db, id, batch);
        onProgress?.({ phase: 'validating', done: read, total: read });
      } catch (e) {
        await repo.clearStaging(this.db, id);
        throw asProblem(e, row.filename);
      }
      const kept = columns.map((c) => (demoted.has(c.name) ? { ...c, type: 'text' as const } : c));
      const report: ValidationReport = await repo.validateStaged(this.db, id, {
        region: this.opts.region,
        repair: m.repair,
        allowedTypes: repo.GEOMETRY_TYPES[def ? def.geometry : 'any']!,
        ...(def && m.target.kind === 'layer' && m.fields.ref ? { refs: { table: def.table, mode: m.target.mode, dataset: m.target.dataset } } : {}),
      });
      if (m.target.kind === 'organisation') report.columns = kept;
      await repo.updateImport(this.db, id, { status: 'mapped', mapping: m, report, error: null });
      return this.get(viewer, id);
    } finally {
      this.busy.delete(id);
    }
  }

  private targetDef(viewer: SignedIn, m: MappingInput): LayerDef | null {
    if (m.target.kind === 'organisation') {
      return null;
    }
    if (viewer.role !== 'admin') {
      throw new HttpProblem('forbidden', `Only admins import into the shared layer '${m.target.layer}'. Import the file as your organisation's own layer instead (target.kind 'organisation').`);
    }
    const def = findLayer(m.target.layer);
    if (!def || !LAYER_IDS.includes(def.id)) throw invalidParameter(`target.layer must be one of ${LAYER_IDS.join(', ')}.`);
    return def;
  }

  /** Columns the table needs a value for: NOT NULL without a default (the citation comes from the mapping). */
  private async requiredColumns(def: LayerDef): Promise<Set<string>> {
    const importable = new Set(importableAttributes(def).map((a) => a.name));
    const cols = await repo.columnsOf(this.db, def.table);
    return new Set(cols.filter((c) => !c.nullable && !c.default && !c.generated && !c.identity && importable.has(c.name)).map((c) => c.name));
  }

  private claim(id: string) {
    if (this.busy.has(id)) throw new HttpProblem('conflict', `Import ${id} is being worked on by another request; try again when it has finished.`);
    this.busy.add(id);
  }

  // ---- commit ----

  /** `completeArea`: where the data of a shared layer the analyses use is complete (complete-areas/). */
  async commit(viewer: SignedIn, id: string, idempotencyKey?: string, onProgress?: ImportProgress, completeArea?: CompleteAreaChoiceInput): Promise<{ view: ImportView; replayed: boolean }> {
    const row = await this.row(viewer, id);
    if (row.status === 'committed') {
      if (idempotencyKey && row.idempotency_key === idempotencyKey) return { view: this.view(row), replayed: true };
      throw new HttpProblem('conflict', `Import ${id} is already committed${row.result ? ` (${row.result.inserted} features into ${row.result.layer})` : ''}. Undo it with DELETE /api/imports/${id} if it was a mistake.`);
    }
    if (row.status !== 'mapped' || !row.mapping || !row.report) {
      throw new HttpProblem('conflict', row.status === 'committing'
        ? `Import ${id} is being committed now.`
        : `Import ${id} has no mapping yet: PUT /api/imports/${id}/mapping first, then commit.`);
    }
    const m = row.mapping, report = row.report;
    if (report.blocking > 0 && !m.skipInvalid) {
      throw new HttpProblem('conflict', `${report.blocking} of ${report.total} features have problems (see the report): fix the file, repair the geometries, or set skipInvalid to leave them out. Nothing was stored.`, { report });
    }
    if (report.ready === 0) throw new HttpProblem('conflict', `No feature of ${row.filename} can be stored (see the report). Nothing was stored.`, { report });
    const def = this.targetDef(viewer, m);
    if (m.target.kind === 'organisation' && m.target.campaignId && !(await repo.campaignOfOrganisation(this.db, m.target.campaignId, viewer.orgId))) {
      throw invalidParameter('target.campaignId: not a campaign of your organisation.');
    }
    if (completeArea) await checkImportChoice(this.db, this.opts.region, completeArea, { layer: m.target.kind === 'layer' ? m.target.layer : null, geometryTypes: report.geometryTypes });
    this.claim(id);
    try {
      await repo.updateImport(this.db, id, { status: 'committing', idempotency_key: idempotencyKey ?? null });
      const range = await repo.stagedIdxRange(this.db, id);
      this.progress.set(id, { done: 0, total: range.ready });
      try {
        await this.db.transaction().execute(async (trx) => {
          let inserted = 0, replaced = 0, layerId: string, areas: ImportResult['completeArea'];
          const step = async (write: (from: number, to: number) => Promise<number>) => {
            for (let from = range.min; from <= range.max; from += COMMIT_BATCH) {
              inserted += await write(from, from + COMMIT_BATCH - 1);
              this.progress.set(id, { done: inserted, total: range.ready });
              onProgress?.({ phase: 'committing', done: inserted, total: range.ready });
            }
          };
          if (m.target.kind === 'organisation') {
            layerId = `org-${crypto.randomBytes(4).toString('hex')}`;
            await repo.insertOrganisationLayer(trx, {
              id: layerId, orgId: viewer.orgId, campaignId: m.target.campaignId ?? null, importId: id, userId: viewer.userId,
              title: m.target.title, description: m.target.description ?? {}, columns: report.columns ?? [],
              style: { ...m.target.style, shape: legendShape(report.geometryTypes), ...(m.target.style.categoryAttribute ? { categoryAttribute: columnName(report.columns ?? [], m.target.style.categoryAttribute) } : {}) },
              provenance: m.provenance,
            });
            await step((from, to) => repo.insertStagedIntoOrganisationLayer(trx, id, layerId, from, to));
          } else {
            const t = m.target;
            layerId = def!.id;
            await repo.ensureDataset(trx, { id: t.dataset, title: `${row.filename} (import)`, publisher: m.provenance.source, licence: m.provenance.licence, sourceDate: m.provenance.date });
            if (t.mode === 'replace') replaced = await repo.removeDatasetRows(trx, id, def!.table, t.dataset);
            const columns = await repo.columnsOf(trx, def!.table);
            const mapped = [...Object.keys(m.fields), 'dataset_id', 'source', 'source_date', 'licence', 'provenance'];
            await step((from, to) => repo.insertStagedIntoTable(trx, id, def!.table, columns, mapped, from, to));
            if (isCompleteAreaLayer(def!.id)) {
              const declared = await declareForImport(trx, this.opts.region, { importId: id, datasetId: t.dataset, layer: def!.id, table: def!.table, replace: t.mode === 'replace', filename: row.filename, choice: completeArea });
              if (completeArea) areas = { type: completeArea.type, declared };
            }
          }
          const res: ImportResult = { layer: layerId, inserted, replaced, ...(areas ? { completeArea: areas } : {}) };
          await repo.updateImport(trx, id, { status: 'committed', result: res, target_layer: layerId, committed: true, upload_path: null });
          return res;
        });
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        await repo.updateImport(this.db, id, { status: 'failed', error: `The commit failed and was rolled back; nothing was stored: ${detail}` }).catch(() => undefined);
        if (isDiskFullError(e)) throw diskFull();
        throw new HttpProblem('conflict', `The commit of ${row.filename} failed and was rolled back; nothing was stored. The database said: ${detail}`);
      }
      await repo.clearStaging(this.db, id);
      this.folder.remove(row.upload_path);
      await this.reassign(m);
      return { view: await this.get(viewer, id), replayed: false };
    } finally {
      this.progress.delete(id);
      this.busy.delete(id);
    }
  }

  /**
   * Settlements or population changed: which settlement each population unit belongs to is redone.
   * Canals changed: each canal end's role in the network is made again (the analysis computes it per
   * request meanwhile, and if this fails). Facilities, settlements or population changed: each
   * settlement's stored nearest facility and reach (coverage), likewise.
   */
  private async reassign(m: MappingInput) {
    if (m.target.kind === 'layer' && m.target.layer === 'canals') await refreshCanalEnds(this.db).catch(() => undefined);
    if (m.target.kind !== 'layer') return;
    // The import itself is done; if this fails (a national grid outlasting the statement timeout) the
    // assignment stays stale and the next refresh redoes it (its layer versions differ).
    if (ASSIGNMENT_LAYERS.includes(m.target.layer) && this.opts.populationAssignMaxM) await refreshAssignment(this.db, this.opts.populationAssignMaxM).catch(() => undefined);
    if (m.target.layer === 'facilities' || ASSIGNMENT_LAYERS.includes(m.target.layer)) await refreshCoverageReach(this.db).catch(() => undefined);
  }

  // ---- discard or undo ----

  async remove(viewer: SignedIn, id: string): Promise<'discarded' | 'undone'> {
    const row = await this.row(viewer, id);
    if (row.created_by !== viewer.userId && !isEditorRole(viewer.role)) {
      throw new HttpProblem('forbidden', 'Only the person who imported the file, or an advocate or admin of the organisation, undoes an import.');
    }
    if (row.status === 'undone') throw new HttpProblem('conflict', `Import ${id} was already undone.`);
    if (row.status === 'committing') throw new HttpProblem('conflict', `Import ${id} is being committed now; undo it when that has finished.`);
    this.claim(id);
    try {
      if (row.status !== 'committed') {
        await repo.clearStaging(this.db, id);
        this.folder.remove(row.upload_path);
        await repo.updateImport(this.db, id, { status: 'discarded', upload_path: null });
        return 'discarded';
      }
      const m = row.mapping!;
      if (m.target.kind === 'layer' && viewer.role !== 'admin') throw new HttpProblem('forbidden', 'Only admins undo an import into a shared layer.');
      await this.db.transaction().execute(async (trx) => {
        if (m.target.kind === 'organisation') await repo.deleteOrganisationLayer(trx, row.target_layer!);
        else {
          await undoImportDeclarations(trx, id);
          await repo.undoTableImport(trx, id, findLayer(m.target.layer)!.table);
        }
        await repo.updateImport(trx, id, { status: 'undone', undone: true });
      });
      await this.reassign(m);
      return 'undone';
    } finally {
      this.busy.delete(id);
    }
  }
}

export function tooLarge(filename: string, maxBytes: number) {
  return new HttpProblem('payload-too-large', `${filename} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most an import accepts. Split the file or ask the administrator to raise IMPORT_MAX_MB. Nothing was stored.`);
}

/** The legend swatch for what the layer holds: lines, areas, or points (or a mix, shown as points). */
const legendShape = (types: string[]): 'line' | 'circle' | 'fill' =>
  types.length && types.every((t) => t.endsWith('LINESTRING')) ? 'line' : types.length && types.every((t) => t.endsWith('POLYGON')) ? 'fill' : 'circle';

const columnName = (cols: OrganisationColumn[], source: string) => cols.find((c) => c.source === source)?.name ?? source;

/** A shared-layer mapping names real attributes, real source columns and real enum values. */
function checkFieldMapping(def: LayerDef, m: MappingInput, sourceColumns: string[]) {
  const attrs = new Map(importableAttributes(def).map((a) => [a.name, a]));
  const errors: { in: string; name: string; reason: string }[] = [];
  for (const [name, f] of Object.entries(m.fields)) {
    const a = attrs.get(name);
    if (!a) { errors.push({ in: 'body', name: `fields.${name}`, reason: `not an attribute of ${def.id} that an import fills (${[...attrs.keys()].join(', ')})` }); continue; }
    if ('source' in f && !sourceColumns.includes(f.source)) errors.push({ in: 'body', name: `fields.${name}.source`, reason: `the file has no column '${f.source}'` });
    const allowed = new Set((a.values ?? []).map((v) => v.value));
    if ('source' in f && f.values) {
      for (const [from, to] of Object.entries(f.values)) if (a.type === 'enum' && !allowed.has(to)) errors.push({ in: 'body', name: `fields.${name}.values.${from}`, reason: `'${to}' is not one of ${[...allowed].join(', ')}` });
    }
    if ('constant' in f && a.type === 'enum' && f.constant !== null && !allowed.has(String(f.constant))) errors.push({ in: 'body', name: `fields.${name}.constant`, reason: `'${String(f.constant)}' is not one of ${[...allowed].join(', ')}` });
  }
  if (errors.length) throw invalidParameter(`The mapping does not fit the layer ${def.id}: ${errors.map((e) => `${e.name}: ${e.reason}`).join('; ')}.`, errors);
}

/** An organisation layer keeps every source column; values are typed where the column's type fits, else the column becomes text. */
function organisationValues(columns: OrganisationColumn[], props: Record<string, Value>, demoted: Set<string>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const c of columns) {
    const raw = props[c.source];
    if (raw === undefined || raw === null || raw === '') continue;
    let v: Value = typeof raw === 'string' ? raw.normalize('NFC') : raw;
    if (!demoted.has(c.name)) {
      const typed = c.type === 'integer' || c.type === 'number' ? toNumber(v) : c.type === 'boolean' ? toBoolean(v) : c.type === 'date' ? toDate(v) : v;
      if (typed !== null && fitsType(c.type, typed)) v = typed;
      else if (c.type !== 'text') demoted.add(c.name);
    }
    out[c.name] = v;
  }
  return out;
}

export type { Detection };
