// OpenAPI paths of /api/budgets, generated from the schemas that validate the requests.
import { cookie, csrf, json, ok, p, params } from '../openapi/parts.js';
import {
  AllocationsPut, AnalysisQuery, BudgetListQuery, BudgetParams, ContributionsPut, DocumentCreate, DocumentPatch, LineInput, LineParams, LinePatch, LinkInput, WhatIfBody,
} from './budgets.schema.js';

const T = ['budgets'];
const body = (s: Parameters<typeof json>[0]) => ({ required: true, content: { 'application/json': { schema: json(s) } } });
const VIS = ' A draft is seen only by its organisation and the organisations its campaign is shared with (404 for anyone else).';

export function budgetsPaths(): Record<string, unknown> {
  const doc = params(BudgetParams, 'path');
  const line = params(LineParams, 'path');
  return {
    '/api/budgets': {
      get: { tags: T, summary: `Budget documents you may see (municipality, fiscal year, phase, totals).${VIS}`, parameters: params(BudgetListQuery, 'query'), responses: { '200': ok('BudgetList (server/src/budgets/budgets.types.ts)'), ...p('400') } },
      post: { tags: T, summary: 'Create a budget document of your organisation: one phase (proposed, approved, revised, executed) of one municipality’s budget for one fiscal year. The municipality is the name settlements carry.', parameters: [csrf], security: cookie, requestBody: body(DocumentCreate), responses: { '201': ok('BudgetDocumentDetail (Location header)'), ...p('400', '401', '403', '409') } },
    },
    '/api/budgets/codes': { get: { tags: T, summary: 'Labels of the budget classification codes (functional, economic, administrative) in ky/ru/en', responses: { '200': ok('{codes: [{scheme, code, labels}]}') } } },
    '/api/budgets/{id}': {
      get: { tags: T, summary: `A budget document with its lines (allocations with method and evidence, links to gaps), contributions and the settlements of its municipality.${VIS}`, parameters: doc, responses: { '200': ok('BudgetDocumentDetail'), ...p('400', '404') } },
      patch: { tags: T, summary: 'Correct a document or publish it (status: published). Editors of its organisation only.', parameters: [...doc, csrf], security: cookie, requestBody: body(DocumentPatch), responses: { '200': ok('BudgetDocumentDetail'), ...p('400', '401', '403', '404', '409') } },
      delete: { tags: T, summary: 'Delete a document with its lines, allocations and contributions', parameters: [...doc, csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404') } },
    },
    '/api/budgets/{id}/lines': {
      post: { tags: T, summary: 'Add a budget line (revenue or expenditure; codes; funding source; capital or current; sector; amount in KGS with at most 2 decimals). line_key matches the same line in another phase (plan against actual); by default the codes, sector and description.', parameters: [...doc, csrf], security: cookie, requestBody: body(LineInput), responses: { '201': ok('BudgetLine'), ...p('400', '401', '403', '404', '409') } },
    },
    '/api/budgets/{id}/lines/{lineId}': {
      patch: { tags: T, summary: 'Correct a line (its allocations must still fit in its amount)', parameters: [...line, csrf], security: cookie, requestBody: body(LinePatch), responses: { '200': ok('BudgetLine'), ...p('400', '401', '403', '404', '409') } },
      delete: { tags: T, summary: 'Delete a line', parameters: [...line, csrf], security: cookie, responses: { '204': { description: 'Deleted' }, ...p('401', '403', '404') } },
    },
    '/api/budgets/{id}/lines/{lineId}/allocations': {
      put: { tags: T, summary: 'Replace a line’s allocations to settlements of the municipality: project_site or explicit (an amount or a share), or by_population (what the other allocations leave, split by population). Together never more than the line.', parameters: [...line, csrf], security: cookie, requestBody: body(AllocationsPut), responses: { '200': ok('BudgetLine'), ...p('400', '401', '403', '404') } },
    },
    '/api/budgets/{id}/lines/{lineId}/links': {
      post: { tags: T, summary: 'Link a line to an annotation you can see or to a feature of a layer', parameters: [...line, csrf], security: cookie, requestBody: body(LinkInput), responses: { '201': ok('BudgetLine'), ...p('400', '401', '403', '404') } },
    },
    '/api/budgets/{id}/lines/{lineId}/links/{linkId}': {
      delete: { tags: T, summary: 'Remove a link', parameters: [...line, { name: 'linkId', in: 'path', required: true, schema: { type: 'string' } }, csrf], security: cookie, responses: { '204': { description: 'Removed' }, ...p('401', '403', '404') } },
    },
    '/api/budgets/{id}/contributions': {
      put: { tags: T, summary: 'Replace what each settlement pays into the budget (levy, year, amount)', parameters: [...doc, csrf], security: cookie, requestBody: body(ContributionsPut), responses: { '200': ok('BudgetDocumentDetail'), ...p('400', '401', '403', '404') } },
    },
    '/api/budgets/{id}/analysis': {
      get: { tags: T, summary: `Budget against gaps, computed in SQL: per village and sector spending, per resident and per resident without the service (from the coverage and unserved analyses); plan against actual per line, sector and village (underspent lines flagged); shares of spending, contributions, population and unserved people with the dissimilarity index; trends over fiscal years; ready sentences in ky/ru/en; provenance.${VIS}`, parameters: [...doc, ...params(AnalysisQuery, 'query')], responses: { '200': ok('BudgetAnalysis'), ...p('400', '404') } },
    },
    '/api/budgets/{id}/what-if': {
      post: { tags: T, summary: 'Distribute an amount among the villages by weights of population, people without the service and contributions; each village’s amount and its change against today. Computes only; stores nothing.', parameters: [...doc, csrf], requestBody: body(WhatIfBody), responses: { '200': ok('BudgetWhatIf'), ...p('400', '404') } },
    },
  };
}
