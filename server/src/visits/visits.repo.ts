// SQL for checklists and monitoring visits. Every read of a visit filters with visitVisible
// (access/visibility.ts): a draft visit exists only for its organisation and the organisations its
// campaign is shared with. The previous score and the count of visits are taken over the visits the
// reader may see, so a draft never leaks through a "change since last visit".
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { campaignVisible, decisionVisible, visitVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import { findLayer } from '../layers/registry.js';
import type { ProcessedPhoto } from '../photos/photos.image.js';
import { VISIT_LAYERS, type ChecklistEntryT, type VisitStatus } from './visits.schema.js';
import type { Answer } from './visits.score.js';
import type { Checklist, LatestScores, VisitDetail, VisitFeatureRef, VisitSummary } from './visits.types.js';

type Db = Kysely<DB>;
const iso = (c: RawBuilder<unknown>) => sql`to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const names = (a: string) => sql`json_build_object('ky', ${sql.ref(`${a}.name_ky`)}, 'ru', ${sql.ref(`${a}.name_ru`)}, 'en', ${sql.ref(`${a}.name_en`)})`;
const titles = (a: string, p = 'title') => sql`json_build_object('ky', ${sql.ref(`${a}.${p}_ky`)}, 'ru', ${sql.ref(`${a}.${p}_ru`)}, 'en', ${sql.ref(`${a}.${p}_en`)})`;
const tableOf = (layer: string) => sql.table(findLayer(layer)!.table);

/** A feature's name (and kind, for facilities) as JSON, for a visit row of alias `v`. */
const featureJson = (v: string) => sql`CASE ${sql.ref(`${v}.layer`)} ${sql.join(VISIT_LAYERS.map((l) => sql`WHEN ${l} THEN (SELECT json_build_object('layer', ${l}::text, 'id', f.id, 'name', ${names('f')}, 'kind', ${l === 'facilities' ? sql`f.kind` : sql`NULL::text`}) FROM ${tableOf(l)} f WHERE f.id = ${sql.ref(`${v}.feature_id`)})`), sql` `)} END`;
/** Where the score is drawn: the facility's point, a point on the canal section. */
const featurePoint = (v: string) => sql`CASE ${sql.ref(`${v}.layer`)} ${sql.join(VISIT_LAYERS.map((l) => sql`WHEN ${l} THEN (SELECT ST_PointOnSurface(f.geom) FROM ${tableOf(l)} f WHERE f.id = ${sql.ref(`${v}.feature_id`)})`), sql` `)} END`;

// ---- checklists ----

export async function storedChecklists(db: Db): Promise<{ code: string; version: number; sha256: string }[]> {
  const r = await sql<{ code: string; version: number; sha256: string }>`SELECT code, version, sha256 FROM checklists`.execute(db);
  return r.rows;
}

/** Inserts a checklist version with its items; false when that version is already there. */
export async function insertChecklist(db: Db, c: ChecklistEntryT, sha256: string): Promise<boolean> {
  const sections = c.sections.map((s) => ({ code: s.code, ky: s.ky, ru: s.ru, en: s.en }));
  const r = await sql`INSERT INTO checklists (code, version, layer, kind, title_ky, title_ru, title_en, sections, sha256, source)
    VALUES (${c.code}, ${c.version}, ${c.layer}, ${c.kind}, ${c.title.ky}, ${c.title.ru}, ${c.title.en}, ${JSON.stringify(sections)}::jsonb, ${sha256}, ${c.source})
    ON CONFLICT (code, version) DO NOTHING RETURNING code`.execute(db);
  if (!r.rows.length) return false;
  await sql`INSERT INTO checklist_items (checklist_code, checklist_version, code, section, position, weight, text_ky, text_ru, text_en)
    SELECT ${c.code}, ${c.version}, i->>'code', i->>'section', (ord - 1)::int, (i->>'weight')::int, i->>'ky', i->>'ru', i->>'en'
    FROM jsonb_array_elements(${JSON.stringify(c.items)}::jsonb) WITH ORDINALITY AS x(i, ord)`.execute(db);
  return true;
}

const checklistJson = sql`json_build_object('code', k.code, 'version', k.version, 'layer', k.layer, 'kind', k.kind, 'title', ${titles('k')}, 'source', k.source,
  'sections', (SELECT json_agg(json_build_object('code', s->>'code', 'title', json_build_object('ky', s->>'ky', 'ru', s->>'ru', 'en', s->>'en')) ORDER BY o) FROM jsonb_array_elements(k.sections) WITH ORDINALITY AS y(s, o)),
  'items', (SELECT json_agg(json_build_object('code', i.code, 'section', i.section, 'weight', i.weight, 'text', json_build_object('ky', i.text_ky, 'ru', i.text_ru, 'en', i.text_en)) ORDER BY i.position)
            FROM checklist_items i WHERE i.checklist_code = k.code AND i.checklist_version = k.version))`;

/** The newest version of each checklist (optionally of one code, or those for a layer and kind). */
export async function currentChecklists(db: Db, f: { code?: string; layer?: string; kind?: string | null } = {}): Promise<Checklist[]> {
  const conds: RawBuilder<unknown>[] = [sql`k.version = (SELECT max(k2.version) FROM checklists k2 WHERE k2.code = k.code)`];
  if (f.code) conds.push(sql`k.code = ${f.code}`);
  if (f.layer) conds.push(sql`k.layer = ${f.layer} AND (k.kind IS NULL OR k.kind = ${f.kind ?? null})`);
  const r = await sql<{ j: Checklist }>`SELECT ${checklistJson} AS j FROM checklists k WHERE ${sql.join(conds, sql` AND `)} ORDER BY k.layer, k.code`.execute(db);
  return r.rows.map((x) => x.j);
}

// ---- what a visit refers to ----

export async function feature(db: Db, layer: string, id: number): Promise<VisitFeatureRef | undefined> {
  const r = await sql<{ j: VisitFeatureRef }>`SELECT ${featureJson('v')} AS j FROM (SELECT ${layer}::text AS layer, ${id}::bigint AS feature_id) v`.execute(db);
  return r.rows[0]?.j ?? undefined;
}

export async function campaign(db: Db, id: string): Promise<{ organisationId: string; status: string } | undefined> {
  const r = await sql<{ organisation_id: string; status: string }>`SELECT organisation_id, status FROM campaigns WHERE id = ${id}`.execute(db);
  return r.rows[0] ? { organisationId: r.rows[0].organisation_id, status: r.rows[0].status } : undefined;
}

export async function campaignVisibleTo(db: Db, reader: Reader, id: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM campaigns c WHERE c.id = ${id} AND ${campaignVisible(reader, 'c')}`.execute(db);
  return r.rows.length > 0;
}

