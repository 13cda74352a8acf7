// Canal network gaps: the rules. Tolerance and distance defaults, connectivity on request, whether the
// annotations table exists yet, and the sentences of the answer. `canalsIn` is shared with the figures;
// `lengthTable` with the repair what-if. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Geometry } from '../geo/geometry.js';
import type { Viewer } from '../access/viewer.js';
import { DEFAULT_CANAL_DISTANCE_M, DEFAULT_TOLERANCE_M, type CanalsRequest } from './analysis.schema.js';
import type { AreaInfo, CanalAnnotations, CanalLengths, CanalsResult, Sentence } from './analysis.types.js';
import type { AreaService } from './area.service.js';
import { tableExists } from './area.repo.js';
import {
  CLASSES, CONDITIONS, DRINKING_WATER_CATEGORY, FUNCTIONING,
  annotationSummary, canalComponents, canalEnds, canalInputs, canalLengths, settlementsFarFromCanals, type LengthCell,
} from './canals.repo.js';
import { provenanceOf } from './provenance.service.js';
import { CANAL_NETWORK } from './sentences.common.js';
import { METHOD, say, sentence } from './sentences.js';

/** The length table: total, per condition, per class and per class and condition (zeros where there is nothing). */
export function lengthTable(cells: LengthCell[]): CanalLengths {
  const find = (cls: string | null, cond: string | null) => cells.find((c) => c.class === cls && c.condition === cond);
  const cell = (cls: string | null, cond: string | null) => { const c = find(cls, cond); return { segments: c?.segments ?? 0, km: c?.km ?? 0 }; };
  return {
    total: cell(null, null),
    byCondition: CONDITIONS.map((condition) => ({ condition, ...cell(null, condition) })),
    byClass: CLASSES.map((cls) => ({ class: cls, ...cell(cls, null), byCondition: CONDITIONS.map((condition) => ({ condition, ...cell(cls, condition) })) })),
  };
}

async function annotations(db: Kysely<DB>, geometry: Geometry | null): Promise<CanalAnnotations> {
  const category = DRINKING_WATER_CATEGORY;
  if (!(await tableExists(db, 'annotations'))) {
    return { available: false as const, category, reason: 'The annotations table does not exist yet (migration 0003 not applied).', count: 0, affectedPeople: 0, affectedHouseholds: 0, byStatus: {}, bySeverity: {} };
  }
  return { available: true as const, category, rule: 'public annotations only: past the draft stage, not deleted (server/src/access/visibility.ts)', ...(await annotationSummary(db, { area: geometry, category })) };
}

/** The canal analysis of a checked area (inside the caller's transaction). */
export async function canalsIn(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: CanalsRequest, repairedIds: number[]): Promise<CanalsResult> {
  const tol = req.tolerance_m ?? DEFAULT_TOLERANCE_M;
  const thr = req.settlement_threshold_m ?? DEFAULT_CANAL_DISTANCE_M;
  const limit = req.limit ?? 200;
  const connectivity = req.connectivity !== false;
  const lengths = lengthTable(await canalLengths(db, { area: geometry, repairedIds }));
  const components = connectivity ? await canalComponents(db, { area: geometry, toleranceM: tol, limit }) : null;
  const ends = connectivity ? await canalEnds(db, { area: geometry, toleranceM: tol, limit }) : null;
  const far = await settlementsFarFromCanals(db, { area: geometry, thresholdM: thr, repairedIds, limit });
  const reports = await annotations(db, geometry);
  const canalProv = await canalInputs(db, { area: geometry });
  const badKm = lengths.byCondition.filter((c) => c.condition === 'poor' || c.condition === 'broken').reduce((a, c) => a + c.km, 0);
  const sentences: Sentence[] = [];
  const canalClasses = Object.keys(canalProv.canals);
  if (lengths.total.segments > 0) {
    sentences.push(sentence('canals.condition', 'canals', say('canals', {
      area: area.title, totalKm: lengths.total.km, badKm, toleranceM: tol,
      gaps: ends ? ends.dangling.gaps : null, withoutMainSegments: components ? components.withoutMain.segments : null,
    }), { totalKm: lengths.total.km, poorOrBrokenKm: Math.round(badKm * 1000) / 1000, gaps: ends?.dangling.gaps ?? null, withoutMainSegments: components?.withoutMain.segments ?? null, toleranceM: tol },
    canalClasses, canalProv.datasets));
    sentences.push(sentence('canals.far', 'canals', say('far', { thresholdM: thr, settlements: far.far.settlements, population: far.far.population }),
      { thresholdM: thr, settlements: far.far.settlements, population: far.far.population },
      [...canalClasses, ...Object.keys(far.inputs.settlements)], [...canalProv.datasets, ...far.inputs.datasets]));
  }
  if (far.noData.settlements > 0) {
    sentences.push(sentence('canals.no-data', 'canals', say('noData', { what: CANAL_NETWORK, settlements: far.noData.settlements, population: far.noData.population }),
      { settlements: far.noData.settlements, population: far.noData.population }, Object.keys(far.inputs.settlements), far.inputs.datasets));
  }
  if (reports.available && reports.count > 0) {
    sentences.push(sentence('annotations.drinking_water_irrigation', 'annotations', say('annotations', reports.count, reports.affectedPeople),
      { count: reports.count, affectedPeople: reports.affectedPeople }, ['real'], []));
  }
  return {
    analysis: 'canals' as const,
    area,
    parameters: { toleranceM: tol, settlementThresholdM: thr, functioning: FUNCTIONING, connectivity, repairedIds },
    method: METHOD.canals,
    length: lengths,
    connectivity: components && ends ? {
      toleranceM: tol,
      epsMercator: components.epsMercator,
      components: { count: components.count, withoutMain: components.withoutMain, items: components.list },
      unconnectedSegments: components.unconnected,
      intakes: { count: ends.intakeCount, items: ends.intakes },
      danglingEnds: { total: ends.dangling.total, gaps: ends.dangling.gaps, tails: ends.dangling.tails, items: ends.dangling.list },
    } : null,
    settlementsFarFromCanal: { thresholdM: thr, settlements: far.settlements, far: far.far, near: far.near, noData: far.noData, noFunctioningCanal: far.noFunctioningCanal, items: far.list },
    annotations: reports,
    sentences,
    provenance: await provenanceOf(db, { canals: canalProv.canals, settlements: far.inputs.settlements }, [...canalProv.datasets, ...far.inputs.datasets]),
  };
}

export class CanalsService {
  constructor(private readonly areas: AreaService) {}

  async analyse(req: CanalsRequest, viewer: Viewer): Promise<CanalsResult> {
    return this.areas.within(req, viewer, (db, area, geometry) => canalsIn(db, area, geometry, req, []));
  }
}
