// Request schemas of /api/visits/… (sql/0014_monitoring_visits.sql) and the schema of the checklists
// file (data/checklists.json). Unknown keys are refused; every field names itself in its message.
// Cross-row rules (the item codes of the checklist, a feature that exists and is of the checklist's
// kind, a campaign of your organisation, commitments of that campaign, a date not after today at the
// configured clock) are checked by the service, which names the field too.
import { z } from 'zod';
import { futureOrPastDate, plainText, uuid } from '../http/fields.js';
import { intString } from '../http/validate.js';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';
import { ANSWERS } from './visits.score.js';

export { ANSWERS };
export const VISIT_STATUSES = ['draft', 'published'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
/** The layers a checklist may inspect (their features have a name and, for facilities, a kind). */
export const VISIT_LAYERS = ['facilities', 'canals'] as const;
export const MAX_VISIT_PHOTOS = 12;
export const MAX_VISIT_COMMITMENTS = 20;

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as unknown as [T, ...T[]], { message: `${name} must be one of ${values.join(', ')}` });
const code = (name: string) => z.string({ message: `${name} must be a code` }).regex(/^[a-z][a-z0-9_]{0,39}$/, `${name} must be a code of lower-case letters, digits and _ (such as fire_lanes)`);
const projectId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'project must be a project id such as ak-tilek-bazaar');

// ---- the checklists file ----
const Text3 = (max: number) => z.object({ ky: z.string().min(1).max(max), ru: z.string().min(1).max(max), en: z.string().min(1).max(max) }).strict();
export const ChecklistEntry = z.object({
  code: code('code'),
  version: z.number().int().min(1),
  layer: oneOf('layer', VISIT_LAYERS),
  kind: z.string().regex(/^[a-z_]{1,40}$/).nullable(),
  source: z.string().min(1).max(1000),
  title: Text3(200),
  sections: z.array(Text3(200).extend({ code: code('sections[].code') })).min(1),
  items: z.array(Text3(300).extend({ code: code('items[].code'), section: code('items[].section'), weight: z.number().int().min(1).max(10) })).min(1).max(200),
}).strict().superRefine((c, ctx) => {
  const sections = new Set(c.sections.map((s) => s.code));
  const seen = new Set<string>();
  for (const it of c.items) {
    if (seen.has(it.code)) ctx.addIssue({ code: 'custom', message: `${c.code}: item ${it.code} appears twice` });
    seen.add(it.code);
    if (!sections.has(it.section)) ctx.addIssue({ code: 'custom', message: `${c.code}: item ${it.code} names section ${it.section}, which is not among its sections` });
  }
});
export type ChecklistEntryT = z.infer<typeof ChecklistEntry>;
export const ChecklistFile = z.object({ note: z.string(), checklists: z.array(ChecklistEntry).min(1) }).strict()
  .refine((f) => new Set(f.checklists.map((c) => c.code)).size === f.checklists.length, 'each checklist code appears once (raise its version instead of adding a second entry)');

// ---- requests ----
export const VisitParams = z.object({ id: uuid('id') }).strict();
export const PhotoParams = z.object({ id: uuid('id'), photoId: uuid('photo id') }).strict();
export const PhotoGetQuery = z.object({ size: z.enum(['full', 'thumb'], { message: 'size must be full or thumb' }).optional() }).strict();
export const PhotoUploadQuery = z.object({
  item: code('item').optional(),
  caption: plainText('caption', 200).optional(),
  keepLocation: z.enum(['true', 'false'], { message: 'keepLocation must be true or false' }).optional(),
}).strict();

/** Which visits: of a campaign or a demo project, of one feature; none: all the reader may see. */
export const VisitListQuery = z.object({
  campaign: uuid('campaign').optional(),
  project: projectId.optional(),
  layer: oneOf('layer', VISIT_LAYERS).optional(),
  feature: intString('feature', 1, Number.MAX_SAFE_INTEGER).optional(),
}).strict().refine((q) => (q.layer === undefined) === (q.feature === undefined), 'layer and feature go together (the feature of that layer)');
export type VisitListQueryT = z.infer<typeof VisitListQuery>;

export const LatestQuery = z.object({ campaign: uuid('campaign').optional(), project: projectId.optional() }).strict();
export const ChangesQuery = z.object({ campaign: uuid('campaign') }).strict();

/** What a form needs for one feature: its checklists, the campaigns you may record in, their commitments. */
export const FormQuery = z.object({ layer: oneOf('layer', VISIT_LAYERS), feature: intString('feature', 1, Number.MAX_SAFE_INTEGER) }).strict();

export const AnswerInput = z.object({
  item: code('answers[].item'),
  answer: oneOf('answers[].answer', ANSWERS),
  note: plainText('answers[].note', 1000).optional(),
}).strict();

export const VisitCreate = z.object({
  campaignId: uuid('campaignId'),
  layer: oneOf('layer', VISIT_LAYERS),
  featureId: z.number({ message: 'featureId must be a feature id (a number)' }).int('featureId must be a whole number').positive('featureId must be a feature id'),
  checklist: code('checklist'),
  visitedOn: futureOrPastDate('visitedOn'),
  answers: z.array(AnswerInput).min(1, 'answers: answer every item of the checklist (n/a where it does not apply)').max(200),
  note: plainText('note', 5000).optional(),
  lang: z.enum(['ky', 'ru', 'en'], { message: 'lang must be ky, ru or en' }).nullable().optional(),
  status: oneOf('status', VISIT_STATUSES).optional(),
  commitmentIds: z.array(uuid('commitmentIds[]')).max(MAX_VISIT_COMMITMENTS, `at most ${MAX_VISIT_COMMITMENTS} commitments`)
    .refine((a) => new Set(a).size === a.length, 'commitmentIds lists a commitment twice').optional(),
  source: plainText('source', 1000).nullable().optional(),
  sourceDate: futureOrPastDate('sourceDate').nullable().optional(),
  licence: plainText('licence', 200).nullable().optional(),
  provenance: oneOf('provenance', PROVENANCE_CLASSES).optional(),
}).strict().superRefine((v, ctx) => {
  const items = v.answers.map((a) => a.item);
  const dup = items.find((x, i) => items.indexOf(x) !== i);
  if (dup) ctx.addIssue({ code: 'custom', path: ['answers'], message: `answers: item ${dup} is answered twice` });
});
export type VisitCreateInput = z.infer<typeof VisitCreate>;

/** A visit is not rewritten: only its status (publish, or back to draft) and its linked commitments change. */
export const VisitPatch = z.object({
  status: oneOf('status', VISIT_STATUSES).optional(),
  commitmentIds: VisitCreate.shape.commitmentIds,
}).strict().refine((p) => p.status !== undefined || p.commitmentIds !== undefined, 'send status and/or commitmentIds');
export type VisitPatchInput = z.infer<typeof VisitPatch>;
