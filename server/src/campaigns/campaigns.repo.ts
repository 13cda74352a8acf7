// SQL for campaigns and their sharing. Reads filter with campaignVisible (access/visibility.ts).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { asGeoJson } from '../db/postgis.js';
import type { DB } from '../db/schema.js';
import { annotationVisible, campaignRelation, campaignVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import type { Geometry } from '../geo/geometry.js';

export type CampaignGeometry = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;
import { fromGeoJson } from '../geo/geometry.repo.js';
import type { CampaignStatus, Relation } from '../annotations/annotations.rules.js';

export interface CampaignRow {
  id: string;
  organisation_id: string;
  org_slug: string; org_name_ky: string | null; org_name_ru: string | null; org_name_en: string | null;
  title_ky: string | null; title_ru: string | null; title_en: string | null;
  description_ky: string | null; description_ru: string | null; description_en: string | null;
  recommendations_ky: string | null; recommendations_ru: string | null; recommendations_en: string | null;
  ref: string | null;
  target_council_ky: string | null; target_council_ru: string | null; target_council_en: string | null;
  status: CampaignStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** The area of interest: a polygon or multipolygon (the table's CHECK). */
  geometry: CampaignGeometry;
  relation: Relation;
  shared_with: { id: string; slug: string; name_ky: string | null; name_ru: string | null; name_en: string | null }[];
  annotation_count: number;
}

function selectSql(reader: Reader, where: RawBuilder<unknown>, tail: RawBuilder<unknown> = sql``) {
  return sql<CampaignRow>`
    SELECT c.id, c.organisation_id, o.slug AS org_slug, o.name_ky AS org_name_ky, o.name_ru AS org_name_ru, o.name_en AS org_name_en,
           c.title_ky, c.title_ru, c.title_en, c.description_ky, c.description_ru, c.description_en,
           c.recommendations_ky, c.recommendations_ru, c.recommendations_en, c.ref,
           c.target_council_ky, c.target_council_ru, c.target_council_en, c.status, c.version, c.created_at, c.updated_at,
           ${asGeoJson(sql`c.area`)} AS geometry,
           ${campaignRelation(reader, 'c')} AS relation,
           (SELECT COALESCE(json_agg(json_build_object('id', so.id, 'slug', so.slug, 'name_ky', so.name_ky, 'name_ru', so.name_ru, 'name_en', so.name_en) ORDER BY so.slug), '[]'::json)
              FROM campaign_shares sh JOIN organisations so ON so.id = sh.organisation_id WHERE sh.campaign_id = c.id) AS shared_with,
           (SELECT count(*)::int FROM annotations a WHERE a.campaign_id = c.id AND ${annotationVisible(reader, 'a')}) AS annotation_count
    FROM campaigns c
    JOIN organisations o ON o.id = c.organisation_id
    WHERE ${campaignVisible(reader, 'c')} AND ${where}
    ${tail}`;
}

export async function listCampaigns(db: Kysely<DB>, reader: Reader, f: { organisation?: string; status?: string[] }, limit: number, offset: number): Promise<{ rows: CampaignRow[]; matched: number }> {
  const conds: RawBuilder<unknown>[] = [sql`TRUE`];
  if (f.organisation) conds.push(sql`c.organisation_id = ${f.organisation}`);
  if (f.status?.length) conds.push(sql`c.status IN (${sql.join(f.status)})`);
  const where = sql.join(conds, sql` AND `);
  const rows = await selectSql(reader, where, sql`ORDER BY c.created_at, c.id LIMIT ${limit} OFFSET ${offset}`).execute(db);
  const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM campaigns c WHERE ${campaignVisible(reader, 'c')} AND ${where}`.execute(db);
  return { rows: rows.rows, matched: Number(n.rows[0]?.n ?? 0) };
}

export async function getCampaign(db: Kysely<DB>, reader: Reader, id: string): Promise<CampaignRow | undefined> {
  return (await selectSql(reader, sql`c.id = ${id}`).execute(db)).rows[0];
}

export async function lockCampaign(db: Kysely<DB>, reader: Reader, id: string): Promise<boolean> {
  const r = await sql`SELECT c.id FROM campaigns c WHERE c.id = ${id} AND ${campaignVisible(reader, 'c')} FOR UPDATE`.execute(db);
  return r.rows.length > 0;
}

export interface CampaignValues {
  title: { ky?: string | null; ru?: string | null; en?: string | null };
  description?: { ky?: string | null; ru?: string | null; en?: string | null };
  recommendations?: { ky?: string | null; ru?: string | null; en?: string | null };
  targetCouncil: { ky?: string | null; ru?: string | null; en?: string | null };
  status: CampaignStatus;
}

export async function insertCampaign(db: Kysely<DB>, v: CampaignValues & { organisationId: string; geometry: Geometry; actorId: string | null; ref?: string }): Promise<string> {
  const d = v.description ?? {};
  const rec = v.recommendations ?? {};
  const r = await sql<{ id: string }>`
    INSERT INTO campaigns (ref, organisation_id, title_ky, title_ru, title_en, description_ky, description_ru, description_en,
      recommendations_ky, recommendations_ru, recommendations_en, target_council_ky, target_council_ru, target_council_en, status, area, created_by, updated_by)
    VALUES (${v.ref ?? null}, ${v.organisationId}, ${v.title.ky ?? null}, ${v.title.ru ?? null}, ${v.title.en ?? null},
      ${d.ky ?? null}, ${d.ru ?? null}, ${d.en ?? null}, ${rec.ky || null}, ${rec.ru || null}, ${rec.en || null}, ${v.targetCouncil.ky || null}, ${v.targetCouncil.ru || null}, ${v.targetCouncil.en || null}, ${v.status}, ${fromGeoJson(v.geometry)}, ${v.actorId}, ${v.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function updateCampaign(db: Kysely<DB>, id: string, actorId: string | null, v: Partial<CampaignValues> & { geometry?: Geometry }): Promise<void> {
  const sets: RawBuilder<unknown>[] = [sql`version = version + 1`, sql`updated_by = ${actorId}`];
  const i18n = (prefix: string, t: { ky?: string | null; ru?: string | null; en?: string | null }) => {
    for (const l of ['ky', 'ru', 'en'] as const) if (t[l] !== undefined) sets.push(sql`${sql.ref(`${prefix}_${l}`)} = ${t[l] === '' ? null : t[l]}`);
  };
  if (v.title) i18n('title', v.title);
  if (v.description) i18n('description', v.description);
  if (v.recommendations) i18n('recommendations', v.recommendations);
  if (v.targetCouncil) i18n('target_council', v.targetCouncil);
  if (v.status !== undefined) sets.push(sql`status = ${v.status}`);
  if (v.geometry) sets.push(sql`area = ${fromGeoJson(v.geometry)}`);
  await sql`UPDATE campaigns SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export async function replaceShares(db: Kysely<DB>, campaignId: string, orgIds: string[]): Promise<void> {
  await db.deleteFrom('campaign_shares').where('campaign_id', '=', campaignId).where('organisation_id', 'not in', orgIds.length ? orgIds : ['00000000-0000-0000-0000-000000000000']).execute();
  if (orgIds.length) {
    await db.insertInto('campaign_shares').values(orgIds.map((o) => ({ campaign_id: campaignId, organisation_id: o })))
      .onConflict((oc) => oc.columns(['campaign_id', 'organisation_id']).doNothing()).execute();
  }
}

export async function insertCampaignHistory(db: Kysely<DB>, h: { campaignId: string; version: number; action: 'create' | 'update'; actorId: string | null; before: unknown; after: unknown }): Promise<void> {
  await sql`INSERT INTO campaign_history (campaign_id, version, action, actor_id, before, after)
    VALUES (${h.campaignId}, ${h.version}, ${h.action}, ${h.actorId}, ${h.before === null ? null : JSON.stringify(h.before)}::jsonb, ${JSON.stringify(h.after)}::jsonb)`.execute(db);
}

export interface CampaignHistoryRow {
  id: number; version: number; action: string; at: Date; before: unknown; after: unknown;
  actor_name: string | null; actor_public: boolean | null; actor_org: string | null; actor_org_ky: string | null; actor_org_ru: string | null; actor_org_en: string | null;
}

export async function listCampaignHistory(db: Kysely<DB>, reader: Reader, id: string): Promise<CampaignHistoryRow[]> {
  const r = await sql<CampaignHistoryRow>`
    SELECT h.id, h.version, h.action, h.at, h.before, h.after,
           u.display_name AS actor_name, u.show_name_publicly AS actor_public, u.organisation_id AS actor_org,
           o.name_ky AS actor_org_ky, o.name_ru AS actor_org_ru, o.name_en AS actor_org_en
    FROM campaign_history h
    JOIN campaigns c ON c.id = h.campaign_id
    LEFT JOIN users u ON u.id = h.actor_id
    LEFT JOIN organisations o ON o.id = u.organisation_id
    WHERE h.campaign_id = ${id} AND ${campaignVisible(reader, 'c')}
    ORDER BY h.id LIMIT 2000`.execute(db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

/** Annotations of the campaign that the public can see (past draft, not deleted). */
export async function publicAnnotationCount(db: Kysely<DB>, campaignId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotations a WHERE a.campaign_id = ${campaignId} AND ${annotationVisible({ orgId: null }, 'a')}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** A campaign's id by its ref or its demo project id. */
export async function campaignIdByRef(db: Kysely<DB>, ref: string): Promise<string | undefined> {
  // Demo campaigns carry ref demo:campaign-<project> (seed/demo-advocacy.ts); accept the bare project id too.
  const r = await sql<{ id: string }>`SELECT id FROM campaigns WHERE ref IN (${ref}, ${`demo:campaign-${ref}`}) ORDER BY ref = ${ref} DESC LIMIT 1`.execute(db);
  return r.rows[0]?.id;
}
