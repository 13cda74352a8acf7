// Request schemas and answer shapes of the import API (/api/imports) and of organisation layers
// (/api/organisation-layers). An import goes: upload (detection) → mapping (staged, validated, a
// report per feature) → commit (one transaction) → later, perhaps, undo. Unknown keys are refused.
import { ORG_LAYER_ID } from '../layers/organisation.js';
import { z } from 'zod';
import { LANGS } from '../i18n/pick.js';
import { LAYER_IDS } from '../layers/registry.js';
import { intString } from '../http/validate.js';
import { plainText, uuid } from '../http/fields.js';
import type { Detection } from './formats/types.js';

export const PROVENANCE_CLASSES = ['real', 'derived', 'placeholder', 'illustrative'] as const;
export const ENCODINGS = ['utf-8', 'windows-1251', 'cp866'] as const;
export const SYMBOLS = ['circle', 'square', 'triangle', 'diamond'] as const;
export const IMPORT_STATUSES = ['detected', 'mapped', 'committing', 'committed', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const ISSUE_KINDS = ['unreadable', 'no-geometry', 'invalid-geometry', 'outside-region', 'wrong-geometry-type', 'duplicate-ref', 'missing-value', 'bad-value'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

const colour = (name: string) => z.string({ message: `${name} must be a colour like #1f6fb4` }).regex(/^#[0-9a-fA-F]{6}$/, `${name} must be a colour like #1f6fb4`);
const i18nText = (name: string, max: number, min = 0) =>
  z.object(Object.fromEntries(LANGS.map((l) => [l, plainText(`${name}.${l}`, max, 0)])) as Record<(typeof LANGS)[number], ReturnType<typeof plainText>>)
    .partial().strict()
    .refine((o) => min === 0 || Object.values(o).some((v) => typeof v === 'string' && v.trim().length > 0), `${name} needs at least one of ky, ru, en`);

/** POST /api/imports?filename=… (raw body) — or multipart with the file in the field `file`. */
export const UploadQuery = z.object({
  filename: z.string().min(1).max(255).regex(/^[^/\\\u0000-\u001f]+$/, 'filename must be a plain file name (no folders)').optional(),
}).strict();

export const ImportParams = z.object({ id: uuid('id') }).strict();
export const PreviewQuery = z.object({
  limit: intString('limit', 1, 1000).optional(),
  offset: intString('offset', 0, 10_000_000).optional(),
  layer: z.string().max(255).optional(),
  encoding: z.enum(ENCODINGS, { message: `encoding must be one of ${ENCODINGS.join(', ')}` }).optional(),
  srs: z.string().regex(/^EPSG:\d{4,6}$/, 'srs must be an EPSG code such as EPSG:28413').optional(),
}).strict();
export const SuggestQuery = z.object({
  target: z.enum(LAYER_IDS as [string, ...string[]], { message: `target must be one of ${LAYER_IDS.join(', ')}` }),
}).strict();

export const Provenance = z.object({
  source: plainText('provenance.source', 500, 1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'provenance.date must be a date YYYY-MM-DD'),
  licence: plainText('provenance.licence', 200, 1),
  provenance: z.enum(PROVENANCE_CLASSES, { message: `provenance.provenance must be one of ${PROVENANCE_CLASSES.join(', ')}` }),
}).strict();

/** A target attribute filled from a source column (enum values mapped) or a constant. */
export const FieldMapping = z.union([
  z.object({ source: z.string().min(1).max(255), values: z.record(z.string().max(500), z.string().max(200)).optional() }).strict(),
  z.object({ constant: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]) }).strict(),
]);

export const OrganisationTarget = z.object({
  kind: z.literal('organisation'),
  title: i18nText('target.title', 200, 1),
  description: i18nText('target.description', 2000).optional(),
  /** Shared with the organisations this campaign is shared with (as annotations are). */
  campaignId: uuid('target.campaignId').nullable().optional(),
  style: z.object({
    color: colour('target.style.color'),
    symbol: z.enum(SYMBOLS, { message: `target.style.symbol must be one of ${SYMBOLS.join(', ')}` }).default('circle'),
    /** Colour the features by this source column, one colour per value (others: `color`). */
    categoryAttribute: z.string().min(1).max(255).optional(),
    categoryColors: z.record(z.string().max(500), colour('target.style.categoryColors')).optional(),
  }).strict(),
  /** Source columns left out (all are kept by default). */
  exclude: z.array(z.string().max(255)).max(1000).default([]),
}).strict();

export const LayerTarget = z.object({
  kind: z.literal('layer'),
  layer: z.enum(LAYER_IDS as [string, ...string[]], { message: `target.layer must be one of ${LAYER_IDS.join(', ')}` }),
  mode: z.enum(['append', 'replace'], { message: "target.mode must be 'append' or 'replace'" }),
  /** The dataset the rows belong to; 'replace' replaces this dataset's rows. New ids create the dataset. */
  dataset: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'target.dataset must be 2–64 lower-case letters, digits, - or _'),
}).strict();

