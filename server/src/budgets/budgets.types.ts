// The answers of /api/budgets/… as the web app and the print renderer receive them. Types only (the
// web app imports them with `import type`); requests are in budgets.schema.ts.
//
// Amounts are KGS (som) as numbers with at most 2 decimals. Shares are 0–1 (not percent). A figure
// that cannot be computed (no population, nobody without the service, no executed budget) is null,
// never 0.
import type { I18n } from '../layers/types.js';
import type { AllocationMethod, Direction, FundingSource, Levy, Nature, Phase, Sector } from './budgets.schema.js';

export type Names = { ky: string | null; ru: string | null; en: string | null };
export type ProvenanceClass = 'real' | 'derived' | 'placeholder' | 'illustrative';

export interface BudgetDocument {
  id: string;
  ref: string | null;
  organisation: { id: string; slug: string; names: Names };
  campaignId: string | null;
  municipality: string;
  /** The municipality's name in ky/ru/en (municipality_names), null where none is recorded: show `municipality`. */
  municipalityNames: Names | null;
  municipalityKind: 'ayil_okmotu' | 'city';
  fiscalYear: number;
  phase: Phase;
  title: string | null;
  status: 'draft' | 'published';
  source: string;
  sourceDate: string | null;
  licence: string;
  provenance: ProvenanceClass;
  notes: string | null;
  importId: string | null;
  version: number;
  totals: { revenue: number; expenditure: number; capital: number; lines: number; allocated: number };
  /** Whether the reader may edit it (its organisation's advocates and admins). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetAllocation {
  settlementId: number;
  names: Names;
  method: AllocationMethod;
  /** As entered (one of amount or share; neither for by_population). */
  amount: number | null;
  share: number | null;
  /** The money it places on the settlement, KGS (by_population: the line split by population). */
  allocated: number;
  evidence: string | null;
}

export interface BudgetLink { id: number; annotationId: string | null; layer: string | null; featureId: number | null; title: string | null }

export interface BudgetLine {
  id: number;
  lineKey: string;
  direction: Direction;
  functionalCode: string | null;
  economicCode: string | null;
  administrativeCode: string | null;
  /** The codes' labels in ky/ru/en (null when the code is not in budget_codes). */
  labels: { functional: I18n | null; economic: I18n | null; administrative: I18n | null };
  description: string;
  fundingSource: FundingSource;
  nature: Nature;
  sector: Sector;
  amount: number;
  sourceRef: string | null;
  notes: string | null;
  allocations: BudgetAllocation[];
  links: BudgetLink[];
}

export interface BudgetContribution { settlementId: number; names: Names; levy: Levy; year: number; amount: number; evidence: string | null }

/** GET /api/budgets/{id}: the document with its lines, contributions and the villages of its municipality. */
export interface BudgetDocumentDetail extends BudgetDocument {
  lines: BudgetLine[];
  contributions: BudgetContribution[];
  /** The settlements whose municipality is the document's (what lines may be allocated to). */
  settlements: { id: number; names: Names; population: number | null; provenance: ProvenanceClass }[];
}

/** GET /api/budgets: the documents the reader may see. */
export interface BudgetList { documents: BudgetDocument[] }

/** People without a sector's service in one settlement, from the existing analyses. */
export interface SectorUnserved {
  /** 'status': the settlement's service status (water, electricity, road, irrigation); 'coverage': people
   *  not within reach of the facility kind (clinic, school, market) by the coverage analysis's reach rule. */
  basis: 'status' | 'coverage';
  /** People without the service (status 'none', or not within reach); null when not known. */
  people: number | null;
  /** People with only part of the service (status 'partial', or partly within reach). */
  partly: number | null;
  /** No complete data here (coverage outside the complete area, or the status is 'unknown'). */
  noData: boolean;
}

export interface VillageFigures {
  settlementId: number;
  names: Names;
  population: number | null;
  populationYear: number | null;
  provenance: ProvenanceClass;
  /** Where the map draws it: its point on surface, or (several villages on one placeholder point)
   *  spread around it on a small ring, `displaced` true (the point displacement of a GIS renderer). */
  position: [number, number];
  displaced: boolean;
  /** Allocated spending of the plan document (expenditure lines), KGS. */
  spending: { total: number; capital: number; bySector: Partial<Record<Sector, number>> };
  /** Allocated spending of the executed document of the same year, when there is one. */
  executed: { total: number; bySector: Partial<Record<Sector, number>> } | null;
  /** Executed ÷ planned (allocated) spending; null without an executed document or plan. */
  execution: number | null;
  contributions: number;
  shares: {
    spending: number | null;
    capital: number | null;
    contributions: number | null;
    population: number | null;
    /** Share of the municipality's people without each sector's service who live here. */
    unserved: Partial<Record<Sector, number | null>>;
  };
  /** Contributions share − spending share (positive: pays in more than it receives). */
  shareGap: number | null;
  unserved: Partial<Record<Sector, SectorUnserved>>;
  perResident: { total: number | null; bySector: Partial<Record<Sector, number | null>> };
  /** Sector spending ÷ people without that sector's service. */
  perUnserved: Partial<Record<Sector, number | null>>;
  /** The line ids behind its figures (every figure links to its lines). */
  lineIds: number[];
}

