// Where the data is complete: everyone reads the declared areas (the map, the brief, the analyses);
// admins declare and delete them. An import into a shared layer the analyses use declares its own (the
// buffered extent of its features, a polygon, municipalities, or none), and its undo takes them back;
// the OpenStreetMap import declares the extract's boundary (osm.service.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Viewer } from '../access/viewer.js';
import { requireValidGeometry } from '../geo/geometry.service.js';
import type { Region } from '../geo/region.js';
import { HttpProblem, invalidParameter, notFound } from '../http/problem.js';
import * as repo from './complete-areas.repo.js';
import { COMPLETE_AREA_LAYERS } from './complete-areas.schema.js';
import {
  isCompleteAreaLayer, type CompleteAreaChoiceInput, type CompleteAreaCollection, type CompleteAreaFeature, type CompleteAreaInput, type CompleteAreaLayer,
} from './complete-areas.schema.js';

type Errors = { in: string; name: string; reason: string }[];

async function checkNames(db: Kysely<DB>, v: { kind?: string | null; kinds?: string[]; municipalities?: string[] }, prefix: string) {
  const errors: Errors = [];
  const kinds = [...(v.kind ? [v.kind] : []), ...(v.kinds ?? [])];
  for (const k of await repo.unknownFacilityKinds(db, kinds)) errors.push({ in: 'body', name: `${prefix}kind${v.kinds ? 's' : ''}`, reason: `'${k}' is not a facility kind (see /api/layers, facilities)` });
  for (const m of await repo.unknownMunicipalities(db, v.municipalities ?? [])) errors.push({ in: 'body', name: `${prefix}${prefix ? 'names' : 'municipalities'}`, reason: `no settlement has the municipality '${m}'` });
  if (errors.length) throw invalidParameter(`The complete area names what the data does not hold: ${errors.map((e) => e.reason).join('; ')}. Nothing was stored.`, errors);
}

export class CompleteAreasService {
  constructor(private readonly db: Kysely<DB>, private readonly region: Region) {}

  async list(q: { layer?: string; kind?: string; dataset?: string }): Promise<CompleteAreaCollection> {
    return { type: 'FeatureCollection', features: await repo.listCompleteAreas(this.db, q) };
  }

  municipalities() {
    return repo.municipalities(this.db);
  }

  private admin(viewer: Viewer) {
    if (viewer.kind !== 'user') throw new HttpProblem('unauthenticated', 'Sign in as an admin to declare where data is complete.');
    if (viewer.role !== 'admin') throw new HttpProblem('forbidden', 'Only admins declare or delete where a dataset is complete.');
  }

  async create(viewer: Viewer, b: CompleteAreaInput): Promise<CompleteAreaFeature> {
    this.admin(viewer);
    if (!(await repo.datasetExists(this.db, b.dataset_id))) {
      throw invalidParameter(`dataset_id: there is no dataset '${b.dataset_id}'. Nothing was stored.`, [{ in: 'body', name: 'dataset_id', reason: 'no such dataset' }]);
    }
    await checkNames(this.db, { kind: b.kind, municipalities: b.municipalities }, '');
    if (b.geometry) await requireValidGeometry(this.db, b.geometry, 'complete area', this.region);
    const id = await repo.declareCompleteArea(this.db, {
      datasetId: b.dataset_id, layer: b.layer, kind: b.kind ?? null, geometry: b.geometry ?? null,
      municipalities: b.municipalities ?? null, note: b.note ?? null, importId: null,
    }, this.region);
    if (id === null) throw new HttpProblem('invalid-geometry', 'The complete area leaves nothing inside the service region. Nothing was stored.');
    return (await repo.getCompleteArea(this.db, id))!;
  }

  async remove(viewer: Viewer, id: number): Promise<void> {
    this.admin(viewer);
    if (!(await repo.deleteCompleteArea(this.db, id))) throw notFound(`There is no complete area ${id}. See GET /api/complete-areas.`);
  }
}

// ---- what an import declares ----

/**
 * Checks an import's choice before its commit starts (a problem here stores nothing and leaves the
 * import mapped). `layer` is the shared layer it goes into; null: an organisation layer.
 */
