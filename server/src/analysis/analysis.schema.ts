// Request schemas of the gap analysis (query strings for GET, JSON bodies for POST), its limits and
// defaults (its answers' types are in analysis.types.ts). The OpenAPI document is generated from
// these. A validation failure is a value that becomes a 400 problem.
import { z } from 'zod';
import { bboxParam } from '../http/validate.js';
import { geometrySchema } from '../geo/geometry.js';
import { FACILITY_KINDS } from '../layers/facilities.js';

/** Thresholds above 200 km are absurd for a service catchment in Kyrgyzstan (the country is ~900 km wide). */
export const MAX_THRESHOLD_M = 200_000;
export const MAX_TOLERANCE_M = 100;
export const DEFAULT_TOLERANCE_M = 5;
export const DEFAULT_CANAL_DISTANCE_M = 500;
export const MAX_AREA_VERTICES = 20_000;
/** KNN candidates re-ranked by geodesic distance. 4 is ample: ordering errors are < 0.4 % of the distance (analysis.sql.ts). */
export const KNN_CANDIDATES = 4;
/** Kyrgyzstan's extent (as data/scripts/check-demo.ts uses it): lon 69.2–80.3, lat 39.1–43.3. */
export const KG_EXTENT: [number, number, number, number] = [69.2, 39.1, 80.3, 43.3];

export const SERVICES = ['water', 'electricity', 'road'] as const;
export type Service = (typeof SERVICES)[number];

export const KIND_VALUES = FACILITY_KINDS.map((k) => k.value) as [string, ...string[]];
const kindMessage = `kind must be one of ${KIND_VALUES.join(', ')}`;

const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const metres = (name: string, max: number, what = 'm') =>
  z
    .number({ message: `${name} must be a number of metres` })
    .refine((v) => Number.isFinite(v), `${name} must be a finite number`)
    .refine((v) => v > 0, `${name} must be more than 0 ${what}`)
    .refine((v) => v <= max, `${name} must be at most ${max.toLocaleString('en')} m${max >= 1000 ? ` (${max / 1000} km)` : ''}`);
const metresParam = (name: string, max: number) =>
  z.string().regex(NUMBER_RE, `${name} must be a number of metres`).transform(Number).pipe(metres(name, max));

const countParam = (name: string, max: number) =>
  z.string().regex(/^\d{1,9}$/, `${name} must be a whole number from 0 to ${max}`).transform(Number).pipe(z.number().int().max(max, `${name} must be at most ${max}`));
const countField = (name: string, max: number) => z.number({ message: `${name} must be a whole number` }).int(`${name} must be a whole number`).min(0, `${name} must be at least 0`).max(max, `${name} must be at most ${max}`);
const boolParam = (name: string) => z.enum(['true', 'false'], { message: `${name} must be true or false` }).transform((v) => v === 'true');
const kindsCsv = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(z.enum(KIND_VALUES, { message: kindMessage })).min(1).max(KIND_VALUES.length));
const servicesCsv = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(z.enum(SERVICES, { message: `service must be one or more of ${SERVICES.join(', ')}, comma-separated` })).min(1));

// ---- The area: a grant project, a bbox, a campaign, or (POST only) a drawn polygon. ----------------
const projectId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'project must be a project id such as novopokrovka-electricity (see /api/projects)');
const campaignId = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'campaign must be a campaign id (a UUID)').transform((s) => s.toLowerCase());
const bboxArray = z
  .tuple([z.number(), z.number(), z.number(), z.number()], { message: 'bbox must be [minLon, minLat, maxLon, maxLat]' })
  .transform((b, ctx) => {
    const r = bboxParam.safeParse(b.join(','));
    if (!r.success) { ctx.addIssue({ code: 'custom', message: r.error.issues.map((i) => i.message).join('; ') }); return z.NEVER; }
    return r.data;
  });
export const AreaPolygon = geometrySchema(['Polygon', 'MultiPolygon'] as const, MAX_AREA_VERTICES);