export { campaignIdByRef } from '../campaigns/campaigns.repo.js';

export async function campaignsOfOrganisation(db: Db, orgId: string): Promise<{ id: string; title: VisitDetail['campaign']['title']; status: string }[]> {
  const r = await sql<{ j: { id: string; title: VisitDetail['campaign']['title']; status: string } }>`
    SELECT json_build_object('id', c.id, 'title', ${titles('c')}, 'status', c.status) AS j FROM campaigns c
    WHERE c.organisation_id = ${orgId} AND c.status <> 'archived' ORDER BY c.updated_at DESC, c.id`.execute(db);
  return r.rows.map((x) => x.j);
}

/** Commitments of the given campaigns (their decisions' campaign). */
export async function commitmentsOfCampaigns(db: Db, campaignIds: string[]): Promise<{ id: string; campaignId: string; title: VisitDetail['campaign']['title'] }[]> {
  if (!campaignIds.length) return [];
  const r = await sql<{ j: { id: string; campaignId: string; title: VisitDetail['campaign']['title'] } }>`
    SELECT json_build_object('id', c.id, 'campaignId', d.campaign_id, 'title', ${titles('c')}) AS j
    FROM commitments c JOIN decisions d ON d.id = c.decision_id
    WHERE d.campaign_id = ANY (${campaignIds}::uuid[]) ORDER BY d.decided_on, d.id, c.position, c.id`.execute(db);
  return r.rows.map((x) => x.j);
}

// ---- writing ----

export interface NewVisit {
  ref?: string | null; organisationId: string; campaignId: string; layer: string; featureId: number;
  checklistCode: string; checklistVersion: number; visitedOn: string; score: number; applicable: number;
  note: string; lang: string | null; status: VisitStatus; source: string | null; sourceDate: string | null; licence: string | null;
  provenance: string; createdBy: string | null;
}

