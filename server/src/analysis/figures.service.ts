// Key figures of an area or a campaign for a council slide or the PDF brief: population, services,
// coverage per facility kind, canals and public reports, with the sentences ordered for a slide.
// Composes the other analyses' rules inside one transaction. No express here.
import type { AnalysisConfig } from '../config.js';
import type { Viewer } from '../access/viewer.js';
import { SERVICES, type FiguresRequest, type Service } from './analysis.schema.js';
import type { I18n } from '../layers/types.js';
import { kindData } from './sentences.common.js';
import type { FiguresCoverage, FiguresResult, FiguresServiceSummary, Notice, Provenance, Sentence } from './analysis.types.js';
import type { AreaService } from './area.service.js';
import { areaPopulation, kindsWithFacilities } from './area.repo.js';
import { canalsIn } from './canals.service.js';
import { canalCount } from './canals.repo.js';
import { coverageFigures } from './coverage.repo.js';
import { coverageParams, coverageSentences, facilityKind, kindLabel } from './coverage.service.js';
import { provenanceOf } from './provenance.service.js';
import { NOTICES, say } from './sentences.js';
import { unservedFigures } from './unserved.repo.js';
import { serviceBlock, serviceSentences, unservedParams } from './unserved.service.js';

/**
 * The figures summarise connectivity (components, gaps) only up to this many canals in the area unless
 * asked (connectivity=true): the whole synthetic national network (200,000 canals) takes about a minute.
 */
export const FIGURES_CONNECTIVITY_MAX_CANALS = 20_000;

const withNotices = (p: Provenance, extra: Notice[]): Provenance => ({ ...p, notices: [...p.notices, ...extra] });

/** One notice per group of kinds that lack complete data for the same settlements ("no complete data on clinics, schools … for 4 settlements"). */
function noDataNotices(rows: { kind: I18n; settlements: number; population: number }[]): Notice[] {
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(`${r.settlements}:${r.population}`, [...(groups.get(`${r.settlements}:${r.population}`) ?? []), r]);
  return [...groups.values()].map((g, i) => ({
    id: `reach.no-data.${i}`,
    text: say('noData', { what: kindData(g.map((x) => x.kind)), settlements: g[0]!.settlements, population: g[0]!.population }),
  }));
}

export class FiguresService {
  constructor(private readonly areas: AreaService, private readonly config: Pick<AnalysisConfig, 'costPerKm' | 'currency' | 'pointFlagPopulation'>) {}

