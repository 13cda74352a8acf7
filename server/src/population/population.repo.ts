// Which settlement each population unit belongs to (population_units, sql/0011_population.sql): every
// row of the population layer (its point on surface) and every OpenStreetMap building goes to the
// nearest settlement — 0 m inside a settlement's polygon — within maxM metres (geodesic), else to
// none. The analyses read the table (analysis/reach.sql.ts); only this module writes it.
//
// refreshAssignment() redoes it when settlements, population or buildings changed since the last time
// (their layer versions are kept in population_assignment); the write paths (seed, imports, the
// population and OpenStreetMap loaders, the synthetic data) and start-up call it.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { refreshWhenStale } from '../db/refresh.js';

/** POPULATION_ASSIGN_MAX_M's default (config.ts). */
export const DEFAULT_ASSIGN_MAX_M = 5000;

/** The shared layers whose changes make the assignment stale (imports call refreshAssignment after them). */
export const ASSIGNMENT_LAYERS: readonly string[] = ['settlements', 'population'];

export interface AssignmentReport { redone: boolean; cells: number; buildings: number; unassigned: number; seconds: number }

interface Versions { settlements: number; population: number; buildings: number }

async function versions(db: Kysely<DB>): Promise<Versions> {
  const r = await sql<{ layer: string; version: string }>`
    SELECT layer, version::text FROM layer_versions WHERE layer IN ('settlements', 'population', 'osm_buildings')`.execute(db);
  const v = new Map(r.rows.map((x) => [x.layer, Number(x.version)]));
  return { settlements: v.get('settlements') ?? 0, population: v.get('population') ?? 0, buildings: v.get('osm_buildings') ?? 0 };
}

/**
 * Units are written in id ranges of this many: each statement stays well inside STATEMENT_TIMEOUT_MS (and
 * the client's read timeout) however large the grid; the whole assignment is still one transaction.
 */
const CHUNK = 25_000;

/** The nearest settlement of each unit with an id in [lo, hi] (KNN on the Mercator index, then the geodesic distance), as rows to insert. */
function assignSql(unit: 'cell' | 'building', maxM: number, lo: number, hi: number) {
  const from = unit === 'cell'
    ? sql`SELECT p.id, p.population AS weight, ST_PointOnSurface(p.geom) AS pt FROM population p WHERE p.id BETWEEN ${lo} AND ${hi}`
    : sql`SELECT b.id, ST_Area(b.geom::geography) AS weight, ST_PointOnSurface(b.geom) AS pt FROM osm_buildings b WHERE b.id BETWEEN ${lo} AND ${hi}`;
  return sql`
    INSERT INTO population_units (unit, unit_id, settlement_id, weight, assign_m, geom, geom_3857)
    SELECT ${unit}, u.id, n.id, u.weight, n.d, u.pt, ST_Transform(u.pt, 3857)
    FROM (${from}) u
    -- The nearest by the Mercator index (conformal: locally the same order as on the ground), then its geodesic distance.
    -- Ordered by the distance alone: a second sort key would make PostgreSQL 15 sort every settlement for each unit.
    CROSS JOIN LATERAL (
      SELECT s.id, ST_Distance(s.geom::geography, u.pt::geography) AS d
      FROM settlements s ORDER BY s.geom_3857 <-> ST_Transform(u.pt, 3857) LIMIT 1
    ) n
    WHERE u.weight > 0 AND n.d <= ${maxM}::float8`;
}

/** [lo, hi] ranges of CHUNK ids over an id column. */
async function ranges(db: Kysely<DB>, from: ReturnType<typeof sql>): Promise<[number, number][]> {
  const r = await sql<{ lo: string | null; hi: string | null }>`SELECT min(id)::text AS lo, max(id)::text AS hi FROM ${from}`.execute(db);
  const { lo, hi } = r.rows[0] ?? { lo: null, hi: null };
  if (lo === null || hi === null) return [];
  const out: [number, number][] = [];
  for (let a = Number(lo); a <= Number(hi); a += CHUNK) out.push([a, Math.min(a + CHUNK - 1, Number(hi))]);
  return out;
}

/** Assign every unit again (one transaction on the caller's connection). */
export async function assignUnits(db: Kysely<DB>, maxM: number): Promise<Omit<AssignmentReport, 'redone' | 'seconds'>> {
  await sql`DELETE FROM population_summary`.execute(db);
  for (const unit of ['cell', 'building'] as const) {
    for (const [lo, hi] of await ranges(db, sql`(SELECT unit_id AS id FROM population_units WHERE unit = ${unit}) x`)) {
      await sql`DELETE FROM population_units WHERE unit = ${unit} AND unit_id BETWEEN ${lo} AND ${hi}`.execute(db);
    }
  }
  for (const [lo, hi] of await ranges(db, sql`population`)) await assignSql('cell', maxM, lo, hi).execute(db);
  for (const [lo, hi] of await ranges(db, sql`osm_buildings`)) await assignSql('building', maxM, lo, hi).execute(db);
  await sql`
    INSERT INTO population_summary (settlement_id, cells, buildings, ext_m)
    SELECT settlement_id, count(*) FILTER (WHERE unit = 'cell'), count(*) FILTER (WHERE unit = 'building'), max(assign_m)
    FROM population_units GROUP BY settlement_id`.execute(db);
  const r = await sql<{ cells: number; buildings: number; units: number }>`
    SELECT (SELECT count(*) FROM population_units WHERE unit = 'cell')::int AS cells,
           (SELECT count(*) FROM population_units WHERE unit = 'building')::int AS buildings,
           ((SELECT count(*) FROM population) + (SELECT count(*) FROM osm_buildings))::int AS units`.execute(db);
  const row = r.rows[0]!;
  return { cells: row.cells, buildings: row.buildings, unassigned: row.units - row.cells - row.buildings };
}

/** Redo the assignment when a settlement, population row or building changed since it was made, or maxM differs. */
export async function refreshAssignment(db: Kysely<DB>, maxM: number, force = false): Promise<AssignmentReport> {
  const t0 = performance.now();
  // One writer at a time across instances (the embedded database has one connection anyway).
  const stale = async (tx: Kysely<DB>) => {
    const now = await versions(tx);
    const last = await sql<{ settlements_version: string; population_version: string; buildings_version: string; max_m: number }>`
      SELECT settlements_version::text, population_version::text, buildings_version::text, max_m FROM population_assignment`.execute(tx);
    const l = last.rows[0];
    return !(l && Number(l.settlements_version) === now.settlements && Number(l.population_version) === now.population
      && Number(l.buildings_version) === now.buildings && l.max_m === maxM);
  };
  const done = await refreshWhenStale(db, 'population_assignment', force, stale, async (tx) => {
    const now = await versions(tx);
    const counts = await assignUnits(tx, maxM);
    await sql`
      INSERT INTO population_assignment (id, settlements_version, population_version, buildings_version, max_m, assigned_at)
      VALUES (true, ${now.settlements}, ${now.population}, ${now.buildings}, ${maxM}, now())
      ON CONFLICT (id) DO UPDATE SET settlements_version = EXCLUDED.settlements_version, population_version = EXCLUDED.population_version,
        buildings_version = EXCLUDED.buildings_version, max_m = EXCLUDED.max_m, assigned_at = now()`.execute(tx);
    return { redone: true, ...counts, seconds: (performance.now() - t0) / 1000 };
  });
  return done ?? { redone: false, cells: 0, buildings: 0, unassigned: 0, seconds: 0 };
}
