// The OpenStreetMap import: stream the extract through osmium (osm.reader.ts), map each feature's tags
// (osm.mapping.ts) and write them in batches (osm.repo.ts), all in ONE transaction: a run is all or
// nothing. A re-run updates what it finds again (upsert on ref) and deletes the osm rows it no longer
// finds (only inside the bbox when one is given). A dry run does the same work and rolls back.
import { DEFAULT_ASSIGN_MAX_M, refreshAssignment, type AssignmentReport } from '../population/population.repo.js';
import { refreshCoverageReach } from '../analysis/coverage.repo.js';
import type { Database } from '../db/connect.js';
import { FACILITY_KINDS_USED, OSM_TABLES, OSM_TABLE_NAMES, SHARED_OSM_TABLES, mapFeature, type MappedRow, type OsmTable } from './osm.mapping.js';
import path from 'node:path';
import { extractBounds, extractDate, readOsm, type Bbox, type OsmiumStep } from './osm.reader.js';
import { declareOsmExtract } from '../complete-areas/complete-areas.service.js';
import { DEFAULT_SERVICE_REGION, type Region } from '../geo/region.js';
import * as repo from './osm.repo.js';

export interface OsmImportOptions {
  file: string;
  bbox?: Bbox;
  dryRun?: boolean;
  /** Rows per INSERT (default 1000). */
  batchSize?: number;
  /** The date written as source_date; default: the extract's timestamp, else today. */
  sourceDate?: string;
  tmpDir?: string;
  /** The service region: complete areas are cut to it (default: Kyrgyzstan's). */
  region?: Region;
  /** POPULATION_ASSIGN_MAX_M (buildings to settlements). */
  assignMaxM?: number;
  onProgress?: (line: string) => void;
  onStep?: (s: OsmiumStep) => void;
}

export interface TableReport { inserted: number; updated: number; skipped: number; deleted: number; rows: number }

export interface OsmImportReport {
  file: string;
  backend: Database['backend'];
  sourceDate: string;
  dryRun: boolean;
  bbox: Bbox | null;
  features: number;
  tables: Record<OsmTable, TableReport>;
  facilityKindsInserted: number;
  /** Complete areas declared (one per facility kind and network layer), and where their boundary came from. */
  completeAreas: { declared: number; source: 'header' | 'bbox' | 'data' };
  /** Population units assigned again (buildings to settlements); null on a dry run. */
  assignment: AssignmentReport | null;
  osmium: OsmiumStep[];
  seconds: number;
}

/** Thrown inside the transaction to roll a dry run back. */
class DryRunRollback extends Error {}

export async function importOsm(database: Database, opts: OsmImportOptions): Promise<OsmImportReport> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? 1000;
  const sourceDate = opts.sourceDate ?? (await extractDate(opts.file)) ?? new Date().toISOString().slice(0, 10);
  const osmium: OsmiumStep[] = [];
  const tables = Object.fromEntries(OSM_TABLE_NAMES.map((t) => [t, { inserted: 0, updated: 0, skipped: 0, deleted: 0, rows: 0 }])) as Record<OsmTable, TableReport>;
  const report: OsmImportReport = {
    file: opts.file, backend: database.backend, sourceDate, dryRun: !!opts.dryRun, bbox: opts.bbox ?? null,
    features: 0, tables, facilityKindsInserted: 0, completeAreas: { declared: 0, source: 'data' }, assignment: null, osmium, seconds: 0,
  };
  const say = opts.onProgress ?? (() => {});

  try {
    await database.db.transaction().execute(async (trx) => {
      await repo.upsertDataset(trx, sourceDate);
      report.facilityKindsInserted = await repo.ensureFacilityKinds(trx, FACILITY_KINDS_USED);
      // One pending batch per table; a ref seen twice in a batch keeps its last row (one statement may not touch a row twice).
      const pending = new Map<OsmTable, Map<string, MappedRow>>(OSM_TABLE_NAMES.map((t) => [t, new Map()]));
      const flush = async (t: OsmTable) => {
        const rows = [...pending.get(t)!.values()];
        pending.get(t)!.clear();
        const r = await repo.upsertBatch(trx, OSM_TABLES[t], rows, sourceDate);
        tables[t].inserted += r.inserted; tables[t].updated += r.updated; tables[t].skipped += r.skipped;
      };
      for await (const f of readOsm(opts.file, { bbox: opts.bbox, tmpDir: opts.tmpDir, onStep: (s) => { osmium.push(s); opts.onStep?.(s); } })) {
        report.features++;
        for (const row of mapFeature(f)) {
          const batch = pending.get(row.table)!;
          batch.set(row.ref, row);
          if (batch.size >= batchSize) await flush(row.table);
        }
        if (report.features % 100_000 === 0) say(`${report.features.toLocaleString('en')} features read`);
      }
      for (const t of OSM_TABLE_NAMES) await flush(t);
      for (const t of OSM_TABLE_NAMES) tables[t].deleted = await repo.deleteStale(trx, OSM_TABLES[t], opts.bbox);
      for (const t of OSM_TABLE_NAMES) tables[t].rows = await repo.countRows(trx, OSM_TABLES[t]);
      report.completeAreas = await declareOsmExtract(trx, opts.region ?? DEFAULT_SERVICE_REGION, {
        datasetId: repo.OSM_DATASET.id, facilityKinds: FACILITY_KINDS_USED, header: await extractBounds(opts.file), bbox: opts.bbox ?? null,
        tables: SHARED_OSM_TABLES.filter((t) => t !== 'settlements').map((t) => OSM_TABLES[t].table), file: path.basename(opts.file),
      });
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  // Buildings and settlements may have changed: people are shared over buildings again (analysis/reach.sql.ts).
  if (!opts.dryRun) {
    report.assignment = await refreshAssignment(database.db, opts.assignMaxM ?? DEFAULT_ASSIGN_MAX_M);
    // The stored coverage reach follows the units (computed per request if this fails).
    await refreshCoverageReach(database.db).catch(() => undefined);
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