  async analyse(req: FiguresRequest, viewer: Viewer): Promise<FiguresResult> {
    return this.areas.within(req, viewer, async (db, area, geometry) => {
      const pop = await areaPopulation(db, geometry);
      const kinds = req.kinds ?? (await kindsWithFacilities(db));
      const coverage: FiguresCoverage[] = [];
      const sentences: Sentence[] = [];
      const notices = new Map<string, Notice>();
      const noData: { kind: I18n; settlements: number; population: number }[] = [];
      const inputs: Record<string, Record<string, number>> = { settlements: pop.provenance };
      const datasets = [...pop.datasets];
      let radiusAssumed = false;
      for (const kind of kinds) {
        const k = await facilityKind(db, kind);
        const p = coverageParams(k, undefined, geometry, [], 0, 0, this.config.pointFlagPopulation);
        const f = await coverageFigures(db, p);
        const t = f.totals;
        coverage.push({
          kind, label: kindLabel(kind), radiusM: p.thresholdM, radiusBasis: k.basis, facilities: k.facilities,
          covered: t.covered, partly: t.partly, notCovered: t.notCovered, noData: t.noData, populationUnknown: t.populationUnknown, byRule: t.byRule, flagged: t.flagged,
        });
        const all = coverageSentences(area, k, p, f, false, true);
        const main = all.find((x) => x.id === `coverage.${kind}`);
        const caveats = all.filter((x) => x !== main);
        if (main && t.notCovered.settlements + t.partly.settlements > 0) sentences.push(main);
        // How people were counted and the big points: printed beside the figures, once each (missing data: below, by kind).
        for (const c of caveats) {
          const key = c.id.slice(c.id.lastIndexOf('.') + 1); // rules | no-data | flagged
          if (key !== 'no-data' && !notices.has(key)) notices.set(key, { id: `reach.${key}`, text: c.text });
        }
        if (t.noData.settlements) noData.push({ kind: kindLabel(kind), settlements: t.noData.settlements, population: t.noData.population });
        inputs[`coverage.${kind}.facilities`] = f.inputs.facilities;
        datasets.push(...f.inputs.datasets);
        radiusAssumed ||= /assumption/i.test(k.basis);
      }
      const services: Partial<Record<Service, FiguresServiceSummary>> = {};
      for (const service of SERVICES) {
        const f = await unservedFigures(db, unservedParams(this.config, service, geometry, [], 3, 0));
        const b = serviceBlock(this.config, service, f);
        services[service] = { statusCounts: b.statusCounts, none: b.none, partial: b.partial, unitCostPerKm: b.unitCostPerKm, currency: b.currency, top: b.settlements };
        sentences.push(...serviceSentences(this.config, area, service, f, 1));
        inputs[`${service}.network`] = f.inputs.elements;
        datasets.push(...f.inputs.datasets);
      }
      const canalsInArea = req.connectivity === undefined ? await canalCount(db, geometry) : null;
      const connectivity = req.connectivity ?? (canalsInArea! <= FIGURES_CONNECTIVITY_MAX_CANALS);
      const canals = await canalsIn(db, area, geometry, { tolerance_m: req.tolerance_m, settlement_threshold_m: req.settlement_threshold_m, connectivity, limit: 0 }, []);
      sentences.push(...canals.sentences);
      Object.assign(inputs, { canals: canals.provenance.inputs.canals ?? {} });
      datasets.push(...canals.provenance.datasets.map((d) => d.id));
      // Order for a slide: services first (the gaps people live with), then coverage, canals, reports.
      const order = { service: 0, coverage: 1, canals: 2, annotations: 3, area: 4, 'what-if': 5 } as const;
      sentences.sort((a, b) => order[a.topic] - order[b.topic]);
      return {
        analysis: 'figures' as const,
        area,
        population: { settlements: pop.settlements, population: pop.population, households: pop.households, populationUnknown: pop.populationUnknown },
        services: services as Record<Service, FiguresServiceSummary>,
        coverage,
        canals: {
          length: canals.length,
          poorOrBrokenKm: Math.round(canals.length.byCondition.filter((c) => c.condition === 'poor' || c.condition === 'broken').reduce((a, c) => a + c.km, 0) * 1000) / 1000,
          connectivitySkipped: connectivity ? null : {
            canals: canalsInArea, limit: FIGURES_CONNECTIVITY_MAX_CANALS,
            reason: req.connectivity === false ? 'connectivity=false' : `${canalsInArea} canals in the area (more than ${FIGURES_CONNECTIVITY_MAX_CANALS}): ask /api/analysis/canals for a smaller area, or connectivity=true`,
          },
          connectivity: canals.connectivity && {
            toleranceM: canals.connectivity.toleranceM, components: canals.connectivity.components.count,
            componentsWithoutMain: canals.connectivity.components.withoutMain, intakes: canals.connectivity.intakes.count,
            gaps: canals.connectivity.danglingEnds.gaps, tails: canals.connectivity.danglingEnds.tails,
          },
          settlementsFarFromCanal: { thresholdM: canals.settlementsFarFromCanal.thresholdM, far: canals.settlementsFarFromCanal.far, noFunctioningCanal: canals.settlementsFarFromCanal.noFunctioningCanal },
        },
        annotations: canals.annotations,
        costAssumptions: { currency: this.config.currency, perKm: this.config.costPerKm, note: NOTICES.unitCost },
        sentences,
        provenance: withNotices(await provenanceOf(db, inputs, datasets, { unitCost: true, serviceRadius: radiusAssumed }), [...notices.values(), ...noDataNotices(noData)]),
      };
    });
  }
}
