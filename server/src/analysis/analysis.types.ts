// Longer than 300 lines on purpose: the whole JSON contract of /api/analysis/* in one place, for the web app to import.
// The answers of the gap analysis as the web app receives them (JSON over /api/analysis/*), and the
// rows the repositories return where an answer carries them unchanged. Types only, so that a client
// (web/src/api/wire.ts) can `import type` them; the request types come from analysis.schema.ts.
import type { Geometry } from '../geo/geometry.js';
import type { I18n } from '../layers/types.js';
import type { FacilityProposalBody, NetworkProposalBody, CanalRepairProposalBody, Service } from './analysis.schema.js';

export type Names = { ky: string | null; ru: string | null; en: string | null };
export type LonLat = [number, number];
export type Bbox = [number, number, number, number];

// ---- Common to every answer ----------------------------------------------------------------------

/** The area an answer is about (echoed in every answer). */
export interface AreaInfo {
  source: 'country' | 'project' | 'bbox' | 'polygon' | 'campaign';
  id: string | null;
  title: I18n;
  bbox: Bbox;
  areaKm2: number | null;
}

export interface DatasetRow { id: string; title: string; attribution: string; licence: string }
export interface Notice { id: string; text: I18n }

export interface Provenance {
  /** Input rows per provenance class, per input. */
  inputs: Record<string, Record<string, number>>;
  classes: string[];
  datasets: DatasetRow[];
  illustrative: boolean;
  approximate: boolean;
  /** What to print beside the figures (empty when every input is real, surveyed data and nothing is assumed). */
  notices: Notice[];
}

/** A ready-made sentence in ky/ru/en with the numbers and inputs behind it. */
export interface Sentence {
  /** Stable id, e.g. "service.electricity.settlement.4" (a UI can pick sentences by id). */
  id: string;
  topic: 'area' | 'coverage' | 'service' | 'canals' | 'annotations' | 'what-if';
  text: I18n;
  /** The numbers in the sentence, unformatted. */
  values: Record<string, number | string | boolean | null>;
  /** Provenance classes and datasets of the rows behind the sentence. */
  inputs: { provenance: string[]; datasets: string[] };
  /** Some input was drawn for the demo, not surveyed: print the notice beside the sentence. */
  illustrative: boolean;
  /** Some input is a real place at an approximate point. */
  approximate: boolean;
  /** Assumptions the sentence rests on: 'unit-cost', 'service-radius'. */
  assumptions: string[];
}

/** Settlements, residents and households. */
export interface Tally { settlements: number; population: number; households: number }

export interface CostAssumptions { currency: string; perKm: Record<Service, number>; note: I18n }

// ---- Coverage ------------------------------------------------------------------------------------

/**
 * How the people of a settlement were counted within reach (README "Gap analysis", the reach rule),
 * chosen per settlement from the best data present:
 * - 'cells': population cells (a grid) assigned to it, each counted when its centre is within reach,
 *   scaled so that they add up to the settlement's recorded population;
 * - 'buildings': its population shared over its (OpenStreetMap) buildings by footprint area;
 * - 'area': its polygon, the population times the share of its area within reach (uniform density);
 * - 'point': all or nothing, as one point ("flagged" when it holds many people).
 */
export type ReachRule = 'cells' | 'buildings' | 'area' | 'point';
export const REACH_RULES: readonly ReachRule[] = ['cells', 'buildings', 'area', 'point'];

/** A settlement's verdict: everyone counted in reach, some, none, or no verdict (outside the data's complete area). */
export type CoverageStatus = 'covered' | 'partly' | 'not-covered' | 'no-data';

export interface Reach {
  rule: ReachRule;
  /** Share of the settlement's people within reach, 0–1 (4 decimals). */
  share: number;
  /** People (and households) counted within reach: population × share, rounded; null when the population is unknown. */
  population: number | null;
  households: number | null;
  /** A single point with at least the configured number of people (ANALYSIS_POINT_FLAG_POPULATION): counted all or nothing. */
  flagged: boolean;
}

/** People and settlements per rule: what share of the population each rule counted. */
export type RuleTally = Record<ReachRule, { settlements: number; population: number }>;

/**
 * Coverage totals. `covered.population` is every person counted within reach (a partly reached
 * settlement adds its share), `notCovered.population` the others; both only over settlements with
 * complete data. `covered.settlements` / `partly` / `notCovered.settlements` count verdicts.
 * `noData`: settlements outside the facility kind's complete area, counted in neither.
 */
