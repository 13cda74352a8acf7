// The typed client of the gap analysis (/api/analysis/*), on the one transport (client.ts); the what-if
// POST carries the CSRF token (it works before login through the kg_csrf cookie). The answers' shapes
// are the server's own (wire.ts).
import { http, type Query } from './client.ts';
import {
  SERVICES, type CanalsResult, type Catalogue, type CoverageResult, type FiguresResult, type Names, type Service, type UnservedResult,
  type WhatIfFacilityResult, type WhatIfNetworkResult, type WhatIfRepairResult,
} from './wire.ts';
import type { BBox, LngLat } from './types.ts';

export type {
  AreaInfo, CanalLengths, CanalsResult, Catalogue, CoverageMunicipality, CoverageResult, CoverageSettlement, CoverageTotals, FiguresResult,
  LengthCell, Names, Notice, Provenance, Sentence, Service, Tally, UnservedBlock, UnservedGroup, UnservedResult, UnservedSettlement,
  WhatIfFacilityResult, WhatIfNetworkResult, WhatIfNetworkSettlement, WhatIfRepairResult, WhatIfResult,
} from './wire.ts';
export const SERVICE_IDS: readonly Service[] = SERVICES;

/** The area an analysis is about: the map view (a bbox), a project, a campaign, or the whole country. */
export type AreaParam = { bbox: BBox } | { project: string } | { campaign: string } | Record<string, never>;

const areaQuery = (a: AreaParam): Query => {
  if ('bbox' in a) return { bbox: a.bbox.map((n) => n.toFixed(5)).join(',') };
  if ('project' in a) return { project: a.project };
  if ('campaign' in a) return { campaign: a.campaign };
  return {};
};

/** The area in a JSON body: the bbox as numbers, a project or campaign as given. */
const areaBody = (a: AreaParam) => ('bbox' in a ? { bbox: a.bbox.map((n) => Number(n.toFixed(5))) } : areaQuery(a));
const round6 = (c: LngLat): LngLat => [Number(c[0].toFixed(6)), Number(c[1].toFixed(6))];

type S = AbortSignal | undefined;
const whatIf = <T>(body: unknown, signal: S) => http.post<T>('/api/analysis/what-if', body, { signal });

export const analysisApi = {
  catalogue: (signal?: S) => http.get<Catalogue>('/api/analysis', { signal }),
  coverage: (p: { area: AreaParam; kind: string; thresholdM?: number; settlement?: number; geometry?: boolean; limit?: number }, signal?: S) =>
    http.get<CoverageResult>('/api/analysis/coverage', {
      query: {
        ...areaQuery(p.area), kind: p.kind, threshold_m: p.thresholdM, settlement: p.settlement,
        geometry: p.geometry === undefined ? undefined : String(p.geometry), limit: p.limit,
      },
      signal,
    }),
  unserved: (p: { area: AreaParam; service: Service; limit?: number }, signal?: S) =>
    http.get<UnservedResult>('/api/analysis/unserved', { query: { ...areaQuery(p.area), service: p.service, limit: p.limit }, signal }),
  canals: (p: { area: AreaParam }, signal?: S) => http.get<CanalsResult>('/api/analysis/canals', { query: { ...areaQuery(p.area), limit: 0 }, signal }),
  figures: (p: { area: AreaParam }, signal?: S) => http.get<FiguresResult>('/api/analysis/figures', { query: areaQuery(p.area), signal }),
  whatIfFacility: (p: { area: AreaParam; kind: string; point: LngLat; thresholdM?: number }, signal?: S) =>
    whatIf<WhatIfFacilityResult>({
      ...areaBody(p.area),
      proposal: { type: 'facility', kind: p.kind, geometry: { type: 'Point', coordinates: round6(p.point) } },
      ...(p.thresholdM !== undefined ? { threshold_m: p.thresholdM } : {}),
    }, signal),
  /** A proposed network extension: a drawn line for one service (nothing is saved). */
  whatIfNetwork: (p: { area: AreaParam; service: Service; line: LngLat[] }, signal?: S) =>
    whatIf<WhatIfNetworkResult>({
      ...areaBody(p.area),
      proposal: { type: 'network', service: p.service, geometry: { type: 'LineString', coordinates: p.line.map(round6) } },
    }, signal),
  /** A proposed repair of canal sections (by their ids in the canals layer). */
  whatIfRepair: (p: { area: AreaParam; canalIds: number[] }, signal?: S) =>
    whatIf<WhatIfRepairResult>({ ...areaBody(p.area), proposal: { type: 'canal_repair', canal_ids: p.canalIds } }, signal),
  campaigns: (signal?: S) => http.get<{ features: { id: string; properties: { title: Names } }[] }>('/api/campaigns', { signal }),
};
