// GET /api/search: settlements, facilities and projects by name.
import { Router } from 'express';
import { parseOr400 } from '../http/validate.js';
import type { SearchService } from './search.service.js';
import { SearchQuery } from './search.schema.js';

export function searchRouter(service: SearchService): Router {
  const r = Router();
  r.get('/api/search', async (req, res) => {
    const q = parseOr400(SearchQuery, req.query, 'query');
    res.json(await service.search(q));
  });
  return r;
}
