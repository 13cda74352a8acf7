// Service coverage: the rules. Which radius counts (the request's threshold, the kind's default, or
// each facility's own), whether the settlement asked for exists, and the sentences of the answer.
// The helpers below are shared with the figures and the facility what-if. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnalysisConfig } from '../config.js';
import { HttpProblem, invalidParameter } from '../http/problem.js';
import type { Geometry } from '../geo/geometry.js';
import type { Viewer } from '../access/viewer.js';
import { FACILITY_KINDS } from '../layers/facilities.js';
import type { I18n } from '../layers/types.js';
import type { CoverageRequest } from './analysis.schema.js';
import type { AreaInfo, CoverageResult, CoverageTotals, Sentence, ThresholdInfo } from './analysis.types.js';
import type { AreaService } from './area.service.js';
import { kindFacts, type KindFacts } from './area.repo.js';
import { coverageArea, coverageFigures, type CoverageFigures, type CoverageParams, type ProposedFacility } from './coverage.repo.js';
import { fillNames } from './format.js';
import { provenanceOf } from './provenance.service.js';
import { METHOD, say, sentence } from './sentences.js';
import { kindData } from './sentences.common.js';

const KIND_LABEL = new Map(FACILITY_KINDS.map((k) => [k.value, k.label]));
export const kindLabel = (kind: string): I18n => KIND_LABEL.get(kind) ?? { ky: kind, ru: kind, en: kind };

/** A facility kind's default radius and facilities; a kind the database does not know is a 400. */
export async function facilityKind(db: Kysely<DB>, kind: string): Promise<KindFacts> {
  const k = await kindFacts(db, kind);
  if (!k) throw invalidParameter(`kind: '${kind}' has no default service radius in this database (facility_kinds); load the demo data or add the kind`, [{ in: 'query', name: 'kind', reason: 'unknown facility kind' }]);
  return k;
}

export function coverageParams(k: KindFacts, thresholdM: number | undefined, area: Geometry | null, proposals: ProposedFacility[], limit: number, offset: number, flagPopulation: number): CoverageParams {
  const own = [k.maxServiceRadiusM, ...proposals.map((p) => p.radiusM)].filter((x): x is number => x !== null);
  // Every facility at the kind's default radius: one fixed threshold (cheaper, and the same verdict).
  const fixed = thresholdM ?? (own.length ? null : k.defaultRadiusM);
  return {
    kind: k.kind, defaultRadiusM: k.defaultRadiusM, thresholdM: fixed, maxRadiusM: Math.max(k.defaultRadiusM, ...own),
    area, proposals, limit, offset, flagPopulation,
  };
}

export function thresholdInfo(requested: number | undefined, k: KindFacts, p: CoverageParams): ThresholdInfo {
  return requested !== undefined
    ? { mode: 'request' as const, metres: requested }
    : p.thresholdM !== null
      ? { mode: 'kind-default' as const, metres: p.thresholdM }
      : { mode: 'per-facility' as const, metres: null, note: `each facility's service_radius_m, else ${k.defaultRadiusM} m` };
}

/** The caveats of a coverage answer as sentences: how people were counted, who has no complete data, big points. */
export function reachSentences(id: string, topic: Sentence['topic'], what: I18n, t: CoverageTotals, excluded: boolean, provenance: string[], datasets: string[]): Sentence[] {
  const out: Sentence[] = [];
  const rules = { cells: t.byRule.cells.settlements, buildings: t.byRule.buildings.settlements, area: t.byRule.area.settlements, point: t.byRule.point.settlements };
  const counted = rules.cells + rules.buildings + rules.area + rules.point;
  if (counted > 0 && !excluded) out.push(sentence(`${id}.rules`, topic, say('reachRules', rules), { ...rules }, provenance, datasets));
  if (t.noData.settlements > 0) {
    out.push(sentence(`${id}.no-data`, topic, say('noData', { what: kindData(what), settlements: t.noData.settlements, population: t.noData.population }),
      { settlements: t.noData.settlements, population: t.noData.population }, provenance, datasets));
  }
  if (t.flagged.settlements > 0) {
    const names = t.flagged.examples.map((e) => fillNames(e.names, `#${e.id}`));
    out.push(sentence(`${id}.flagged`, topic, say('flagged', { names, settlements: t.flagged.settlements, population: t.flagged.population, excluded }),
      { settlements: t.flagged.settlements, population: t.flagged.population }, provenance, datasets));
  }
  return out;
}

