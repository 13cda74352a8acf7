// Request ids: taken from a sane X-Request-Id, else made up; echoed in the answer and in problem bodies.
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { safeUrl } from './log-safe.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id (the client's X-Request-Id when sane, else a new UUID), set on the answer too. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Gives a request that has none yet its id and a logger (answers made ahead of the request logger). */
export function identify(req: IncomingMessage, res: ServerResponse, log: Logger, url = req.url ?? ''): void {
  if (req.id) return;
  req.id = requestIdOf(req, res);
  req.log = log.child({ req: { id: req.id, method: req.method, url: safeUrl(url) } });
}

/**
 * For routes mounted ahead of the request logger (the tiles): a failing request gets its id and a logger
 * here, only when it fails, so that the error handler logs and answers it like any other.
 */
export function identifyOnError(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    identify(req, res, log, req.originalUrl);
    next(err);
  };
}
