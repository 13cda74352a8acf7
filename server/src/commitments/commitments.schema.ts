// Request schemas of /api/decisions/…, /api/commitments/… and /api/progress-updates/…
// (sql/0013_commitments.sql). Unknown keys are refused; every field names itself in its message.
// Cross-row rules (a due date after the decision, a budget line of the campaign's organisation, links
// to features that exist) are checked by the service, which names the field too.
import { z } from 'zod';
import { futureOrPastDate, httpUrl, plainText, uuid } from '../http/fields.js';
import { geometrySchema } from '../geo/geometry.js';
import { LinkedFeature } from '../annotations/annotations.schema.js';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';
import { COMMITMENT_STATUSES } from './commitments.rules.js';

export const DECISION_KINDS = ['council_resolution', 'adopted_policy', 'action_plan'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_STATUSES = ['draft', 'published'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
/** Units of an indicator; their ky/ru/en names are in the message files (commitments.units.*). */
export const UNITS = ['km', 'm', 'count', 'percent', 'households', 'people', 'kgs', 'm3_per_day', 'kw'] as const;
export type Unit = (typeof UNITS)[number];
export const UPDATE_SOURCES = ['monitor', 'official'] as const;
export type UpdateSource = (typeof UPDATE_SOURCES)[number];
export const VERDICTS = ['confirmed', 'disputed'] as const;
export type Verdict = (typeof VERDICTS)[number];
export { COMMITMENT_STATUSES };

export const MAX_COMMITMENTS = 200;
export const MAX_DOCUMENTS = 10;
export const MAX_LINKS = 50;
/** Most photos on one progress update. */
export const MAX_UPDATE_PHOTOS = 6;

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as unknown as [T, ...T[]], { message: `${name} must be one of ${values.join(', ')}` });
const date = (name: string) => futureOrPastDate(name);
const quantity = (name: string) => z.number({ message: `${name} must be a number` })
  .finite(`${name} must be a finite number`).gt(-1e11, `${name} is too small`).lt(1e11, `${name} is too large`)
  .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, `${name} has more than 3 decimals`);
const text3 = (name: string, max: number) => ({
  ky: plainText(`${name}.ky`, max, 1).nullable().optional(),
  ru: plainText(`${name}.ru`, max, 1).nullable().optional(),
  en: plainText(`${name}.en`, max, 1).nullable().optional(),
});
/** A text in ky/ru/en, at least one of them given. */
const i18nText = (name: string, max: number) => z.object(text3(name, max), { message: `${name} must be an object {ky, ru, en}` }).strict()
  .refine((t) => !!(t.ky || t.ru || t.en), `${name} needs at least one of ky, ru, en`);
/** A text in ky/ru/en, each optional (a summary may be in one language only, or none). */
const i18nOptional = (name: string, max: number) => z.object({
  ky: plainText(`${name}.ky`, max).nullable().optional(),
  ru: plainText(`${name}.ru`, max).nullable().optional(),
  en: plainText(`${name}.en`, max).nullable().optional(),
}, { message: `${name} must be an object {ky, ru, en}` }).strict();

export const CommitmentGeometry = geometrySchema(['Point', 'LineString', 'Polygon'] as const, 5000);

export const Document = z.object({ url: httpUrl('documents[].url'), label: plainText('documents[].label', 200).optional() }).strict();

export const CommitmentLinks = z.object({
  annotations: z.array(uuid('links.annotations[]')).max(MAX_LINKS, `at most ${MAX_LINKS} linked annotations`)
    .refine((a) => new Set(a).size === a.length, 'links.annotations lists an annotation twice').optional(),
  features: z.array(LinkedFeature).max(MAX_LINKS, `at most ${MAX_LINKS} linked features`)
    .refine((a) => new Set(a.map((l) => `${l.layer}/${l.id}`)).size === a.length, 'links.features lists a feature twice').optional(),
}).strict();

const commitmentFields = {
  title: i18nText('title', 300),
  responsible: i18nText('responsible', 200),
  startOn: date('startOn').nullable().optional(),
  dueOn: date('dueOn'),
  indicator: i18nText('indicator', 200),
  unit: oneOf('unit', UNITS),
  baseline: quantity('baseline'),
  target: quantity('target'),
  budgetLineId: z.number({ message: 'budgetLineId must be a budget line id (a number)' }).int().positive('budgetLineId must be a budget line id').nullable().optional(),
  budgetAmount: z.number({ message: 'budgetAmount must be a number of som (KGS)' }).finite().min(0, 'budgetAmount must not be negative').max(1e12, 'budgetAmount is larger than any local budget').nullable().optional(),
  geometry: CommitmentGeometry.nullable().optional(),
  links: CommitmentLinks.optional(),
  position: z.number().int().min(0).max(10000).optional(),
};