export interface CoverageTotals {
  settlements: number; covered: Tally; partly: { settlements: number }; notCovered: Tally; noData: Tally;
  populationUnknown: number; householdsUnknown: number;
  byRule: RuleTally;
  /** Settlements counted all or nothing as one big point (and their people); the three largest named. */
  flagged: { settlements: number; population: number; examples: { id: number; names: Names; population: number }[] };
}

export interface CoverageSettlement {
  id: number; ref: string | null; names: Names;
  type: string; legalStatus: string; population: number | null; households: number | null;
  municipality: string | null; district: string | null; region: string | null;
  provenance: string; datasetId: string; center: LonLat;
  status: CoverageStatus;
  /** Everyone counted is within reach (status 'covered'); false for 'partly', 'not-covered' and 'no-data'. */
  covered: boolean;
  /** null when the settlement is outside the kind's complete area ('no-data'): no distance is given there. */
  distanceM: number | null;
  nearest: { id: number | null; proposed: boolean; names: Names; radiusM: number; provenance: string; datasetId: string | null } | null;
  /** How its people were counted; null with 'no-data'. */
  reach: Reach | null;
}

/** Coverage summed per municipality (else district, else region). */
export interface CoverageGroup {
  key: string | null; level: 'municipality' | 'district' | 'region' | 'unknown';
  municipality: string | null; district: string | null; region: string | null;
  settlements: number; covered: Tally; notCovered: Tally; noData: Tally;
}

export type ThresholdInfo =
  | { mode: 'request'; metres: number }
  | { mode: 'kind-default'; metres: number }
  | { mode: 'per-facility'; metres: null; note: string };

export interface CoverageKind { kind: string; label: I18n; facilities: number; brokenFacilitiesIgnored: number; defaultRadiusM: number; radiusBasis: string }

export interface CoverageResult {
  analysis: 'coverage';
  area: AreaInfo;
  kind: CoverageKind;
  threshold: ThresholdInfo;
  method: I18n;
  totals: CoverageTotals;
  municipalities: CoverageGroup[];
  settlements: { total: number; offset: number; limit: number; items: CoverageSettlement[] };
  /** The dissolved coverage area (null when asked with geometry=false). */
  coverage: { type: 'Feature'; geometry: Geometry | null; properties: { kind: string; areaKm2: number; facilities: number; clippedToArea: boolean } } | null;
  sentences: Sentence[];
  provenance: Provenance;
}

// ---- Unserved settlements --------------------------------------------------------------------------

export type ElementKind = 'power_line' | 'substation' | 'water_main' | 'water_point' | 'road';

export interface NearestElement {
  element: ElementKind | 'proposed';
  layer: string | null;
  id: number | null;
  names: Names;
  voltageKv: number | null;
  provenance: string;
  datasetId: string | null;
  distanceM: number;
}

/** A settlement without a service as the repository returns it (cost: a number in the configured currency). */
export interface UnservedSettlement {
  id: number; ref: string | null; names: Names;
  type: string; legalStatus: string; status: 'none' | 'partial';
  population: number | null; households: number | null;
  municipality: string | null; district: string | null; region: string | null;
  provenance: string; datasetId: string; center: LonLat;
  nearest: NearestElement | null;
  cost: number | null;
  /** false: outside the area where the network's data is declared complete — no nearest element, distance or cost is given. */
  complete: boolean;
}

export interface LinkCost { amount: number; currency: string; assumption: boolean }
/** A settlement without a service as an answer lists it (cost with its currency). */
export type UnservedSettlementItem = Omit<UnservedSettlement, 'cost'> & { cost: LinkCost | null };

export interface StatusSum {
  settlements: number; population: number; households: number; cost: number; outOfRange: number; noNetwork: number;
  /** Of these settlements, those outside the network's complete area (no distance, no cost) and their people. */
  noData: number; noDataPopulation: number;
  distanceM: { min: number | null; median: number | null; max: number | null };
}
export type StatusCounts = Record<'connected' | 'partial' | 'none' | 'unknown', number>;

export interface UnservedServiceBlock {
  service: Service;
  sources: { element: ElementKind; layer: string }[];
  unitCostPerKm: number;
  currency: string;
  maxLinkM: number;
  statusCounts: StatusCounts;
  none: StatusSum;
  partial: StatusSum;
  settlements: UnservedSettlementItem[];
}

export interface UnservedResult {
  analysis: 'unserved';
  area: AreaInfo;
  method: I18n;
  costAssumptions: CostAssumptions;
  /** The services asked for, in the order asked. */
  services: Partial<Record<Service, UnservedServiceBlock>>;
  sentences: Sentence[];
  provenance: Provenance;
}

