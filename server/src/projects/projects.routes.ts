// GET /api/projects: the grant projects loaded at start-up.
import { Router } from 'express';
import type { Project } from './projects.schema.js';

export function projectsRouter(projects: Project[]): Router {
  const r = Router();
  r.get('/api/projects', (_req, res) => { res.set('Cache-Control', 'public, max-age=300').json({ projects }); });
  return r;
}
