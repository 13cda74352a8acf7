// Where the data files shipped with the app live (data/ at the repository root). A runtime module:
// the server reads the project list and the reference basemap from here, the seeding code the demo data.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');
/** The demo dataset (data/README.md): layers, facility kinds, projects, organisations, campaigns. */
export const DEMO_DIR = path.join(DATA_ROOT, 'demo');
/** Reference geography: country outline, regions, valleys (the basemap and the synthetic generator). */
export const REFERENCE_DIR = path.join(DATA_ROOT, 'reference');
