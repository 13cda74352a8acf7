// SQL of decisions, commitments, their links, progress updates, photos, verifications and reopenings
// (sql/0013_commitments.sql). Visibility: decisionVisible (access/visibility.ts) on every read; what
// hangs under a decision is read only through a decision the reader can see.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { asGeoJson } from '../db/postgis.js';
import { annotationVisible, campaignRelation, campaignVisible, decisionRelation, decisionVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import { fromGeoJson } from '../geo/geometry.repo.js';
import type { Geometry } from '../geo/geometry.js';
import { LAYERS } from '../layers/registry.js';
import type { ProcessedPhoto } from '../photos/photos.image.js';
import type { I18n } from './commitments.types.js';

type Db = Kysely<DB>;
export type Relation = 'owner' | 'reviewer' | 'outsider';

const i18n = (a: string, col: string) => sql`json_build_object('ky', ${sql.ref(`${a}.${col}_ky`)}, 'ru', ${sql.ref(`${a}.${col}_ru`)}, 'en', ${sql.ref(`${a}.${col}_en`)})`;
const orgJson = (a: string) => sql`json_build_object('id', ${sql.ref(`${a}.id`)}, 'slug', ${sql.ref(`${a}.slug`)}, 'names', ${i18n(a, 'name')})`;

export interface OrgRef { id: string; slug: string; names: I18n }

export interface DecisionRow {
  id: string; ref: string | null; organisationId: string; campaignId: string; campaignRef: string | null; campaignTitle: I18n;
  organisation: OrgRef; kind: string; body: I18n; decidedOn: string; number: string | null; documentUrl: string | null;
  title: I18n; summary: I18n; status: 'draft' | 'published'; source: string | null; licence: string | null; provenance: string;
  version: number; updatedAt: string; relation: Relation;
}

const decisionSelect = (reader: Reader) => sql`
  SELECT d.id, d.ref, d.organisation_id AS "organisationId", d.campaign_id AS "campaignId", c.ref AS "campaignRef",
         ${i18n('c', 'title')} AS "campaignTitle", ${orgJson('o')} AS organisation,
         d.kind, ${i18n('d', 'body')} AS body, to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", d.number, d.document_url AS "documentUrl",
         ${i18n('d', 'title')} AS title, ${i18n('d', 'summary')} AS summary, d.status, d.source, d.licence, d.provenance,
         d.version, d.updated_at AS "updatedAt", ${decisionRelation(reader, 'd')} AS relation
    FROM decisions d JOIN campaigns c ON c.id = d.campaign_id JOIN organisations o ON o.id = d.organisation_id`;

const fixDecision = (r: DecisionRow): DecisionRow => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() });

export async function listDecisions(db: Db, reader: Reader, q: { campaign?: string }): Promise<DecisionRow[]> {
  const r = await sql<DecisionRow>`${decisionSelect(reader)}
    WHERE ${decisionVisible(reader, 'd')} ${q.campaign ? sql`AND d.campaign_id = ${q.campaign}` : sql``}
    ORDER BY d.decided_on DESC, d.created_at DESC`.execute(db);
  return r.rows.map(fixDecision);
}

export async function getDecision(db: Db, reader: Reader, id: string): Promise<DecisionRow | undefined> {
  const r = await sql<DecisionRow>`${decisionSelect(reader)} WHERE d.id = ${id} AND ${decisionVisible(reader, 'd')}`.execute(db);
  return r.rows[0] ? fixDecision(r.rows[0]) : undefined;
}

export async function lockDecision(db: Db, id: string): Promise<void> {
  await sql`SELECT 1 FROM decisions WHERE id = ${id} FOR UPDATE`.execute(db);
}

export { campaignIdByRef } from '../campaigns/campaigns.repo.js';

export interface DecisionValues {
  kind: string; body: Partial<I18n>; decidedOn: string; number: string | null; documentUrl: string | null;
  title: Partial<I18n>; summary: Partial<I18n>; status: string; source: string | null; licence: string | null; provenance: string;
}

