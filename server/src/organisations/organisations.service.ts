// Organisations as the public sees them: names and kind, e.g. for choosing whom to share a campaign with.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { listOrganisations, orgName } from './organisations.repo.js';

export class OrganisationsService {
  constructor(private readonly db: Kysely<DB>) {}

  async list() {
    const rows = await listOrganisations(this.db);
    return { organisations: rows.map((o) => ({ id: o.id, slug: o.slug, kind: o.kind, name: orgName(o), demo: o.is_demo })) };
  }
}
