// HTTP for the map and brief exports. GET with query parameters; POST with the same fields as a JSON
// body (long titles, recommendations); the CSRF guard applies to POST like to every state-changing
// /api request. Who asks decides which annotations are drawn (the one visibility rule).
import { Router, type Request, type Response } from 'express';
import type { Viewer } from '../access/viewer.js';
import { HttpProblem } from '../http/problem.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { BriefPngQuery, BriefQuery, FormatParam, MapQuery, bodyAsQuery } from './exports.schema.js';
import type { ExportFile, ExportsService } from './exports.service.js';

export interface ExportsRouterOptions { viewerOf: (req: Request) => Promise<Viewer> }

const MAP_FIELDS = new Set(['campaign', 'bbox', 'paper', 'orientation', 'lang', 'title', 'subtitle', 'layers', 'dpi', 'annotations', 'inline']);
const BRIEF_FIELDS = new Set(['campaign', 'paper', 'orientation', 'lang', 'title', 'subtitle', 'layers', 'annotations', 'inline', 'recommendations']);

function body(req: Request, allowed: Set<string>): Record<string, unknown> {
  const b = bodyAsQuery(req.body ?? {});
  const unknown = Object.keys(b).filter((k) => !allowed.has(k));
  if (unknown.length) {
    throw new HttpProblem('invalid-body', `unknown field(s) ${unknown.join(', ')}; allowed: ${[...allowed].join(', ')}`, { errors: unknown.map((name) => ({ in: 'body', name, reason: 'unknown field' })) });
  }
  const nested = Object.entries(b).filter(([, v]) => typeof v === 'object' && v !== null);
  if (nested.length) throw new HttpProblem('invalid-body', `${nested.map(([k]) => k).join(', ')}: expected a string, number, boolean or list`, { errors: nested.map(([name]) => ({ in: 'body', name, reason: 'nested object' })) });
  return b;
}

function send(res: Response, f: ExportFile, inline: boolean) {
  res.set({
    'Content-Type': f.contentType,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${f.filename}"`,
    // Depends on who asks (drafts of one's own organisation) and on live data.
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  // An SVG opened directly must not run anything (it has no scripts; this says so to the browser too).
  if (f.contentType.startsWith('image/svg')) res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  res.send(f.body);
}

export function exportsRouter(exports: ExportsService, opts: ExportsRouterOptions): Router {
  const r = Router();
  const map = async (req: Request, res: Response, input: unknown, where: 'query' | 'body') => {
    const { format } = parseOr400(FormatParam, req.params, 'path');
    const q = parseOr400(MapQuery, input, where);
    send(res, await exports.map(q, format, await opts.viewerOf(req), baseUrl(req)), q.inline);
  };
  const brief = async (req: Request, res: Response, input: unknown, where: 'query' | 'body') => {
    const q = parseOr400(BriefQuery, input, where);
    send(res, await exports.brief(q, await opts.viewerOf(req), baseUrl(req)), q.inline);
  };
  r.get('/api/exports/brief.pdf', (req, res) => brief(req, res, req.query, 'query'));
  r.get('/api/exports/brief.png', async (req, res) => {
    const { page, dpi, ...q } = parseOr400(BriefPngQuery, req.query, 'query');
    send(res, await exports.brief(q, await opts.viewerOf(req), baseUrl(req), { page, dpi }), q.inline);
  });
  r.post('/api/exports/brief.pdf', (req, res) => brief(req, res, body(req, BRIEF_FIELDS), 'body'));
  r.get('/api/exports/map.:format', (req, res) => map(req, res, req.query, 'query'));
  r.post('/api/exports/map.:format', (req, res) => map(req, res, body(req, MAP_FIELDS), 'body'));
  return r;
}
