// Loading a population raster (WorldPop, GHSL) into the population layer: the file is streamed cell
// batch by cell batch (geotiff.ts) into ONE transaction — the dataset row, with --replace the
// dataset's earlier rows removed, then one INSERT per batch — so a failure leaves nothing. Then each
// cell is assigned to its settlement (population.repo.ts refreshAssignment).
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import { PopulationRaster, RasterProblem, type ReadStats } from './geotiff.js';
import { refreshAssignment, type AssignmentReport } from './population.repo.js';
import { refreshCoverageReach } from '../analysis/coverage.repo.js';
import * as rows from './population-rows.repo.js';
import { LoadRasterOptions } from './population.schema.js';

/** A load refused before anything was written (the dataset is there already, the options are wrong). */
export class PopulationLoadProblem extends Error {
  constructor(message: string) { super(message); this.name = 'PopulationLoadProblem'; }
}
export { RasterProblem };

export interface LoadReport {
  file: string;
  dataset: string;
  crs: string;
  width: number;
  height: number;
  /** Rows written (populated cells). */
  rows: number;
  /** People in them (the sum of the cells). */
  population: number;
  /** Cells left out: nodata, NaN or ≤ 0; outside the map's latitudes. */
  dropped: number;
  outside: number;
  /** Rows of the dataset removed first (--replace). */
  replaced: number;
  seconds: number;
  /** Peak resident memory of this process, bytes. */
  peakRssBytes: number;
  assignment: AssignmentReport;
}

export const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

export interface LoadHooks {
  /** Meters between settlements and the cells that belong to them (config populationAssignMaxM). */
  assignMaxM: number;
  onProgress?: (p: { rows: number; population: number }) => void;
}

/** Reads the options (zod); a wrong one is a PopulationLoadProblem naming it. */
export function checkLoadOptions(input: LoadRasterOptions): z.output<typeof LoadRasterOptions> {
  const r = LoadRasterOptions.safeParse(input);
  if (!r.success) throw new PopulationLoadProblem(r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  return r.data;
}

export async function loadPopulationRaster(db: Kysely<DB>, input: LoadRasterOptions, hooks: LoadHooks): Promise<LoadReport> {
  const o = checkLoadOptions(input);
  const started = performance.now();
  const raster = await PopulationRaster.open(o.file, { band: o.band, limits: { maxBytes: o.maxMb * 1024 * 1024 } });
  const stats: ReadStats = { pixels: 0, populated: 0, dropped: 0, outside: 0, total: 0 };
  let replaced = 0, written = 0;
  try {
    await db.transaction().execute(async (trx) => {
      const existing = await rows.countDatasetRows(trx, o.dataset);
      if (existing > 0 && !o.replace) {
        throw new PopulationLoadProblem(`The dataset '${o.dataset}' already has ${existing.toLocaleString('en')} rows in the population layer: add --replace to load it again in their place, or choose another --dataset. Nothing was written.`);
      }
      await rows.upsertDataset(trx, {
        id: o.dataset, title: o.title, publisher: o.publisher, licence: o.licence,
        attribution: o.attribution ?? `${o.publisher} (${o.year}), ${o.licence}`,
        sourceDate: o.sourceDate ?? null, url: o.url ?? null,
        notes: o.notes ?? `Loaded with npm run import:population from ${o.file.split(/[\\/]/).pop()} (${raster.info.width} × ${raster.info.height} cells, ${raster.info.crs.code}); one row per populated cell.`,
      });
      if (o.replace) replaced = await rows.deleteDatasetRows(trx, o.dataset);
      const citation = { dataset: o.dataset, source: o.source ?? o.title, sourceDate: o.sourceDate ?? null, licence: o.licence, provenance: o.provenance, year: o.year, notes: null };
      for await (const b of raster.cells(o.batchSize, stats)) {
        written += await rows.insertCells(trx, citation, {
          lon: Array.from(b.lon.subarray(0, b.length)), lat: Array.from(b.lat.subarray(0, b.length)),
          population: Array.from(b.population.subarray(0, b.length)), cellM: Array.from(b.cellM.subarray(0, b.length)),
        });
        hooks.onProgress?.({ rows: written, population: stats.total });
      }
      if (written !== stats.populated) throw new Error(`wrote ${written} rows for ${stats.populated} populated cells`);
    });
  } finally {
    await raster.close();
  }
  const assignment = await refreshAssignment(db, hooks.assignMaxM);
  // The stored coverage reach follows the units (computed per request if this fails).
  await refreshCoverageReach(db).catch(() => undefined);
  const totals = await rows.datasetTotals(db, o.dataset);
  return {
    file: o.file, dataset: o.dataset, crs: raster.info.crs.code, width: raster.info.width, height: raster.info.height,
    rows: totals.rows, population: totals.population, dropped: stats.dropped, outside: stats.outside, replaced,
    seconds: (performance.now() - started) / 1000, peakRssBytes: peakRssBytes(), assignment,
  };
}
