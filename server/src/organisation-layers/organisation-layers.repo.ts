// SQL of organisation layers' own records (their rows are read through the layer registry).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';

export interface OrgLayerRecord { id: string; organisation_id: string; status: string; deleted_at: string | null }

export async function getOrgLayer(db: Kysely<DB>, id: string): Promise<OrgLayerRecord | undefined> {
  const r = await sql<OrgLayerRecord>`SELECT id, organisation_id, status, deleted_at::text AS deleted_at FROM organisation_layers WHERE id = ${id}`.execute(db);
  return r.rows[0];
}

export async function patchOrgLayer(db: Kysely<DB>, id: string, v: { status?: string; title?: object; description?: object; style?: object }) {
  const sets: RawBuilder<unknown>[] = [];
  if (v.status) sets.push(sql`status = ${v.status}`);
  if (v.title) sets.push(sql`title = ${JSON.stringify(v.title)}::jsonb`);
  if (v.description) sets.push(sql`description = ${JSON.stringify(v.description)}::jsonb`);
  if (v.style) sets.push(sql`style = style || ${JSON.stringify(v.style)}::jsonb`);
  if (sets.length) await sql`UPDATE organisation_layers SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export async function softDeleteOrgLayer(db: Kysely<DB>, id: string) {
  await sql`UPDATE organisation_layers SET deleted_at = now() WHERE id = ${id} AND deleted_at IS NULL`.execute(db);
}
