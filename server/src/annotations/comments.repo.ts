// SQL for comments. Reads go through the annotation's visibility rule.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { annotationVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';

export interface CommentRow {
  id: string; annotation_id: string; body: string; created_at: Date; deleted_at: Date | null; author_id: string;
  author_name: string; author_public: boolean; author_org: string; author_org_ky: string | null; author_org_ru: string | null; author_org_en: string | null;
}

const SELECT = sql`
  SELECT c.id, c.annotation_id, c.body, c.created_at, c.deleted_at, c.author_id,
         u.display_name AS author_name, u.show_name_publicly AS author_public, u.organisation_id AS author_org,
         o.name_ky AS author_org_ky, o.name_ru AS author_org_ru, o.name_en AS author_org_en
  FROM annotation_comments c
  JOIN annotations a ON a.id = c.annotation_id
  JOIN users u ON u.id = c.author_id
  JOIN organisations o ON o.id = u.organisation_id`;

export async function listComments(db: Kysely<DB>, reader: Reader, annotationId: string, limit: number): Promise<CommentRow[]> {
  const r = await sql<CommentRow>`${SELECT} WHERE c.annotation_id = ${annotationId} AND ${annotationVisible(reader, 'a')} ORDER BY c.created_at, c.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function getComment(db: Kysely<DB>, reader: Reader, annotationId: string, commentId: string): Promise<CommentRow | undefined> {
  const r = await sql<CommentRow>`${SELECT} WHERE c.id = ${commentId} AND c.annotation_id = ${annotationId} AND ${annotationVisible(reader, 'a')}`.execute(db);
  return r.rows[0];
}

export async function insertComment(db: Kysely<DB>, annotationId: string, authorId: string, body: string): Promise<string> {
  const r = await db.insertInto('annotation_comments').values({ annotation_id: annotationId, author_id: authorId, body }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function softDeleteComment(db: Kysely<DB>, commentId: string, actorId: string): Promise<void> {
  await db.updateTable('annotation_comments').set({ deleted_at: sql<Date>`now()`, deleted_by: actorId }).where('id', '=', commentId).where('deleted_at', 'is', null).execute();
}
