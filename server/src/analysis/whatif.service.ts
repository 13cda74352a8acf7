// What-if: the figures before and after a proposal that is NOT saved — a facility (coverage), a network
// extension (unserved settlements, link costs) or a canal repair (canals, settlements far from a
// functioning canal). The proposal goes through the same repositories as the real analysis, as bound
// GeoJSON or ids. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnalysisConfig } from '../config.js';
import { HttpProblem, invalidParameter } from '../http/problem.js';
import type { Geometry } from '../geo/geometry.js';
import type { Viewer } from '../access/viewer.js';
import { DEFAULT_CANAL_DISTANCE_M, type Proposal, type WhatIfRequest } from './analysis.schema.js';
import type { AreaInfo, CoverageSettlement, FacilityChange, FacilityState, WhatIfFacilityResult, WhatIfNetworkResult, WhatIfRepairResult, WhatIfResult } from './analysis.types.js';
import type { AreaService } from './area.service.js';
import { lineFacts, repairFacts } from './area.repo.js';
import { FUNCTIONING, canalLengths, settlementsFarFromCanals, type FarParams } from './canals.repo.js';
import { lengthTable } from './canals.service.js';
import { coverageFigures, type ProposedFacility } from './coverage.repo.js';
import { coverageParams, facilityKind, kindLabel, reachSentences, thresholdInfo } from './coverage.service.js';
import { fillNames } from './format.js';
import { provenanceOf } from './provenance.service.js';
import { say, sentence, type SentenceElement } from './sentences.js';
import { distanceToNetwork, unservedFigures, type ProposedLine } from './unserved.repo.js';
import { unservedParams } from './unserved.service.js';

/** A proposed line within this distance of the existing network counts as starting from it. */
const CONNECT_TOLERANCE_M = 50;

type Of<T extends Proposal['type']> = Extract<Proposal, { type: T }>;

export class WhatIfService {
  constructor(private readonly areas: AreaService, private readonly config: Pick<AnalysisConfig, 'costPerKm' | 'currency' | 'pointFlagPopulation'>) {}

  async analyse(req: WhatIfRequest, viewer: Viewer): Promise<WhatIfResult> {
    const proposal = req.proposal;
    if ('geometry' in proposal && proposal.geometry) this.areas.requireInRegion(proposal.geometry as Geometry, 'proposal.geometry', 'body');
    return this.areas.within(req, viewer, async (db, area, geometry) => {
      if (proposal.type === 'facility') return this.facility(db, area, geometry, req, proposal);
      if (proposal.type === 'network') return this.network(db, area, geometry, req, proposal);
      return this.repair(db, area, geometry, req, proposal);
    });
  }

