// The shape of a grant project in data/demo/projects.json (checked at start-up).
import { z } from 'zod';
import { LAYER_IDS } from '../layers/registry.js';

const I18nSchema = z.object({ ky: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) }).strict();
const Bbox = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const ProjectSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  cso: I18nSchema,
  title: I18nSchema,
  summary: I18nSchema,
  bbox: Bbox,
  layers: z.array(z.enum(LAYER_IDS as [string, ...string[]])).min(1),
  focus: z.object({ layer: z.enum(LAYER_IDS as [string, ...string[]]), filter: z.record(z.string(), z.string()) }).optional(),
}).strict();
export type Project = z.infer<typeof ProjectSchema>;