export async function checkImportChoice(db: Kysely<DB>, region: Region, c: CompleteAreaChoiceInput, ctx: { layer: string | null; geometryTypes: string[] }): Promise<void> {
  if (c.type === 'none') return;
  if (!ctx.layer || !isCompleteAreaLayer(ctx.layer)) {
    throw invalidParameter(`completeArea: only an import into one of the shared layers the analyses use (facilities, canals, power_lines, water_mains, roads) declares where its data is complete; send {"type": "none"} or leave completeArea out.`, [{ in: 'body', name: 'completeArea', reason: 'not a layer the analyses use' }]);
  }
  if (c.kinds && ctx.layer !== 'facilities') throw invalidParameter('completeArea.kinds: kinds are facility kinds; give them only for the layer facilities.', [{ in: 'body', name: 'completeArea.kinds', reason: 'only for facilities' }]);
  if (c.type === 'extent' && c.bufferM === 0 && !ctx.geometryTypes.every((t) => t.endsWith('POLYGON'))) {
    throw invalidParameter('completeArea.bufferM: with 0 m the hull of points or lines may enclose no area; give at least 1 m (the default is 1000 m).', [{ in: 'body', name: 'completeArea.bufferM', reason: 'must be above 0 for points and lines' }]);
  }
  await checkNames(db, { kinds: c.kinds, municipalities: c.type === 'municipalities' ? c.names : undefined }, 'completeArea.');
  if (c.type === 'polygon') await requireValidGeometry(db, c.geometry, 'complete area (completeArea.geometry)', region);
}

/**
 * Inside the commit's transaction, after the rows are written: the complete areas of the import (one
 * per facility kind for facilities). A replacing import first sets the dataset's declarations for the
 * layer aside (its undo brings them back). Returns how many rows were declared.
 */
export async function declareForImport(trx: Kysely<DB>, region: Region, v: {
  importId: string; datasetId: string; layer: CompleteAreaLayer; table: string; replace: boolean; filename: string; choice: CompleteAreaChoiceInput | undefined;
}): Promise<number> {
  if (v.replace) await repo.setAsideForImport(trx, v.importId, v.datasetId, v.layer);
  const c = v.choice;
  if (!c || c.type === 'none') return 0;
  const kinds: (string | null)[] = v.layer === 'facilities' ? (c.kinds ?? await repo.kindsOfImport(trx, v.importId)) : [null];
  const geometry = c.type === 'extent' ? repo.extentOfImport(v.table, v.importId, c.bufferM) : c.type === 'polygon' ? c.geometry : null;
  const note = c.type === 'extent' ? `Import of ${v.filename}: the extent of its features with ${c.bufferM} m around them`
    : c.type === 'polygon' ? `Import of ${v.filename}: the area given with it` : `Import of ${v.filename}: the municipalities given with it`;
  let n = 0;
  for (const kind of kinds) {
    const id = await repo.declareCompleteArea(trx, {
      datasetId: v.datasetId, layer: v.layer, kind, geometry, municipalities: c.type === 'municipalities' ? c.names : null, note, importId: v.importId,
    }, region);
    if (id !== null) n++;
  }
  return n;
}

/** Undo of an import into a shared layer: its declarations go, the ones it set aside come back. */
export const undoImportDeclarations = (trx: Kysely<DB>, importId: string) => repo.undoImport(trx, importId);

// ---- what the OpenStreetMap import declares ----

type Box = [number, number, number, number];

/**
 * The OpenStreetMap import declares, for every facility kind it maps and every network layer, the
 * extract's boundary: the header's box (cut to --bbox when one is given), else the --bbox, else the
 * extent of the dataset's rows. It replaces the dataset's earlier declarations of that kind; with a
 * --bbox the new box is joined to them (the run left the rest of the earlier extract in place).
 */
export async function declareOsmExtract(trx: Kysely<DB>, region: Region, v: {
  datasetId: string; facilityKinds: readonly string[]; header: Box | null; bbox: Box | null; tables: readonly string[]; file: string;
}): Promise<{ declared: number; source: 'header' | 'bbox' | 'data' }> {
  const box = v.header && v.bbox
    ? [Math.max(v.header[0], v.bbox[0]), Math.max(v.header[1], v.bbox[1]), Math.min(v.header[2], v.bbox[2]), Math.min(v.header[3], v.bbox[3])] as Box
    : v.header ?? v.bbox;
  const source = v.header ? 'header' : v.bbox ? 'bbox' : 'data';
  const area = box && box[0] < box[2] && box[1] < box[3] ? repo.boxArea(box) : repo.datasetExtentArea(v.tables, v.datasetId);
  const entries = [
    ...v.facilityKinds.map((kind) => ({ layer: 'facilities' as const, kind })),
    ...COMPLETE_AREA_LAYERS.filter((l) => l !== 'facilities').map((layer) => ({ layer, kind: null })),
  ];
  const note = `OpenStreetMap extract ${v.file}: ${source === 'header' ? "the extract's boundary" : source === 'bbox' ? 'the --bbox of the run' : 'the extent of its data'}${v.bbox ? ` (joined to the earlier extracts' areas)` : ''}`;
  const declared = await repo.replaceDatasetDeclarations(trx, { datasetId: v.datasetId, entries, area, merge: !!v.bbox, note, region });
  return { declared, source };
}
