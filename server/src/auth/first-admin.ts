// The first admin from ADMIN_EMAIL / ADMIN_PASSWORD (and ADMIN_ORG), created at start-up when no
// admin exists outside the demo organisations. Nothing happens when the variables are unset.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuthConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { realAdminExists } from '../organisations/organisations.repo.js';
import { createUser } from '../organisations/users.service.js';
import { PasswordHasher } from './passwords.js';

export async function ensureFirstAdmin(db: Kysely<DB>, config: AuthConfig, log: Logger): Promise<'created' | 'exists' | 'not-configured'> {
  const a = config.firstAdmin;
  if (!a) return 'not-configured';
  if (await realAdminExists(db)) return 'exists';
  let r;
  try {
    r = await createUser(db, new PasswordHasher(config.argon2), {
      org: a.org, orgName: a.org === 'operators' ? 'Platform operators' : a.org, orgKind: 'operator',
      role: 'admin', email: a.email, name: 'Administrator', password: a.password,
    });
  } catch (err) {
    if (await realAdminExists(db)) return 'exists'; // another instance starting at the same time made it
    throw new Error(`Could not create the first admin from ADMIN_EMAIL: ${(err as Error).message}`);
  }
  log.info({ email: a.email, org: a.org, createdOrganisation: r.createdOrganisation }, 'first admin created from ADMIN_EMAIL');
  return 'created';
}
