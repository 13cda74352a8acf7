// HTTP for the gap analysis: GET with query parameters (project, bbox or campaign as the area) and
// POST with a JSON body (the same, or a drawn polygon as `area`). Nothing is written: POSTs only carry
// geometry that does not fit in a URL.
import { Router, type Request } from 'express';
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

  r.get('/api/analysis/coverage', async (req, res) => {
    const q = parseOr400(CoverageQuery, req.query, 'query');
    res.json(await analysis.coverage.analyse(q, await viewerOf(req)));
  });
  r.post('/api/analysis/coverage', async (req, res) => {
    const b = parseOr400(CoverageBody, req.body ?? {}, 'body');
    res.json(await analysis.coverage.analyse(b, await viewerOf(req)));
  });

  r.get('/api/analysis/unserved', async (req, res) => {
    const q = parseOr400(UnservedQuery, req.query, 'query');
    res.json(await analysis.unserved.analyse(q, await viewerOf(req)));
  });
  r.post('/api/analysis/unserved', async (req, res) => {
    const b = parseOr400(UnservedBody, req.body ?? {}, 'body');
    res.json(await analysis.unserved.analyse(b, await viewerOf(req)));
  });

  r.get('/api/analysis/canals', async (req, res) => {
    const q = parseOr400(CanalsQuery, req.query, 'query');
    res.json(await analysis.canals.analyse(q, await viewerOf(req)));
  });
  r.post('/api/analysis/canals', async (req, res) => {
    const b = parseOr400(CanalsBody, req.body ?? {}, 'body');
    res.json(await analysis.canals.analyse(b, await viewerOf(req)));
  });

  r.get('/api/analysis/figures', async (req, res) => {
    const q = parseOr400(FiguresQuery, req.query, 'query');
    res.json(await analysis.figures.analyse(q, await viewerOf(req)));
  });
  r.post('/api/analysis/figures', async (req, res) => {
    const b = parseOr400(FiguresBody, req.body ?? {}, 'body');
    res.json(await analysis.figures.analyse(b, await viewerOf(req)));
  });

  r.post('/api/analysis/what-if', async (req, res) => {
    const b = parseOr400(WhatIfBody, req.body ?? {}, 'body');
    res.json(await analysis.whatIf.analyse(b, await viewerOf(req)));
  });
  return r;
}
