// HTTP for budgets on paper and in spreadsheets:
//   GET /api/budgets/{id}/hearing-pack?lang=&format=pdf|png&paper=&orientation=&page=&dpi=
//   GET /api/budgets/{id}/table?format=csv|xlsx&lang=
// A document the viewer may not see is a 404 (the budgets service decides); bad input is a 400
// problem naming the field. Registered by app.ts beside the budgets router.
import { Router, type Request, type Response } from 'express';
import type { Viewer } from '../access/viewer.js';
import { HttpProblem } from '../http/problem.js';
import { baseUrl } from '../http/urls.js';
import { parseOr400 } from '../http/validate.js';
import { BudgetParams, TableQuery } from './budgets.schema.js';
import { HearingPackQuery } from './budgets-print.schema.js';
import type { BudgetsPrintService, PrintFile } from './budgets-print.service.js';

export interface BudgetsPrintRouterOptions { viewerOf: (req: Request) => Promise<Viewer> }

export function send(res: Response, f: PrintFile, inline: boolean) {
  res.set({
    'Content-Type': f.contentType,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${f.filename}"`,
    // Depends on who asks (an organisation's draft budgets) and on live data.
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.send(f.body);
}

export function budgetsPrintRouter(print: BudgetsPrintService, opts: BudgetsPrintRouterOptions): Router {
  const r = Router();
  r.get('/api/budgets/:id/hearing-pack', async (req, res) => {
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const q = parseOr400(HearingPackQuery, req.query, 'query');
    if (q.format === 'pdf' && req.query.page !== undefined) {
      throw new HttpProblem('invalid-parameter', 'page applies to format=png only (one page as an image); the PDF holds every page.', { errors: [{ in: 'query', name: 'page', reason: 'PNG only' }] });
    }
    send(res, await print.hearingPack(await opts.viewerOf(req), id, q, baseUrl(req)), q.format === 'png');
  });
  r.get('/api/budgets/:id/table', async (req, res) => {
    const { id } = parseOr400(BudgetParams, req.params, 'path');
    const q = parseOr400(TableQuery, req.query, 'query');
    send(res, await print.table(await opts.viewerOf(req), id, q.format, q.lang ?? 'en'), false);
  });
  return r;
}