const baselineTarget = (c: { baseline?: number; target?: number }, ctx: z.RefinementCtx) => {
  if (c.baseline !== undefined && c.target !== undefined && c.baseline === c.target) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'target must differ from baseline: an indicator that starts at its target measures no progress' });
  }
};
const startDue = (c: { startOn?: string | null; dueOn?: string }, ctx: z.RefinementCtx) => {
  if (c.startOn && c.dueOn && c.startOn >= c.dueOn) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'dueOn must be after startOn' });
};

export const CommitmentInput = z.object(commitmentFields).strict().superRefine(baselineTarget).superRefine(startDue);
export type CommitmentInputT = z.output<typeof CommitmentInput>;
/** PATCH: any field; baseline/target and startOn/dueOn are checked again against the stored ones by the service. */
export const CommitmentPatch = z.object(commitmentFields).partial().strict().superRefine(baselineTarget).superRefine(startDue);
export type CommitmentPatchT = z.output<typeof CommitmentPatch>;

const decisionFields = {
  campaignId: uuid('campaignId'),
  kind: oneOf('kind', DECISION_KINDS),
  body: i18nText('body', 200),
  decidedOn: date('decidedOn'),
  number: plainText('number', 100, 1).nullable().optional(),
  documentUrl: httpUrl('documentUrl').nullable().optional(),
  title: i18nText('title', 300),
  summary: i18nOptional('summary', 5000).optional(),
  source: plainText('source', 1000).nullable().optional(),
  licence: plainText('licence', 200).nullable().optional(),
  provenance: oneOf('provenance', PROVENANCE_CLASSES).optional(),
};

export const DecisionCreate = z.object({
  ...decisionFields,
  status: oneOf('status', DECISION_STATUSES).optional(),
  commitments: z.array(CommitmentInput).max(MAX_COMMITMENTS, `at most ${MAX_COMMITMENTS} commitments in one decision`).optional(),
}).strict();
export type DecisionCreateT = z.output<typeof DecisionCreate>;

export const DecisionPatch = z.object({ ...decisionFields, status: oneOf('status', DECISION_STATUSES) }).omit({ campaignId: true }).partial().strict();
export type DecisionPatchT = z.output<typeof DecisionPatch>;

export const UpdateCreate = z.object({
  reportedOn: date('reportedOn'),
  value: quantity('value').nullable().optional(),
  abandoned: z.boolean({ message: 'abandoned must be true or false' }).optional(),
  body: plainText('body', 5000).optional(),
  lang: z.enum(['ky', 'ru', 'en'], { message: 'lang must be ky, ru or en' }).nullable().optional(),
  source: oneOf('source', UPDATE_SOURCES).optional(),
  documents: z.array(Document).max(MAX_DOCUMENTS, `at most ${MAX_DOCUMENTS} document links`).optional(),
}).strict().refine((u) => u.value != null || u.abandoned || (u.body ?? '').trim().length > 0,
  'a progress update needs a value, a text, or abandoned: true');
export type UpdateCreateT = z.output<typeof UpdateCreate>;

export const VerificationPut = z.object({
  verdict: oneOf('verdict', VERDICTS),
  note: plainText('note', 2000).optional(),
}).strict();
export type VerificationPutT = z.output<typeof VerificationPut>;

export const IdParams = z.object({ id: uuid('id') }).strict();
export const PhotoParams = z.object({ id: uuid('id'), photoId: uuid('photoId') }).strict();

/** ?as_of=YYYY-MM-DD: the status as it was (or will be) on that day; today by default. */
export const AsOfQuery = z.object({
  as_of: date('as_of').optional(),
  lang: z.enum(['ky', 'ru', 'en'], { message: 'lang must be ky, ru or en' }).optional(),
}).strict();

export const DecisionListQuery = z.object({
  campaign: uuid('campaign').optional(),
  /** A demo campaign's project id (projects.json), e.g. karakol-irrigation. */
  project: z.string().regex(/^[a-z0-9-]{1,64}$/, 'project must be a project id such as karakol-irrigation').optional(),
  as_of: date('as_of').optional(),
}).strict();
