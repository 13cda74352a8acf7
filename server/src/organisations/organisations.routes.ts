import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { listOrganisations, orgName } from './organisations.repo.js';

/** GET /api/organisations — public facts only (names, kind), e.g. for choosing whom to share a campaign with. */
export function organisationsRouter(db: Kysely<DB>): Router {
  const r = Router();
  r.get('/api/organisations', async (_req, res) => {
    const rows = await listOrganisations(db);
    res.set('Cache-Control', 'no-cache').json({ organisations: rows.map((o) => ({ id: o.id, slug: o.slug, kind: o.kind, name: orgName(o), demo: o.is_demo })) });
  });
  return r;
}
