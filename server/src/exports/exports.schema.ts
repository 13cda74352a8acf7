// Request schemas of the map and brief exports (query strings for GET; JSON bodies for POST are
// turned into the same strings and checked by the same schemas). A failure becomes a 400 problem
// that names the field and says what to send instead.
import { ORG_LAYER_ID } from '../layers/organisation.js';
import { z } from 'zod';
import { bboxParam } from '../http/validate.js';
import { LANGS } from '../i18n/pick.js';
import { LAYER_IDS } from '../layers/registry.js';

export const FORMATS = ['pdf', 'png', 'svg'] as const;
export type Format = (typeof FORMATS)[number];
export const PAPERS = ['a4', 'a3'] as const;
export const ORIENTATIONS = ['portrait', 'landscape'] as const;
/** Kyrgyzstan with a margin (neighbouring valleys): an export is about this country. */
export const EXPORT_LIMITS = { minLon: 67, minLat: 37, maxLon: 82, maxLat: 45 } as const;
/** Long enough for any real title; longer text is truncated on the page (two lines and "…"). */
export const MAX_TEXT = 10_000;
export const MAX_RECOMMENDATIONS = 50_000;

const campaign = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'campaign must be a campaign id (a UUID, see GET /api/campaigns)').transform((s) => s.toLowerCase());
const bbox = bboxParam.refine(
  (b) => b[0] >= EXPORT_LIMITS.minLon && b[2] <= EXPORT_LIMITS.maxLon && b[1] >= EXPORT_LIMITS.minLat && b[3] <= EXPORT_LIMITS.maxLat,
  `bbox must lie within Kyrgyzstan (lon ${EXPORT_LIMITS.minLon}–${EXPORT_LIMITS.maxLon}, lat ${EXPORT_LIMITS.minLat}–${EXPORT_LIMITS.maxLat}); order: minLon,minLat,maxLon,maxLat`,
).refine((b) => b[0] < b[2] && b[1] < b[3], 'bbox has no area (minLon = maxLon or minLat = maxLat)');
const text = (name: string, max: number) => z.string().max(max, `${name} must be at most ${max.toLocaleString('en')} characters`);
const LAYERS_MESSAGE = `layers must be a comma-separated list of layer ids: ${LAYER_IDS.join(', ')} or organisation layers (org-xxxxxxxx)`;
const layerId = z.string().refine((s) => (LAYER_IDS as readonly string[]).includes(s) || ORG_LAYER_ID.test(s), LAYERS_MESSAGE);
const layers = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(layerId).max(LAYER_IDS.length * 2 + 20));
const flag = (name: string) => z.enum(['0', '1'], { message: `${name} must be 0 or 1` }).transform((v) => v === '1');

const common = {
  paper: z.enum(PAPERS, { message: 'paper must be a4 or a3' }).default('a4').describe('Paper size'),
  orientation: z.enum(ORIENTATIONS, { message: 'orientation must be portrait or landscape' }).default('landscape'),
  lang: z.enum(LANGS, { message: 'lang must be ky, ru or en' }).default('en').describe('Language of the printed page'),
  title: text('title', MAX_TEXT).optional().describe("Default: the campaign's title, or \"Infrastructure map\""),
  subtitle: text('subtitle', MAX_TEXT).optional(),
  layers: layers.optional().describe("Comma-separated layer ids. Default: the campaign's project layers, or all"),
  annotations: flag('annotations').default(true).describe('Draw annotations with numbered markers (1, default) or not (0)'),
  inline: flag('inline').default(false).describe('1: Content-Disposition inline (for a preview <img>), else attachment'),
};

export const MapQuery = z.object({
  ...common,
  campaign: campaign.optional().describe('A campaign (its area and annotations); give campaign or bbox'),
  bbox: bbox.optional().describe('minLon,minLat,maxLon,maxLat within Kyrgyzstan; give campaign or bbox'),
  dpi: z.enum(['150', '300'], { message: 'dpi must be 150 or 300' }).default('150').transform(Number).describe('PNG only'),
}).refine((q) => (q.campaign === undefined) !== (q.bbox === undefined), { message: 'give exactly one of campaign (a campaign id) and bbox (minLon,minLat,maxLon,maxLat)', path: ['campaign'] });
export type MapRequest = z.infer<typeof MapQuery>;

export const BriefQuery = z.object({
  ...common,
  campaign: campaign.describe('The campaign the brief is about'),
  recommendations: text('recommendations', MAX_RECOMMENDATIONS).optional().describe("Overrides the campaign's recommendations text"),
});
export type BriefRequest = z.infer<typeof BriefQuery>;

/** GET /api/exports/brief.png: one page of the brief as an image. */
export const BriefPngQuery = BriefQuery.extend({
  page: z.string().regex(/^\d{1,3}$/, 'page must be a page number (1 = the map)').transform(Number).pipe(z.number().int().min(1, 'page must be at least 1')).default(1).describe('Which page (1 = the map)'),
  dpi: z.enum(['150', '300'], { message: 'dpi must be 150 or 300' }).default('150').transform(Number),
});

export const FormatParam = z.object({ format: z.enum(FORMATS, { message: 'the format must be pdf, png or svg (map.pdf, map.png, map.svg)' }) });

/** A JSON body as the strings a query would carry (arrays comma-joined, booleans 1/0); unknown or nested fields are rejected by the schema. */
export function bodyAsQuery(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { __body: 'not an object' };
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k,
    Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'number' ? String(v) : v]));
}
