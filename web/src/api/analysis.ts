// The typed client of the gap analysis (/api/analysis/*). GETs go through getJson; the what-if POST
// carries the CSRF token from GET /api/auth/session (it works before login through the kg_csrf cookie).
// Shapes follow server/src/analysis/analysis.service.ts; only what the web app reads is typed.
import { ApiError, csrfToken, getJson, isAbort, type Query } from './client.ts';
import type { BBox, Geometry, I18n, LngLat } from './types.ts';

export type Service = 'water' | 'electricity' | 'road';
export const SERVICE_IDS: Service[] = ['water', 'electricity', 'road'];

/** The area an analysis is about: the map view (a bbox), a project, a campaign, or the whole country. */
export type AreaParam = { bbox: BBox } | { project: string } | { campaign: string } | Record<string, never>;

export type Names = { ky: string | null; ru: string | null; en: string | null };

export interface Sentence {
  id: string;
  topic: string;
  text: I18n;
  values: Record<string, unknown>;
  illustrative: boolean;
  approximate: boolean;
  assumptions: string[];
}

export interface Notice { id: string; text: I18n }
export interface Provenance { classes: string[]; illustrative: boolean; approximate: boolean; notices: Notice[] }

export interface AreaInfo { source: 'country' | 'project' | 'bbox' | 'polygon' | 'campaign'; id: string | null; title: I18n; bbox: BBox; areaKm2: number | null }

export interface Catalogue {
  kinds: { kind: string; label: I18n; defaultRadiusM: number; radiusBasis: string }[];
  services: { service: Service; sources: { element: string; layer: string }[]; unitCostPerKm: number }[];
  costAssumptions: { currency: string; perKm: Record<Service, number>; note: I18n };
  defaults: { toleranceM: number; settlementThresholdM: number };
  notices: Record<string, I18n>;
  projects: { id: string; title: I18n; bbox: BBox }[];
}

export interface Tally { settlements: number; population: number; households: number }
export interface CoverageTotals { settlements: number; covered: Tally; notCovered: Tally; populationUnknown: number; householdsUnknown: number }

export interface CoverageSettlement {
  id: number;
  names: Names;
  type: string;
  population: number | null;
  households: number | null;
  municipality: string | null;
  district: string | null;
  region: string | null;
  provenance: string;
  center: LngLat;
  covered: boolean;
  distanceM: number | null;
  nearest: { id: number; proposed: boolean; names: Names; radiusM: number | null; provenance: string } | null;
}

export interface CoverageMunicipality {
  key: string;
  level: 'municipality' | 'district' | 'region' | 'unknown';
  municipality: string | null;
  district: string | null;
  region: string | null;
  settlements: number;
  covered: Tally;
  notCovered: Tally;
}

export interface CoverageResult {
  analysis: 'coverage';
  area: AreaInfo;
  kind: { kind: string; label: I18n; facilities: number; brokenFacilitiesIgnored: number; defaultRadiusM: number; radiusBasis: string };
  threshold: { mode: 'request' | 'kind-default' | 'per-facility'; metres: number | null };
  totals: CoverageTotals;
  municipalities: CoverageMunicipality[];
  settlements: { total: number; offset: number; limit: number; items: CoverageSettlement[] };
  coverage: { type: 'Feature'; geometry: Geometry; properties: { kind: string; areaKm2: number; facilities: number } } | null;
  sentences: Sentence[];
  provenance: Provenance;
}

export interface UnservedSettlement {
  id: number;
  names: Names;
  status: 'none' | 'partial';
  population: number | null;
  households: number | null;
  municipality: string | null;
  district: string | null;
  region: string | null;
  provenance: string;
  center: LngLat;
  nearest: { element: string; layer: string; id: number; names: Names; voltageKv: number | null; provenance: string; distanceM: number } | null;
  cost: { amount: number; currency: string; assumption: boolean } | null;
}

export interface UnservedGroup { settlements: number; population: number; households: number; cost: number; outOfRange: number; noNetwork: number }

export interface UnservedBlock {
  service: Service;
  unitCostPerKm: number;
  currency: string;
  maxLinkM: number;
  statusCounts: Record<string, number>;
  none: UnservedGroup;
  partial: UnservedGroup;
  settlements: UnservedSettlement[];
}

