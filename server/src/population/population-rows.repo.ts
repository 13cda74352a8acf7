// SQL of the population loaders (population.service.ts, the synthetic grid): the dataset row, the
// rows of one dataset, and one INSERT per batch of cells with the values bound as arrays (unnest), so
// a batch of any size is one statement. The table's CHECKs (population > 0, the geometry's bounds)
// stay the judge; a failing batch fails the caller's transaction.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface PopulationDataset {
  id: string; title: string; publisher: string; licence: string; attribution: string;
  sourceDate: string | null; url: string | null; notes: string | null;
}

/** Writes (or updates) the datasets row the population rows cite. */
export async function upsertDataset(db: Kysely<DB>, d: PopulationDataset): Promise<void> {
  await sql`INSERT INTO datasets (id, title, publisher, url, licence, attribution, source_date, notes)
    VALUES (${d.id}, ${d.title}, ${d.publisher}, ${d.url}, ${d.licence}, ${d.attribution}, ${d.sourceDate}::date, ${d.notes})
    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher, url = EXCLUDED.url, licence = EXCLUDED.licence,
      attribution = EXCLUDED.attribution, source_date = EXCLUDED.source_date, notes = EXCLUDED.notes`.execute(db);
}

/** Rows of one dataset in the population layer. */
export async function countDatasetRows(db: Kysely<DB>, dataset: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM population WHERE dataset_id = ${dataset}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Removes one dataset's rows (a --replace); returns how many. */
export async function deleteDatasetRows(db: Kysely<DB>, dataset: string): Promise<number> {
  const r = await sql`DELETE FROM population WHERE dataset_id = ${dataset}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** What every row of one load carries. */
export interface RowCitation { dataset: string; source: string; sourceDate: string | null; licence: string; provenance: string; year: number | null; notes: string | null }

/** One batch of cell centres: columns of equal length (lon, lat in EPSG:4326; cell_m null for a point that is not a cell). */
export interface CellColumns { lon: number[]; lat: number[]; population: number[]; cellM: (number | null)[] }

export async function insertCells(db: Kysely<DB>, c: RowCitation, cells: CellColumns): Promise<number> {
  if (!cells.lon.length) return 0;
  const r = await sql`
    INSERT INTO population (population, year, cell_m, notes, dataset_id, source, source_date, licence, provenance, geom)
    SELECT u.p, ${c.year}::int, u.m, ${c.notes}, ${c.dataset}, ${c.source}, ${c.sourceDate}::date, ${c.licence}, ${c.provenance},
           ST_SetSRID(ST_MakePoint(u.x, u.y), 4326)
    FROM unnest(${cells.lon}::float8[], ${cells.lat}::float8[], ${cells.population}::float8[], ${cells.cellM}::real[]) AS u(x, y, p, m)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Rows and people of one dataset. */
export async function datasetTotals(db: Kysely<DB>, dataset: string): Promise<{ rows: number; population: number }> {
  const r = await sql<{ rows: string; population: number | null }>`
    SELECT count(*)::text AS rows, sum(population)::float8 AS population FROM population WHERE dataset_id = ${dataset}`.execute(db);
  return { rows: Number(r.rows[0]?.rows ?? 0), population: Number(r.rows[0]?.population ?? 0) };
}

/** Settlements with a point to spread people around (the synthetic grid): their centre and population. */
export async function settlementCentres(db: Kysely<DB>, ref?: string): Promise<{ ref: string; lon: number; lat: number; population: number }[]> {
  const r = await sql<{ ref: string; lon: number; lat: number; population: number }>`
    SELECT s.ref, ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat, COALESCE(s.population, 0)::float8 AS population
    FROM settlements s CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.geom) AS pt) p
    WHERE s.ref IS NOT NULL ${ref !== undefined ? sql`AND s.ref = ${ref}` : sql``}
    ORDER BY s.ref`.execute(db);
  return r.rows.map((x) => ({ ref: x.ref, lon: Number(x.lon), lat: Number(x.lat), population: Number(x.population) }));
}
