// Requests for data downloads: GET /api/exports/data/{layer}.{format}. The attribute filters are the
// features API's own schema (features.schema.ts) for every registry layer, annotations included, so a
// download holds exactly what the map and the table show.
import { z } from 'zod';
import { FORMATS, type Format } from './formats/index.js';

/** At most this many features in one download (the demo has a few hundred; a national layer some tens of thousands). */
export const MAX_DOWNLOAD_FEATURES = 50_000;

const FILE = /^([a-z][a-z0-9_-]{0,62})\.(.+)$/;

/** `canals.shp.zip` → { layer: 'canals', format: 'shp.zip' }; null when it is not layer.format. */
export function parseFile(file: string): { layer: string; format: string } | null {
  const m = FILE.exec(file);
  return m ? { layer: m[1]!, format: m[2]! } : null;
}

export const isFormat = (f: string): f is Format => (FORMATS as readonly string[]).includes(f);

export const BomParam = z.enum(['0', '1'], { message: 'bom must be 0 or 1' }).optional().describe('CSV only: 1 starts the file with a UTF-8 byte order mark (for Excel)');
