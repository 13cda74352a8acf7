// /api/budgets/imports: upload a budget spreadsheet (raw body with ?filename=, or multipart with the
// field `file`), check it against a mapping, commit it, discard it. Signed-in advocates and admins of
// an organisation; another organisation's import is 404. Writes need the CSRF header (the /api guard
// in app.ts); upload and commit honour Idempotency-Key (http/idempotency.ts).
import { Router, type Request } from 'express';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import type { HttpSessions } from '../../auth/session.js';
import { personalised } from '../../http/cache.js';
import { HttpProblem } from '../../http/problem.js';
import { jsonBody } from '../../http/preconditions.js';
import { baseUrl } from '../../http/urls.js';
import { parseOr400 } from '../../http/validate.js';
import { BudgetImportParams, BudgetUploadQuery, CheckBody, CommitBody } from './budget-imports.schema.js';
import { tooLarge, type BudgetImportsService } from './budget-imports.service.js';

export const BUDGET_IMPORT_UPLOAD_PATH = '/api/budgets/imports';
/** The upload's body is streamed to disk by this router, never parsed by the JSON body parser. */
export const isBudgetImportUpload = (req: { method: string; url?: string }) => req.method === 'POST' && /^\/api\/budgets\/imports\/?(\?|$)/.test(req.url ?? '');

const badMultipart = () => new HttpProblem('invalid-body', 'The multipart body cannot be read: send the spreadsheet in a form field named file.');

function multipartFile(req: Request, maxBytes: number): Promise<{ stream: Readable; filename: string }> {
  return new Promise((resolve, reject) => {
    let bb;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 10, parts: 12 } });
    } catch {
      reject(badMultipart());
      return;
    }
    let found = false;
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || found) { stream.resume(); return; }
      found = true;
      stream.on('limit', () => stream.destroy(new Error('too large')));
      resolve({ stream, filename: info.filename || 'budget' });
    });
    bb.on('error', () => reject(badMultipart()));
    bb.on('close', () => { if (!found) reject(new HttpProblem('invalid-body', 'The multipart body has no form field named file.')); });
    req.pipe(bb);
  });
}

export function budgetImportsRouter(service: BudgetImportsService, sessions: HttpSessions): Router {
  const r = Router();
  const maxBytes = service.maxBytes;

  r.post(BUDGET_IMPORT_UPLOAD_PATH, async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const q = parseOr400(BudgetUploadQuery, req.query, 'query');
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    // Refused before a byte of the body is read when the size is declared.
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes + (type === 'multipart/form-data' ? 64 * 1024 : 0)) {
      res.set('Connection', 'close');
      throw tooLarge(q.filename ?? 'The file', maxBytes);
    }
    let view;
    if (type === 'multipart/form-data') {
      const part = await multipartFile(req, maxBytes);
      view = await service.upload(viewer, part.stream, q.filename ?? part.filename.replace(/^.*[\\/]/, ''));
    } else {
      if (!q.filename) throw new HttpProblem('invalid-parameter', 'Name the file: POST /api/budgets/imports?filename=budget-2026.xlsx with the spreadsheet as the body (or send it as multipart form data in the field file).', { errors: [{ in: 'query', name: 'filename', reason: 'required with a raw body' }] });
      view = await service.upload(viewer, req, q.filename);
    }
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
