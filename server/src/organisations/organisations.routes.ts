import { Router } from 'express';
import type { OrganisationsService } from './organisations.service.js';

/** GET /api/organisations — public facts only (names, kind), e.g. for choosing whom to share a campaign with. */
export function organisationsRouter(service: OrganisationsService): Router {
  const r = Router();
  r.get('/api/organisations', async (_req, res) => {
    const body = await service.list();
    res.set('Cache-Control', 'no-cache').json(body);
  });
  return r;
}
