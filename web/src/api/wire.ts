// The one door from web/ to server/: the API's wire types, imported type-only from the server so they
// are never copied by hand (nothing from the server is bundled). Every web → server import lives here,
// so a moved server file is fixed in one place. Runtime enum arrays come from wire.gen.ts, which
// scripts/gen-web-wire.ts writes from the server's constants (tests/unit/web-wire.test.ts keeps it fresh).
import type * as S from '../../../server/src/analysis/analysis.types.ts';
import type { Category, CampaignStatus, ReviewStatus, Status } from '../../../server/src/annotations/annotations.rules.ts';
import type { Service } from '../../../server/src/analysis/analysis.schema.ts';
import type { AnnotationFeature } from '../../../server/src/annotations/annotations.feature.ts';
import type { LayersService } from '../../../server/src/layers/layers.service.ts';
import type { CampaignFeature } from '../../../server/src/campaigns/campaigns.service.ts';
import type { AuthService } from '../../../server/src/auth/auth.service.ts';
import type { commentOf } from '../../../server/src/annotations/annotations.feature.ts';
import type { StatusChange as StatusChangeSchema } from '../../../server/src/annotations/annotations.schema.ts';
import type { z } from 'zod';
import type { StyleLayer } from '../../../server/src/layers/style.ts';
import type { CAMPAIGN_STATUSES, CATEGORIES, ENCODINGS, ISSUE_KINDS, PROVENANCE_CLASSES, REVIEW_STATUSES, SERVICES, STATUSES, SYMBOLS } from './wire.gen.ts';

export type { AttributeType, EnumValue, I18n, Lang, LegendItem, LegendSection } from '../../../server/src/layers/types.ts';
export type { Category, CampaignStatus, ReviewStatus, Service, Status };
// Budget imports (spreadsheet → budget document): the answers of /api/budgets/imports.
export type { BudgetImportView, CheckInput as BudgetImportCheck, CheckReport as BudgetImportReport, ReportIssue as BudgetImportIssue, SheetDetection as BudgetImportSheet, VillageReport as BudgetImportVillage } from '../../../server/src/budgets/import/budget-imports.schema.ts';
export type { Direction as BudgetDirection, FundingSource as BudgetFundingSource, Nature as BudgetNature, Phase as BudgetPhase, Sector as BudgetSector } from '../../../server/src/budgets/budgets.schema.ts';
export { CAMPAIGN_STATUSES, CATEGORIES, CATEGORY_COLOURS, COMPLETE_AREA_LAYERS, DATA_FORMATS, ENCODINGS, FALLBACK_EN, FALLBACK_KY, FALLBACK_RU, ISSUE_KINDS, SOURCE_CREDITS, PHOTO_TYPES, PROVENANCE_CLASSES, REVIEW_STATUSES, SERVICES, STATUSES, SYMBOLS } from './wire.gen.ts';

// The generated arrays are the server's, value for value (a stale wire.gen.ts fails the type check too).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type WireEnumsInSync = Assert<
  Same<(typeof CATEGORIES)[number], Category> & Same<(typeof STATUSES)[number], Status> & Same<(typeof REVIEW_STATUSES)[number], ReviewStatus>
  & Same<(typeof CAMPAIGN_STATUSES)[number], CampaignStatus> & Same<(typeof SERVICES)[number], Service>
  & Same<(typeof ENCODINGS)[number], ImportEncoding> & Same<(typeof SYMBOLS)[number], ImportSymbol>
  & Same<(typeof PROVENANCE_CLASSES)[number], ProvenanceClass> & Same<(typeof ISSUE_KINDS)[number], IssueKind>
>;

// ---- analysis answers (/api/analysis/*): the server's named response types (analysis.types.ts) ----

/** What JSON.stringify makes of a value: dates become strings, functions and undefined disappear. */
export type Json<T> = T extends Date ? string
  : T extends (...args: never[]) => unknown ? never
  : T extends object ? { [K in keyof T]: Json<T[K]> }
  : T;

export type Catalogue = Json<S.AnalysisCatalogue>;
export type CoverageResult = Json<S.CoverageResult>;
export type UnservedResult = Json<S.UnservedResult>;
export type CanalsResult = Json<S.CanalsResult>;
export type FiguresResult = Json<S.FiguresResult>;
export type WhatIfResult = Json<S.WhatIfResult>;
export type WhatIfFacilityResult = Json<S.WhatIfFacilityResult>;
export type WhatIfNetworkResult = Json<S.WhatIfNetworkResult>;
export type WhatIfRepairResult = Json<S.WhatIfRepairResult>;

export type AreaInfo = CoverageResult['area'];
export type Provenance = CoverageResult['provenance'];
export type Sentence = CoverageResult['sentences'][number];
export type Notice = Provenance['notices'][number];
export type CoverageTotals = CoverageResult['totals'];
export type Tally = CoverageTotals['covered'];
export type CoverageSettlement = CoverageResult['settlements']['items'][number];
export type CoverageMunicipality = CoverageResult['municipalities'][number];
export type Names = CoverageSettlement['names'];
export type UnservedBlock = NonNullable<UnservedResult['services'][Service]>;
export type UnservedGroup = UnservedBlock['none'];
export type UnservedSettlement = UnservedBlock['settlements'][number];
export type LengthCell = CanalsResult['length']['total'];
export type CanalLengths = WhatIfRepairResult['before']['length'];
export type WhatIfNetworkSettlement = WhatIfNetworkResult['changedSettlements']['items'][number];

