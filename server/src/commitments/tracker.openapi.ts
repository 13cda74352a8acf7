// OpenAPI paths of the monitoring report (tracker.routes.ts), from the schemas that validate them. The
// public tracker pages and Atom feeds (/tracker/…, /s/{token}/tracker, …/feed.atom) are HTML and XML
// for people and feed readers, listed in the router's header comment.
import { queryParams } from '../budgets/budgets-print.openapi.js';
import { ReportQuery } from './tracker.schema.js';

const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const format = { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['pdf', 'png'] }, description: 'report.pdf (every page) or report.png (one page, see page)' };
const file = { description: 'The report (PDF: attachment; PNG: inline)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } }, 'image/png': { schema: { type: 'string', format: 'binary' } } } };
const description = 'Page 1: the map of the commitments coloured by status with its legend; then the decision (body, date, number), the summary sentence ("6 of 14 commitments done, 5 late, 3 not started; 4.5 of 12 km …"), progress bars with the straight-line plan, the table (commitment, responsible, due date, indicator baseline / latest / target, status), the evidence photos, the monitoring visits when recorded, and the sources and provenance. Illustrative decisions are flagged on every page. Drafts are a 404 for whoever may not see them.';

export function trackerPaths(): Record<string, unknown> {
  const errors = {
    '400': { ...problem, description: 'Unknown format, language, paper, orientation, page or dpi; page with the PDF; unknown parameters' },
    '404': { ...problem, description: 'The decision or campaign does not exist or is not visible to you' },
  };
  return {
    '/api/decisions/{id}/report.{format}': { get: { tags: ['commitments'], summary: 'Monitoring report of a decision (PDF, or one page as PNG) in ky, ru or en', description, parameters: [id, format, ...queryParams(ReportQuery)], responses: { '200': file, ...errors } } },
    '/api/campaigns/{id}/monitoring-report.{format}': { get: { tags: ['commitments'], summary: "Monitoring report of every published decision of a campaign (PDF, or one page as PNG)", description, parameters: [id, format, ...queryParams(ReportQuery)], responses: { '200': file, ...errors } } },
  };
}
