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

// 0002 accounts / 0003 campaigns and annotations. Geometry columns are read and written through
// PostGIS functions in the repositories (sql templates), so they are typed as unknown here.
export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name_ky: string | null;
  name_ru: string | null;
  name_en: string | null;
  kind: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  show_name_publicly: Generated<boolean>;
  role: 'admin' | 'advocate' | 'engineer';
  password_hash: string;
  is_demo: Generated<boolean>;
  disabled_at: Date | null;
  password_changed_at: Generated<Date>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  at: Generated<Date>;
  email: string;
  ip: string;
  succeeded: boolean;
}

export interface CampaignSharesTable {
  campaign_id: string;
  organisation_id: string;
  shared_at: Generated<Date>;
}

export interface AnnotationCommentsTable {
  id: Generated<string>;
  annotation_id: string;
  author_id: string;
  body: string;
  created_at: Generated<Date>;
  deleted_at: Date | null;
  deleted_by: string | null;
}

export interface DB {
  schema_migrations: SchemaMigrationsTable;
  datasets: DatasetsTable;
  facility_kinds: FacilityKindsTable;
  layer_versions: LayerVersionsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  campaign_shares: CampaignSharesTable;
  annotation_comments: AnnotationCommentsTable;
}

/** Feature tables are described by the layer registry (server/src/layers); their columns are listed here for the schema test. */
const provenance = ['dataset_id', 'source', 'source_date', 'licence', 'provenance'] as const;
const names = ['name_ky', 'name_ru', 'name_en'] as const;
export const TABLE_COLUMNS: Record<string, readonly string[]> = {
  datasets: ['id', 'title', 'publisher', 'url', 'licence', 'licence_url', 'attribution', 'source_date', 'notes'],
  facility_kinds: ['kind', 'default_service_radius_m', 'radius_basis'],
  layer_versions: ['layer', 'version', 'changed_at'],
  schema_migrations: ['version', 'name', 'checksum', 'applied_at'],
  canals: ['id', 'ref', ...names, 'class', 'condition', 'lined', 'capacity_lps', 'year_built', 'operator', 'municipality', 'notes', ...provenance, 'geom', 'geom_3857', 'length_m', 'updated_at', 'import_id'],
  settlements: ['id', 'ref', ...names, 'settlement_type', 'legal_status', 'population', 'households', 'population_year', 'water', 'electricity', 'road', 'irrigation', 'services_missing', 'municipality', 'district', 'region', 'soate', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at', 'import_id'],
  facilities: ['id', 'ref', ...names, 'kind', 'capacity', 'capacity_unit', 'condition', 'service_radius_m', 'operator', 'municipality', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at', 'import_id'],
  power_lines: ['id', 'ref', ...names, 'voltage_kv', 'status', 'operator', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at', 'import_id'],
  water_mains: ['id', 'ref', ...names, 'diameter_mm', 'material', 'status', 'operator', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at', 'import_id'],
  roads: ['id', 'ref', ...names, 'road_class', 'surface', 'status', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at', 'import_id'],
  organisations: ['id', 'slug', 'name_ky', 'name_ru', 'name_en', 'kind', 'is_demo', 'created_at'],
  users: ['id', 'organisation_id', 'email', 'display_name', 'show_name_publicly', 'role', 'password_hash', 'is_demo', 'disabled_at', 'password_changed_at', 'created_at', 'updated_at'],
  sessions: ['id', 'user_id', 'csrf_token', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'],
  login_attempts: ['id', 'at', 'email', 'ip', 'succeeded'],
  campaigns: ['id', 'ref', 'organisation_id', 'title_ky', 'title_ru', 'title_en', 'description_ky', 'description_ru', 'description_en', 'target_council_ky', 'target_council_ru', 'target_council_en', 'status', 'area', 'version', 'created_by', 'updated_by', 'created_at', 'updated_at', 'recommendations_ky', 'recommendations_ru', 'recommendations_en'],
  share_links: ['id', 'campaign_id', 'token_hash', 'label', 'created_by', 'created_at', 'expires_at', 'revoked_at', 'revoked_by'],
  campaign_shares: ['campaign_id', 'organisation_id', 'shared_at'],
  annotations: ['id', 'ref', 'campaign_id', 'organisation_id', 'title', 'description', 'lang', 'category', 'severity', 'affected_people', 'affected_households', 'evidence', 'linked_features', 'status', 'status_changed_at', 'review_status', 'rejection_reason', 'geom', 'geom_3857', 'version', 'created_by', 'updated_by', 'created_at', 'updated_at', 'deleted_at', 'deleted_by'],
  council_submissions: ['id', 'annotation_id', 'council', 'reference', 'submitted_on', 'submitted_by', 'submitted_at', 'response_text', 'response_on', 'response_document_url', 'responded_by', 'responded_at', 'response_days'],
  annotation_comments: ['id', 'annotation_id', 'author_id', 'body', 'created_at', 'deleted_at', 'deleted_by'],
  annotation_photos: ['id', 'annotation_id', 'caption', 'mime', 'width', 'height', 'bytes', 'content', 'thumb', 'original_type', 'location', 'taken_at', 'created_by', 'created_at', 'deleted_at', 'deleted_by'],
  annotation_history: ['id', 'annotation_id', 'version', 'action', 'actor_id', 'at', 'before', 'after', 'details'],
  campaign_history: ['id', 'campaign_id', 'version', 'action', 'actor_id', 'at', 'before', 'after'],
  imports: ['id', 'organisation_id', 'created_by', 'filename', 'size', 'sha256', 'upload_path', 'detection', 'mapping', 'report', 'result', 'target_layer', 'status', 'error', 'idempotency_key', 'created_at', 'committed_at', 'undone_at'],
  import_staging: ['import_id', 'idx', 'source', 'target', 'geom', 'issues', 'final_geom', 'blocking'],
  import_replaced: ['import_id', 'layer', 'row_data'],
  organisation_layers: ['id', 'organisation_id', 'campaign_id', 'import_id', 'title', 'description', 'columns', 'style', 'status', 'source', 'source_date', 'licence', 'provenance', 'created_by', 'created_at', 'updated_at', 'deleted_at'],
  organisation_features: ['id', 'layer_id', 'idx', 'properties', 'geom', 'geom_3857'],
  idempotency_keys: ['user_id', 'key', 'request_hash', 'status', 'headers', 'body', 'created_at'],
  // People where they live and where data is complete (sql/0011_population.sql).
  population: ['id', 'ref', 'population', 'year', 'cell_m', 'notes', ...provenance, 'geom', 'geom_3857', 'updated_at', 'import_id'],
  population_units: ['unit', 'unit_id', 'settlement_id', 'weight', 'assign_m', 'geom', 'geom_3857'],
  population_summary: ['settlement_id', 'cells', 'buildings', 'ext_m'],
  // Each canal end's role, made when the canals change (sql/0016_canal_ends.sql; analysis/canals.repo.ts).
  canal_ends: ['canal_id', 'part', 'which', 'touches', 'intake'],
  canal_components: ['canal_id', 'cid'],
  canal_ends_state: ['id', 'canals_version', 'tolerance_m', 'made_at'],
  coverage_reach: ['kind', 'settlement_id', 'nid', 'd', 'rule', 'share'],
  coverage_reach_state: ['kind', 'threshold_m', 'facilities_version', 'settlements_version', 'assigned_at', 'made_at'],
  population_assignment: ['id', 'settlements_version', 'population_version', 'buildings_version', 'max_m', 'assigned_at'],
  complete_areas: ['id', 'dataset_id', 'layer', 'kind', 'municipalities', 'geom', 'note', 'import_id', 'created_at'],
  // Local budgets beside the gaps (sql/0012_budgets.sql; server/src/budgets/).
  budget_codes: ['scheme', 'code', 'label_ky', 'label_ru', 'label_en'],
  municipality_names: ['municipality', 'name_ky', 'name_ru', 'name_en'],
  budget_documents: ['id', 'ref', 'organisation_id', 'campaign_id', 'municipality', 'municipality_kind', 'fiscal_year', 'phase', 'title', 'status', 'source', 'source_date', 'licence', 'provenance', 'notes', 'import_id', 'version', 'created_by', 'created_at', 'updated_at'],
  budget_lines: ['id', 'document_id', 'line_key', 'direction', 'functional_code', 'economic_code', 'administrative_code', 'description', 'funding_source', 'nature', 'sector', 'amount', 'source_ref', 'notes'],
  budget_allocations: ['line_id', 'settlement_id', 'method', 'amount', 'share', 'evidence'],
  budget_contributions: ['document_id', 'settlement_id', 'levy', 'year', 'amount', 'evidence'],
  budget_line_links: ['id', 'line_id', 'annotation_id', 'layer', 'feature_id'],
  budget_imports: ['id', 'organisation_id', 'created_by', 'filename', 'size', 'sha256', 'upload_path', 'format', 'detection', 'mapping', 'report', 'rows', 'status', 'document_id', 'created_at', 'committed_at'],
  // After the vote: decisions, commitments, progress (sql/0013_commitments.sql; server/src/commitments/).
  decisions: ['id', 'ref', 'organisation_id', 'campaign_id', 'kind', 'body_ky', 'body_ru', 'body_en', 'decided_on', 'number', 'document_url', 'title_ky', 'title_ru', 'title_en', 'summary_ky', 'summary_ru', 'summary_en', 'status', 'source', 'licence', 'provenance', 'version', 'created_by', 'updated_by', 'created_at', 'updated_at'],
  commitments: ['id', 'ref', 'decision_id', 'position', 'title_ky', 'title_ru', 'title_en', 'responsible_ky', 'responsible_ru', 'responsible_en', 'start_on', 'due_on', 'indicator_ky', 'indicator_ru', 'indicator_en', 'unit', 'baseline', 'target', 'budget_line_id', 'budget_amount', 'geom', 'version', 'created_by', 'updated_by', 'created_at', 'updated_at'],
  commitment_links: ['id', 'commitment_id', 'annotation_id', 'layer', 'feature_id'],
  progress_updates: ['id', 'ref', 'commitment_id', 'reported_on', 'value', 'abandoned', 'body', 'lang', 'source', 'documents', 'organisation_id', 'created_by', 'created_at', 'deleted_at', 'deleted_by'],
  progress_photos: ['id', 'update_id', 'caption', 'mime', 'width', 'height', 'bytes', 'content', 'thumb', 'original_type', 'location', 'taken_at', 'created_by', 'created_at'],
  progress_verifications: ['update_id', 'organisation_id', 'verdict', 'note', 'verified_by', 'verified_at'],
  commitment_reopenings: ['commitment_id', 'annotation_id', 'reopened_by', 'reopened_at'],
  // Monitoring visits with checklists (sql/0014_monitoring_visits.sql; server/src/visits/).
  checklists: ['code', 'version', 'layer', 'kind', 'title_ky', 'title_ru', 'title_en', 'sections', 'sha256', 'source', 'loaded_at'],
  checklist_items: ['checklist_code', 'checklist_version', 'code', 'section', 'position', 'weight', 'text_ky', 'text_ru', 'text_en'],
  visits: ['id', 'ref', 'organisation_id', 'campaign_id', 'layer', 'feature_id', 'checklist_code', 'checklist_version', 'visited_on', 'score', 'applicable', 'note', 'lang', 'status', 'source', 'source_date', 'licence', 'provenance', 'version', 'created_by', 'created_at', 'updated_at'],
  visit_answers: ['visit_id', 'checklist_code', 'checklist_version', 'item_code', 'answer', 'note'],
  visit_photos: ['id', 'visit_id', 'item_code', 'caption', 'mime', 'width', 'height', 'bytes', 'content', 'thumb', 'original_type', 'location', 'taken_at', 'created_by', 'created_at'],
  visit_commitments: ['visit_id', 'commitment_id'],
  // Reminders: the e-mail digests sent, one per person and day (sql/0015_reminders.sql; server/src/reminders/).
  reminder_deliveries: ['user_id', 'digest_on', 'email', 'due_soon', 'late', 'commitment_ids', 'message_id', 'sent_at'],
  // The OpenStreetMap basemap (sql/0009_osm_basemap.sql; written by server/src/osm/osm.repo.ts).
  osm_buildings: ['id', 'ref', 'building', 'name', 'min_zoom', 'geom', 'geom_3857', 'updated_at'],
  osm_landuse: ['id', 'ref', 'class', 'name', 'min_zoom', 'geom', 'geom_3857', 'updated_at'],
  osm_water: ['id', 'ref', 'class', ...names, 'min_zoom', 'geom', 'geom_3857', 'updated_at'],
  osm_roads: ['id', 'ref', 'class', ...names, 'min_zoom', 'geom', 'geom_3857', 'updated_at'],
  osm_places: ['id', 'ref', 'class', ...names, 'population', 'min_zoom', 'geom', 'geom_3857', 'updated_at'],
};
