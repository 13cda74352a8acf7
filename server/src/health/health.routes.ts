import { Router } from 'express';
import type { HealthService } from './health.service.js';

export function healthRouter(service: HealthService): Router {
  const r = Router();
  r.get('/api/health', async (_req, res) => {
    const body = await service.status();
    res.set('Cache-Control', 'no-store').json(body);
  });
  return r;
}
