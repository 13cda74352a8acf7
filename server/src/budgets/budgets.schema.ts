// Request schemas of /api/budgets/… (sql/0012_budgets.sql): budget documents, their lines, the
// allocations of lines to settlements, contributions per settlement, links to gaps, and the analysis
// and what-if queries. Unknown keys are refused; every field names itself in its message.
import { z } from 'zod';
import { intString } from '../http/validate.js';
import { plainText, uuid } from '../http/fields.js';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';

export const PHASES = ['proposed', 'approved', 'revised', 'executed'] as const;
export type Phase = (typeof PHASES)[number];
/** The phases that state the plan, latest first: a revised budget replaces the approved one. */
export const PLAN_PHASES: readonly Phase[] = ['revised', 'approved', 'proposed'];
export const DIRECTIONS = ['revenue', 'expenditure'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const FUNDING_SOURCES = ['own_revenue', 'equalisation_grant', 'categorical_grant', 'local_contributions', 'donor'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const NATURES = ['capital', 'current'] as const;
export type Nature = (typeof NATURES)[number];
export const SECTORS = ['drinking_water', 'irrigation', 'electricity', 'roads', 'health', 'education', 'markets', 'other'] as const;
export type Sector = (typeof SECTORS)[number];
export const ALLOCATION_METHODS = ['project_site', 'by_population', 'explicit'] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];
export const LEVIES = ['land_tax', 'property_tax', 'income_tax', 'patent', 'local_fees', 'voluntary', 'other'] as const;
export type Levy = (typeof LEVIES)[number];
export const CODE_SCHEMES = ['functional', 'economic', 'administrative'] as const;
export type CodeScheme = (typeof CODE_SCHEMES)[number];
export const MUNICIPALITY_KINDS = ['ayil_okmotu', 'city'] as const;
export const DOCUMENT_STATUSES = ['draft', 'published'] as const;
/** The measures a village can be coloured by on the budget map (and sorted by in the table). */
export const MEASURES = ['spending', 'spending_per_resident', 'spending_per_unserved', 'contributions', 'share_gap', 'execution'] as const;
export type Measure = (typeof MEASURES)[number];
/** Below this execution (executed ÷ planned) a line is flagged as underspent, unless the request says otherwise. */
export const UNDERSPENT_BELOW = 0.8;

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as unknown as [T, ...T[]], { message: `${name} must be one of ${values.join(', ')}` });
/** An amount in KGS as JSON: a number ≥ 0 with at most 2 decimals (tiyin). */
export const kgs = (name: string) => z.number({ message: `${name} must be a number of som (KGS)` })
  .finite(`${name} must be a finite number`).min(0, `${name} must not be negative`).max(1e12, `${name} is larger than any local budget (at most 1 000 000 000 000 KGS)`)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${name} has more than 2 decimals (tiyin)`);
const code = (name: string) => z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/, `${name} must be a budget classification code such as 0620 or 2.2.1 (letters, digits, '.', '-', at most 20)`);
const year = (name: string) => z.number({ message: `${name} must be a year` }).int(`${name} must be a whole year`).min(1991, `${name} must be 1991 or later`).max(2100, `${name} must be 2100 or earlier`);
const settlementId = (name: string) => z.number({ message: `${name} must be a settlement id (a number)` }).int().positive(`${name} must be a settlement id`);

export const BudgetParams = z.object({ id: uuid('id') }).strict();
export const LineParams = z.object({ id: uuid('id'), lineId: intString('lineId', 1, Number.MAX_SAFE_INTEGER) }).strict();

export const BudgetListQuery = z.object({
  municipality: z.string().min(1).max(200).optional(),
  year: intString('year', 1991, 2100).optional(),
  campaign: uuid('campaign').optional(),
  /** A demo campaign's project id (projects.json), e.g. nookat-budgets. */
  project: z.string().regex(/^[a-z0-9-]{1,64}$/, 'project must be a project id such as nookat-budgets').optional(),
}).strict();

export const DocumentCreate = z.object({
  municipality: plainText('municipality', 200, 1),
  municipality_kind: oneOf('municipality_kind', ['ayil_okmotu', 'city'] as const),
  fiscal_year: year('fiscal_year'),
  phase: oneOf('phase', PHASES),
  title: plainText('title', 300).nullable().optional(),
  campaign_id: uuid('campaign_id').nullable().optional(),
  source: plainText('source', 1000, 1),
  source_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'source_date must be a date YYYY-MM-DD').nullable().optional(),
  licence: plainText('licence', 200, 1),
  provenance: oneOf('provenance', PROVENANCE_CLASSES),
  notes: plainText('notes', 5000).nullable().optional(),
}).strict();
export type DocumentCreateInput = z.infer<typeof DocumentCreate>;

export const DocumentPatch = DocumentCreate.partial().extend({
  status: oneOf('status', DOCUMENT_STATUSES).optional(),
}).strict();
export type DocumentPatchInput = z.infer<typeof DocumentPatch>;

export const LineInput = z.object({
  line_key: plainText('line_key', 120, 1).optional(),
  direction: oneOf('direction', DIRECTIONS),
  functional_code: code('functional_code').nullable().optional(),
  economic_code: code('economic_code').nullable().optional(),
  administrative_code: code('administrative_code').nullable().optional(),
  description: plainText('description', 500, 1),
  funding_source: oneOf('funding_source', FUNDING_SOURCES),
  nature: oneOf('nature', NATURES),
  sector: oneOf('sector', SECTORS),
  amount: kgs('amount'),
  source_ref: plainText('source_ref', 200).nullable().optional(),
  notes: plainText('notes', 2000).nullable().optional(),
}).strict();
export type LineInputT = z.infer<typeof LineInput>;
export const LinePatch = LineInput.partial().strict();

export const AllocationInput = z.object({
  settlement_id: settlementId('settlement_id'),
  method: oneOf('method', ALLOCATION_METHODS),
  amount: kgs('amount').nullable().optional(),
  share: z.number({ message: 'share must be a number between 0 and 1' }).gt(0, 'share must be more than 0').max(1, 'share must be at most 1').nullable().optional(),
  evidence: plainText('evidence', 2000).nullable().optional(),
}).strict().superRefine((a, ctx) => {
  const n = (a.amount != null ? 1 : 0) + (a.share != null ? 1 : 0);
  if (a.method === 'by_population' && n > 0) ctx.addIssue({ code: 'custom', message: "method 'by_population' takes neither amount nor share: the line is split among its settlements by their population" });
  if (a.method !== 'by_population' && n !== 1) ctx.addIssue({ code: 'custom', message: `method '${a.method}' needs exactly one of amount (KGS) or share (0–1)` });
});
export type AllocationInputT = z.infer<typeof AllocationInput>;
/** PUT …/lines/{lineId}/allocations: the line's whole set of allocations (an empty list removes them). */
export const AllocationsPut = z.object({ allocations: z.array(AllocationInput).max(500) }).strict();

export const ContributionInput = z.object({
  settlement_id: settlementId('settlement_id'),
  levy: oneOf('levy', LEVIES),
  year: year('year'),
  amount: kgs('amount'),
  evidence: plainText('evidence', 2000).nullable().optional(),
}).strict();
export type ContributionInputT = z.infer<typeof ContributionInput>;
/** PUT /api/budgets/{id}/contributions: the document's whole set of contributions. */
export const ContributionsPut = z.object({ contributions: z.array(ContributionInput).max(5000) }).strict();

export const LinkInput = z.union([
  z.object({ annotation_id: uuid('annotation_id') }).strict(),
  z.object({ layer: z.string().regex(/^[a-z_]{1,40}$/, 'layer must be a layer id such as canals'), feature_id: z.number().int().positive('feature_id must be a feature id') }).strict(),
], { message: 'a link is {annotation_id} or {layer, feature_id}' });
export type LinkInputT = z.infer<typeof LinkInput>;

export const AnalysisQuery = z.object({
  /** Below this execution share a line is flagged as underspent (default 0.8). */
  underspent: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'underspent must be a share between 0 and 1, e.g. 0.8').transform(Number).optional(),
  lang: z.enum(['ky', 'ru', 'en'], { message: 'lang must be ky, ru or en' }).optional(),
}).strict();

export const WhatIfBody = z.object({
  amount: kgs('amount').refine((n) => n > 0, 'amount must be more than 0'),
  /** The sector whose people without the service count as "unserved" (default: every sector of the document's capital lines). */
  sector: oneOf('sector', SECTORS).optional(),
  weights: z.object({
    population: z.number().min(0, 'weights.population must not be negative').max(100).default(0),
    unserved: z.number().min(0, 'weights.unserved must not be negative').max(100).default(0),
    contributions: z.number().min(0, 'weights.contributions must not be negative').max(100).default(0),
  }).strict().refine((w) => w.population + w.unserved + w.contributions > 0, 'weights: give at least one weight more than 0'),
}).strict();
export type WhatIfInput = z.infer<typeof WhatIfBody>;

export const TableQuery = z.object({
  format: z.enum(['csv', 'xlsx'], { message: 'format must be csv or xlsx' }),
  lang: z.enum(['ky', 'ru', 'en'], { message: 'lang must be ky, ru or en' }).optional(),
}).strict();
