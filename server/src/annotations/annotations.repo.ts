// SQL for annotations, their council submissions and history. Every read filters with the one
// visibility rule (access/visibility.ts). Values are always bound; identifiers come from code.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { envelope4326, geojsonGeometry } from '../db/postgis.js';
import { annotationRelation, annotationVisible, campaignRelation, campaignVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import { findLayer } from '../layers/registry.js';
import type { Geometry } from '../geo/geometry.js';

export type AnnotationGeometry = Exclude<Geometry, { type: 'MultiPolygon' }>;
import { fromGeoJson } from '../geo/geometry.repo.js';
import type { CampaignStatus, Category, Relation, ReviewStatus, Status } from './annotations.rules.js';
import type { Lang } from '../i18n/pick.js';
import { photosJson } from '../photos/photos.repo.js';

/** A person as stored: display name, opt-in, organisation and its names (json from a scalar subquery). */
export interface PersonJson { name: string; public: boolean; org: string; ky: string | null; ru: string | null; en: string | null }
export interface SubmissionJson {
  id: string; council: string; reference: string; submitted_on: string;
  response_text: string | null; response_on: string | null; response_document_url: string | null; response_days: number | null;
}

export interface AnnotationRow {
  id: string;
  campaign_id: string;
  organisation_id: string;
  title: string;
  description: string;
  lang: Lang | null;
  category: Category;
  severity: number;
  affected_people: number | null;
  affected_households: number | null;
  evidence: { url: string; label?: string }[];
  linked_features: { layer: string; id: number }[];
  status: Status;
  status_changed_at: Date;
  review_status: ReviewStatus;
  rejection_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  /** Points, lines and polygons (the table's CHECK); never a multipolygon. */
  geometry: AnnotationGeometry;
  relation: Relation;
  target_council_ky: string | null; target_council_ru: string | null; target_council_en: string | null;
  org_name_ky: string | null; org_name_ru: string | null; org_name_en: string | null;
  created_by: PersonJson;
  updated_by: PersonJson;
  submission: SubmissionJson | null;
  photos: PhotoJson[];
}

/** An evidence photo as the annotation's SELECT lists it (the image itself is fetched separately). */
export interface PhotoJson {
  id: string; caption: string; width: number; height: number; bytes: number;
  lon: number | null; lat: number | null; taken_at: string | null; created_at: string;
}

export interface AnnotationFilters {
  campaign?: string;
  category?: string[];
  status?: string[];
  reviewStatus?: string[];
  severity?: number[];
  bbox?: [number, number, number, number];
  deleted?: boolean;
}

const person = (column: string) => sql`(
  SELECT json_build_object('name', u.display_name, 'public', u.show_name_publicly, 'org', u.organisation_id, 'ky', uo.name_ky, 'ru', uo.name_ru, 'en', uo.name_en)
  FROM users u JOIN organisations uo ON uo.id = u.organisation_id WHERE u.id = ${sql.ref(column)})`;

// People and the latest council submission come from scalar subqueries: fewer joins keep the plan
// cheap (planning a many-way join costs more than running it, notably on the embedded database).
function selectSql(reader: Reader, where: RawBuilder<unknown>, tail: RawBuilder<unknown> = sql``) {
  return sql<AnnotationRow>`
    SELECT a.id, a.campaign_id, a.organisation_id, a.title, a.description, a.lang, a.category, a.severity::int AS severity,
           a.affected_people, a.affected_households, a.evidence, a.linked_features, a.status, a.status_changed_at,
           a.review_status, a.rejection_reason, a.version, a.created_at, a.updated_at, a.deleted_at,
           ${geojsonGeometry('a')} AS geometry,
           ${annotationRelation(reader, 'a')} AS relation,
           c.target_council_ky, c.target_council_ru, c.target_council_en,
           o.name_ky AS org_name_ky, o.name_ru AS org_name_ru, o.name_en AS org_name_en,
           ${person('a.created_by')} AS created_by,
           ${person('a.updated_by')} AS updated_by,
           (SELECT json_build_object('id', s.id, 'council', s.council, 'reference', s.reference, 'submitted_on', s.submitted_on::text,
                     'response_text', s.response_text, 'response_on', s.response_on::text, 'response_document_url', s.response_document_url,
                     'response_days', s.response_days)
              FROM council_submissions s WHERE s.annotation_id = a.id ORDER BY s.submitted_at DESC, s.id LIMIT 1) AS submission,
           ${photosJson} AS photos
    FROM annotations a
    JOIN campaigns c ON c.id = a.campaign_id
    JOIN organisations o ON o.id = a.organisation_id
    WHERE ${where}
    ${tail}`;
}

function filterSql(reader: Reader, f: AnnotationFilters): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [annotationVisible(reader, 'a', { deleted: f.deleted ? 'only' : 'exclude' })];
  if (f.campaign) conds.push(sql`a.campaign_id = ${f.campaign}`);
  if (f.category?.length) conds.push(sql`a.category IN (${sql.join(f.category)})`);
  if (f.status?.length) conds.push(sql`a.status IN (${sql.join(f.status)})`);
  if (f.reviewStatus?.length) conds.push(sql`a.review_status IN (${sql.join(f.reviewStatus)})`);
  if (f.severity?.length) conds.push(sql`a.severity IN (${sql.join(f.severity.map((s) => sql`${s}::smallint`))})`);
  if (f.bbox) {
    const env = envelope4326(f.bbox);
    conds.push(sql`a.geom && ${env}`, sql`ST_Intersects(a.geom, ${env})`);
  }
  return sql.join(conds, sql` AND `);
}

