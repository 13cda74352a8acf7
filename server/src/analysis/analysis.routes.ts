// HTTP for the gap analysis: GET with query parameters (project, bbox or campaign as the area) and
// POST with a JSON body (the same, or a drawn polygon as `area`). Nothing is written: POSTs only carry
// geometry that does not fit in a URL.
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { PUBLIC, type Viewer } from '../access/viewer.js';
import { parseOr400 } from '../http/validate.js';
import {
  CanalsBody, CanalsQuery, CoverageBody, CoverageQuery, FiguresBody, FiguresQuery, UnservedBody, UnservedQuery, WhatIfBody,
} from './analysis.schema.js';
import type { AnalysisServices } from './analysis.service.js';

export interface AnalysisRouterOptions {
  /** Who is asking (campaign areas follow the campaigns' visibility rule). Default: the public. */
  viewerOf?: (req: Request) => Promise<Viewer>;
}

export function analysisRouter(analysis: AnalysisServices, opts: AnalysisRouterOptions = {}): Router {
  const viewerOf = opts.viewerOf ?? (async () => PUBLIC);
  const r = Router();
  // Answers depend on the data and on who asks (campaigns): never cache them in shared caches.
  r.use('/api/analysis', (_req, res, next) => { res.set('Cache-Control', 'private, no-store'); next(); });

  r.get('/api/analysis', async (_req, res) => { res.json(await analysis.catalogue.describe()); });

  // Each analysis: GET with the query, POST with the same as a JSON body (or a drawn area).
  const both = <Q extends z.ZodTypeAny, B extends z.ZodTypeAny>(path: string, query: Q, body: B, answer: (req: z.infer<Q> | z.infer<B>, viewer: Viewer) => Promise<unknown>) => {
    r.get(path, async (req, res) => { res.json(await answer(parseOr400(query, req.query, 'query'), await viewerOf(req))); });
    r.post(path, async (req, res) => { res.json(await answer(parseOr400(body, req.body ?? {}, 'body'), await viewerOf(req))); });
  };
  both('/api/analysis/coverage', CoverageQuery, CoverageBody, (q, viewer) => analysis.coverage.analyse(q, viewer));
  both('/api/analysis/unserved', UnservedQuery, UnservedBody, (q, viewer) => analysis.unserved.analyse(q, viewer));
  both('/api/analysis/canals', CanalsQuery, CanalsBody, (q, viewer) => analysis.canals.analyse(q, viewer));
  both('/api/analysis/figures', FiguresQuery, FiguresBody, (q, viewer) => analysis.figures.analyse(q, viewer));

  r.post('/api/analysis/what-if', async (req, res) => {
    const b = parseOr400(WhatIfBody, req.body ?? {}, 'body');
    res.json(await analysis.whatIf.analyse(b, await viewerOf(req)));
  });
  return r;
}
