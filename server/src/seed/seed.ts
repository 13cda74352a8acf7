// Loads the demo data in data/demo/ (see data/README.md): datasets, facility kinds and one GeoJSON
// file per layer. Upserts on `ref`, in one transaction, so a re-run updates rows in place and keeps ids.
import fs from 'node:fs';
import path from 'node:path';
import type { Database, ScriptSession } from '../db/connect.js';
import { LAYERS } from '../layers/registry.js';
import type { LayerDef } from '../layers/types.js';
import { DEMO_DIR } from '../data-paths.js';
import { seedDemoAdvocacy, type AdvocacySeedReport } from './demo-advocacy.js';
import { seedDemoBudgets, type BudgetsSeedReport } from './demo-budgets.js';
import { seedDemoCommitments, type CommitmentsSeedReport } from './demo-commitments.js';
import { seedDemoVisits } from './demo-visits.js';
import { DEFAULT_ASSIGN_MAX_M, refreshAssignment } from '../population/population.repo.js';
import { refreshCanalEnds } from '../analysis/canals.repo.js';
import { refreshCoverageReach } from '../analysis/coverage.repo.js';

export { DEMO_DIR };

const SQL_TYPE: Record<string, string> = { text: 'text', enum: 'text', integer: 'integer', number: 'numeric', boolean: 'boolean', date: 'date' };

function insertSql(def: LayerDef): string {
  const cols = def.attributes.filter((a) => !a.computed);
  const names = cols.map((a) => `"${a.name}"`).join(', ');
  const values = cols.map((a) => `(f->'properties'->>'${a.name}')::${SQL_TYPE[a.type]}`).join(', ');
  const updates = cols.filter((a) => a.name !== 'ref').map((a) => `"${a.name}" = EXCLUDED."${a.name}"`).join(', ');
  // Identifiers here come from the registry; the data arrives as one bound JSON parameter.
  return `INSERT INTO "${def.table}" (${names}, geom)
    SELECT ${values}, ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
    FROM json_array_elements($1::json) AS f
    ON CONFLICT (ref) DO UPDATE SET ${updates}, geom = EXCLUDED.geom`;
}

export interface SeedReport { datasets: number; facilityKinds: number; layers: Record<string, number>; completeAreas: number; advocacy: AdvocacySeedReport; budgets: BudgetsSeedReport; commitments: CommitmentsSeedReport }

/** `assignMaxM`: POPULATION_ASSIGN_MAX_M (the population units are assigned to settlements again after the load). */
export async function seedDemo(database: Database, dir = DEMO_DIR, assignMaxM = DEFAULT_ASSIGN_MAX_M): Promise<SeedReport> {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const datasets = read('datasets.json') as Record<string, unknown>[];
  const kinds = read('facility_kinds.json') as Record<string, unknown>[];
  const report: SeedReport = { datasets: datasets.length, facilityKinds: kinds.length, layers: {}, completeAreas: 0, advocacy: { organisations: 0, accounts: 0, campaigns: 0, annotations: 0 }, budgets: { documents: 0, lines: 0 }, commitments: { decisions: 0, commitments: 0, updates: 0 } };
  await database.transactionScript(async (s: ScriptSession) => {
    await s.query(
      `INSERT INTO datasets (id, title, publisher, url, licence, licence_url, attribution, source_date, notes)
       SELECT d->>'id', d->>'title', d->>'publisher', d->>'url', d->>'licence', d->>'licence_url', d->>'attribution', (d->>'source_date')::date, d->>'notes'
       FROM json_array_elements($1::json) d
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher, url = EXCLUDED.url, licence = EXCLUDED.licence,
         licence_url = EXCLUDED.licence_url, attribution = EXCLUDED.attribution, source_date = EXCLUDED.source_date, notes = EXCLUDED.notes`,
      [JSON.stringify(datasets)],
    );
    await s.query(
      `INSERT INTO facility_kinds (kind, default_service_radius_m, radius_basis)
       SELECT k->>'kind', (k->>'default_service_radius_m')::int, k->>'radius_basis' FROM json_array_elements($1::json) k
       ON CONFLICT (kind) DO UPDATE SET default_service_radius_m = EXCLUDED.default_service_radius_m, radius_basis = EXCLUDED.radius_basis`,
      [JSON.stringify(kinds)],
    );
    for (const def of LAYERS) {
      const file = path.join(dir, `${def.id}.geojson`);
      if (!fs.existsSync(file)) { report.layers[def.id] = 0; continue; }
      const fc = JSON.parse(fs.readFileSync(file, 'utf8')) as { features: unknown[] };
      if (fc.features.length) await s.query(insertSql(def), [JSON.stringify(fc.features)]);
      report.layers[def.id] = fc.features.length;
    }
    // Where each demo dataset is complete (README "Gap analysis"): replaced on every run.
    const areasFile = path.join(dir, 'complete_areas.json');
    const areas = fs.existsSync(areasFile) ? JSON.parse(fs.readFileSync(areasFile, 'utf8')) as unknown[] : [];
    await s.query(`DELETE FROM complete_areas WHERE import_id IS NULL AND dataset_id IN (SELECT d->>'id' FROM json_array_elements($1::json) d)`, [JSON.stringify(datasets)]);
    if (areas.length) {
      await s.query(
        `INSERT INTO complete_areas (dataset_id, layer, kind, municipalities, geom, note)
         SELECT a->>'dataset_id', a->>'layer', a->>'kind',
                CASE WHEN a ? 'municipalities' THEN ARRAY(SELECT json_array_elements_text((a->'municipalities')::json)) END,
                CASE WHEN a ? 'bbox' THEN ST_Multi(ST_MakeEnvelope((a->'bbox'->>0)::float8, (a->'bbox'->>1)::float8, (a->'bbox'->>2)::float8, (a->'bbox'->>3)::float8, 4326)) END,
                a->>'note'
         FROM jsonb_array_elements($1::jsonb) a`,
        [JSON.stringify(areas)],
      );
    }
    report.completeAreas = areas.length;
  });
  await refreshAssignment(database.db, assignMaxM);
  // Each canal end's role in the network, for the canal analysis.
  await refreshCanalEnds(database.db);
  // Each settlement's nearest facility and reach per kind, for the coverage analysis.
  await refreshCoverageReach(database.db);
  // Demo organisations, accounts (listed in README), one campaign per grant project, a few annotations.
  report.advocacy = await seedDemoAdvocacy(database, dir);
  // The budget demo (illustrative amounts) needs the organisations, campaigns and annotations above.
  report.budgets = await seedDemoBudgets(database, dir);
  // The commitments demo (illustrative decisions, commitments, progress) links to the annotations and features above.
  report.commitments = await seedDemoCommitments(database, dir);
  await seedDemoVisits(database, dir); // monitoring visits (illustrative), after the campaigns: server/src/seed/demo-visits.ts
  return report;
}

/** True when no dataset has been loaded yet (a fresh database). */
export async function isEmpty(database: Database): Promise<boolean> {
  return database.session(async (s) => {
    const r = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM datasets');
    return Number(r[0]?.n ?? 0) === 0;
  });
}
