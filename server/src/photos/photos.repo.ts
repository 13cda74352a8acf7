// SQL for evidence photos. Every read goes through the annotation's visibility rule: a photo of an
// annotation you cannot see does not exist for you.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { annotationVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import type { ProcessedPhoto } from './photos.image.js';

export async function insertPhoto(db: Kysely<DB>, p: { annotationId: string; caption: string; actorId: string; photo: ProcessedPhoto }): Promise<string> {
  const { photo } = p;
  const location = photo.location ? sql`ST_SetSRID(ST_MakePoint(${photo.location.lon}::float8, ${photo.location.lat}::float8), 4326)` : sql`NULL`;
  const r = await sql<{ id: string }>`
    INSERT INTO annotation_photos (annotation_id, caption, mime, width, height, bytes, content, thumb, original_type, location, taken_at, created_by)
    VALUES (${p.annotationId}, ${p.caption}, 'image/jpeg', ${photo.width}, ${photo.height}, ${photo.jpeg.length},
            ${photo.jpeg}, ${photo.thumb}, ${photo.originalType}, ${location}, ${photo.takenAt}, ${p.actorId})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export interface PhotoContentRow { id: string; content: Uint8Array; mime: string }

/** The image (or its thumbnail) of a live photo of an annotation the reader may see. */
export async function photoContent(db: Kysely<DB>, reader: Reader, annotationId: string, photoId: string, size: 'full' | 'thumb'): Promise<PhotoContentRow | undefined> {
  const column = size === 'thumb' ? sql.ref('p.thumb') : sql.ref('p.content');
  const r = await sql<PhotoContentRow>`
    SELECT p.id, ${column} AS content, p.mime
    FROM annotation_photos p JOIN annotations a ON a.id = p.annotation_id
    WHERE p.id = ${photoId} AND p.annotation_id = ${annotationId} AND p.deleted_at IS NULL AND ${annotationVisible(reader, 'a')}`.execute(db);
  return r.rows[0];
}

export async function livePhotoExists(db: Kysely<DB>, annotationId: string, photoId: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM annotation_photos WHERE id = ${photoId} AND annotation_id = ${annotationId} AND deleted_at IS NULL`.execute(db);
  return r.rows.length > 0;
}

export async function countLivePhotos(db: Kysely<DB>, annotationId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotation_photos WHERE annotation_id = ${annotationId} AND deleted_at IS NULL`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export async function softDeletePhoto(db: Kysely<DB>, photoId: string, actorId: string): Promise<void> {
  await sql`UPDATE annotation_photos SET deleted_at = now(), deleted_by = ${actorId} WHERE id = ${photoId} AND deleted_at IS NULL`.execute(db);
}

/** The JSON list of an annotation's live photos, for the annotation's own SELECT (alias `a`). */
export const photosJson = sql`(
  SELECT coalesce(json_agg(json_build_object(
           'id', p.id, 'caption', p.caption, 'width', p.width, 'height', p.height, 'bytes', p.bytes,
           'lon', ST_X(p.location), 'lat', ST_Y(p.location), 'taken_at', p.taken_at, 'created_at', p.created_at)
         ORDER BY p.created_at, p.id), '[]'::json)
  FROM annotation_photos p WHERE p.annotation_id = a.id AND p.deleted_at IS NULL)`;