export const MappingBody = z.object({
  layer: z.string().max(255).optional(),
  encoding: z.enum(ENCODINGS, { message: `encoding must be one of ${ENCODINGS.join(', ')}` }).optional(),
  srs: z.string().regex(/^EPSG:\d{4,6}$/, 'srs must be an EPSG code such as EPSG:28413').optional(),
  target: z.discriminatedUnion('kind', [OrganisationTarget, LayerTarget], { message: "target.kind must be 'organisation' or 'layer'" }),
  /** Target attribute → source column or constant (layer targets). */
  fields: z.record(z.string().max(100), FieldMapping).default({}),
  provenance: Provenance,
  /** Repair invalid geometries with ST_MakeValid (the report shows what was repaired). */
  repair: z.boolean().default(false),
  /** Leave out the features with problems and store the rest (otherwise any problem stops the commit). */
  skipInvalid: z.boolean().default(false),
}).strict();
export type MappingInput = z.output<typeof MappingBody>;

export const ListQuery = z.object({
  limit: intString('limit', 1, 200).optional(),
}).strict();

export const OrgLayerParams = z.object({ id: z.string().regex(ORG_LAYER_ID, 'id must be an organisation layer id such as org-1a2b3c4d') }).strict();
export const OrgLayerPatch = z.object({
  status: z.enum(['draft', 'published'], { message: "status must be 'draft' or 'published'" }).optional(),
  title: i18nText('title', 200, 1).optional(),
  description: i18nText('description', 2000).optional(),
  style: OrganisationTarget.shape.style.optional(),
}).strict();

// ---- answers ----
export interface ValidationIssue { index: number; kind: IssueKind; detail: string }
export interface ValidationReport {
  total: number;
  /** Features that will be stored (valid, or repaired when `repair` is on). */
  ready: number;
  repaired: number;
  /** Features that block the commit. */
  blocking: number;
  issues: ValidationIssue[];
  /** More issues than listed (the list stops at 1000). */
  issuesTruncated: boolean;
  geometryTypes: string[];
  extent: [number, number, number, number] | null;
  /** Organisation layers: the columns that will be kept, with the type their values fit. */
  columns?: { name: string; type: 'text' | 'integer' | 'number' | 'boolean' | 'date'; source: string }[];
}
export interface ImportResult {
  layer: string; inserted: number; replaced: number;
  /** When the commit said where the data is complete: its choice and how many areas it declared (one per facility kind). */
  completeArea?: { type: 'extent' | 'polygon' | 'municipalities' | 'none'; declared: number };
}
export interface ImportView {
  id: string;
  status: ImportStatus;
  filename: string;
  size: number;
  sha256: string;
  detection: Detection;
  mapping: MappingInput | null;
  report: ValidationReport | null;
  result: ImportResult | null;
  error: string | null;
  /** While committing: features written so far of the total. */
  progress: { done: number; total: number } | null;
  createdBy: string;
  organisation: string | null;
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
}
export interface FieldSuggestion { attribute: string; source: string | null; values?: Record<string, string> }