  private async facility(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: WhatIfRequest, proposal: Of<'facility'>): Promise<WhatIfFacilityResult> {
    const k = await facilityKind(db, proposal.kind);
    const prop: ProposedFacility = { id: -1, geometry: proposal.geometry as Geometry, radiusM: proposal.service_radius_m ?? null, name: proposal.name ?? null };
    const limit = req.limit ?? 200;
    const after = await coverageFigures(db, { ...coverageParams(k, req.threshold_m, geometry, [prop], 25_000, 0, this.config.pointFlagPopulation), list: { proposedNearest: true } });
    const ids = after.settlements.map((x) => x.id);
    const before = await coverageFigures(db, { ...coverageParams(k, req.threshold_m, geometry, [], 25_000, 0, this.config.pointFlagPopulation), list: { ids } });
    const was = new Map(before.settlements.map((x) => [x.id, x]));
    const state = (x: CoverageSettlement | undefined): FacilityState => ({
      status: x?.status ?? 'no-data', covered: x?.covered ?? false, share: x?.reach?.share ?? 0, reached: x?.reach?.population ?? null, distanceM: x?.distanceM ?? null,
    });
    const changed: FacilityChange[] = after.settlements
      .filter((a) => a.reach && a.reach.share > (was.get(a.id)?.reach?.share ?? 0))
      .map((a) => ({
        id: a.id, names: a.names, population: a.population, households: a.households, provenance: a.provenance, center: a.center, distanceM: a.distanceM,
        rule: a.reach!.rule, flagged: a.reach!.flagged, before: state(was.get(a.id)), after: state(a),
      }));
    const gain = (x: FacilityChange, of: 'population' | 'households') => {
      const a = after.settlements.find((s) => s.id === x.id)?.reach?.[of] ?? 0;
      return a - (was.get(x.id)?.reach?.[of] ?? 0);
    };
    const counted = changed.filter((c) => !c.flagged);
    const big = changed.filter((c) => c.flagged).sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.id - b.id);
    const unknown = after.settlements.filter((a) => a.status === 'no-data');
    const closer = after.settlements.filter((a) => { const b = was.get(a.id); return b && a.distanceM !== null && (b.distanceM === null || a.distanceM < b.distanceM); }).length;
    const delta = {
      coveredSettlements: after.totals.covered.settlements - before.totals.covered.settlements,
      coveredPopulation: counted.reduce((n, c) => n + gain(c, 'population'), 0),
      coveredHouseholds: counted.reduce((n, c) => n + gain(c, 'households'), 0),
      settlementsCloser: closer,
      flagged: { settlements: big.length, population: big.reduce((n, c) => n + (c.population ?? 0), 0), examples: big.slice(0, 3).map((c) => ({ id: c.id, names: c.names, population: c.population ?? 0 })) },
      noData: { settlements: unknown.length, population: unknown.reduce((n, a) => n + (a.population ?? 0), 0) },
    };
    const radiusM = req.threshold_m ?? proposal.service_radius_m ?? k.defaultRadiusM;
    const label = kindLabel(k.kind);
    const text = say('whatIfFacility', { kind: label, radiusM, residents: delta.coveredPopulation, settlements: counted.length, uncounted: big.length + unknown.length });
    const prov = [...changed.map((c) => c.provenance), 'proposed'];
    const assumptions = req.threshold_m === undefined && proposal.service_radius_m === undefined && /assumption/i.test(k.basis) ? ['service-radius'] : [];
    return {
      analysis: 'what-if' as const,
      area,
      proposal: { ...proposal, radiusM, saved: false },
      basedOn: 'coverage' as const,
      threshold: thresholdInfo(req.threshold_m, k, coverageParams(k, req.threshold_m, geometry, [prop], 0, 0, this.config.pointFlagPopulation)),
      before: { totals: before.totals },
      after: { totals: after.totals },
      change: delta,
      changedSettlements: { total: changed.length, items: changed.slice(0, limit) },
      sentences: [
        sentence(`what-if.facility.${k.kind}`, 'what-if', text, { kind: k.kind, radiusM, residents: delta.coveredPopulation, households: delta.coveredHouseholds, settlements: counted.length }, prov, after.inputs.datasets, assumptions),
        ...reachSentences(`what-if.facility.${k.kind}`, 'what-if', label, { ...after.totals, noData: { ...delta.noData, households: 0 }, flagged: delta.flagged }, true, prov, after.inputs.datasets),
      ],
      provenance: await provenanceOf(db, { settlements: after.inputs.settlements, facilities: after.inputs.facilities }, after.inputs.datasets, { serviceRadius: assumptions.length > 0 }),
    };
  }

  private async network(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: WhatIfRequest, proposal: Of<'network'>): Promise<WhatIfNetworkResult> {
    const line = await lineFacts(db, proposal.geometry as Geometry);
    if (!line.valid) throw new HttpProblem('invalid-geometry', `proposal.geometry: the line is not valid: ${line.reason}`, { errors: [{ in: 'body', name: 'proposal.geometry', reason: line.reason }] });
    if (line.lengthM > 200_000) throw invalidParameter(`proposal.geometry: the line is ${Math.round(line.lengthM / 1000)} km long; at most 200 km`, [{ in: 'body', name: 'proposal.geometry', reason: 'too long' }]);
    const service = proposal.service;
    const network = await distanceToNetwork(db, service, proposal.geometry as Geometry);
    const prop: ProposedLine = { service, geometry: proposal.geometry as Geometry, voltageKv: service === 'electricity' ? proposal.voltage_kv ?? null : null, name: proposal.name ?? null };
    const after = await unservedFigures(db, { ...unservedParams(this.config, service, geometry, [prop], 25_000, 0), list: { proposedNearest: true } });
    const ids = after.settlements.map((x) => x.id);
    const before = await unservedFigures(db, { ...unservedParams(this.config, service, geometry, [], 25_000, 0), list: { ids } });
    const was = new Map(before.settlements.map((x) => [x.id, x]));
    const changed = after.settlements.map((a) => {
      const b = was.get(a.id)!;
      return {
        id: a.id, names: a.names, status: a.status, population: a.population, households: a.households, provenance: a.provenance, center: a.center,
        before: { distanceM: b?.nearest?.distanceM ?? null, element: b?.nearest?.element ?? null, cost: b?.cost ?? null },
        after: { distanceM: a.nearest?.distanceM ?? null, element: 'proposed' as const, cost: a.cost },
      };
    }).sort((x, y) => ((y.before.distanceM ?? Infinity) - (y.after.distanceM ?? 0)) - ((x.before.distanceM ?? Infinity) - (x.after.distanceM ?? 0)) || x.id - y.id);
    const lineCost = Math.round((line.lengthM / 1000) * this.config.costPerKm[service]);
    // Totals always cover every settlement in the area, whatever the listing filter.
    const totalBefore = before.none.cost + before.partial.cost;
    const costAfterAll = after.none.cost + after.partial.cost;
    const top = changed.find((c) => c.status === 'none') ?? changed[0];
    const element: SentenceElement = service === 'electricity' ? 'power_line' : service === 'water' ? 'water_main' : 'road';
    const text = say('whatIfNetwork', {
      lengthM: line.lengthM, element, voltageKv: prop.voltageKv, name: top ? fillNames(top.names, `#${top.id}`) : null, population: top?.population ?? null,
      beforeM: top?.before.distanceM ?? null, afterM: top?.after.distanceM ?? 0, costBefore: totalBefore, costAfter: costAfterAll, lineCost,
      currency: this.config.currency, improved: changed.length,
    });
    return {
      analysis: 'what-if' as const,
      area,
      proposal: {
        ...proposal, lengthM: line.lengthM,
        // An extension should start from the existing network; if it does not, the link to it is extra.
        existingNetwork: network && { ...network, touches: network.distanceM <= CONNECT_TOLERANCE_M, toleranceM: CONNECT_TOLERANCE_M },
        lineCost: { amount: lineCost, currency: this.config.currency, unitCostPerKm: this.config.costPerKm[service], assumption: true }, saved: false },
      basedOn: 'unserved' as const,
      before: { none: before.none, partial: before.partial, linkCost: totalBefore },
      after: { none: after.none, partial: after.partial, linkCost: costAfterAll },
      change: { settlementsCloser: changed.length, linkCost: costAfterAll - totalBefore, lineCost, net: costAfterAll + lineCost - totalBefore },
      changedSettlements: { total: changed.length, items: changed.slice(0, req.limit ?? 200) },
      sentences: [sentence(`what-if.network.${service}`, 'what-if', text, {
        service, lengthM: line.lengthM, settlementsCloser: changed.length, settlement: top?.id ?? null, beforeM: top?.before.distanceM ?? null, afterM: top?.after.distanceM ?? null,
        costBefore: totalBefore, costAfter: costAfterAll, lineCost, currency: this.config.currency,
      }, [...changed.map((c) => c.provenance), 'proposed'], after.inputs.datasets, ['unit-cost'])],
      provenance: await provenanceOf(db, { settlements: after.inputs.settlements, network: before.inputs.elements }, [...after.inputs.datasets, ...before.inputs.datasets], { unitCost: true }),
    };
  }

  private async repair(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: WhatIfRequest, proposal: Of<'canal_repair'>): Promise<WhatIfRepairResult> {
    const ids = [...new Set(proposal.canal_ids)].sort((a, b) => a - b);
    const facts = await repairFacts(db, ids);
    if (facts.missing.length) throw invalidParameter(`proposal.canal_ids: no canal with id ${facts.missing.join(', ')}`, [{ in: 'body', name: 'proposal.canal_ids', reason: `unknown canal ids ${facts.missing.join(', ')}` }]);
    const thr = req.settlement_threshold_m ?? DEFAULT_CANAL_DISTANCE_M;
    const base: FarParams = { area: geometry, thresholdM: thr, repairedIds: [], limit: 25_000 };
    const after = await settlementsFarFromCanals(db, { ...base, repairedIds: ids, list: { proposedNearest: true } });
    const before = await settlementsFarFromCanals(db, { ...base, list: { ids: after.list.map((x) => x.id) } });
    const was = new Map(before.list.map((x) => [x.id, x]));
    const changed = after.list
      .filter((a) => { const b = was.get(a.id); const farB = !b || b.distanceM === null || b.distanceM > thr; const farA = a.distanceM === null || a.distanceM > thr; return farB && !farA; })
      .map((a) => ({ id: a.id, names: a.names, population: a.population, households: a.households, irrigation: a.irrigation, provenance: a.provenance, center: a.center, before: { distanceM: was.get(a.id)?.distanceM ?? null }, after: { distanceM: a.distanceM, canal: a.nearestCanal?.id ?? null } }));
    const lengthsBefore = lengthTable(await canalLengths(db, { area: geometry, repairedIds: [] }));
    const lengthsAfter = lengthTable(await canalLengths(db, { area: geometry, repairedIds: ids }));
    const delta = { settlements: after.far.settlements - before.far.settlements, population: after.far.population - before.far.population, households: after.far.households - before.far.households };
    const text = say('whatIfRepair', { canals: ids.length, km: facts.km, thresholdM: thr, settlements: -delta.settlements, population: -delta.population });
    return {
      analysis: 'what-if' as const,
      area,
      proposal: { ...proposal, canal_ids: ids, km: facts.km, saved: false },
      basedOn: 'canals' as const,
      parameters: { settlementThresholdM: thr, functioning: FUNCTIONING },
      before: { length: lengthsBefore, settlementsFarFromCanal: before.far },
      after: { length: lengthsAfter, settlementsFarFromCanal: after.far },
      change: { farSettlements: delta.settlements, farPopulation: delta.population, farHouseholds: delta.households },
      changedSettlements: { total: changed.length, items: changed.slice(0, req.limit ?? 200) },
      sentences: [sentence('what-if.canal_repair', 'what-if', text, { canals: ids.length, km: facts.km, thresholdM: thr, settlements: -delta.settlements, population: -delta.population },
        [...facts.provenance, ...changed.map((c) => c.provenance)], [...facts.datasets, ...after.inputs.datasets])],
      provenance: await provenanceOf(db, { canals: Object.fromEntries(facts.provenance.map((p) => [p, 1])), settlements: after.inputs.settlements }, [...facts.datasets, ...after.inputs.datasets]),
    };
  }
}