// ---- annotations (/api/annotations/*): the server's Feature as the annotations service shapes it ----
export type Annotation = Json<AnnotationFeature>;
export type Campaign = Json<CampaignFeature>;
export type Comment = Json<ReturnType<typeof commentOf>>;
/** The body of POST /api/annotations/{id}/status, as the server's schema takes it. */
export type StatusChange = z.input<typeof StatusChangeSchema>;
export type { Role } from '../../../server/src/access/viewer.ts';

// ---- projects and exports: the server's schemas' types ----
export type { Project } from '../../../server/src/projects/projects.schema.ts';
export type { Format as DataFormat } from '../../../server/src/exports/formats/index.ts';
import type { FORMATS as MAP_FORMATS, ORIENTATIONS, PAPERS } from '../../../server/src/exports/exports.schema.ts';
export type MapFormat = (typeof MAP_FORMATS)[number];
export type Paper = (typeof PAPERS)[number];
export type Orientation = (typeof ORIENTATIONS)[number];
/** GET /api/auth/session (and the answers of login, logout, password change). */
export type SessionInfo = Json<Awaited<ReturnType<AuthService['describe']>>>;

// ---- layers (/api/layers): the registry's descriptions as LayersService gives them ----
export type LayersResponse = Json<Awaited<ReturnType<LayersService['list']>>>;
export type LayerInfo = Json<ReturnType<LayersService['describe']>>;
export type StyleLayerSpec = StyleLayer;

// ---- imports (/api/imports) and organisation layers (/api/organisation-layers): the server's schema types ----
import type { MappingBody, OrganisationTarget, LayerTarget, FieldMapping as FieldMappingSchema, OrgLayerPatch as OrgLayerPatchSchema } from '../../../server/src/imports/imports.schema.ts';
export type {
  ImportView, ImportStatus, ImportResult, ValidationReport, ValidationIssue, IssueKind, FieldSuggestion,
} from '../../../server/src/imports/imports.schema.ts';
export type { Detection, SourceLayer, SourceField, CrsInfo, CrsCandidate, EncodingInfo, FormatId, FieldType } from '../../../server/src/imports/formats/types.ts';
/** The body of PUT /api/imports/{id}/mapping, as the server's schema takes it (defaults may be left out). */
export type MappingRequest = z.input<typeof MappingBody>;
export type OrganisationTargetInput = z.input<typeof OrganisationTarget>;
export type LayerTargetInput = z.input<typeof LayerTarget>;
export type FieldMappingInput = z.input<typeof FieldMappingSchema>;
/** The body of PATCH /api/organisation-layers/{id}. */
export type OrgLayerPatch = z.input<typeof OrgLayerPatchSchema>;
import type { ENCODINGS as ENCODINGS_T, PROVENANCE_CLASSES as PROVENANCE_CLASSES_T, SYMBOLS as SYMBOLS_T, IssueKind } from '../../../server/src/imports/imports.schema.ts';
export type ImportEncoding = (typeof ENCODINGS_T)[number];
export type ProvenanceClass = (typeof PROVENANCE_CLASSES_T)[number];
export type ImportSymbol = (typeof SYMBOLS_T)[number];
// ---- complete areas (/api/complete-areas) and an import's completeArea choice ----
import type { CompleteAreaChoice as CompleteAreaChoiceSchema } from '../../../server/src/complete-areas/complete-areas.schema.ts';
export type { CompleteAreaCollection, CompleteAreaFeature, CompleteAreaLayer } from '../../../server/src/complete-areas/complete-areas.schema.ts';
/** `completeArea` of the body of POST /api/imports/{id}/commit. */
export type CompleteAreaChoice = z.input<typeof CompleteAreaChoiceSchema>;

