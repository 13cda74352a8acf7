// A plain node:http handler in front of the Express app, for the few answers whose cost per request
// matters more than Express's own (the shared layers' tiles, issue #15): Express sets its request and
// answer prototypes and walks its router for every request, which for a cached tile is as much CPU as
// the rest of the answer. The handler answers and returns true, or returns false and Express handles the
// request as before. Done on the app itself (its `handle`, which `app(req, res)` calls), so that
// everything that starts the app — listen(), app.listen(), supertest — goes through it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

type Handle = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

export function ahead<A extends Express>(app: A, handler: (req: IncomingMessage, res: ServerResponse) => boolean): A {
  const express = app as unknown as { handle: Handle };
  const handle = express.handle.bind(app);
  express.handle = (req, res, next) => { if (!handler(req, res)) handle(req, res, next); };
  return app;
}
