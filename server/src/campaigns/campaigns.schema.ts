// Request schemas for campaigns: a GeoJSON Feature whose geometry is the area of interest.
import { z } from 'zod';
import { csvEnum, plainText, uuid } from '../http/fields.js';
import { intString } from '../http/validate.js';
import { geometrySchema } from '../geo/geometry.js';
import { CAMPAIGN_STATUSES } from '../annotations/annotations.rules.js';

export const MAX_AREA_VERTICES = 20000;
export const CampaignGeometry = geometrySchema(['Polygon', 'MultiPolygon'] as const, MAX_AREA_VERTICES);

const i18n = (name: string, max: number, min: number) =>
  z.object({
    ky: plainText(`${name}.ky`, max, min).nullable().optional(),
    ru: plainText(`${name}.ru`, max, min).nullable().optional(),
    en: plainText(`${name}.en`, max, min).nullable().optional(),
  }, { error: (iss) => (iss.code === 'invalid_type' ? `${name} must be an object with ky, ru and/or en` : undefined) }).strict();

const title = i18n('title', 200, 1).refine((t) => !!(t.ky || t.ru || t.en), 'title needs at least one language (ky, ru or en)');
const description = i18n('description', 10000, 0);
/** The council the campaign goes to, named in each language it has a name in ("Каракол шаардык кеңеши"). */
const targetCouncil = i18n('targetCouncil', 200, 1).refine((t) => !!(t.ky || t.ru || t.en), 'targetCouncil needs at least one language (ky, ru or en)');
/** The advocate's recommendations to the council (page 3 of the brief), plain text per language. */
const recommendations = i18n('recommendations', 20000, 0);
const status = z.enum(CAMPAIGN_STATUSES, { message: `status must be one of ${CAMPAIGN_STATUSES.join(', ')}` });
const sharedWith = z.array(uuid('sharedWith[]')).max(50, 'share with at most 50 organisations')
  .refine((a) => new Set(a).size === a.length, 'sharedWith lists an organisation twice');

export const CampaignCreate = z.object({
  type: z.literal('Feature', { message: "type must be 'Feature' (a GeoJSON Feature whose geometry is the area of interest)" }),
  geometry: CampaignGeometry,
  properties: z.object({
    title,
    description: description.optional(),
    recommendations: recommendations.optional(),
    targetCouncil,
    status: status.default('draft'),
    sharedWith: sharedWith.default([]),
  }).strict(),
}).strict();
export type CampaignCreateInput = z.output<typeof CampaignCreate>;

export const CampaignPatch = z.object({
  type: z.literal('Feature', { message: "type must be 'Feature'" }).optional(),
  geometry: CampaignGeometry.optional(),
  properties: z.object({
    title: title.optional(),
    description: description.optional(),
    recommendations: recommendations.optional(),
    // A patch may clear one language and keep others; the service refuses one that leaves none.
    targetCouncil: i18n('targetCouncil', 200, 1).optional(),
    status: status.optional(),
    sharedWith: sharedWith.optional(),
  }).strict().optional(),
}).strict().refine((b) => b.geometry !== undefined || (b.properties && Object.keys(b.properties).length > 0), 'send geometry and/or properties to change');
export type CampaignPatchInput = z.output<typeof CampaignPatch>;

export const CampaignQuery = z.object({
  organisation: uuid('organisation').optional().describe('organisation id'),
  status: csvEnum('status', CAMPAIGN_STATUSES).optional(),
  limit: intString('limit', 1, 1000).optional().describe('at most 1000; default 1000'),
  offset: intString('offset', 0, 10_000_000).optional(),
}).strict();

export const CampaignIdParam = z.object({ id: uuid('id') });
