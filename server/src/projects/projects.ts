// Kept for importers outside this module that still name this file (analysis/); new code imports
// projects.schema.ts (the Project type), projects.service.ts (loadProjects) or projects.routes.ts.
export { ProjectSchema, type Project } from './projects.schema.js';
export { loadProjects } from './projects.service.js';