export async function insertDecision(db: Db, v: DecisionValues & { ref?: string | null; organisationId: string; campaignId: string; actorId: string | null }): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO decisions (ref, organisation_id, campaign_id, kind, body_ky, body_ru, body_en, decided_on, number, document_url, title_ky, title_ru, title_en,
                           summary_ky, summary_ru, summary_en, status, source, licence, provenance, created_by, updated_by)
    VALUES (${v.ref ?? null}, ${v.organisationId}, ${v.campaignId}, ${v.kind}, ${v.body.ky ?? null}, ${v.body.ru ?? null}, ${v.body.en ?? null}, ${v.decidedOn}, ${v.number}, ${v.documentUrl},
            ${v.title.ky ?? null}, ${v.title.ru ?? null}, ${v.title.en ?? null}, ${v.summary.ky ?? null}, ${v.summary.ru ?? null}, ${v.summary.en ?? null},
            ${v.status}, ${v.source}, ${v.licence}, ${v.provenance}, ${v.actorId}, ${v.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

const DECISION_COLUMNS: Record<string, string> = {
  kind: 'kind', decidedOn: 'decided_on', number: 'number', documentUrl: 'document_url', status: 'status',
  source: 'source', licence: 'licence', provenance: 'provenance',
};

/** Sets the given fields (body/title/summary as whole {ky, ru, en} objects), bumps the version. */
export async function updateDecision(db: Db, id: string, actorId: string, v: Partial<DecisionValues>): Promise<void> {
  const sets: RawBuilder<unknown>[] = [sql`version = version + 1`, sql`updated_by = ${actorId}`];
  for (const [k, c] of Object.entries(DECISION_COLUMNS)) if (k in v) sets.push(sql`${sql.ref(c)} = ${(v as Record<string, unknown>)[k] ?? null}`);
  for (const k of ['body', 'title', 'summary'] as const) {
    const t = v[k];
    if (t) for (const l of ['ky', 'ru', 'en'] as const) sets.push(sql`${sql.ref(`${k}_${l}`)} = ${t[l] ?? null}`);
  }
  await sql`UPDATE decisions SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export async function deleteDecision(db: Db, id: string): Promise<void> {
  await sql`DELETE FROM decisions WHERE id = ${id}`.execute(db);
}

// ---- commitments ----

export interface CommitmentRow {
  id: string; decisionId: string; position: number; title: I18n; responsible: I18n; startOn: string | null; dueOn: string;
  indicator: I18n; unit: string; baseline: number; target: number; budgetLineId: number | null; budgetAmount: number | null;
  budgetLine: { id: number; documentId: string; description: string; amount: number } | null;
  geometry: Geometry | null; version: number;
}

const commitmentSelect = sql`
  SELECT k.id, k.decision_id AS "decisionId", k.position, ${i18n('k', 'title')} AS title, ${i18n('k', 'responsible')} AS responsible,
         to_char(k.start_on, 'YYYY-MM-DD') AS "startOn", to_char(k.due_on, 'YYYY-MM-DD') AS "dueOn",
         ${i18n('k', 'indicator')} AS indicator, k.unit, k.baseline::float8 AS baseline, k.target::float8 AS target,
         k.budget_line_id AS "budgetLineId", k.budget_amount::float8 AS "budgetAmount",
         (SELECT json_build_object('id', bl.id, 'documentId', bl.document_id, 'description', bl.description, 'amount', bl.amount::float8)
            FROM budget_lines bl WHERE bl.id = k.budget_line_id) AS "budgetLine",
         ${asGeoJson(sql.ref('k.geom'))} AS geometry, k.version
    FROM commitments k`;

const fixCommitment = (r: CommitmentRow): CommitmentRow => ({
  ...r, budgetLineId: r.budgetLineId === null ? null : Number(r.budgetLineId),
  budgetLine: r.budgetLine ? { ...r.budgetLine, id: Number(r.budgetLine.id) } : null,
  geometry: typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry,
});

export async function commitmentsOf(db: Db, decisionIds: string[]): Promise<CommitmentRow[]> {
  if (!decisionIds.length) return [];
  const r = await sql<CommitmentRow>`${commitmentSelect} WHERE k.decision_id IN (${sql.join(decisionIds)}) ORDER BY k.position, k.due_on, k.created_at`.execute(db);
  return r.rows.map(fixCommitment);
}

export async function getCommitment(db: Db, id: string): Promise<CommitmentRow | undefined> {
  const r = await sql<CommitmentRow>`${commitmentSelect} WHERE k.id = ${id}`.execute(db);
  return r.rows[0] ? fixCommitment(r.rows[0]) : undefined;
}

/** The decision a commitment belongs to (no visibility: the caller reads the decision through getDecision). */
export async function decisionIdOfCommitment(db: Db, id: string): Promise<string | undefined> {
  const r = await sql<{ d: string }>`SELECT decision_id AS d FROM commitments WHERE id = ${id}`.execute(db);
  return r.rows[0]?.d;
}

export async function lockCommitment(db: Db, id: string): Promise<void> {
  await sql`SELECT 1 FROM commitments WHERE id = ${id} FOR UPDATE`.execute(db);
}

export interface CommitmentValues {
  position: number; title: Partial<I18n>; responsible: Partial<I18n>; startOn: string | null; dueOn: string; indicator: Partial<I18n>;
  unit: string; baseline: number; target: number; budgetLineId: number | null; budgetAmount: number | null; geometry: Geometry | null;
}

export async function insertCommitment(db: Db, decisionId: string, v: CommitmentValues & { ref?: string | null; actorId: string | null }): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO commitments (ref, decision_id, position, title_ky, title_ru, title_en, responsible_ky, responsible_ru, responsible_en, start_on, due_on,
                             indicator_ky, indicator_ru, indicator_en, unit, baseline, target, budget_line_id, budget_amount, geom, created_by, updated_by)
    VALUES (${v.ref ?? null}, ${decisionId}, ${v.position}, ${v.title.ky ?? null}, ${v.title.ru ?? null}, ${v.title.en ?? null}, ${v.responsible.ky ?? null}, ${v.responsible.ru ?? null}, ${v.responsible.en ?? null},
            ${v.startOn}, ${v.dueOn}, ${v.indicator.ky ?? null}, ${v.indicator.ru ?? null}, ${v.indicator.en ?? null}, ${v.unit},
            ${v.baseline}, ${v.target}, ${v.budgetLineId}, ${v.budgetAmount}, ${v.geometry ? fromGeoJson(v.geometry) : sql`NULL`},
            ${v.actorId}, ${v.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

const COMMITMENT_COLUMNS: Record<string, string> = {
  position: 'position', startOn: 'start_on', dueOn: 'due_on', unit: 'unit', baseline: 'baseline',
  target: 'target', budgetLineId: 'budget_line_id', budgetAmount: 'budget_amount',
};

export async function updateCommitment(db: Db, id: string, actorId: string, v: Partial<CommitmentValues>): Promise<void> {
  const sets: RawBuilder<unknown>[] = [sql`version = version + 1`, sql`updated_by = ${actorId}`];
  for (const [k, c] of Object.entries(COMMITMENT_COLUMNS)) if (k in v) sets.push(sql`${sql.ref(c)} = ${(v as Record<string, unknown>)[k] ?? null}`);
  for (const k of ['title', 'responsible', 'indicator'] as const) {
    const t = v[k];
    if (t) for (const l of ['ky', 'ru', 'en'] as const) sets.push(sql`${sql.ref(`${k}_${l}`)} = ${t[l] ?? null}`);
  }
  if ('geometry' in v) sets.push(sql`geom = ${v.geometry ? fromGeoJson(v.geometry) : sql`NULL`}`);
  await sql`UPDATE commitments SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export async function deleteCommitment(db: Db, id: string): Promise<void> {
  await sql`DELETE FROM commitments WHERE id = ${id}`.execute(db);
}

export async function touchDecision(db: Db, id: string, actorId: string | null): Promise<void> {
  await sql`UPDATE decisions SET version = version + 1, updated_by = ${actorId} WHERE id = ${id}`.execute(db);
}

// ---- links ----

export interface LinkRow { commitmentId: string; annotationId: string | null; layer: string | null; featureId: number | null; title: string | null; status: string | null; name: string | null }

const featureName = (): RawBuilder<unknown> => {
  const cases = LAYERS.filter((l) => l.id !== 'population').map((l) => sql`WHEN ${l.id} THEN (SELECT COALESCE(t.name_en, t.name_ru, t.name_ky) FROM ${sql.table(l.table)} t WHERE t.id = l.feature_id)`);
  return sql`CASE l.layer ${sql.join(cases, sql` `)} END`;
};

/** Links of the commitments; an annotation the reader cannot see is left out (it does not exist for them). */
export async function linksOf(db: Db, reader: Reader, commitmentIds: string[]): Promise<LinkRow[]> {
  if (!commitmentIds.length) return [];
  const r = await sql<LinkRow>`
    SELECT l.commitment_id AS "commitmentId", l.annotation_id AS "annotationId", l.layer, l.feature_id AS "featureId",
           a.title, a.status, ${featureName()} AS name
      FROM commitment_links l LEFT JOIN annotations a ON a.id = l.annotation_id
     WHERE l.commitment_id IN (${sql.join(commitmentIds)})
       AND (l.annotation_id IS NULL OR ${annotationVisible(reader, 'a')})
     ORDER BY l.id`.execute(db);
  return r.rows.map((x) => ({ ...x, featureId: x.featureId === null ? null : Number(x.featureId) }));
}

export async function replaceLinks(db: Db, commitmentId: string, links: { annotations?: string[]; features?: { layer: string; id: number }[] }): Promise<void> {
  await sql`DELETE FROM commitment_links WHERE commitment_id = ${commitmentId}`.execute(db);
  for (const a of links.annotations ?? []) await sql`INSERT INTO commitment_links (commitment_id, annotation_id) VALUES (${commitmentId}, ${a})`.execute(db);
  for (const f of links.features ?? []) await sql`INSERT INTO commitment_links (commitment_id, layer, feature_id) VALUES (${commitmentId}, ${f.layer}, ${f.id})`.execute(db);
}

/** Which of these annotation ids the reader sees, in the given campaign. */
export async function annotationsInCampaign(db: Db, reader: Reader, campaignId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const r = await sql<{ id: string }>`SELECT a.id FROM annotations a WHERE a.id IN (${sql.join(ids)}) AND a.campaign_id = ${campaignId} AND ${annotationVisible(reader, 'a')}`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

/** The annotations linked to a commitment that the reader sees, with their version and status. */
export async function linkedAnnotations(db: Db, reader: Reader, commitmentId: string): Promise<{ id: string; title: string; status: string; version: number }[]> {
  const r = await sql<{ id: string; title: string; status: string; version: number }>`
    SELECT a.id, a.title, a.status, a.version FROM commitment_links l JOIN annotations a ON a.id = l.annotation_id
     WHERE l.commitment_id = ${commitmentId} AND ${annotationVisible(reader, 'a')} ORDER BY l.id`.execute(db);
  return r.rows;
}

/**
 * One geometry per commitment for the tracker's map: its own, else the collection of its linked
 * features' and (visible) annotations' geometries; commitments without either are left out.
 */
export async function placesOf(db: Db, reader: Reader, commitmentIds: string[]): Promise<Map<string, Geometry>> {
  if (!commitmentIds.length) return new Map();
  const featureGeoms = LAYERS.map((l) => sql`SELECT l.commitment_id, t.geom FROM commitment_links l JOIN ${sql.table(l.table)} t ON t.id = l.feature_id WHERE l.layer = ${l.id}`);
  const r = await sql<{ id: string; geometry: string }>`
    WITH linked AS (
      ${sql.join(featureGeoms, sql` UNION ALL `)}
      UNION ALL
      SELECT l.commitment_id, a.geom FROM commitment_links l JOIN annotations a ON a.id = l.annotation_id WHERE ${annotationVisible(reader, 'a')}
    )
    SELECT k.id, ${asGeoJson(sql`COALESCE(k.geom, (SELECT ST_Collect(x.geom) FROM linked x WHERE x.commitment_id = k.id))`)} AS geometry
      FROM commitments k WHERE k.id IN (${sql.join(commitmentIds)})`.execute(db);
  const out = new Map<string, Geometry>();
  for (const row of r.rows) if (row.geometry) out.set(row.id, typeof row.geometry === 'string' ? JSON.parse(row.geometry) : row.geometry);
  return out;
}

// ---- progress updates ----

export interface UpdateRow {
  id: string; commitmentId: string; reportedOn: string; value: number | null; abandoned: boolean; body: string; lang: 'ky' | 'ru' | 'en' | null;
  source: 'monitor' | 'official'; documents: { url: string; label?: string }[]; organisation: OrgRef; createdBy: string | null;
  authorName: string | null; authorPublic: boolean; createdAt: string;
  photos: { id: string; caption: string; width: number; height: number; takenAt: string | null; location: [number, number] | null }[];
  verifications: { organisation: OrgRef; verdict: 'confirmed' | 'disputed'; note: string; verifiedAt: string }[];
}

const updateSelect = sql`
  SELECT u.id, u.commitment_id AS "commitmentId", to_char(u.reported_on, 'YYYY-MM-DD') AS "reportedOn", u.value::float8 AS value, u.abandoned,
         u.body, u.lang, u.source, u.documents, ${orgJson('o')} AS organisation, u.created_by AS "createdBy",
         us.display_name AS "authorName", COALESCE(us.show_name_publicly, false) AS "authorPublic", u.created_at AS "createdAt",
         (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'caption', p.caption, 'width', p.width, 'height', p.height,
                   'takenAt', p.taken_at, 'location', CASE WHEN p.location IS NULL THEN NULL ELSE json_build_array(ST_X(p.location), ST_Y(p.location)) END)
                   ORDER BY p.created_at), '[]') FROM progress_photos p WHERE p.update_id = u.id) AS photos,
         (SELECT COALESCE(json_agg(json_build_object('organisation', ${orgJson('vo')}, 'verdict', v.verdict, 'note', v.note, 'verifiedAt', v.verified_at)
                   ORDER BY v.verified_at), '[]')
            FROM progress_verifications v JOIN organisations vo ON vo.id = v.organisation_id WHERE v.update_id = u.id) AS verifications
    FROM progress_updates u JOIN organisations o ON o.id = u.organisation_id LEFT JOIN users us ON us.id = u.created_by`;

const fixUpdate = (r: UpdateRow): UpdateRow => ({
  ...r, createdAt: new Date(r.createdAt).toISOString(),
  photos: r.photos.map((p) => ({ ...p, takenAt: p.takenAt ? new Date(p.takenAt).toISOString() : null })),
  verifications: r.verifications.map((v) => ({ ...v, verifiedAt: new Date(v.verifiedAt).toISOString() })),
});

/** Updates of the commitments (not deleted), newest first. */
export async function updatesOf(db: Db, commitmentIds: string[]): Promise<UpdateRow[]> {
  if (!commitmentIds.length) return [];
  const r = await sql<UpdateRow>`${updateSelect} WHERE u.commitment_id IN (${sql.join(commitmentIds)}) AND u.deleted_at IS NULL
    ORDER BY u.reported_on DESC, u.created_at DESC`.execute(db);
  return r.rows.map(fixUpdate);
}

export async function getUpdate(db: Db, id: string): Promise<UpdateRow | undefined> {
  const r = await sql<UpdateRow>`${updateSelect} WHERE u.id = ${id} AND u.deleted_at IS NULL`.execute(db);
  return r.rows[0] ? fixUpdate(r.rows[0]) : undefined;
}

export async function commitmentIdOfUpdate(db: Db, id: string): Promise<string | undefined> {
  const r = await sql<{ c: string }>`SELECT commitment_id AS c FROM progress_updates WHERE id = ${id} AND deleted_at IS NULL`.execute(db);
  return r.rows[0]?.c;
}

/** Newest updates of the decisions the reader sees, within a scope; for the feed. */
export async function latestUpdateIds(db: Db, reader: Reader, scope: { decisionId?: string; campaignId?: string }, limit: number): Promise<{ id: string; decisionId: string }[]> {
  const r = await sql<{ id: string; decisionId: string }>`
    SELECT u.id, d.id AS "decisionId" FROM progress_updates u JOIN commitments k ON k.id = u.commitment_id JOIN decisions d ON d.id = k.decision_id
     WHERE u.deleted_at IS NULL AND ${decisionVisible(reader, 'd')}
       ${scope.decisionId ? sql`AND d.id = ${scope.decisionId}` : sql``}
       ${scope.campaignId ? sql`AND d.campaign_id = ${scope.campaignId}` : sql``}
     ORDER BY u.reported_on DESC, u.created_at DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function insertUpdate(db: Db, v: {
  commitmentId: string; reportedOn: string; value: number | null; abandoned: boolean; body: string; lang: string | null; source: string;
  documents: { url: string; label?: string }[]; organisationId: string; actorId: string | null; ref?: string | null;
}): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO progress_updates (ref, commitment_id, reported_on, value, abandoned, body, lang, source, documents, organisation_id, created_by)
    VALUES (${v.ref ?? null}, ${v.commitmentId}, ${v.reportedOn}, ${v.value}, ${v.abandoned}, ${v.body}, ${v.lang}, ${v.source},
            ${JSON.stringify(v.documents)}::jsonb, ${v.organisationId}, ${v.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function deleteUpdate(db: Db, id: string, actorId: string): Promise<void> {
  await sql`UPDATE progress_updates SET deleted_at = now(), deleted_by = ${actorId} WHERE id = ${id}`.execute(db);
}

export async function photoCount(db: Db, updateId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM progress_photos WHERE update_id = ${updateId}`.execute(db);
  return r.rows[0]!.n;
}

export async function insertPhoto(db: Db, p: { updateId: string; caption: string; actorId: string | null; photo: ProcessedPhoto }): Promise<string> {
  const { photo } = p;
  const location = photo.location ? sql`ST_SetSRID(ST_MakePoint(${photo.location.lon}::float8, ${photo.location.lat}::float8), 4326)` : sql`NULL`;
  const r = await sql<{ id: string }>`
    INSERT INTO progress_photos (update_id, caption, mime, width, height, bytes, content, thumb, original_type, location, taken_at, created_by)
    VALUES (${p.updateId}, ${p.caption}, 'image/jpeg', ${photo.width}, ${photo.height}, ${photo.jpeg.length},
            ${photo.jpeg}, ${photo.thumb}, ${photo.originalType}, ${location}, ${photo.takenAt}, ${p.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function photoContent(db: Db, updateId: string, photoId: string, size: 'full' | 'thumb'): Promise<{ mime: string; content: Uint8Array } | undefined> {
  const r = await sql<{ mime: string; content: Uint8Array }>`
    SELECT p.mime, ${size === 'thumb' ? sql`p.thumb` : sql`p.content`} AS content
      FROM progress_photos p JOIN progress_updates u ON u.id = p.update_id
     WHERE p.id = ${photoId} AND p.update_id = ${updateId} AND u.deleted_at IS NULL`.execute(db);
  return r.rows[0];
}

export async function upsertVerification(db: Db, v: { updateId: string; organisationId: string; verdict: string; note: string; actorId: string }): Promise<void> {
  await sql`
    INSERT INTO progress_verifications (update_id, organisation_id, verdict, note, verified_by)
    VALUES (${v.updateId}, ${v.organisationId}, ${v.verdict}, ${v.note}, ${v.actorId})
    ON CONFLICT (update_id, organisation_id) DO UPDATE SET verdict = EXCLUDED.verdict, note = EXCLUDED.note,
      verified_by = EXCLUDED.verified_by, verified_at = now()`.execute(db);
}

// ---- reopenings ----

export async function insertReopening(db: Db, commitmentId: string, annotationId: string, actorId: string): Promise<void> {
  await sql`INSERT INTO commitment_reopenings (commitment_id, annotation_id, reopened_by) VALUES (${commitmentId}, ${annotationId}, ${actorId})`.execute(db);
}

export async function reopeningsOf(db: Db, reader: Reader, commitmentIds: string[]): Promise<{ commitmentId: string; annotationId: string; at: string }[]> {
  if (!commitmentIds.length) return [];
  const r = await sql<{ commitmentId: string; annotationId: string; at: string }>`
    SELECT r.commitment_id AS "commitmentId", r.annotation_id AS "annotationId", r.reopened_at AS at
      FROM commitment_reopenings r JOIN annotations a ON a.id = r.annotation_id
     WHERE r.commitment_id IN (${sql.join(commitmentIds)}) AND ${annotationVisible(reader, 'a')} ORDER BY r.reopened_at`.execute(db);
  return r.rows.map((x) => ({ ...x, at: new Date(x.at).toISOString() }));
}

// ---- checks ----

/** The budget line's document organisation (a commitment may cite only its own organisation's budget lines). */
export async function budgetLineOwner(db: Db, lineId: number): Promise<string | undefined> {
  const r = await sql<{ o: string }>`SELECT d.organisation_id AS o FROM budget_lines l JOIN budget_documents d ON d.id = l.document_id WHERE l.id = ${lineId}`.execute(db);
  return r.rows[0]?.o;
}

/** The campaign as the reader sees it, with the reader's relation to it. */
export async function campaignFor(db: Db, reader: Reader, campaignId: string): Promise<{ id: string; ref: string | null; title: I18n; organisationId: string; status: string; relation: Relation } | undefined> {
  const r = await sql<{ id: string; ref: string | null; title: I18n; organisationId: string; status: string; relation: Relation }>`
    SELECT c.id, c.ref, ${i18n('c', 'title')} AS title, c.organisation_id AS "organisationId", c.status, ${campaignRelation(reader, 'c')} AS relation
      FROM campaigns c WHERE c.id = ${campaignId} AND ${campaignVisible(reader, 'c')}`.execute(db);
  return r.rows[0];
}