export async function listAnnotations(db: Kysely<DB>, reader: Reader, f: AnnotationFilters, limit: number, offset: number): Promise<{ rows: AnnotationRow[]; matched: number }> {
  const where = filterSql(reader, f);
  const rows = await selectSql(reader, where, sql`ORDER BY a.updated_at DESC, a.id LIMIT ${limit} OFFSET ${offset}`).execute(db);
  const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotations a WHERE ${where}`.execute(db);
  return { rows: rows.rows, matched: Number(n.rows[0]?.n ?? 0) };
}

export async function getAnnotation(db: Kysely<DB>, reader: Reader, id: string, opts: { deleted?: boolean } = {}): Promise<AnnotationRow | undefined> {
  const r = await selectSql(reader, sql`a.id = ${id} AND ${annotationVisible(reader, 'a', { deleted: opts.deleted ? 'only' : 'exclude' })}`).execute(db);
  return r.rows[0];
}

/** Locks the row for the rest of the transaction, if the reader may see it. */
export async function lockAnnotation(db: Kysely<DB>, reader: Reader, id: string, opts: { deleted?: boolean } = {}): Promise<boolean> {
  const r = await sql`SELECT a.id FROM annotations a WHERE a.id = ${id} AND ${annotationVisible(reader, 'a', { deleted: opts.deleted ? 'only' : 'exclude' })} FOR UPDATE`.execute(db);
  return r.rows.length > 0;
}

export interface AnnotationValues {
  title: string;
  description: string;
  lang: string | null;
  category: string;
  severity: number;
  affectedPeople: number | null;
  affectedHouseholds: number | null;
  evidence: unknown[];
  linkedFeatures: unknown[];
}

export async function insertAnnotation(db: Kysely<DB>, v: AnnotationValues & { campaignId: string; organisationId: string; geometry: Geometry; actorId: string; ref?: string }): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO annotations (ref, campaign_id, organisation_id, title, description, lang, category, severity, affected_people,
      affected_households, evidence, linked_features, geom, created_by, updated_by)
    VALUES (${v.ref ?? null}, ${v.campaignId}, ${v.organisationId}, ${v.title}, ${v.description}, ${v.lang}, ${v.category}, ${v.severity},
      ${v.affectedPeople}, ${v.affectedHouseholds}, ${JSON.stringify(v.evidence)}::jsonb, ${JSON.stringify(v.linkedFeatures)}::jsonb,
      ${fromGeoJson(v.geometry)}, ${v.actorId}, ${v.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

/** Column names this module may set, mapped from the API's property names. */
const COLUMNS: Record<keyof AnnotationValues, string> = {
  title: 'title', description: 'description', lang: 'lang', category: 'category', severity: 'severity',
  affectedPeople: 'affected_people', affectedHouseholds: 'affected_households', evidence: 'evidence', linkedFeatures: 'linked_features',
};

/** Applies a change and bumps the version. Extra: status, review and deletion columns. */
export async function updateAnnotation(db: Kysely<DB>, id: string, actorId: string, change: {
  values?: Partial<AnnotationValues>;
  geometry?: Geometry;
  status?: Status;
  rejectionReason?: string | null;
  reviewStatus?: ReviewStatus;
  deleted?: boolean;
}): Promise<void> {
  const sets: RawBuilder<unknown>[] = [sql`version = version + 1`, sql`updated_by = ${actorId}`];
  for (const [k, v] of Object.entries(change.values ?? {})) {
    const c = COLUMNS[k as keyof AnnotationValues];
    if (!c || v === undefined) continue;
    sets.push(k === 'evidence' || k === 'linkedFeatures' ? sql`${sql.ref(c)} = ${JSON.stringify(v)}::jsonb` : sql`${sql.ref(c)} = ${v}`);
  }
  if (change.geometry) sets.push(sql`geom = ${fromGeoJson(change.geometry)}`);
  if (change.status) sets.push(sql`status = ${change.status}`, sql`status_changed_at = now()`);
  if (change.rejectionReason !== undefined) sets.push(sql`rejection_reason = ${change.rejectionReason}`);
  if (change.reviewStatus) sets.push(sql`review_status = ${change.reviewStatus}`);
  if (change.deleted === true) sets.push(sql`deleted_at = now()`, sql`deleted_by = ${actorId}`);
  if (change.deleted === false) sets.push(sql`deleted_at = NULL`, sql`deleted_by = NULL`);
  await sql`UPDATE annotations SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export type HistoryAction = 'create' | 'update' | 'status' | 'review' | 'delete' | 'restore';

export async function insertHistory(db: Kysely<DB>, h: { annotationId: string; version: number; action: HistoryAction; actorId: string; before: unknown; after: unknown; details?: unknown }): Promise<void> {
  await sql`
    INSERT INTO annotation_history (annotation_id, version, action, actor_id, before, after, details)
    VALUES (${h.annotationId}, ${h.version}, ${h.action}, ${h.actorId},
      ${h.before === null ? null : JSON.stringify(h.before)}::jsonb, ${JSON.stringify(h.after)}::jsonb,
      ${h.details === undefined ? null : JSON.stringify(h.details)}::jsonb)`.execute(db);
}

export interface HistoryRow {
  id: number; version: number; action: HistoryAction; at: Date; before: unknown; after: unknown; details: unknown;
  actor_name: string; actor_public: boolean; actor_org: string; actor_org_ky: string | null; actor_org_ru: string | null; actor_org_en: string | null;
}

/** History of an annotation the reader may see (empty when they may not). */
export async function listHistory(db: Kysely<DB>, reader: Reader, id: string, limit: number): Promise<HistoryRow[]> {
  const r = await sql<HistoryRow>`
    SELECT h.id, h.version, h.action, h.at, h.before, h.after, h.details,
           u.display_name AS actor_name, u.show_name_publicly AS actor_public, u.organisation_id AS actor_org,
           o.name_ky AS actor_org_ky, o.name_ru AS actor_org_ru, o.name_en AS actor_org_en
    FROM annotation_history h
    JOIN annotations a ON a.id = h.annotation_id
    JOIN users u ON u.id = h.actor_id
    JOIN organisations o ON o.id = u.organisation_id
    WHERE h.annotation_id = ${id} AND ${annotationVisible(reader, 'a')}
    ORDER BY h.id
    LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

export async function insertSubmission(db: Kysely<DB>, s: { annotationId: string; council: string; reference: string; submittedOn: string; actorId: string }): Promise<void> {
  await sql`INSERT INTO council_submissions (annotation_id, council, reference, submitted_on, submitted_by)
    VALUES (${s.annotationId}, ${s.council}, ${s.reference}, ${s.submittedOn}::date, ${s.actorId})`.execute(db);
}

export async function recordResponse(db: Kysely<DB>, submissionId: string, r: { text: string; date: string; documentUrl: string | null; actorId: string }): Promise<void> {
  await sql`UPDATE council_submissions SET response_text = ${r.text}, response_on = ${r.date}::date,
      response_document_url = ${r.documentUrl}, responded_by = ${r.actorId}, responded_at = now()
    WHERE id = ${submissionId}`.execute(db);
}

/** Links to reference-layer features that do not exist. Table names come from the layer registry. */
export async function missingLinkedFeatures(db: Kysely<DB>, links: { layer: string; id: number }[]): Promise<{ layer: string; id: number }[]> {
  const missing: { layer: string; id: number }[] = [];
  const byLayer = new Map<string, number[]>();
  for (const l of links) byLayer.set(l.layer, [...(byLayer.get(l.layer) ?? []), l.id]);
  for (const [layer, ids] of byLayer) {
    const def = findLayer(layer);
    if (!def) { missing.push(...ids.map((id) => ({ layer, id }))); continue; }
    const r = await sql<{ id: number }>`SELECT id FROM ${sql.table(def.table)} WHERE id IN (${sql.join(ids)})`.execute(db);
    const found = new Set(r.rows.map((x) => Number(x.id)));
    missing.push(...ids.filter((id) => !found.has(id)).map((id) => ({ layer, id })));
  }
  return missing;
}

/** The campaign an annotation goes into, as the reader sees it. */
export async function getCampaignForAnnotation(db: Kysely<DB>, reader: Reader, campaignId: string): Promise<{ id: string; organisation_id: string; status: CampaignStatus; relation: Relation } | undefined> {
  const r = await sql<{ id: string; organisation_id: string; status: CampaignStatus; relation: Relation }>`
    SELECT c.id, c.organisation_id, c.status, ${campaignRelation(reader, 'c')} AS relation
    FROM campaigns c WHERE c.id = ${campaignId} AND ${campaignVisible(reader, 'c')}`.execute(db);
  return r.rows[0];
}