export function coverageSentences(area: AreaInfo, k: KindFacts, p: CoverageParams, f: CoverageFigures, oneSettlement: boolean, radiusAssumed: boolean): Sentence[] {
  const assumptions = radiusAssumed && /assumption/i.test(k.basis) ? ['service-radius'] : [];
  const out: Sentence[] = [];
  const provenance = [...Object.keys(f.inputs.settlements), ...Object.keys(f.inputs.facilities)];
  const judged = f.totals.settlements - f.totals.noData.settlements;
  if (!oneSettlement && judged > 0) {
    const notCovered = f.totals.notCovered.settlements + f.totals.partly.settlements;
    out.push(sentence(`coverage.${k.kind}`, 'coverage', say('coverage', {
      area: area.title, kind: kindLabel(k.kind), radiusM: p.thresholdM,
      coveredPopulation: f.totals.covered.population, notCoveredPopulation: f.totals.notCovered.population,
      notCoveredSettlements: notCovered, populationUnknown: f.totals.populationUnknown,
    }), {
      kind: k.kind, radiusM: p.thresholdM, coveredPopulation: f.totals.covered.population, notCoveredPopulation: f.totals.notCovered.population,
      notCoveredSettlements: notCovered, populationUnknown: f.totals.populationUnknown,
    }, provenance, f.inputs.datasets, assumptions));
  }
  if (!oneSettlement && f.totals.settlements > 0) out.push(...reachSentences(`coverage.${k.kind}`, 'coverage', kindLabel(k.kind), f.totals, false, provenance, f.inputs.datasets));
  if (oneSettlement) {
    for (const s of f.settlements) {
      const name = fillNames(s.names, `#${s.id}`);
      out.push(sentence(`coverage.${k.kind}.settlement.${s.id}`, 'coverage', say('settlementCoverage', {
        name, kind: kindLabel(k.kind), facility: s.nearest ? fillNames(s.nearest.names, '') : null,
        distanceM: s.nearest ? s.distanceM : null, radiusM: s.nearest?.radiusM ?? p.thresholdM ?? k.defaultRadiusM, covered: s.covered,
        status: s.status, share: s.reach?.share ?? null, reached: s.reach?.population ?? null,
      }), { settlement: s.id, status: s.status, covered: s.covered, distanceM: s.distanceM, radiusM: s.nearest?.radiusM ?? null, population: s.population, share: s.reach?.share ?? null, rule: s.reach?.rule ?? null },
      [s.provenance, s.nearest?.provenance ?? ''], [s.datasetId, s.nearest?.datasetId ?? ''], assumptions));
      if (s.reach?.flagged) {
        out.push(sentence(`coverage.${k.kind}.settlement.${s.id}.flagged`, 'coverage', say('flagged', { names: [name], settlements: 1, population: s.population ?? 0, excluded: false }),
          { settlement: s.id, population: s.population }, [s.provenance], [s.datasetId]));
      }
    }
  }
  return out;
}

export class CoverageService {
  constructor(private readonly areas: AreaService, private readonly config: Pick<AnalysisConfig, 'pointFlagPopulation'>) {}

  async analyse(req: CoverageRequest, viewer: Viewer): Promise<CoverageResult> {
    return this.areas.within(req, viewer, async (db, area, geometry) => {
      const k = await facilityKind(db, req.kind);
      const p = coverageParams(k, req.threshold_m, geometry, [], req.limit ?? 1000, req.offset ?? 0, this.config.pointFlagPopulation);
      if (req.settlement !== undefined) p.settlementId = req.settlement;
      const figures = await coverageFigures(db, p);
      if (req.settlement !== undefined && figures.totals.settlements === 0) {
        throw new HttpProblem('not-found', `There is no settlement ${req.settlement}${geometry ? ' in this area' : ''}.`);
      }
      const shape = req.geometry === false ? null : await coverageArea(db, p);
      const provenance = await provenanceOf(db, { settlements: figures.inputs.settlements, facilities: figures.inputs.facilities }, figures.inputs.datasets, { serviceRadius: req.threshold_m === undefined && /assumption/i.test(k.basis) });
      return {
        analysis: 'coverage' as const,
        area,
        kind: { kind: k.kind, label: kindLabel(k.kind), facilities: k.facilities, brokenFacilitiesIgnored: k.brokenFacilities, defaultRadiusM: k.defaultRadiusM, radiusBasis: k.basis },
        threshold: thresholdInfo(req.threshold_m, k, p),
        method: METHOD.coverage,
        totals: figures.totals,
        municipalities: figures.municipalities,
        settlements: { total: figures.totals.settlements, offset: p.offset, limit: p.limit, items: figures.settlements },
        coverage: shape && { type: 'Feature' as const, geometry: shape.geometry, properties: { kind: k.kind, areaKm2: shape.areaKm2, facilities: shape.facilities, clippedToArea: geometry !== null } },
        sentences: coverageSentences(area, k, p, figures, req.settlement !== undefined, req.threshold_m === undefined),
        provenance,
      };
    });
  }
}
