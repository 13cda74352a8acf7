// Options of the population loaders (the CLIs and the service), checked with zod.
import { z } from 'zod';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';

export const DATASET_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** npm run import:population: a GeoTIFF of people per cell into the population layer. */
export const LoadRasterOptions = z.object({
  file: z.string().min(1, 'the GeoTIFF to load (--file)'),
  dataset: z.string().regex(DATASET_ID, '--dataset must be 2–64 lower-case letters, digits, - or _ (e.g. worldpop-2020)'),
  title: z.string().min(1).max(200),
  publisher: z.string().min(1).max(200),
  licence: z.string().min(1).max(200),
  year: z.coerce.number().int().min(1900).max(2100),
  provenance: z.enum(PROVENANCE_CLASSES, { message: `--provenance must be one of ${PROVENANCE_CLASSES.join(', ')}` }).default('real'),
  /** The credit line maps and exports print; default: "<publisher> (<year>), <licence>". */
  attribution: z.string().min(1).max(500).optional(),
  /** The `source` of every row; default: the title. */
  source: z.string().min(1).max(500).optional(),
  sourceDate: date.optional(),
  url: z.url().max(500).optional(),
  notes: z.string().max(2000).optional(),
  replace: z.boolean().default(false),
  /** 1-based band of a multi-band raster. */
  band: z.coerce.number().int().min(1).max(1000).optional(),
  batchSize: z.coerce.number().int().min(100).max(50_000).default(5000),
  /** Largest file, MB. */
  maxMb: z.coerce.number().positive().max(100_000).default(4096),
}).strict();
export type LoadRasterOptions = z.input<typeof LoadRasterOptions>;

/** npm run data:population-grid: an illustrative grid around the settlements. */
export const PopulationGridOptions = z.object({
  cells: z.coerce.number().int().min(1).max(2_000_000).optional(),
  around: z.string().min(1).max(200).optional(),
  /** Cell size in metres. */
  cellM: z.coerce.number().int().min(10).max(1000).default(100),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
  replace: z.boolean().default(false),
  /** With --around: write the grid as this GeoTIFF instead of into the database. */
  tif: z.string().min(1).optional(),
}).strict().refine((o) => o.tif === undefined || o.around !== undefined, { message: '--tif works with --around <settlement ref> (one settlement\'s grid)' }).refine((o) => (o.cells === undefined) !== (o.around === undefined), { message: 'give either --cells N (spread around every settlement) or --around <settlement ref> (a small demo grid)' });
export type PopulationGridOptions = z.input<typeof PopulationGridOptions>;
