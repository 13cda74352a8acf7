// Creating accounts: used by `npm run user:create`, the first admin from the environment and the
// demo data. (There is no HTTP endpoint for it yet.)
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Role } from '../access/viewer.js';
import * as repo from './organisations.repo.js';
import { NewUserSchema, type NewUser } from './organisations.schema.js';

export class UserCreateError extends Error {}

/** Creates the user (and the organisation when orgName is given and the slug is new). */
/** What createUser needs of auth/passwords.ts's PasswordHasher (organisations do not import auth). */
export interface Hasher { hash(password: string): Promise<string> }

export async function createUser(db: Kysely<DB>, hasher: Hasher, input: NewUser, opts: { demo?: boolean } = {}): Promise<{ id: string; organisationId: string; createdOrganisation: boolean }> {
  const r = NewUserSchema.safeParse(input);
  if (!r.success) throw new UserCreateError(r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  const u = r.data;
  const hash = await hasher.hash(u.password); // before the transaction: hashing takes a while
  return db.transaction().execute(async (trx) => {
    let org = await repo.findOrganisationBySlug(trx, u.org);
    let createdOrganisation = false;
    if (!org) {
      if (!u.orgName) throw new UserCreateError(`There is no organisation '${u.org}'. Give --org-name "…" to create it, or use one of the existing slugs.`);
      const made = await repo.insertOrganisation(trx, { slug: u.org, name_en: u.orgName, kind: u.orgKind ?? (u.role === 'engineer' ? 'council' : 'cso'), is_demo: opts.demo });
      org = { id: made.id, slug: made.slug, name_en: u.orgName, name_ru: null, name_ky: null, kind: u.orgKind ?? 'cso' };
      createdOrganisation = true;
    }
    if (await repo.emailTaken(trx, u.email)) throw new UserCreateError(`An account with the e-mail ${u.email} already exists.`);
    const user = await repo.insertUser(trx, {
      organisation_id: org.id, email: u.email, display_name: u.name ?? u.email.split('@')[0]!, role: u.role as Role,
      password_hash: hash, show_name_publicly: u.showNamePublicly ?? false, is_demo: opts.demo ?? false,
    });
    return { id: user.id, organisationId: org.id, createdOrganisation };
  });
}
