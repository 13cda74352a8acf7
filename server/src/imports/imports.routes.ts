// /api/imports: upload a file (raw body with ?filename=, or multipart with the field `file`), read its
// detection and a preview, map it, commit it (Idempotency-Key honoured), discard or undo it, list the
// history. Every write needs a session and the CSRF header (the /api guard in app.ts).
import { Router } from 'express';
import { uploadBody } from '../http/upload-body.js';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../http/cache.js';
import { HttpProblem } from '../http/problem.js';
import { jsonBody } from '../http/preconditions.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { ImportParams, ListQuery, MappingBody, PreviewQuery, SuggestQuery, UploadQuery } from './imports.schema.js';
import { tooLarge, type ImportsService } from './imports.service.js';
import { CommitBody } from '../complete-areas/complete-areas.schema.js';

export const IMPORT_UPLOAD_PATH = '/api/imports';

/** The upload's body is streamed to disk by this router, never parsed by the JSON body parser. */
export const isImportUpload = (req: { method: string; url?: string }) => req.method === 'POST' && /^\/api\/imports\/?(\?|$)/.test(req.url ?? '');

export function importsRouter(service: ImportsService, sessions: HttpSessions, maxBytes: number): Router {
  const r = Router();

  r.post('/api/imports', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const q = parseOr400(UploadQuery, req.query, 'query');
    const file = await uploadBody(req, res, { maxBytes, filename: q.filename, example: '/api/imports?filename=canals.zip', tooLarge: (name) => tooLarge(name, maxBytes) });
    const view = await service.upload(viewer, file.stream, file.filename, file.type);
    personalised(res, viewer);
    res.status(201).set('Location', `${baseUrl(req)}/api/imports/${view.id}`).json(view);
  });

  r.get('/api/imports', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const q = parseOr400(ListQuery, req.query, 'query');
    personalised(res, viewer);
    res.json({ imports: await service.list(viewer, q.limit ?? 50) });
  });

  r.get('/api/imports/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(ImportParams, req.params, 'path');
    personalised(res, viewer);
    res.json(await service.get(viewer, id));
  });

  r.get('/api/imports/:id/preview', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(ImportParams, req.params, 'path');
    const q = parseOr400(PreviewQuery, req.query, 'query');
    personalised(res, viewer);
    res.type('application/geo+json').send(JSON.stringify(await service.preview(viewer, id, q)));
  });

  r.get('/api/imports/:id/suggestions', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(ImportParams, req.params, 'path');
    const q = parseOr400(SuggestQuery, req.query, 'query');
    personalised(res, viewer);
    res.json({ target: q.target, fields: await service.suggestions(viewer, id, q.target) });
  });

  r.put('/api/imports/:id/mapping', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(ImportParams, req.params, 'path');
    const body = parseOr400(MappingBody, jsonBody(req), 'body');
    personalised(res, viewer);
    res.json(await service.map(viewer, id, body));
  });

  r.post('/api/imports/:id/commit', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(ImportParams, req.params, 'path');
    const key = req.get('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new HttpProblem('invalid-parameter', 'Idempotency-Key must be 1–200 visible ASCII characters (a UUID is a good choice).', { errors: [{ in: 'header', name: 'Idempotency-Key', reason: 'invalid' }] });
    }
    // An optional body: where the data is complete (shared layers the analyses use).
    const body = req.body === undefined ? {} : parseOr400(CommitBody, req.body, 'body');
    const { view, replayed } = await service.commit(viewer, id, key, undefined, body.completeArea);
    personalised(res, viewer);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.json(view);
  });

  r.delete('/api/imports/:id', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const { id } = parseOr400(ImportParams, req.params, 'path');
    await service.remove(viewer, id);
    personalised(res, viewer);
    res.status(204).end();
  });

  return r;
}