export interface UnservedResult {
  analysis: 'unserved';
  area: AreaInfo;
  costAssumptions: { currency: string; perKm: Record<Service, number>; note: I18n };
  services: Partial<Record<Service, UnservedBlock>>;
  sentences: Sentence[];
  provenance: Provenance;
}

export interface LengthCell { segments: number; km: number }

export interface CanalsResult {
  analysis: 'canals';
  area: AreaInfo;
  parameters: { toleranceM: number; settlementThresholdM: number };
  length: { total: LengthCell; byCondition: (LengthCell & { condition: string })[]; byClass: (LengthCell & { class: string })[] };
  connectivity: {
    toleranceM: number;
    components: { count: number; withoutMain: { components: number; segments: number; km: number } };
    unconnectedSegments: unknown[];
    intakes: { count: number };
    danglingEnds: { total: number; gaps: number; tails: number };
  } | null;
  settlementsFarFromCanal: { thresholdM: number; settlements: number; far: Tally; near: Tally; noFunctioningCanal: number };
  annotations: { available: boolean; count: number; affectedPeople: number };
  sentences: Sentence[];
  provenance: Provenance;
}

export interface FiguresResult { analysis: 'figures'; area: AreaInfo; sentences: Sentence[]; provenance: Provenance }

export interface WhatIfFacilityResult {
  analysis: 'what-if';
  area: AreaInfo;
  proposal: { type: 'facility'; kind: string; geometry: Geometry; radiusM: number; saved: false };
  threshold: { mode: string; metres: number | null };
  before: { totals: CoverageTotals };
  after: { totals: CoverageTotals };
  change: { coveredSettlements: number; coveredPopulation: number; coveredHouseholds: number; settlementsCloser: number };
  changedSettlements: { total: number; items: { id: number; names: Names; population: number | null; center: LngLat; before: { distanceM: number | null }; after: { distanceM: number | null } }[] };
  sentences: Sentence[];
  provenance: Provenance;
}

export interface WhatIfNetworkSettlement {
  id: number;
  names: Names;
  status: 'none' | 'partial';
  population: number | null;
  households: number | null;
  center: LngLat;
  before: { distanceM: number | null; element: string | null; cost: { amount: number; currency: string } | null };
  after: { distanceM: number | null; element: 'proposed'; cost: { amount: number; currency: string } | null };
}

export interface WhatIfNetworkResult {
  analysis: 'what-if';
  area: AreaInfo;
  proposal: {
    type: 'network'; service: Service; geometry: Geometry; lengthM: number; saved: false;
    existingNetwork: { distanceM: number; touches: boolean; toleranceM: number } | null;
    lineCost: { amount: number; currency: string; unitCostPerKm: number; assumption: boolean };
  };
  basedOn: 'unserved';
  before: { none: UnservedGroup; partial: UnservedGroup; linkCost: number };
  after: { none: UnservedGroup; partial: UnservedGroup; linkCost: number };
  change: { settlementsCloser: number; linkCost: number; lineCost: number; net: number };
  changedSettlements: { total: number; items: WhatIfNetworkSettlement[] };
  sentences: Sentence[];
  provenance: Provenance;
}

export interface CanalLengths { total: LengthCell; byCondition: (LengthCell & { condition: string })[] }

export interface WhatIfRepairResult {
  analysis: 'what-if';
  area: AreaInfo;
  proposal: { type: 'canal_repair'; canal_ids: number[]; km: number; saved: false };
  basedOn: 'canals';
  parameters: { settlementThresholdM: number; functioning: string[] };
  before: { length: CanalLengths; settlementsFarFromCanal: Tally };
  after: { length: CanalLengths; settlementsFarFromCanal: Tally };
  change: { farSettlements: number; farPopulation: number; farHouseholds: number };
  changedSettlements: { total: number; items: { id: number; names: Names; population: number | null; center: LngLat; before: { distanceM: number | null }; after: { distanceM: number | null; canal: number | null } }[] };
  sentences: Sentence[];
  provenance: Provenance;
}

export type WhatIfResult = WhatIfFacilityResult | WhatIfNetworkResult | WhatIfRepairResult;

