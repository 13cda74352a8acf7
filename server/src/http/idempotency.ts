// The Idempotency-Key header on creates (POST of annotations, comments, campaigns, share links, photos,
// imports, budget documents, lines and links, budget imports, decisions, commitments, progress updates and their photos): a retried request answers the first answer again instead of creating twice. The request is
// identified by method, path, query and body — the parsed JSON body, or for a file sent as the body its
// type and length (the file is streamed by its route and is not read here).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { IdempotencyService, KEY_PATTERN, REPLAYED_HEADERS } from '../idempotency/idempotency.service.js';
import { HttpProblem } from './problem.js';
import type { ViewerSource } from './layers.js';

const CREATES = [
  /^\/api\/annotations$/, /^\/api\/annotations\/[^/]+\/comments$/, /^\/api\/annotations\/[^/]+\/photos$/,
  /^\/api\/campaigns$/, /^\/api\/campaigns\/[^/]+\/share-links$/, /^\/api\/imports$/,
  /^\/api\/budgets\/imports$/, /^\/api\/budgets\/imports\/[^/]+\/commit$/,
  /^\/api\/budgets$/, /^\/api\/budgets\/[^/]+\/lines$/, /^\/api\/budgets\/[^/]+\/lines\/[^/]+\/links$/,
  /^\/api\/decisions$/, /^\/api\/decisions\/[^/]+\/commitments$/, /^\/api\/commitments\/[^/]+\/updates$/, /^\/api\/progress-updates\/[^/]+\/photos$/,
];
const MAX_KEPT_BYTES = 2 * 1024 * 1024;

export function idempotency(service: IdempotencyService, sessions: ViewerSource): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined || !CREATES.some((r) => r.test(req.path))) { next(); return; }
    void (async () => {
      if (!KEY_PATTERN.test(key)) {
        throw new HttpProblem('invalid-parameter', 'Idempotency-Key must be 1–200 visible ASCII characters (a UUID is a good choice).', { errors: [{ in: 'header', name: 'Idempotency-Key', reason: 'invalid' }] });
      }
      const viewer = await sessions.viewerOf(req);
      if (viewer.kind !== 'user') { next(); return; } // the route answers 401
      const body = req.body === undefined ? `${req.get('content-type') ?? ''}|${req.get('content-length') ?? ''}` : JSON.stringify(req.body);
      const hash = IdempotencyService.requestHash([req.method, req.path, JSON.stringify(req.query), body]);
      const decision = await service.begin(viewer.userId, key, hash);
      if (decision.kind === 'replay') {
        res.status(decision.status).set({ ...decision.headers, 'Idempotent-Replayed': 'true', 'Cache-Control': 'private, no-store' }).end(decision.body);
        return;
      }
      capture(res, (status, headers, kept) => service.finish(viewer.userId, key, status, headers, kept));
      next();
    })().catch(next);
  };
}

/**
 * Keeps what the handler sends (up to 2 MB) and stores it BEFORE the answer's end leaves the server: a
 * client that retries the moment it has the answer finds it kept (a store after 'finish' raced with such
 * a retry, which then got 409 "still being answered").
 */
function capture(res: Response, done: (status: number, headers: Record<string, string>, body: Buffer) => Promise<void>) {
  const chunks: Buffer[] = [];
  let size = 0;
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => Response;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    size += b.length;
    if (size <= MAX_KEPT_BYTES) chunks.push(b);
  };
  let ended = false;
  (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...a: unknown[]) => { keep(a[0], a[1]); return write(...a); };
  (res as unknown as { end: (...a: unknown[]) => Response }).end = (...a: unknown[]) => {
    if (ended) return end(...a);
    ended = true;
    keep(a[0], typeof a[1] === 'string' ? a[1] : undefined);
    const headers: Record<string, string> = {};
    for (const h of REPLAYED_HEADERS) { const v = res.get(h); if (v) headers[h] = v; }
    // A 5xx, or an answer too large to keep, is released: a retry runs the request again.
    void done(size > MAX_KEPT_BYTES ? 500 : res.statusCode, headers, Buffer.concat(chunks)).catch(() => undefined).finally(() => end(...a));
    return res;
  };
}