// ---- Canal network --------------------------------------------------------------------------------

export interface LengthTally { segments: number; km: number }
export interface CanalLengths {
  total: LengthTally;
  byCondition: (LengthTally & { condition: string })[];
  byClass: (LengthTally & { class: string; byCondition: (LengthTally & { condition: string })[] })[];
}

export interface ComponentRow {
  id: number; segments: number; km: number; hasMain: boolean; cutByArea: boolean;
  classes: Record<string, number>; bbox: Bbox;
}
export interface CanalRef { id: number; ref: string | null; names: Names; class: string; condition: string; km: number; provenance: string }
export interface CanalEnd {
  canal: CanalRef; end: 'head' | 'tail'; part: number; point: LonLat;
  role: 'intake' | 'gap' | 'tail';
  nearestCanal: { id: number; distanceM: number } | null;
}

/** Components without a main canal (not fed from an intake), and their segments and km. */
export interface WithoutMain { components: number; segments: number; km: number }

export interface CanalConnectivity {
  toleranceM: number;
  /** The DBSCAN radius in EPSG:3857 units: tolerance / cos(mid-latitude of the canals). */
  epsMercator: number | null;
  components: { count: number; withoutMain: WithoutMain; items: ComponentRow[] };
  unconnectedSegments: (CanalRef & { component: number })[];
  intakes: { count: number; items: CanalEnd[] };
  danglingEnds: { total: number; gaps: number; tails: number; items: CanalEnd[] };
}

export interface FarSettlement {
  id: number; ref: string | null; names: Names;
  type: string; population: number | null; households: number | null; irrigation: string;
  municipality: string | null; district: string | null; region: string | null;
  provenance: string; datasetId: string; center: LonLat;
  distanceM: number | null; nearestCanal: { id: number; repaired: boolean } | null;
}

export interface AnnotationSummary {
  count: number; affectedPeople: number; affectedHouseholds: number;
  byStatus: Record<string, number>; bySeverity: Record<string, number>;
}
/** Public reports of drinking water used for irrigation in the area. */
export type CanalAnnotations =
  | ({ available: false; category: string; reason: string } & AnnotationSummary)
  | ({ available: true; category: string; rule: string } & AnnotationSummary);

export interface CanalsResult {
  analysis: 'canals';
  area: AreaInfo;
  parameters: { toleranceM: number; settlementThresholdM: number; functioning: readonly string[]; connectivity: boolean; repairedIds: number[] };
  method: I18n;
  length: CanalLengths;
  /** null when asked with connectivity=false. */
  connectivity: CanalConnectivity | null;
  /** noData: settlements outside the canals' complete area, neither far nor near. */
  settlementsFarFromCanal: { thresholdM: number; settlements: number; far: Tally; near: Tally; noData: Tally; noFunctioningCanal: number; items: FarSettlement[] };
  annotations: CanalAnnotations;
  sentences: Sentence[];
  provenance: Provenance;
}

// ---- Figures (campaign / area) -----------------------------------------------------------------------

export interface FiguresCoverage {
  kind: string; label: I18n; radiusM: number | null; radiusBasis: string; facilities: number;
  covered: Tally; partly: { settlements: number }; notCovered: Tally; noData: Tally; populationUnknown: number;
  byRule: RuleTally; flagged: CoverageTotals['flagged'];
}

export interface FiguresServiceSummary {
  statusCounts: StatusCounts; none: StatusSum; partial: StatusSum; unitCostPerKm: number; currency: string;
  /** Up to three settlements without the service (those with none first, most households first). */
  top: UnservedSettlementItem[];
}

export interface FiguresCanals {
  length: CanalLengths;
  poorOrBrokenKm: number;
  /** Why connectivity was not summarised (null when it was). */
  connectivitySkipped: { canals: number | null; limit: number; reason: string } | null;
  connectivity: { toleranceM: number; components: number; componentsWithoutMain: WithoutMain; intakes: number; gaps: number; tails: number } | null;
  settlementsFarFromCanal: { thresholdM: number; far: Tally; noFunctioningCanal: number };
}

export interface FiguresResult {
  analysis: 'figures';
  area: AreaInfo;
  population: { settlements: number; population: number; households: number; populationUnknown: number };
  services: Record<Service, FiguresServiceSummary>;
  coverage: FiguresCoverage[];
  canals: FiguresCanals;
  annotations: CanalAnnotations;
  costAssumptions: CostAssumptions;
  sentences: Sentence[];
  provenance: Provenance;
}

// ---- What-if ---------------------------------------------------------------------------------------

