// Request schemas for annotations (GeoJSON Feature in), status changes, reviews, comments and list
// filters. Unknown keys are rejected everywhere.
import { z } from 'zod';
import { LANGS } from '../i18n/pick.js';
import { LAYER_IDS } from '../layers/registry.js';
import { bboxParam, intString } from '../http/validate.js';
import { csvEnum, futureOrPastDate, httpUrl, pastDate, plainText, uuid } from '../http/fields.js';
import { geometrySchema } from '../geo/geometry.js';
import { CATEGORIES, REVIEW_STATUSES, STATUSES } from './annotations.rules.js';

export const MAX_VERTICES = 5000;
export const AnnotationGeometry = geometrySchema(['Point', 'LineString', 'Polygon'] as const, MAX_VERTICES);

const count = (name: string) => z.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must not be negative`).max(100_000_000, `${name} is too large`).nullable();

export const Evidence = z.object({
  url: httpUrl('evidence url'),
  label: plainText('evidence label', 200).optional(),
}).strict();

export const LinkedFeature = z.object({
  layer: z.enum(LAYER_IDS as [string, ...string[]], { message: `layer must be one of ${LAYER_IDS.join(', ')}` }),
  id: z.number({ message: 'id must be a number' }).int('id must be a whole number').min(1, 'id must be positive'),
}).strict();

const fields = {
  title: plainText('title', 200, 1),
  description: plainText('description', 10000),
  lang: z.enum(LANGS, { message: 'lang must be ky, ru or en' }).nullable(),
  category: z.enum(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` }),
  severity: z.number({ message: 'severity must be a number from 1 to 5' }).int('severity must be a whole number from 1 to 5').min(1, 'severity must be from 1 to 5').max(5, 'severity must be from 1 to 5'),
  affectedPeople: count('affectedPeople'),
  affectedHouseholds: count('affectedHouseholds'),
  evidence: z.array(Evidence).max(20, 'at most 20 evidence links'),
  linkedFeatures: z.array(LinkedFeature).max(20, 'at most 20 linked features')
    .refine((a) => new Set(a.map((l) => `${l.layer}/${l.id}`)).size === a.length, 'linkedFeatures lists a feature twice'),
};

export const CreateProperties = z.object({
  campaignId: uuid('campaignId'),
  title: fields.title,
  description: fields.description.default(''),
  lang: fields.lang.optional(),
  category: fields.category,
  severity: fields.severity,
  affectedPeople: fields.affectedPeople.optional(),
  affectedHouseholds: fields.affectedHouseholds.optional(),
  evidence: fields.evidence.default([]),
  linkedFeatures: fields.linkedFeatures.default([]),
}).strict();

export const AnnotationCreate = z.object({
  type: z.literal('Feature', { message: "type must be 'Feature' (a GeoJSON Feature)" }),
  geometry: AnnotationGeometry,
  properties: CreateProperties,
}).strict();
export type AnnotationCreateInput = z.output<typeof AnnotationCreate>;

export const UpdateProperties = z.object({
  title: fields.title.optional(),
  description: fields.description.optional(),
  lang: fields.lang.optional(),
  category: fields.category.optional(),
  severity: fields.severity.optional(),
  affectedPeople: fields.affectedPeople.optional(),
  affectedHouseholds: fields.affectedHouseholds.optional(),
  evidence: fields.evidence.optional(),
  linkedFeatures: fields.linkedFeatures.optional(),
}).strict();

/** PATCH: the parts of the Feature to change (geometry and/or properties); status has its own endpoint. */
export const AnnotationPatch = z.object({
  type: z.literal('Feature', { message: "type must be 'Feature'" }).optional(),
  geometry: AnnotationGeometry.optional(),
  properties: UpdateProperties.optional(),
}).strict().refine((b) => b.geometry !== undefined || (b.properties && Object.keys(b.properties).length > 0), 'send geometry and/or properties to change');
export type AnnotationPatchInput = z.output<typeof AnnotationPatch>;

const note = plainText('note', 2000).optional();

/** POST /api/annotations/{id}/status — one shape per target status. */
export const StatusChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('published'), note }).strict(),
  z.object({
    status: z.literal('submitted'),
    submittedOn: pastDate('submittedOn'),
    reference: plainText('reference', 100, 1),
    council: plainText('council', 200, 1).optional().describe("the body it went to; defaults to the campaign's target council"),
    note,
  }).strict(),
  z.object({
    status: z.literal('response_recorded'),
    responseText: plainText('responseText', 10000, 1),
    responseDate: pastDate('responseDate'),
    documentUrl: httpUrl('documentUrl').optional(),
    note,
  }).strict(),
  z.object({ status: z.literal('planned'), plannedFor: futureOrPastDate('plannedFor').optional(), note }).strict(),
  z.object({ status: z.literal('resolved'), note }).strict(),
  z.object({ status: z.literal('rejected'), reason: plainText('reason', 5000, 1) }).strict(),
  z.object({ status: z.literal('reopened'), reason: plainText('reason', 5000, 1) }).strict(),
], { error: (iss) => (iss.code === 'invalid_union' ? `status must be one of ${STATUSES.filter((s) => s !== 'draft').join(', ')}` : undefined) });
export type StatusChangeInput = z.output<typeof StatusChange>;

export const ReviewChange = z.object({
  reviewStatus: z.enum(REVIEW_STATUSES, { message: `reviewStatus must be one of ${REVIEW_STATUSES.join(', ')}` }),
  note,
}).strict();

export const CommentCreate = z.object({ body: plainText('body', 5000, 1) }).strict();

export const IdParam = z.object({ id: uuid('id') });
export const CommentIdParam = z.object({ id: uuid('id'), commentId: uuid('commentId') });

export const MAX_LIST = 1000;
export const AnnotationQuery = z.object({
  campaign: uuid('campaign').optional().describe('campaign id'),
  category: csvEnum('category', CATEGORIES).optional(),
  status: csvEnum('status', STATUSES).optional(),
  reviewStatus: csvEnum('reviewStatus', REVIEW_STATUSES).optional(),
  severity: csvEnum('severity', ['1', '2', '3', '4', '5'] as const).optional(),
  bbox: bboxParam.optional().describe('minLon,minLat,maxLon,maxLat (WGS84)'),
  limit: intString('limit', 1, MAX_LIST).optional().describe(`at most ${MAX_LIST}; default 200`),
  offset: intString('offset', 0, 10_000_000).optional(),
  deleted: z.enum(['true', 'false'], { message: 'deleted must be true or false' }).optional().describe("true: your organisation's deleted annotations (to restore them)"),
}).strict();
export type AnnotationQueryInput = z.output<typeof AnnotationQuery>;