const areaQueryShape = {
  project: projectId.optional().describe('The area of a grant project (its bbox in /api/projects)'),
  bbox: bboxParam.optional().describe('minLon,minLat,maxLon,maxLat (WGS84)'),
  campaign: campaignId.optional().describe("A campaign's area of interest (the campaign must be visible to the caller)"),
};
const areaBodyShape = {
  project: projectId.optional(),
  bbox: bboxArray.optional(),
  campaign: campaignId.optional(),
  area: AreaPolygon.optional().describe('A drawn area: GeoJSON Polygon or MultiPolygon (WGS84), valid, not larger than Kyrgyzstan'),
};
const oneArea = (v: { project?: unknown; bbox?: unknown; campaign?: unknown; area?: unknown }) =>
  [v.project, v.bbox, v.campaign, v.area].filter((x) => x !== undefined).length <= 1;
const oneAreaMessage = { message: 'give at most one of project, bbox, campaign and area (none: the whole country)' };

export interface AreaSelector {
  project?: string;
  bbox?: [number, number, number, number];
  campaign?: string;
  area?: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
}

// ---- Coverage ------------------------------------------------------------------------------------
export const CoverageQuery = z
  .object({
    kind: z.enum(KIND_VALUES, { message: kindMessage }).describe('Facility kind'),
    threshold_m: metresParam('threshold_m', MAX_THRESHOLD_M).optional()
      .describe("Distance threshold in metres (0 < t ≤ 200000). Default: each facility's service_radius_m, else its kind's default radius"),
    settlement: z.string().regex(/^\d{1,15}$/, 'settlement must be a settlement id').transform(Number).optional().describe('Only this settlement ("is my village covered?")'),
    geometry: boolParam('geometry').optional().describe('Include the dissolved coverage area as GeoJSON (default true)'),
    limit: countParam('limit', 25_000).optional().describe('Settlements listed (default 1000; totals always cover all)'),
    offset: countParam('offset', 10_000_000).optional(),
    ...areaQueryShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export const CoverageBody = z
  .object({
    kind: z.enum(KIND_VALUES, { message: kindMessage }),
    threshold_m: metres('threshold_m', MAX_THRESHOLD_M).optional(),
    settlement: z.number().int().positive().optional(),
    geometry: z.boolean().optional(),
    limit: countField('limit', 25_000).optional(),
    offset: countField('offset', 10_000_000).optional(),
    ...areaBodyShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export interface CoverageRequest extends AreaSelector {
  kind: string;
  threshold_m?: number;
  settlement?: number;
  geometry?: boolean;
  limit?: number;
  offset?: number;
}

// ---- Unserved settlements --------------------------------------------------------------------------
export const UnservedQuery = z
  .object({
    service: servicesCsv.optional().describe(`One or more of ${SERVICES.join(', ')} (default all)`),
    limit: countParam('limit', 5000).optional().describe('Settlements listed per service (default 200)'),
    offset: countParam('offset', 10_000_000).optional(),
    ...areaQueryShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export const UnservedBody = z
  .object({
    service: z.array(z.enum(SERVICES, { message: `service must be one of ${SERVICES.join(', ')}` })).min(1).optional(),
    limit: countField('limit', 5000).optional(),
    offset: countField('offset', 10_000_000).optional(),
    ...areaBodyShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export interface UnservedRequest extends AreaSelector { service?: Service[]; limit?: number; offset?: number }

// ---- Canal network --------------------------------------------------------------------------------
export const CanalsQuery = z
  .object({
    tolerance_m: metresParam('tolerance_m', MAX_TOLERANCE_M).optional().describe(`Snapping tolerance for connectivity in metres (default ${DEFAULT_TOLERANCE_M}, at most ${MAX_TOLERANCE_M})`),
    settlement_threshold_m: metresParam('settlement_threshold_m', MAX_THRESHOLD_M).optional()
      .describe(`Settlements farther than this from a functioning (good or fair) canal are listed (default ${DEFAULT_CANAL_DISTANCE_M})`),
    connectivity: boolParam('connectivity').optional().describe('Compute components and dangling ends (default true; slow for the whole national network)'),
    limit: countParam('limit', 5000).optional().describe('Rows per list (default 200)'),
    ...areaQueryShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export const CanalsBody = z
  .object({
    tolerance_m: metres('tolerance_m', MAX_TOLERANCE_M).optional(),
    settlement_threshold_m: metres('settlement_threshold_m', MAX_THRESHOLD_M).optional(),
    connectivity: z.boolean().optional(),
    limit: countField('limit', 5000).optional(),
    ...areaBodyShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export interface CanalsRequest extends AreaSelector { tolerance_m?: number; settlement_threshold_m?: number; connectivity?: boolean; limit?: number }

// ---- Figures (campaign / area) -----------------------------------------------------------------------
export const FiguresQuery = z
  .object({
    kinds: kindsCsv.optional().describe('Facility kinds whose coverage is summarised (default: every kind with at least one facility)'),
    tolerance_m: metresParam('tolerance_m', MAX_TOLERANCE_M).optional(),
    settlement_threshold_m: metresParam('settlement_threshold_m', MAX_THRESHOLD_M).optional(),
    connectivity: boolParam('connectivity').optional(),
    ...areaQueryShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export const FiguresBody = z
  .object({
    kinds: z.array(z.enum(KIND_VALUES, { message: kindMessage })).min(1).optional(),
    tolerance_m: metres('tolerance_m', MAX_TOLERANCE_M).optional(),
    settlement_threshold_m: metres('settlement_threshold_m', MAX_THRESHOLD_M).optional(),
    connectivity: z.boolean().optional(),
    ...areaBodyShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export interface FiguresRequest extends AreaSelector { kinds?: string[]; tolerance_m?: number; settlement_threshold_m?: number; connectivity?: boolean }

// ---- What-if ---------------------------------------------------------------------------------------
const PointGeometry = geometrySchema(['Point'] as const, 1);
const LineGeometry = geometrySchema(['LineString'] as const, 2000);
const proposalName = z.string().max(200, 'name must be at most 200 characters').regex(/^[^\u0000-\u001F\u007F]*$/, 'name must not contain control characters');

export const FacilityProposal = z.object({
  type: z.literal('facility'),
  kind: z.enum(KIND_VALUES, { message: kindMessage }),
  geometry: PointGeometry,
  service_radius_m: metres('service_radius_m', MAX_THRESHOLD_M).optional(),
  name: proposalName.optional(),
}).strict();
export const NetworkProposal = z.object({
  type: z.literal('network'),
  service: z.enum(SERVICES, { message: `service must be one of ${SERVICES.join(', ')}` }),
  geometry: LineGeometry,
  voltage_kv: z.number().positive().max(1150).optional(),
  name: proposalName.optional(),
}).strict();
export const CanalRepairProposal = z.object({
  type: z.literal('canal_repair'),
  canal_ids: z.array(z.number().int().positive(), { message: 'canal_ids must be a list of canal ids' }).min(1, 'canal_ids must name at least one canal').max(1000, 'at most 1000 canals per proposal'),
}).strict();

export const WhatIfBody = z
  .object({
    proposal: z.discriminatedUnion('type', [FacilityProposal, NetworkProposal, CanalRepairProposal], {
      error: (iss) => (iss.code === 'invalid_union' ? 'proposal.type must be facility, network or canal_repair' : undefined),
    }),
    threshold_m: metres('threshold_m', MAX_THRESHOLD_M).optional(),
    tolerance_m: metres('tolerance_m', MAX_TOLERANCE_M).optional(),
    settlement_threshold_m: metres('settlement_threshold_m', MAX_THRESHOLD_M).optional(),
    limit: countField('limit', 5000).optional(),
    ...areaBodyShape,
  })
  .strict()
  .refine(oneArea, oneAreaMessage);

export type WhatIfRequest = z.infer<typeof WhatIfBody>;
export type Proposal = WhatIfRequest['proposal'];
export type FacilityProposalBody = z.infer<typeof FacilityProposal>;
export type NetworkProposalBody = z.infer<typeof NetworkProposal>;
export type CanalRepairProposalBody = z.infer<typeof CanalRepairProposal>;

// The answers' types are in analysis.types.ts (they use the request types above, so they import this file).
