// Kept for render/basemap.ts, which reads the file list and folder from here; new code imports
// basemap.service.ts (files, style) or data-paths.ts.
export { REFERENCE_DIR } from '../data-paths.js';
export { FILES, KG_BOUNDS, type BasemapFile, type BasemapMode } from './basemap.service.js';
