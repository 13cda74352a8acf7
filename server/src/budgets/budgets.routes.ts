// /api/budgets: budget documents of a municipality and year, their lines, allocations to villages,
// contributions and links to gaps; the analysis and the what-if split. Writes need the CSRF header
// (the /api guard in app.ts); a retried create with the same Idempotency-Key answers the first answer.
import { Router } from 'express';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { etagOf, jsonBody } from '../http/preconditions.js';
import { baseUrl } from '../http/urls.js';
import { intString, parseOr400 } from '../http/validate.js';

import {
  AllocationsPut, AnalysisQuery, BudgetListQuery, BudgetParams, ContributionsPut, DocumentCreate, DocumentPatch, LineInput, LineParams, LinePatch, LinkInput, WhatIfBody,
} from './budgets.schema.js';
import type { BudgetsService } from './budgets.service.js';
import type { BudgetsAnalysisService } from './budgets.analysis.service.js';

const LinkParams = LineParams.extend({ linkId: intString('linkId', 1, Number.MAX_SAFE_INTEGER) }).strict();

export function budgetsRouter(service: BudgetsService, analysis: BudgetsAnalysisService, sessions: HttpSessions): Router {
  const r = Router();

  r.get('/api/budgets', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(BudgetListQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await service.list(viewer, q));
  });

  r.get('/api/budgets/codes', async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json({ codes: await service.codes() });
  });

  r.post('/api/budgets', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(DocumentCreate, jsonBody(req), 'body');
    const d = await service.create(viewer, body);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/budgets/${d.id}`).set('ETag', etagOf(d.version)).json(d);
  });

  r.get('/api/budgets/:id', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const d = await service.get(viewer, id);
    personalised(res, viewer);
    res.set('ETag', etagOf(d.version)).json(d);
  });

  r.patch('/api/budgets/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const body = parseOr400(DocumentPatch, jsonBody(req), 'body');
    const d = await service.update(viewer, id, body);
    personalised(res, viewer);
    res.set('ETag', etagOf(d.version)).json(d);
  });

  r.delete('/api/budgets/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    await service.remove(viewer, id);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.post('/api/budgets/:id/lines', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const body = parseOr400(LineInput, jsonBody(req), 'body');
    const l = await service.addLine(viewer, id, body);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/budgets/${id}/lines/${l.id}`).json(l);
  });

  r.patch('/api/budgets/:id/lines/:lineId', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, lineId } = parseOr400(LineParams, req.params, 'path');
    const body = parseOr400(LinePatch, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.updateLine(viewer, id, lineId, body));
  });

  r.delete('/api/budgets/:id/lines/:lineId', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, lineId } = parseOr400(LineParams, req.params, 'path');
    await service.removeLine(viewer, id, lineId);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.put('/api/budgets/:id/lines/:lineId/allocations', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, lineId } = parseOr400(LineParams, req.params, 'path');
    const body = parseOr400(AllocationsPut, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.putAllocations(viewer, id, lineId, body.allocations));
  });

  r.post('/api/budgets/:id/lines/:lineId/links', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, lineId } = parseOr400(LineParams, req.params, 'path');
    const body = parseOr400(LinkInput, jsonBody(req), 'body');
    personalised(res, viewer);
    res.status(201).json(await service.addLink(viewer, id, lineId, body));
  });

  r.delete('/api/budgets/:id/lines/:lineId/links/:linkId', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id, lineId, linkId } = parseOr400(LinkParams, req.params, 'path');
    await service.removeLink(viewer, id, lineId, linkId);
    personalised(res, viewer);
    res.status(204).end();
  });

  r.put('/api/budgets/:id/contributions', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const body = parseOr400(ContributionsPut, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.putContributions(viewer, id, body.contributions));
  });

  r.get('/api/budgets/:id/analysis', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const q = parseOr400(AnalysisQuery, req.query, 'query');
    personalised(res, viewer);
    res.json(await analysis.analysis(viewer, id, q.underspent));
  });

  r.post('/api/budgets/:id/what-if', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const body = parseOr400(WhatIfBody, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await analysis.whatIf(viewer, id, body));
  });

  return r;
}


