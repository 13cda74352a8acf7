// THE visibility rule, as SQL. Every read path for annotations — list, get, comments, history,
// timeline, the GeoJSON layer, the vector tiles, council statistics — filters with
// annotationVisible(); campaigns with campaignVisible(), the same rule for campaigns.
//
//   The public sees annotations past the draft stage (published, submitted, …, rejected, reopened).
//   A signed-in member additionally sees everything of their own organisation (drafts included) and
//   everything in campaigns shared with their organisation for review.
//   Soft-deleted rows are invisible, except in the owning organisation's trash (deleted: 'only').
//
// Something a reader cannot see does not exist for them: the API answers 404, never 403.
import { sql, type RawBuilder } from 'kysely';
import { col } from '../db/postgis.js';
import type { Reader } from './viewer.js';

export const DRAFT = 'draft';

function sharedWithReader(reader: Reader, campaignIdCol: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM campaign_shares vs WHERE vs.campaign_id = ${campaignIdCol} AND vs.organisation_id = ${reader.orgId})`;
}

/** The reader's relation to a row: 'owner' (its organisation), 'reviewer' (shared with) or 'outsider'. */
function relation(reader: Reader, orgCol: RawBuilder<unknown>, campaignIdCol: RawBuilder<unknown>): RawBuilder<'owner' | 'reviewer' | 'outsider'> {
  if (!reader.orgId) return sql`'outsider'::text`;
  return sql`CASE WHEN ${orgCol} = ${reader.orgId} THEN 'owner' WHEN ${sharedWithReader(reader, campaignIdCol)} THEN 'reviewer' ELSE 'outsider' END`;
}

/** The one predicate on annotations (alias `a` by default). */
export function annotationVisible(reader: Reader, alias = 'a', opts: { deleted?: 'exclude' | 'only' } = {}): RawBuilder<boolean> {
  const a = (c: string) => col(alias, c);
  if (opts.deleted === 'only') {
    // The trash: only the owning organisation sees its deleted annotations (editors restore them).
    if (!reader.orgId) return sql<boolean>`FALSE`;
    return sql<boolean>`(${a('deleted_at')} IS NOT NULL AND ${a('organisation_id')} = ${reader.orgId})`;
  }
  const published = sql`${a('status')} <> ${DRAFT}`;
  if (!reader.orgId) return sql<boolean>`(${a('deleted_at')} IS NULL AND ${published})`;
  return sql<boolean>`(${a('deleted_at')} IS NULL AND (${published} OR ${a('organisation_id')} = ${reader.orgId} OR ${sharedWithReader(reader, a('campaign_id'))}))`;
}

export function annotationRelation(reader: Reader, alias = 'a') {
  return relation(reader, col(alias, 'organisation_id'), col(alias, 'campaign_id'));
}

/** The same rule for campaigns (alias `c` by default): drafts only for the owner and the organisations it is shared with. */
export function campaignVisible(reader: Reader, alias = 'c'): RawBuilder<boolean> {
  const c = (x: string) => col(alias, x);
  const published = sql`${c('status')} <> ${DRAFT}`;
  if (!reader.orgId) return sql<boolean>`${published}`;
  return sql<boolean>`(${published} OR ${c('organisation_id')} = ${reader.orgId} OR ${sharedWithReader(reader, c('id'))})`;
}

export function campaignRelation(reader: Reader, alias = 'c') {
  return relation(reader, col(alias, 'organisation_id'), col(alias, 'id'));
}

/** The same rule for budget documents (alias `b` by default): drafts only for the owner and the organisations its campaign is shared with. */
export function budgetVisible(reader: Reader, alias = 'b'): RawBuilder<boolean> {
  const b = (x: string) => col(alias, x);
  const published = sql`${b('status')} = 'published'`;
  if (!reader.orgId) return sql<boolean>`${published}`;
  return sql<boolean>`(${published} OR ${b('organisation_id')} = ${reader.orgId} OR ${sharedWithReader(reader, b('campaign_id'))})`;
}

/**
 * The same rule for council decisions (alias `d` by default) and everything under them (commitments,
 * progress updates, photos, verifications): drafts only for the owner and the organisations its
 * campaign is shared with; published decisions for everyone.
 */
export function decisionVisible(reader: Reader, alias = 'd'): RawBuilder<boolean> {
  const d = (x: string) => col(alias, x);
  const published = sql`${d('status')} = 'published'`;
  if (!reader.orgId) return sql<boolean>`${published}`;
  return sql<boolean>`(${published} OR ${d('organisation_id')} = ${reader.orgId} OR ${sharedWithReader(reader, d('campaign_id'))})`;
}

export function decisionRelation(reader: Reader, alias = 'd') {
  return relation(reader, col(alias, 'organisation_id'), col(alias, 'campaign_id'));
}
