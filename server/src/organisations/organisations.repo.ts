// Organisations: public facts (names, kind). Users are created through organisations/users.service.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { I18nNullable } from '../i18n/pick.js';

export const orgName = (o: { name_ky: string | null; name_ru: string | null; name_en: string | null }): I18nNullable => ({ ky: o.name_ky, ru: o.name_ru, en: o.name_en });

export async function listOrganisations(db: Kysely<DB>) {
  return db.selectFrom('organisations').select(['id', 'slug', 'name_ky', 'name_ru', 'name_en', 'kind', 'is_demo']).orderBy('slug').execute();
}

export async function findOrganisationBySlug(db: Kysely<DB>, slug: string) {
  return db.selectFrom('organisations').select(['id', 'slug', 'name_ky', 'name_ru', 'name_en', 'kind']).where('slug', '=', slug).executeTakeFirst();
}

export async function existingOrganisationIds(db: Kysely<DB>, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertOrganisation(db: Kysely<DB>, o: { slug: string; name_en?: string | null; name_ru?: string | null; name_ky?: string | null; kind?: string; is_demo?: boolean }) {
  return db.insertInto('organisations').values({
    slug: o.slug, name_en: o.name_en ?? null, name_ru: o.name_ru ?? null, name_ky: o.name_ky ?? null, kind: o.kind ?? 'cso', is_demo: o.is_demo ?? false,
  }).returning(['id', 'slug']).executeTakeFirstOrThrow();
}

export async function insertUser(db: Kysely<DB>, u: { organisation_id: string; email: string; display_name: string; role: 'admin' | 'advocate' | 'engineer'; password_hash: string; show_name_publicly?: boolean; is_demo?: boolean }) {
  return db.insertInto('users').values({ ...u, show_name_publicly: u.show_name_publicly ?? false, is_demo: u.is_demo ?? false }).returning(['id']).executeTakeFirstOrThrow();
}

export async function emailTaken(db: Kysely<DB>, email: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst());
}

/** An admin outside the demo organisations exists (the first admin from the environment is then not created). */
export async function realAdminExists(db: Kysely<DB>): Promise<boolean> {
  const r = await db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select('u.id').where('u.role', '=', 'admin').where('o.is_demo', '=', false).executeTakeFirst();
  return !!r;
}

/** Enabled users with one of `roles` (by e-mail, or in the organisation `orgSlug`), oldest first. */
export async function findActors(db: Kysely<DB>, o: { email?: string; orgSlug?: string; roles: readonly ('admin' | 'advocate' | 'engineer')[] }) {
  let q = db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.organisation_id', 'u.email', 'u.display_name', 'u.show_name_publicly', 'u.role', 'o.slug'])
    .where('u.disabled_at', 'is', null).where('u.role', 'in', [...o.roles]);
  if (o.email) q = q.where('u.email', '=', o.email);
  if (o.orgSlug) q = q.where('o.slug', '=', o.orgSlug);
  return q.orderBy('u.created_at').orderBy('u.id').limit(1).execute();
}
