// The six grant projects as one-click map views (data/demo/projects.json, checked at start-up).
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { DEMO_DIR } from '../seed/seed.js';
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

export function loadProjects(file = path.join(DEMO_DIR, 'projects.json')): Project[] {
  if (!fs.existsSync(file)) return [];
  return z.array(ProjectSchema).parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export function projectsRouter(projects: Project[]): Router {
  const r = Router();
  r.get('/api/projects', (_req, res) => { res.set('Cache-Control', 'public, max-age=300').json({ projects }); });
  return r;
}
