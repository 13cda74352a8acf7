// One error middleware: everything thrown becomes an RFC 9457 problem.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isBusyError, isConnectionError, isDiskFullError, isTimeoutError } from '../db/connect.js';
import { HttpProblem } from './problem.js';
import { safeError } from './log-safe.js';

export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string; limit?: number };
  // body-parser / raw-body errors
  if (e?.type === 'entity.too.large') return new HttpProblem('payload-too-large', `The request body is larger than the limit of ${e.limit} bytes.`);
  if (e?.type === 'entity.parse.failed') return new HttpProblem('invalid-body', 'The request body is not valid JSON.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new HttpProblem('unsupported-media-type', 'Send the body as UTF-8 JSON.');
  if (isDiskFullError(err)) return diskFull();
  if (isBusyError(err)) {
    const s = Math.round(err.waitedMs / 100) / 10;
    return new HttpProblem('database-busy', `The server is busy: this request waited ${s} s for its turn at the database without getting it. Try again in a few seconds.`, {}, { 'Retry-After': '2' });
  }
  if (isTimeoutError(err)) return new HttpProblem('query-timeout', 'The database took too long to answer this request. Try a smaller area or fewer filters, or try again later.', {}, { 'Retry-After': '10' });
  if (isConnectionError(err)) return new HttpProblem('database-unavailable', 'The database is not reachable right now. Try again in a few seconds.', {}, { 'Retry-After': '5' });
  const status = e?.status ?? e?.statusCode;
  if (status === 404) return new HttpProblem('not-found', 'There is no such file.');
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpProblem('invalid-parameter', e.message ?? 'Bad request');
  return new HttpProblem('internal', 'Something went wrong on the server. The request id in this answer helps the operator find the cause in the logs.');
}

/** The answer when the server cannot write: nothing was saved, reads go on working. */
export const diskFull = () => new HttpProblem('insufficient-storage', "The server's disk is full, so nothing was saved. Reading the map still works; ask the operator to free space, then try again.", {}, { 'Retry-After': '60' });

/**
 * Logs a failed request and answers it as a problem. Written with node:http alone, so that the answers
 * made ahead of Express (the shared tiles, tiles/tiles.routes.ts) fail exactly like the rest of the API;
 * `req.id` and `req.log` are the request logger's, or those `identify` (http/request-id.ts) gave it.
 */
export function answerProblem(err: unknown, req: IncomingMessage, res: ServerResponse, instance: string | undefined): void {
  const p = toProblem(err);
  // A request shed because the database was busy is expected under load: a warning, not an error with a stack.
  if (p.type === 'database-busy') req.log?.warn({ problem: p.type }, 'request shed: the database was busy');
  else if (p.status >= 500) req.log?.error({ err: safeError(err) }, 'request failed');
  else req.log?.info({ problem: p.type, detail: p.message }, 'request rejected');
  if (res.headersSent) { res.end(); return; }
  const body = JSON.stringify({ ...p.body(instance), requestId: req.id });
  res.statusCode = p.status;
  for (const [name, value] of Object.entries(p.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body); // node:http sends no body to a HEAD request
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => answerProblem(err, req, res, req.originalUrl);

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpProblem('not-found', `Nothing at ${req.method} ${req.path}. See /api/openapi.json for the API.`));
};