export async function insertVisit(db: Db, v: NewVisit): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO visits (ref, organisation_id, campaign_id, layer, feature_id, checklist_code, checklist_version, visited_on, score, applicable,
                        note, lang, status, source, source_date, licence, provenance, created_by)
    VALUES (${v.ref ?? null}, ${v.organisationId}, ${v.campaignId}, ${v.layer}, ${v.featureId}, ${v.checklistCode}, ${v.checklistVersion}, ${v.visitedOn}::date,
            ${v.score}, ${v.applicable}, ${v.note}, ${v.lang}, ${v.status}, ${v.source}, ${v.sourceDate}::date, ${v.licence}, ${v.provenance}, ${v.createdBy})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function insertAnswers(db: Db, visitId: string, code: string, version: number, answers: { item: string; answer: Answer; note?: string }[]): Promise<void> {
  await sql`INSERT INTO visit_answers (visit_id, checklist_code, checklist_version, item_code, answer, note)
    SELECT ${visitId}, ${code}, ${version}, a->>'item', a->>'answer', COALESCE(a->>'note', '')
    FROM jsonb_array_elements(${JSON.stringify(answers)}::jsonb) a`.execute(db);
}

export async function replaceCommitments(db: Db, visitId: string, commitmentIds: string[]): Promise<void> {
  await sql`DELETE FROM visit_commitments WHERE visit_id = ${visitId}`.execute(db);
  if (commitmentIds.length) {
    await sql`INSERT INTO visit_commitments (visit_id, commitment_id) SELECT ${visitId}, unnest(${commitmentIds}::uuid[])`.execute(db);
  }
}

export async function updateVisit(db: Db, id: string, p: { status?: VisitStatus }): Promise<void> {
  await sql`UPDATE visits SET status = COALESCE(${p.status ?? null}, status), version = version + 1 WHERE id = ${id}`.execute(db);
}

export async function deleteVisit(db: Db, id: string): Promise<void> {
  await sql`DELETE FROM visits WHERE id = ${id}`.execute(db);
}

export async function lockVisit(db: Db, id: string): Promise<void> {
  await sql`SELECT 1 FROM visits WHERE id = ${id} FOR UPDATE`.execute(db);
}

export async function insertPhoto(db: Db, p: { visitId: string; item: string | null; caption: string; actorId: string; photo: ProcessedPhoto }): Promise<string> {
  const { photo } = p;
  const location = photo.location ? sql`ST_SetSRID(ST_MakePoint(${photo.location.lon}::float8, ${photo.location.lat}::float8), 4326)` : sql`NULL`;
  const r = await sql<{ id: string }>`
    INSERT INTO visit_photos (visit_id, item_code, caption, mime, width, height, bytes, content, thumb, original_type, location, taken_at, created_by)
    VALUES (${p.visitId}, ${p.item}, ${p.caption}, 'image/jpeg', ${photo.width}, ${photo.height}, ${photo.jpeg.length},
            ${photo.jpeg}, ${photo.thumb}, ${photo.originalType}, ${location}, ${photo.takenAt}, ${p.actorId})
    RETURNING id`.execute(db);
  await sql`UPDATE visits SET version = version + 1 WHERE id = ${p.visitId}`.execute(db);
  return r.rows[0]!.id;
}

export async function countPhotos(db: Db, visitId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM visit_photos WHERE visit_id = ${visitId}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export async function photoContent(db: Db, reader: Reader, visitId: string, photoId: string, size: 'full' | 'thumb'): Promise<{ id: string; content: Uint8Array; mime: string } | undefined> {
  const column = size === 'thumb' ? sql.ref('p.thumb') : sql.ref('p.content');
  const r = await sql<{ id: string; content: Uint8Array; mime: string }>`
    SELECT p.id, ${column} AS content, p.mime FROM visit_photos p JOIN visits v ON v.id = p.visit_id
    WHERE p.id = ${photoId} AND p.visit_id = ${visitId} AND ${visitVisible(reader, 'v')}`.execute(db);
  return r.rows[0];
}

// ---- reading visits ----

export interface VisitFilter { campaign?: string; layer?: string; feature?: number; id?: string }

/**
 * The visible visits with, per visit, the score of the visible visit before it on the same feature and
 * checklist, the number of such visits and its rank from the newest (1 = latest). Columns of `visits`
 * plus previous_score, n, rn.
 */
function visibleVisits(reader: Reader, f: VisitFilter): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [visitVisible(reader, 'v')];
  if (f.campaign) conds.push(sql`v.campaign_id = ${f.campaign}`);
  if (f.layer) conds.push(sql`v.layer = ${f.layer} AND v.feature_id = ${f.feature ?? 0}`);
  const series = sql`PARTITION BY v.layer, v.feature_id, v.checklist_code, v.campaign_id`;
  return sql`SELECT v.*,
      lag(v.score) OVER (${series} ORDER BY v.visited_on, v.created_at, v.id) AS previous_score,
      count(*) OVER (${series}) AS n,
      row_number() OVER (${series} ORDER BY v.visited_on DESC, v.created_at DESC, v.id DESC) AS rn
    FROM visits v WHERE ${sql.join(conds, sql` AND `)}`;
}

