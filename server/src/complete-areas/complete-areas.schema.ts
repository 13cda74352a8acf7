// Requests and answers of /api/complete-areas, and the choice an import into a shared layer makes about
// where its data is complete (`completeArea` of the commit body). A complete area says: inside it every
// facility of the kind, every line of the network, is in the dataset; the analyses give no verdict outside.
import { z } from 'zod';
import { geometrySchema } from '../geo/geometry.js';
import { plainText } from '../http/fields.js';
import { intString } from '../http/validate.js';

/** The shared layers whose completeness the analyses ask about (sql/0011 CHECK). */
export const COMPLETE_AREA_LAYERS = ['facilities', 'canals', 'power_lines', 'water_mains', 'roads'] as const;
export type CompleteAreaLayer = (typeof COMPLETE_AREA_LAYERS)[number];
export const isCompleteAreaLayer = (l: string): l is CompleteAreaLayer => (COMPLETE_AREA_LAYERS as readonly string[]).includes(l);

export const MAX_AREA_VERTICES = 20_000;
export const DEFAULT_BUFFER_M = 1000;
export const MAX_BUFFER_M = 50_000;

const layer = (name: string) => z.enum(COMPLETE_AREA_LAYERS, { message: `${name} must be one of ${COMPLETE_AREA_LAYERS.join(', ')}` });
const kind = (name: string) => z.string({ message: `${name} must be a facility kind` }).regex(/^[a-z][a-z0-9_]{0,63}$/, `${name} must be a facility kind such as clinic or school`);
const municipality = (name: string) => plainText(name, 200, 1);
export const AreaGeometry = geometrySchema(['Polygon', 'MultiPolygon'] as const, MAX_AREA_VERTICES);

export const CompleteAreaQuery = z.object({
  layer: layer('layer').optional(),
  kind: kind('kind').optional(),
  dataset: z.string().max(64).optional(),
}).strict();

export const CompleteAreaParams = z.object({ id: intString('id', 1, Number.MAX_SAFE_INTEGER) }).strict();

/** POST /api/complete-areas (admins). */
export const CompleteAreaCreate = z.object({
  dataset_id: z.string({ message: 'dataset_id must be the id of a dataset' }).min(1).max(64),
  layer: layer('layer'),
  /** A facility kind (layer facilities only); absent or null: every kind of the layer. */
  kind: kind('kind').nullable().optional(),
  geometry: AreaGeometry.optional(),
  municipalities: z.array(municipality('municipalities[]')).min(1, 'municipalities needs at least one name').max(1000).optional(),
  note: plainText('note', 2000).optional(),
}).strict()
  .refine((b) => b.geometry !== undefined || b.municipalities !== undefined, { message: 'a complete area needs a geometry, a list of municipalities, or both', path: ['geometry'] })
  .refine((b) => !b.kind || b.layer === 'facilities', { message: 'kind is a facility kind: give it only with layer facilities', path: ['kind'] });
export type CompleteAreaInput = z.output<typeof CompleteAreaCreate>;

/** Facilities: the kinds to declare (default: every kind the import holds). */
const kinds = z.array(kind('completeArea.kinds[]')).min(1).max(100).optional();

/**
 * What an import into a shared layer says about where its data is complete:
 * - extent: the convex hull of the imported features, buffered by bufferM metres (default 1000);
 * - polygon: an area drawn or given;
 * - municipalities: these municipalities (settlements.municipality);
 * - none: complete nowhere (the analyses give no verdict from this data).
 */
export const CompleteAreaChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('extent'), bufferM: z.number({ message: 'completeArea.bufferM must be a number of metres' }).min(0).max(MAX_BUFFER_M, `completeArea.bufferM must be at most ${MAX_BUFFER_M} m`).default(DEFAULT_BUFFER_M), kinds }).strict(),
  z.object({ type: z.literal('polygon'), geometry: AreaGeometry, kinds }).strict(),
  z.object({ type: z.literal('municipalities'), names: z.array(municipality('completeArea.names[]')).min(1, 'completeArea.names needs at least one municipality').max(1000), kinds }).strict(),
  z.object({ type: z.literal('none') }).strict(),
], { message: "completeArea.type must be 'extent', 'polygon', 'municipalities' or 'none'" });
export type CompleteAreaChoiceInput = z.output<typeof CompleteAreaChoice>;

/** POST /api/imports/{id}/commit: an optional body. */
export const CommitBody = z.object({ completeArea: CompleteAreaChoice.optional() }).strict();
export type CommitInput = z.output<typeof CommitBody>;

// ---- answers ----
export interface CompleteAreaProperties {
  id: number;
  dataset_id: string;
  dataset_title: string | null;
  layer: CompleteAreaLayer;
  kind: string | null;
  municipalities: string[] | null;
  note: string | null;
  import_id: string | null;
  created_at: string;
}
export interface CompleteAreaFeature { type: 'Feature'; id: number; geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | null; properties: CompleteAreaProperties }
export interface CompleteAreaCollection { type: 'FeatureCollection'; features: CompleteAreaFeature[] }
