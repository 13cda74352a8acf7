// /api/budgets/imports: upload a budget spreadsheet (raw body with ?filename=, or multipart with the
// field `file`), check it against a mapping, commit it, discard it. Signed-in advocates and admins of
// an organisation; another organisation's import is 404. Writes need the CSRF header (the /api guard
// in app.ts); upload and commit honour Idempotency-Key (http/idempotency.ts).
import { Router } from 'express';
import { uploadBody } from '../../http/upload-body.js';
import type { HttpSessions } from '../../auth/session.js';
import { personalised } from '../../http/cache.js';
import { jsonBody } from '../../http/preconditions.js';
import { baseUrl } from '../../http/urls.js';
import { parseOr400 } from '../../http/validate.js';
import { BudgetImportParams, BudgetUploadQuery, CheckBody, CommitBody } from './budget-imports.schema.js';
import { tooLarge, type BudgetImportsService } from './budget-imports.service.js';

export const BUDGET_IMPORT_UPLOAD_PATH = '/api/budgets/imports';
/** The upload's body is streamed to disk by this router, never parsed by the JSON body parser. */
export const isBudgetImportUpload = (req: { method: string; url?: string }) => req.method === 'POST' && /^\/api\/budgets\/imports\/?(\?|$)/.test(req.url ?? '');

export function budgetImportsRouter(service: BudgetImportsService, sessions: HttpSessions): Router {
  const r = Router();
  const maxBytes = service.maxBytes;

  r.post(BUDGET_IMPORT_UPLOAD_PATH, async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const q = parseOr400(BudgetUploadQuery, req.query, 'query');
    const file = await uploadBody(req, res, { maxBytes, filename: q.filename, example: '/api/budgets/imports?filename=budget-2026.xlsx', tooLarge: (name) => tooLarge(name, maxBytes) });
    const view = await service.upload(viewer, file.stream, file.filename);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/budgets/imports/${view.id}`).json(view);
  });

  r.get('/api/budgets/imports/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetImportParams, req.params, 'path');
    personalised(res, viewer);
    res.json(await service.get(viewer, id));
  });

  r.post('/api/budgets/imports/:id/check', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetImportParams, req.params, 'path');
    const body = parseOr400(CheckBody, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.check(viewer, id, body));
  });

  r.post('/api/budgets/imports/:id/commit', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetImportParams, req.params, 'path');
    parseOr400(CommitBody, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.commit(viewer, id));
  });

  r.delete('/api/budgets/imports/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(BudgetImportParams, req.params, 'path');
    await service.discard(viewer, id);
    personalised(res, viewer);
    res.status(204).end();
  });

  return r;
}