const areaQuery = (a: AreaParam): Query => {
  if ('bbox' in a) return { bbox: a.bbox.map((n) => n.toFixed(5)).join(',') };
  if ('project' in a) return { project: a.project };
  if ('campaign' in a) return { campaign: a.campaign };
  return {};
};

/** The area in a JSON body: the bbox as numbers, a project or campaign as given. */
const areaBody = (a: AreaParam) => ('bbox' in a ? { bbox: a.bbox.map((n) => Number(n.toFixed(5))) } : areaQuery(a));
const round6 = (c: LngLat): LngLat => [Number(c[0].toFixed(6)), Number(c[1].toFixed(6))];

async function postJson<T>(path: string, body: unknown, signal?: AbortSignal, retried = false): Promise<T> {
  const target = new URL(path, window.location.origin).toString();
  const token = await csrfToken(retried, signal);
  let res: Response;
  try {
    res = await fetch(target, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json', 'X-CSRF-Token': token },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError({ status: 0, type: 'network', title: 'Network error', detail: (err as Error).message, url: target });
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    let p: { type?: string; title?: string; detail?: string } = {};
    if (type.includes('json')) p = await res.json().catch(() => ({}));
    // A token from an expired session: fetch a fresh one once.
    if (res.status === 403 && !retried) return postJson<T>(path, body, signal, true);
    throw new ApiError({ status: res.status, type: p.type, title: p.title ?? res.statusText, detail: p.detail, url: target });
  }
  return (await res.json()) as T;
}

export const analysisApi = {
  catalogue: (signal?: AbortSignal) => getJson<Catalogue>('/api/analysis', {}, signal),
  coverage: (p: { area: AreaParam; kind: string; thresholdM?: number; settlement?: number; geometry?: boolean; limit?: number }, signal?: AbortSignal) =>
    getJson<CoverageResult>('/api/analysis/coverage', {
      ...areaQuery(p.area), kind: p.kind, threshold_m: p.thresholdM, settlement: p.settlement,
      geometry: p.geometry === undefined ? undefined : String(p.geometry), limit: p.limit,
    }, signal),
  unserved: (p: { area: AreaParam; service: Service; limit?: number }, signal?: AbortSignal) =>
    getJson<UnservedResult>('/api/analysis/unserved', { ...areaQuery(p.area), service: p.service, limit: p.limit }, signal),
  canals: (p: { area: AreaParam }, signal?: AbortSignal) => getJson<CanalsResult>('/api/analysis/canals', { ...areaQuery(p.area), limit: 0 }, signal),
  figures: (p: { area: AreaParam }, signal?: AbortSignal) => getJson<FiguresResult>('/api/analysis/figures', areaQuery(p.area), signal),
  whatIfFacility: (p: { area: AreaParam; kind: string; point: LngLat; thresholdM?: number }, signal?: AbortSignal) =>
    postJson<WhatIfFacilityResult>('/api/analysis/what-if', {
      ...areaBody(p.area),
      proposal: { type: 'facility', kind: p.kind, geometry: { type: 'Point', coordinates: round6(p.point) } },
      ...(p.thresholdM !== undefined ? { threshold_m: p.thresholdM } : {}),
    }, signal, false),
  /** A proposed network extension: a drawn line for one service (nothing is saved). */
  whatIfNetwork: (p: { area: AreaParam; service: Service; line: LngLat[] }, signal?: AbortSignal) =>
    postJson<WhatIfNetworkResult>('/api/analysis/what-if', {
      ...areaBody(p.area),
      proposal: { type: 'network', service: p.service, geometry: { type: 'LineString', coordinates: p.line.map(round6) } },
    }, signal, false),
  /** A proposed repair of canal sections (by their ids in the canals layer). */
  whatIfRepair: (p: { area: AreaParam; canalIds: number[] }, signal?: AbortSignal) =>
    postJson<WhatIfRepairResult>('/api/analysis/what-if', { ...areaBody(p.area), proposal: { type: 'canal_repair', canal_ids: p.canalIds } }, signal, false),
  campaigns: (signal?: AbortSignal) => getJson<{ features: { id: string; properties: { title: Names } }[] }>('/api/campaigns', {}, signal),
};
