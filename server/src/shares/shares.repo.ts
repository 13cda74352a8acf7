// SQL for share links. Only the SHA-256 of a token is stored and looked up.
import { sql, type Kysely } from 'kysely';
import { asGeoJson } from '../db/postgis.js';
import type { DB } from '../db/schema.js';

export interface ShareLinkRow {
  id: string;
  campaign_id: string;
  label: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = sql`l.id, l.campaign_id, l.label, l.created_at, l.expires_at, l.revoked_at`;

export async function insertShareLink(db: Kysely<DB>, v: { campaignId: string; tokenHash: string; label: string | null; expiresAt: Date | null; actorId: string }): Promise<ShareLinkRow> {
  const r = await sql<ShareLinkRow>`
    INSERT INTO share_links AS l (campaign_id, token_hash, label, expires_at, created_by)
    VALUES (${v.campaignId}, ${v.tokenHash}, ${v.label}, ${v.expiresAt}, ${v.actorId})
    RETURNING ${COLUMNS}`.execute(db);
  return r.rows[0]!;
}

export async function listShareLinks(db: Kysely<DB>, campaignId: string): Promise<ShareLinkRow[]> {
  const r = await sql<ShareLinkRow>`SELECT ${COLUMNS} FROM share_links l WHERE l.campaign_id = ${campaignId} ORDER BY l.created_at DESC, l.id LIMIT 1000`.execute(db);
  return r.rows;
}

/** Revokes a link of the campaign (a second revoke keeps the first date). False when there is no such link. */
export async function revokeShareLink(db: Kysely<DB>, campaignId: string, linkId: string, actorId: string): Promise<boolean> {
  const r = await sql<{ id: string }>`
    UPDATE share_links SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, ${actorId})
    WHERE id = ${linkId} AND campaign_id = ${campaignId} RETURNING id`.execute(db);
  return r.rows.length > 0;
}

/** The live link with this token hash: not revoked, not expired. */
export async function findLiveShareLink(db: Kysely<DB>, tokenHash: string): Promise<ShareLinkRow | undefined> {
  const r = await sql<ShareLinkRow>`
    SELECT ${COLUMNS} FROM share_links l
    WHERE l.token_hash = ${tokenHash} AND l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > now())`.execute(db);
  return r.rows[0];
}

export interface SharedCampaignRow {
  id: string;
  ref: string | null;
  organisation_id: string;
  org_name_ky: string | null; org_name_ru: string | null; org_name_en: string | null;
  title_ky: string | null; title_ru: string | null; title_en: string | null;
  description_ky: string | null; description_ru: string | null; description_en: string | null;
  target_council_ky: string | null; target_council_ru: string | null; target_council_en: string | null;
  status: string;
  area: unknown;
  xmin: number; ymin: number; xmax: number; ymax: number;
}

/** The campaign behind a live link. No visibility filter: holding the link is the permission its owner gave. */
export async function sharedCampaign(db: Kysely<DB>, campaignId: string): Promise<SharedCampaignRow | undefined> {
  const r = await sql<SharedCampaignRow>`
    SELECT c.id, c.ref, c.organisation_id, o.name_ky AS org_name_ky, o.name_ru AS org_name_ru, o.name_en AS org_name_en,
           c.title_ky, c.title_ru, c.title_en, c.description_ky, c.description_ru, c.description_en, c.target_council_ky, c.target_council_ru, c.target_council_en, c.status,
           ${asGeoJson(sql`c.area`)} AS area,
           ST_XMin(c.area)::float8 AS xmin, ST_YMin(c.area)::float8 AS ymin, ST_XMax(c.area)::float8 AS xmax, ST_YMax(c.area)::float8 AS ymax
    FROM campaigns c JOIN organisations o ON o.id = c.organisation_id
    WHERE c.id = ${campaignId}`.execute(db);
  return r.rows[0];
}