const summaryJson = sql`json_build_object(
  'id', v.id,
  'campaign', json_build_object('id', c.id, 'title', ${titles('c')}),
  'organisation', json_build_object('id', o.id, 'slug', o.slug, 'names', ${names('o')}),
  'feature', ${featureJson('v')},
  'checklist', json_build_object('code', k.code, 'version', k.version, 'title', ${titles('k')}),
  'visitedOn', v.visited_on::text, 'score', v.score,
  'band', CASE WHEN v.score >= 80 THEN 'good' WHEN v.score >= 50 THEN 'fair' ELSE 'poor' END,
  'applicable', v.applicable, 'previousScore', v.previous_score,
  'status', v.status, 'provenance', v.provenance, 'source', v.source, 'sourceDate', v.source_date::text, 'licence', v.licence,
  'photos', (SELECT count(*)::int FROM visit_photos p WHERE p.visit_id = v.id),
  'version', v.version, 'createdAt', ${iso(sql`v.created_at`)})`;

const fromVisible = (reader: Reader, f: VisitFilter) => sql`FROM (${visibleVisits(reader, f)}) v
  JOIN campaigns c ON c.id = v.campaign_id JOIN organisations o ON o.id = v.organisation_id
  JOIN checklists k ON k.code = v.checklist_code AND k.version = v.checklist_version`;

export async function listVisits(db: Db, reader: Reader, f: VisitFilter): Promise<VisitSummary[]> {
  const r = await sql<{ j: VisitSummary }>`SELECT ${summaryJson} AS j ${fromVisible(reader, f)}
    ORDER BY v.visited_on DESC, v.created_at DESC, v.id DESC LIMIT 500`.execute(db);
  return r.rows.map((x) => x.j);
}

export type VisitRow = Omit<VisitDetail, 'permissions'> & { createdBy: string | null; campaignOrganisationId: string };

export async function getVisit(db: Db, reader: Reader, id: string, base: string): Promise<VisitRow | undefined> {
  const r = await sql<{ s: VisitSummary; d: Omit<VisitRow, keyof VisitSummary> }>`
    SELECT ${summaryJson} AS s, json_build_object(
      'note', v.note, 'lang', v.lang, 'createdBy', v.created_by, 'campaignOrganisationId', c.organisation_id,
      'sections', (SELECT json_agg(json_build_object('code', s->>'code', 'title', json_build_object('ky', s->>'ky', 'ru', s->>'ru', 'en', s->>'en')) ORDER BY o) FROM jsonb_array_elements(k.sections) WITH ORDINALITY AS y(s, o)),
      'answers', (SELECT json_agg(json_build_object('item', i.code, 'section', i.section, 'weight', i.weight,
                      'text', json_build_object('ky', i.text_ky, 'ru', i.text_ru, 'en', i.text_en), 'answer', a.answer, 'note', a.note) ORDER BY i.position)
                  FROM visit_answers a JOIN checklist_items i ON i.checklist_code = a.checklist_code AND i.checklist_version = a.checklist_version AND i.code = a.item_code
                  WHERE a.visit_id = v.id),
      'photoList', (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'item', p.item_code, 'caption', p.caption, 'width', p.width, 'height', p.height,
                      'url', ${base} || '/api/visits/' || v.id || '/photos/' || p.id, 'thumbUrl', ${base} || '/api/visits/' || v.id || '/photos/' || p.id || '?size=thumb',
                      'takenAt', ${iso(sql`p.taken_at`)}, 'location', CASE WHEN p.location IS NULL THEN NULL ELSE json_build_array(ST_X(p.location), ST_Y(p.location)) END)
                    ORDER BY p.created_at, p.id), '[]'::json) FROM visit_photos p WHERE p.visit_id = v.id),
      -- linked commitments only where the reader may see their decision
      'commitments', (SELECT COALESCE(json_agg(json_build_object('id', cm.id, 'title', ${titles('cm')}) ORDER BY cm.position, cm.id), '[]'::json)
                      FROM visit_commitments vc JOIN commitments cm ON cm.id = vc.commitment_id JOIN decisions d ON d.id = cm.decision_id
                      WHERE vc.visit_id = v.id AND ${decisionVisible(reader, 'd')})
    ) AS d
    ${fromVisible(reader, { id })} WHERE v.id = ${id}`.execute(db);
  const row = r.rows[0];
  return row ? { ...row.s, ...row.d } : undefined;
}

