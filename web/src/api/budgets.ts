// The typed client of /api/budgets/* on the one transport (client.ts): the documents a reader may see,
// one document with its lines, the per-village analysis and the what-if allocation, and the hand edits
// (documents, lines, allocations, contributions). Writes carry the CSRF token (client.ts). The shapes
// are the server's own (wire.ts → server/src/budgets/budgets.types.ts and budgets.schema.ts).
import { http, apiUrl } from './client.ts';
import type {
  AllocationBody, BudgetDocumentDetail, BudgetLine, BudgetList, BudgetAnalysis, BudgetWhatIf, ContributionBody,
  DocumentCreateBody, DocumentPatchBody, LineBody, LinePatchBody, WhatIfBudgetBody,
} from './wire.ts';
import type { Lang } from './wire.ts';

export type {
  AllocationBody, AllocationMethod, BudgetAllocation, BudgetAnalysis, BudgetContribution, BudgetDocument, BudgetDocumentDetail, BudgetLine,
  BudgetList, BudgetNames, BudgetSentence, BudgetWhatIf, ContributionBody, DocumentCreateBody, DocumentPatchBody, FairnessIndex, LineBody,
  LinePatchBody, Measure, Phase, Sector, SectorFigures, TrendPoint, VillageFigures, WhatIfBudgetBody,
} from './wire.ts';
export { ALLOCATION_METHODS, BUDGET_DIRECTIONS, BUDGET_MEASURES, BUDGET_NATURES, BUDGET_PHASES, FUNDING_SOURCES, LEVIES, SECTORS } from './wire.ts';

type S = AbortSignal | undefined;
/** Which documents: of a demo project (projects.json id), a campaign, a municipality, a year; none: all the reader may see. */
export interface BudgetFilter { project?: string; campaign?: string; municipality?: string; year?: number }
export interface CodeLabel { scheme: 'functional' | 'economic' | 'administrative'; code: string; labels: { ky: string; ru: string; en: string } }

const doc = (id: string) => `/api/budgets/${encodeURIComponent(id)}`;
const line = (id: string, lineId: number) => `${doc(id)}/lines/${lineId}`;

export const budgetsApi = {
  list: (f: BudgetFilter = {}, signal?: S) =>
    http.get<BudgetList>('/api/budgets', { query: { project: f.project, campaign: f.campaign, municipality: f.municipality, year: f.year }, signal }),
  codes: (signal?: S) => http.get<{ codes: CodeLabel[] }>('/api/budgets/codes', { signal }),
  get: (id: string, signal?: S) => http.get<BudgetDocumentDetail>(doc(id), { signal }),
  analysis: (id: string, p: { lang?: Lang; underspent?: number } = {}, signal?: S) =>
    http.get<BudgetAnalysis>(`${doc(id)}/analysis`, { query: { lang: p.lang, underspent: p.underspent }, signal }),
  whatIf: (id: string, body: WhatIfBudgetBody, signal?: S) => http.post<BudgetWhatIf>(`${doc(id)}/what-if`, body, { signal }),
  create: (body: DocumentCreateBody) => http.post<BudgetDocumentDetail>('/api/budgets', body),
  patch: (id: string, body: DocumentPatchBody) => http.patch<BudgetDocumentDetail>(doc(id), body),
  remove: (id: string) => http.delete(doc(id)),
  addLine: (id: string, body: LineBody) => http.post<BudgetLine>(`${doc(id)}/lines`, body),
  patchLine: (id: string, lineId: number, body: LinePatchBody) => http.patch<BudgetLine>(line(id, lineId), body),
  deleteLine: (id: string, lineId: number) => http.delete(line(id, lineId)),
  putAllocations: (id: string, lineId: number, allocations: AllocationBody[]) => http.put<BudgetLine>(`${line(id, lineId)}/allocations`, { allocations }),
  putContributions: (id: string, contributions: ContributionBody[]) => http.put<BudgetDocumentDetail>(`${doc(id)}/contributions`, { contributions }),
  /** Links (not fetched here: the browser downloads them with the session cookie). */
  tableUrl: (id: string, format: 'xlsx' | 'csv', lang: Lang) => apiUrl(`${doc(id)}/table`, { format, lang }),
  hearingPackUrl: (id: string, lang: Lang) => apiUrl(`${doc(id)}/hearing-pack`, { lang, format: 'pdf' }),
};