// ---- budgets (/api/budgets/*): the server's answer types (budgets.types.ts) and request schemas ----
import type * as B from '../../../server/src/budgets/budgets.types.ts';
import type * as BS from '../../../server/src/budgets/budgets.schema.ts';
import type {
  ALLOCATION_METHODS, BUDGET_DIRECTIONS, BUDGET_MEASURES, BUDGET_NATURES, BUDGET_PHASES, FUNDING_SOURCES, LEVIES, SECTORS,
} from './wire.gen.ts';
export { ALLOCATION_METHODS, BUDGET_DIRECTIONS, BUDGET_MEASURES, BUDGET_NATURES, BUDGET_PHASES, FUNDING_SOURCES, LEVIES, SECTORS } from './wire.gen.ts';
export type BudgetDocument = Json<B.BudgetDocument>;
export type BudgetDocumentDetail = Json<B.BudgetDocumentDetail>;
export type BudgetList = Json<B.BudgetList>;
export type BudgetLine = Json<B.BudgetLine>;
export type BudgetAllocation = Json<B.BudgetAllocation>;
export type BudgetContribution = Json<B.BudgetContribution>;
export type BudgetAnalysis = Json<B.BudgetAnalysis>;
export type BudgetWhatIf = Json<B.BudgetWhatIf>;
export type BudgetSentence = Json<B.BudgetSentence>;
export type VillageFigures = Json<B.VillageFigures>;
export type SectorFigures = Json<B.SectorFigures>;
export type FairnessIndex = Json<B.FairnessIndex>;
export type TrendPoint = Json<B.TrendPoint>;
export type BudgetNames = B.Names;
export type Sector = BS.Sector;
export type Measure = BS.Measure;
export type Phase = BS.Phase;
export type AllocationMethod = BS.AllocationMethod;
/** Request bodies as the server's schemas take them. */
export type DocumentCreateBody = z.input<typeof BS.DocumentCreate>;
export type DocumentPatchBody = z.input<typeof BS.DocumentPatch>;
export type LineBody = z.input<typeof BS.LineInput>;
export type LinePatchBody = z.input<typeof BS.LinePatch>;
export type AllocationBody = z.input<typeof BS.AllocationInput>;
export type ContributionBody = z.input<typeof BS.ContributionInput>;
export type WhatIfBudgetBody = z.input<typeof BS.WhatIfBody>;
export type BudgetEnumsInSync = Assert<
  Same<(typeof SECTORS)[number], BS.Sector> & Same<(typeof BUDGET_MEASURES)[number], BS.Measure> & Same<(typeof BUDGET_PHASES)[number], BS.Phase>
  & Same<(typeof BUDGET_DIRECTIONS)[number], BS.Direction> & Same<(typeof FUNDING_SOURCES)[number], BS.FundingSource>
  & Same<(typeof BUDGET_NATURES)[number], BS.Nature> & Same<(typeof ALLOCATION_METHODS)[number], BS.AllocationMethod> & Same<(typeof LEVIES)[number], BS.Levy>
>;

// ---- commitments (/api/decisions, /api/commitments, /api/progress-updates, /api/reminders): the server's answer types and request schemas ----
import type * as C from '../../../server/src/commitments/commitments.types.ts';
import type * as CS from '../../../server/src/commitments/commitments.schema.ts';
import type { COMMITMENT_STATUSES, DECISION_KINDS, DECISION_STATUSES, UNITS, UPDATE_SOURCES, VERDICTS } from './wire.gen.ts';
export { COMMITMENT_STATUSES, DECISION_KINDS, DECISION_STATUSES, UNITS, UPDATE_SOURCES, VERDICTS } from './wire.gen.ts';
import type { CommitmentStatus } from '../../../server/src/commitments/commitments.rules.ts';
export type { CommitmentStatus };
export type CommitmentI18n = C.I18n;
export type Decision = C.Decision;
export type DecisionDetail = C.DecisionDetail;
export type DecisionList = C.DecisionList;
export type Commitment = C.Commitment;
export type CommitmentLink = C.CommitmentLink;
export type ProgressUpdate = C.ProgressUpdate;
export type ProgressPhoto = C.Photo;
export type Verification = C.Verification;
export type StatusCounts = C.StatusCounts;
export type IndicatorTotal = C.IndicatorTotal;
export type CampaignTracker = C.CampaignTracker;
export type CommitmentsGeoJson = C.CommitmentsGeoJson;
export type ReopenAnswer = C.ReopenAnswer;
export type ReminderDigest = C.ReminderDigest;
export type DecisionKind = CS.DecisionKind;
export type DecisionStatus = CS.DecisionStatus;
export type Unit = CS.Unit;
export type UpdateSource = CS.UpdateSource;
export type Verdict = CS.Verdict;
/** Request bodies as the server's schemas take them. */
export type DecisionCreateBody = z.input<typeof CS.DecisionCreate>;
export type DecisionPatchBody = z.input<typeof CS.DecisionPatch>;
export type CommitmentBody = z.input<typeof CS.CommitmentInput>;
export type CommitmentPatchBody = z.input<typeof CS.CommitmentPatch>;
export type UpdateBody = z.input<typeof CS.UpdateCreate>;
export type VerificationBody = z.input<typeof CS.VerificationPut>;
export type CommitmentEnumsInSync = Assert<
  Same<(typeof DECISION_KINDS)[number], CS.DecisionKind> & Same<(typeof DECISION_STATUSES)[number], CS.DecisionStatus>
  & Same<(typeof UNITS)[number], CS.Unit> & Same<(typeof UPDATE_SOURCES)[number], CS.UpdateSource> & Same<(typeof VERDICTS)[number], CS.Verdict>
  & Same<(typeof COMMITMENT_STATUSES)[number], CommitmentStatus>
>;

// Monitoring visits with checklists (server/src/visits/visits.types.ts).
export type { Answer as VisitAnswer, Checklist, ChecklistList, LatestScores, ScoreBand, VisitDetail, VisitForm, VisitList, VisitPhoto, VisitSummary } from '../../../server/src/visits/visits.types.ts';
export type { VisitCreateInput as VisitCreateBody } from '../../../server/src/visits/visits.schema.ts';
