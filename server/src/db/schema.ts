// Kysely table types. Kept in step with sql/ by tests/integration/schema.test.ts, which compares
// TABLE_COLUMNS below with information_schema on a freshly migrated database.
import type { Generated } from 'kysely';

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface DatasetsTable {
  id: string;
  title: string;
  publisher: string;
  url: string | null;
  licence: string;
  licence_url: string | null;
  attribution: string;
  source_date: string | null;
  notes: string | null;
}

export interface FacilityKindsTable {
  kind: string;
  default_service_radius_m: number;
  radius_basis: string;
}

export interface LayerVersionsTable {
  layer: string;
  version: number;
  changed_at: Generated<Date>;
}

export interface DB {
  schema_migrations: SchemaMigrationsTable;
  datasets: DatasetsTable;
  facility_kinds: FacilityKindsTable;
  layer_versions: LayerVersionsTable;
}

/** Feature tables are described by the layer registry (server/src/layers); their columns are listed here for the schema test. */
const provenance = ['dataset_id', 'source', 'source_date', 'licence', 'provenance'] as const;
const names = ['name_ky', 'name_ru', 'name_en'] as const;
export const TABLE_COLUMNS: Record<string, readonly string[]> = {
  datasets: ['id', 'title', 'publisher', 'url', 'licence', 'licence_url', 'attribution', 'source_date', 'notes'],
  facility_kinds: ['kind', 'default_service_radius_m', 'radius_basis'],
  layer_versions: ['layer', 'version', 'changed_at'],
  schema_migrations: ['version', 'name', 'checksum', 'applied_at'],
  canals: ['id', 'ref', ...names, 'class', 'condition', 'lined', 'capacity_lps', 'year_built', 'operator', 'municipality', 'notes', ...provenance, 'geom', 'geom_3857', 'length_m', 'updated_at'],
  settlements: ['id', 'ref', ...names, 'settlement_type', 'legal_status', 'population', 'households', 'population_year', 'water', 'electricity', 'road', 'irrigation', 'services_missing', 'municipality', 'district', 'region', 'soate', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at'],
  facilities: ['id', 'ref', ...names, 'kind', 'capacity', 'capacity_unit', 'condition', 'service_radius_m', 'operator', 'municipality', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at'],
  power_lines: ['id', 'ref', ...names, 'voltage_kv', 'status', 'operator', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at'],
  water_mains: ['id', 'ref', ...names, 'diameter_mm', 'material', 'status', 'operator', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at'],
  roads: ['id', 'ref', ...names, 'road_class', 'surface', 'status', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at'],
};
