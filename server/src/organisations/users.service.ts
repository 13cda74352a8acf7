// Creating accounts: used by `npm run user:create`, the first admin from the environment and the
// demo data. (There is no HTTP endpoint for it yet.)
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Role, SignedIn } from '../access/viewer.js';
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

export class ActorError extends Error {}

/**
 * Who a command-line tool acts as (`npm run import`): the account with `email`, or else the oldest
 * enabled account with one of `roles` (in the organisation `orgSlug` when given). A value a service
 * takes like a signed-in viewer, without a session.
 */
export async function actingUser(db: Kysely<DB>, o: { email?: string; orgSlug?: string; roles: readonly Role[]; task: string }): Promise<SignedIn> {
  const email = o.email?.trim().toLowerCase();
  if (o.orgSlug && !(await repo.findOrganisationBySlug(db, o.orgSlug))) throw new ActorError(`There is no organisation '${o.orgSlug}' (see npm run user:create for making one).`);
  const [u] = await repo.findActors(db, { ...(email ? { email } : {}), ...(o.orgSlug ? { orgSlug: o.orgSlug } : {}), roles: o.roles });
  if (!u) {
    const roles = o.roles.join(' or ');
    const who = email ? `The account ${email} is not an enabled ${roles}${o.orgSlug ? ` of '${o.orgSlug}'` : ''}` : `There is no enabled ${roles} account${o.orgSlug ? ` in '${o.orgSlug}'` : ''}`;
    throw new ActorError(`${who}, which ${o.task} needs. Give --user <email> of one, or create one with npm run user:create.`);
  }
  return { kind: 'user', userId: u.id, orgId: u.organisation_id, role: u.role as Role, email: u.email, displayName: u.display_name, showNamePublicly: u.show_name_publicly };
}