/** A settlement's state in a what-if: its verdict, the share of its people within reach and how many that is. */
export interface FacilityState { status: CoverageStatus; covered: boolean; share: number; reached: number | null; distanceM: number | null }
export interface FacilityChange {
  id: number; names: Names; population: number | null; households: number | null; provenance: string; center: LonLat; distanceM: number | null;
  rule: ReachRule;
  /** A big settlement recorded as one point: its gain is not in change.coveredPopulation (see change.flagged). */
  flagged: boolean;
  before: FacilityState;
  after: FacilityState;
}

export interface WhatIfFacilityResult {
  analysis: 'what-if';
  area: AreaInfo;
  proposal: FacilityProposalBody & { radiusM: number; saved: false };
  basedOn: 'coverage';
  threshold: ThresholdInfo;
  before: { totals: CoverageTotals };
  after: { totals: CoverageTotals };
  /**
   * coveredPopulation / coveredHouseholds: people brought within reach, by the reach rule, without the
   * flagged points (a whole town on one point is not "brought within reach" by one facility); those are
   * in `flagged`. `noData`: settlements within the proposal's radius that lie outside the kind's complete
   * area — whether they gain cannot be said.
   */
  change: {
    coveredSettlements: number; coveredPopulation: number; coveredHouseholds: number; settlementsCloser: number;
    flagged: { settlements: number; population: number; examples: { id: number; names: Names; population: number }[] };
    noData: { settlements: number; population: number };
  };
  changedSettlements: { total: number; items: FacilityChange[] };
  sentences: Sentence[];
  provenance: Provenance;
}

export interface NetworkChange {
  id: number; names: Names; status: 'none' | 'partial'; population: number | null; households: number | null; provenance: string; center: LonLat;
  /** cost: the link cost in the configured currency (a number). */
  before: { distanceM: number | null; element: NearestElement['element'] | null; cost: number | null };
  after: { distanceM: number | null; element: 'proposed'; cost: number | null };
}

export interface WhatIfNetworkResult {
  analysis: 'what-if';
  area: AreaInfo;
  proposal: NetworkProposalBody & {
    lengthM: number;
    /** Where the extension meets the existing network (null: there is none of the service). */
    existingNetwork: { element: ElementKind; id: number; distanceM: number; touches: boolean; toleranceM: number } | null;
    lineCost: { amount: number; currency: string; unitCostPerKm: number; assumption: boolean };
    saved: false;
  };
  basedOn: 'unserved';
  before: { none: StatusSum; partial: StatusSum; linkCost: number };
  after: { none: StatusSum; partial: StatusSum; linkCost: number };
  change: { settlementsCloser: number; linkCost: number; lineCost: number; net: number };
  changedSettlements: { total: number; items: NetworkChange[] };
  sentences: Sentence[];
  provenance: Provenance;
}

export interface RepairChange {
  id: number; names: Names; population: number | null; households: number | null; irrigation: string; provenance: string; center: LonLat;
  before: { distanceM: number | null };
  after: { distanceM: number | null; canal: number | null };
}

export interface WhatIfRepairResult {
  analysis: 'what-if';
  area: AreaInfo;
  proposal: CanalRepairProposalBody & { km: number; saved: false };
  basedOn: 'canals';
  parameters: { settlementThresholdM: number; functioning: readonly string[] };
  before: { length: CanalLengths; settlementsFarFromCanal: Tally };
  after: { length: CanalLengths; settlementsFarFromCanal: Tally };
  change: { farSettlements: number; farPopulation: number; farHouseholds: number };
  changedSettlements: { total: number; items: RepairChange[] };
  sentences: Sentence[];
  provenance: Provenance;
}

export type WhatIfResult = WhatIfFacilityResult | WhatIfNetworkResult | WhatIfRepairResult;

// ---- What the analysis offers (GET /api/analysis) -----------------------------------------------------

export interface AnalysisCatalogue {
  endpoints: { coverage: string; unserved: string; canals: string; figures: string; whatIf: string };
  kinds: { kind: string; label: I18n; defaultRadiusM: number; radiusBasis: string }[];
  services: { service: Service; sources: { element: ElementKind; layer: string }[]; unitCostPerKm: number }[];
  costAssumptions: CostAssumptions;
  defaults: { toleranceM: number; settlementThresholdM: number; knnCandidates: number; statementTimeoutMs: number };
  method: { coverage: I18n; unserved: I18n; canals: I18n };
  notices: { illustrative: I18n; approximate: I18n; unitCost: I18n; serviceRadius: I18n };
  projects: { id: string; title: I18n; bbox: Bbox }[];
}
