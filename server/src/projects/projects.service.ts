// The six grant projects as one-click map views: read from data/demo/projects.json once at start-up.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEMO_DIR } from '../data-paths.js';
import { ProjectSchema, type Project } from './projects.schema.js';

export function loadProjects(file = path.join(DEMO_DIR, 'projects.json')): Project[] {
  if (!fs.existsSync(file)) return [];
  return z.array(ProjectSchema).parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}