/** The latest visible visit per feature (and checklist) as points, with the change since the visit before. */
export async function latest(db: Db, reader: Reader, campaign?: string): Promise<LatestScores> {
  const r = await sql<{ j: LatestScores['features'][number] | null }>`
    SELECT json_build_object('type', 'Feature', 'id', v.layer || '/' || v.feature_id || '/' || v.checklist_code || '/' || v.campaign_id,
      'geometry', ST_AsGeoJSON(${featurePoint('v')}, 6)::json,
      'properties', json_build_object('layer', v.layer, 'featureId', v.feature_id, 'name', (${featureJson('v')})->'name', 'visitId', v.id,
        'visitedOn', v.visited_on::text, 'score', v.score, 'band', CASE WHEN v.score >= 80 THEN 'good' WHEN v.score >= 50 THEN 'fair' ELSE 'poor' END,
        'previousScore', v.previous_score, 'change', v.score - v.previous_score, 'visits', v.n, 'checklist', v.checklist_code,
        'provenance', v.provenance, 'status', v.status)) AS j
    FROM (${visibleVisits(reader, { campaign })}) v WHERE v.rn = 1 ORDER BY v.layer, v.feature_id, v.checklist_code`.execute(db);
  return { type: 'FeatureCollection', features: r.rows.map((x) => x.j!).filter((f) => f.geometry) };
}

/** Per feature and checklist of a campaign: the visible visits oldest first, with their commitments the reader may see. */
export async function series(db: Db, reader: Reader, campaign: string): Promise<{
  layer: string; featureId: number; name: VisitFeatureRef['name']; code: string; title: Checklist['title'];
  visits: { id: string; visitedOn: string; score: number; photos: number }[]; commitmentIds: string[];
}[]> {
  const r = await sql<{ j: { layer: string; featureId: number; name: VisitFeatureRef['name']; code: string; title: Checklist['title']; visits: { id: string; visitedOn: string; score: number; photos: number }[]; commitmentIds: string[] | null } }>`
    WITH vv AS (${visibleVisits(reader, { campaign })})
    SELECT json_build_object('layer', g.layer, 'featureId', g.feature_id, 'name', (${featureJson('g')})->'name', 'code', g.checklist_code,
      'title', (SELECT ${titles('k')} FROM checklists k WHERE k.code = g.checklist_code ORDER BY k.version DESC LIMIT 1),
      'visits', (SELECT json_agg(json_build_object('id', v.id, 'visitedOn', v.visited_on::text, 'score', v.score,
                   'photos', (SELECT count(*)::int FROM visit_photos p WHERE p.visit_id = v.id)) ORDER BY v.visited_on, v.created_at, v.id)
                 FROM vv v WHERE v.layer = g.layer AND v.feature_id = g.feature_id AND v.checklist_code = g.checklist_code),
      'commitmentIds', (SELECT json_agg(DISTINCT vc.commitment_id) FROM vv v JOIN visit_commitments vc ON vc.visit_id = v.id
                          JOIN commitments cm ON cm.id = vc.commitment_id JOIN decisions d ON d.id = cm.decision_id
                        WHERE v.layer = g.layer AND v.feature_id = g.feature_id AND v.checklist_code = g.checklist_code AND ${decisionVisible(reader, 'd')})) AS j
    FROM (SELECT DISTINCT layer, feature_id, checklist_code FROM vv) g ORDER BY g.layer, g.feature_id, g.checklist_code`.execute(db);
  return r.rows.map((x) => ({ ...x.j, featureId: Number(x.j.featureId), commitmentIds: (x.j.commitmentIds ?? []).sort() }));
}