export interface SectorFigures {
  sector: Sector;
  planned: number;
  capital: number;
  executed: number | null;
  execution: number | null;
  allocated: number;
  unallocated: number;
  /** People without the service in the municipality (sum of villages with data). */
  unserved: number | null;
  perUnserved: number | null;
  lineIds: number[];
}

export interface LineExecution {
  lineKey: string;
  planLineId: number | null;
  executedLineId: number | null;
  description: string;
  direction: Direction;
  sector: Sector;
  nature: Nature;
  planned: number | null;
  executed: number | null;
  execution: number | null;
  underspent: boolean;
}

export type FairnessBasis = 'contributions' | 'population' | 'unserved';

/**
 * The dissimilarity index between two distributions over the villages: half the sum of the absolute
 * differences of their shares — the share of the spending that would have to move between villages
 * for each village's share of spending to equal its share of the basis. 0 = proportional; 1 = all the
 * money goes where none of the basis is.
 */
export interface FairnessIndex {
  basis: FairnessBasis;
  /** For 'unserved': the sector whose unserved people count (null: all sectors summed). */
  sector: Sector | null;
  index: number | null;
  /** KGS that would have to move (index × allocated spending). */
  toMove: number | null;
  /** The village with the largest gap between its basis share and its spending share. */
  largestGap: { settlementId: number; names: Names; basisShare: number; spendingShare: number } | null;
}

export interface TrendPoint {
  fiscalYear: number;
  phase: Phase;
  documentId: string;
  revenue: number;
  expenditure: number;
  capital: number;
  bySector: Partial<Record<Sector, number>>;
}

export interface BudgetSentence { id: string; text: I18n; lineIds: number[] }

/** GET /api/budgets/{id}/analysis */
export interface BudgetAnalysis {
  document: BudgetDocument;
  /** The plan compared (the document itself unless it is the executed one) and the executed document. */
  plan: { documentId: string; phase: Phase } | null;
  executed: { documentId: string } | null;
  villages: VillageFigures[];
  sectors: SectorFigures[];
  lines: LineExecution[];
  fairness: FairnessIndex[];
  trends: TrendPoint[];
  /** Spending not placed on any village (the municipality as a whole), KGS. */
  unallocated: { amount: number; lineIds: number[] };
  sentences: BudgetSentence[];
  underspentBelow: number;
  provenance: {
    documents: Record<string, number>;
    settlements: Record<string, number>;
    illustrative: boolean;
    /** Which analyses the unserved figures come from, per sector. */
    unservedFrom: Partial<Record<Sector, string>>;
    notices: { id: string; text: I18n }[];
  };
}

/** POST /api/budgets/{id}/what-if */
export interface BudgetWhatIf {
  amount: number;
  weights: { population: number; unserved: number; contributions: number };
  sector: Sector | null;
  villages: {
    settlementId: number;
    names: Names;
    /** The weighted share: Σ weight × share ÷ Σ weight. */
    share: number;
    amount: number;
    /** The same spending now (capital spending of the sector, or all capital spending). */
    current: number;
    change: number;
  }[];
  /** Villages without population or contributions count as 0 in that basis; listed here. */
  missing: { settlementId: number; basis: FairnessBasis }[];
  sentences: BudgetSentence[];
}

// ---- The demo file data/demo/budgets.json (loaded by seed/demo-budgets.ts) ----------------------

export interface BudgetSeedFile {
  note: string;
  /** The municipalities' names in ky/ru/en. */
  municipalities: { municipality: string; ky: string; ru: string; en: string }[];
  /** Labels of the classification codes the lines use. */
  codes: { scheme: 'functional' | 'economic' | 'administrative'; code: string; ky: string; ru: string; en: string }[];
  documents: BudgetSeedDocument[];
}

export interface BudgetSeedDocument {
  ref: string;
  /** organisations.json slug; the campaign is the organisation's demo campaign of `project`. */
  org: string;
  project: string;
  municipality: string;
  municipality_kind: 'ayil_okmotu' | 'city';
  fiscal_year: number;
  phase: Phase;
  status: 'draft' | 'published';
  title: string | null;
  source: string;
  source_date: string | null;
  licence: string;
  provenance: ProvenanceClass;
  notes: string | null;
  lines: {
    line_key: string; direction: Direction; functional_code: string | null; economic_code: string | null; administrative_code: string | null;
    description: string; funding_source: FundingSource; nature: Nature; sector: Sector; amount: number; notes: string | null;
    /** settlement: a settlements `ref` (e.g. places:nookat-bel-bel). */
    allocations?: { settlement: string; method: AllocationMethod; amount?: number; share?: number; evidence: string | null }[];
    /** annotation: an annotations `ref`; or layer + feature: a feature's `ref` in that layer. */
    links?: ({ annotation: string } | { layer: string; feature: string })[];
  }[];
  contributions: { settlement: string; levy: Levy; year: number; amount: number; evidence: string | null }[];
}
