// OpenAPI paths of budget imports (spreadsheet → budget document), generated from the schemas that validate the requests.
import { cookie, csrf, json, ok, p, params } from '../../openapi/parts.js';
import { BudgetImportParams, BudgetUploadQuery, CheckBody, CommitBody } from './budget-imports.schema.js';

const id = params(BudgetImportParams, 'path');
const idemKey = { name: 'Idempotency-Key', in: 'header', required: false, description: 'A unique key (a UUID); the same key with the same request answers the first answer again (Idempotent-Replayed: true), with another request 422. Kept 24 h per account.', schema: { type: 'string', maxLength: 200 } };
const VIEW = 'The import: {id, status (detected|checked|committed|failed), filename, size, sha256, format (csv|xlsx), detection {format, encoding, delimiter, sheets: [{name, hidden, rows, columns, preview (first 20 rows as text), headerRow (guessed, 1-based), columnsGuess {field: column letter}}]}, mapping (the last check body), report, documentId, executedDocumentId, createdAt, committedAt}';
const REPORT = 'report: {sheet, headerRow, counts {rowsRead, lines, totalRows, skipped, revenue, expenditure, executed, bySector {sector: {revenue, expenditure, lines}}}, issues: [{code, severity (error blocks | warning), sheet, row (1-based as the spreadsheet shows it), column (letter), field, value, message {ky, ru, en}, rows?}], villages: [{name, rows, status (exact|confirmed|unallocated|suggested|unmatched), settlementId, names, suggestions: [{settlementId, names, score}]}], blocking, defaults}';

export function budgetImportsPaths(): Record<string, unknown> {
  return {
    '/api/budgets/imports': {
      post: {
        tags: ['budgets'],
        summary: 'Upload a budget spreadsheet (advocates and admins of an organisation): XLSX or CSV (",", ";" or tab; UTF-8 or windows-1251) — the file itself as the body with ?filename=, or multipart/form-data with the field "file". The format is found from the content; anything else → 415; a zip bomb or a damaged workbook → 400; too large → 413. Answers the sheets with their first rows and a guessed header row and columns. Nothing is stored in a budget yet.',
        parameters: [...params(BudgetUploadQuery, 'query'), csrf, idemKey], security: cookie,
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } },
        responses: { '201': ok(VIEW), ...p('400', '401', '403', '413', '415') },
      },
    },
    '/api/budgets/imports/{id}': {
      get: { tags: ['budgets'], summary: 'One budget import of your organisation (another organisation\'s: 404)', parameters: id, security: cookie, responses: { '200': ok(VIEW), ...p('400', '401', '403', '404') } },
      delete: { tags: ['budgets'], summary: 'Discard a budget import before it is committed; its file is removed', parameters: [...id, csrf], security: cookie, responses: { '204': { description: 'Discarded' }, ...p('401', '403', '404', '409') } },
    },
    '/api/budgets/imports/{id}/check': {
      post: {
        tags: ['budgets'],
        summary: 'Map the sheet (header row, column letters, constants for the whole sheet, the budget document, confirmed village matches, total rows, rows left out) and check every row: amounts the Kyrgyz/Russian way ("1 234 567,89", "1.234.567,89", "1,234,567.89"; "1,234" is ambiguous and reported, never guessed), text or negative amounts, duplicate lines, totals that do not add up, villages matched to the settlements of the municipality (exact names confirmed; transliterations and typos suggested, to be confirmed in villageMatches, or null for the whole ayil okmotu). Any error blocks the commit.',
        parameters: [...id, csrf], security: cookie,
        requestBody: { required: true, content: { 'application/json': { schema: json(CheckBody) } } },
        responses: { '200': ok(`${VIEW}; ${REPORT}`), ...p('400', '401', '403', '404', '409') },
      },
    },
    '/api/budgets/imports/{id}/commit': {
      post: {
        tags: ['budgets'],
        summary: 'Accept the last report: only when it has no blocking issue, the budget document, its lines and the village allocations (method project_site, the line\'s amount) are stored in one transaction; with an executed column, also the \'executed\' document with the same line keys (rows without an executed amount are left out of it). 409 before a check, with blocking issues, when committed already, or when your organisation has that document already — nothing stored.',
        parameters: [...id, csrf, idemKey], security: cookie,
        requestBody: { required: true, content: { 'application/json': { schema: json(CommitBody) } } },
        responses: { '200': ok(VIEW), ...p('400', '401', '403', '404', '409') },
      },
    },
  };
}
