// Unserved settlements: the rules. Which services, the link-cost assumptions (configured unit costs
// per km, out of range beyond MAX_LINK_M), and the sentences of the answer. The helpers below are
// shared with the figures and the network what-if. No express here.
import type { AnalysisConfig } from '../config.js';
import type { Geometry } from '../geo/geometry.js';
import type { Viewer } from '../access/viewer.js';
import { SERVICES, type Service, type UnservedRequest } from './analysis.schema.js';
import type { AreaInfo, Sentence, UnservedResult, UnservedServiceBlock } from './analysis.types.js';
import type { AreaService } from './area.service.js';
import { fillNames } from './format.js';
import { provenanceOf } from './provenance.service.js';
import { METHOD, NOTICES, say, sentence, type SentenceElement } from './sentences.js';
import { SERVICE_NETWORK } from './sentences.common.js';
import { MAX_LINK_M, SOURCES, unservedFigures, type ProposedLine, type UnservedFigures, type UnservedParams } from './unserved.repo.js';

type CostConfig = Pick<AnalysisConfig, 'costPerKm' | 'currency'>;

export function unservedParams(config: CostConfig, service: Service, area: Geometry | null, proposals: ProposedLine[], limit: number, offset: number): UnservedParams {
  return { service, area, proposals, costPerKm: config.costPerKm[service], limit, offset };
}

export function serviceBlock(config: CostConfig, service: Service, f: UnservedFigures): UnservedServiceBlock {
  return {
    service,
    sources: SOURCES[service].map((x) => ({ element: x.element, layer: x.layer })),
    unitCostPerKm: config.costPerKm[service],
    currency: config.currency,
    maxLinkM: MAX_LINK_M,
    statusCounts: f.statusCounts,
    none: f.none,
    partial: f.partial,
    settlements: f.settlements.map((s) => ({ ...s, cost: s.cost === null ? null : { amount: s.cost, currency: config.currency, assumption: true } })),
  };
}

export function serviceSentences(config: CostConfig, area: AreaInfo, service: Service, f: UnservedFigures, top: number): Sentence[] {
  const out: Sentence[] = [];
  if (f.none.settlements || f.partial.settlements) {
    out.push(sentence(`service.${service}`, 'service', say('serviceTotals', {
      area: area.title, service, currency: config.currency,
      // outOfRange here: every settlement without a link estimate (too far, no network, no complete data).
      none: { settlements: f.none.settlements, population: f.none.population, households: f.none.households, cost: f.none.cost, outOfRange: f.none.outOfRange + f.none.noNetwork + f.none.noData },
      partial: { settlements: f.partial.settlements, population: f.partial.population },
    }), {
      service, settlementsNone: f.none.settlements, populationNone: f.none.population, householdsNone: f.none.households, costNone: f.none.cost,
      settlementsPartial: f.partial.settlements, populationPartial: f.partial.population, currency: config.currency,
    }, [...Object.keys(f.inputs.settlements), ...Object.keys(f.inputs.elements)], f.inputs.datasets, f.none.settlements ? ['unit-cost'] : []));
  }
  const noData = { settlements: f.none.noData + f.partial.noData, population: f.none.noDataPopulation + f.partial.noDataPopulation };
  if (noData.settlements) {
    out.push(sentence(`service.${service}.no-data`, 'service', say('noData', { what: SERVICE_NETWORK[service], ...noData }), { service, ...noData },
      Object.keys(f.inputs.settlements), f.inputs.datasets));
  }
  for (const st of f.settlements.slice(0, top)) out.push(settlementGapSentence(config, service, st));
  return out;
}

function settlementGapSentence(config: CostConfig, service: Service, st: UnservedFigures['settlements'][number]): Sentence {
  const n = st.nearest;
  const elementKind: SentenceElement | null = n ? n.element : null;
  return sentence(`service.${service}.settlement.${st.id}`, 'service', say('settlementGap', {
    name: fillNames(st.names, `#${st.id}`), service, status: st.status, maxLinkM: MAX_LINK_M, complete: st.complete, population: st.population, households: st.households,
    element: elementKind, voltageKv: n?.voltageKv ?? null, distanceM: n?.distanceM ?? null,
    cost: st.cost, currency: config.currency, unitCost: config.costPerKm[service],
  }), {
    settlement: st.id, service, status: st.status, complete: st.complete, population: st.population, households: st.households,
    element: n?.element ?? null, elementId: n?.id ?? null, voltageKv: n?.voltageKv ?? null, distanceM: n?.distanceM ?? null,
    cost: st.cost, currency: config.currency,
  }, [st.provenance, n?.provenance ?? ''], [st.datasetId, n?.datasetId ?? ''], st.cost !== null && st.status === 'none' ? ['unit-cost'] : []);
}

export class UnservedService {
  constructor(private readonly areas: AreaService, private readonly config: CostConfig) {}

  async analyse(req: UnservedRequest, viewer: Viewer): Promise<UnservedResult> {
    return this.areas.within(req, viewer, async (db, area, geometry) => {
      const services = req.service ?? [...SERVICES];
      const blocks: UnservedResult['services'] = {};
      const sentences: Sentence[] = [];
      const inputs: Record<string, Record<string, number>> = {};
      const datasets: string[] = [];
      for (const service of services) {
        const f = await unservedFigures(db, unservedParams(this.config, service, geometry, [], req.limit ?? 200, req.offset ?? 0));
        blocks[service] = serviceBlock(this.config, service, f);
        sentences.push(...serviceSentences(this.config, area, service, f, 3));
        inputs[`${service}.settlements`] = f.inputs.settlements;
        inputs[`${service}.network`] = f.inputs.elements;
        datasets.push(...f.inputs.datasets);
      }
      return {
        analysis: 'unserved' as const,
        area,
        method: METHOD.unserved,
        costAssumptions: { currency: this.config.currency, perKm: this.config.costPerKm, note: NOTICES.unitCost },
        services: blocks,
        sentences,
        provenance: await provenanceOf(db, inputs, datasets, { unitCost: true }),
      };
    });
  }
}
