// Typed client for budget imports (/api/budgets/imports), on the one transport (client.ts): the upload
// reports progress; the commit carries an Idempotency-Key (a retry commits once); every failure is an
// ApiError whose `detail` the wizard shows.
import { http, uploadWithProgress, type UploadProgress } from './client.ts';
import type { BudgetDirection, BudgetFundingSource, BudgetImportCheck, BudgetImportView, BudgetNature, BudgetPhase, BudgetSector } from './wire.ts';

export type {
  BudgetImportCheck, BudgetImportIssue, BudgetImportReport, BudgetImportSheet, BudgetImportVillage, BudgetImportView,
  BudgetDirection, BudgetFundingSource, BudgetNature, BudgetPhase, BudgetSector,
} from './wire.ts';
export type { UploadProgress };

type S = AbortSignal | undefined;
const enc = encodeURIComponent;

// The server's value lists (budgets.schema.ts); a list out of step fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const DIRECTIONS = ['revenue', 'expenditure'] as const;
export const FUNDING_SOURCES = ['own_revenue', 'equalisation_grant', 'categorical_grant', 'local_contributions', 'donor'] as const;
export const NATURES = ['capital', 'current'] as const;
export const SECTORS = ['drinking_water', 'irrigation', 'electricity', 'roads', 'health', 'education', 'markets', 'other'] as const;
export const PHASES = ['proposed', 'approved', 'revised', 'executed'] as const;
export type BudgetListsInSync = [
  Same<(typeof DIRECTIONS)[number], BudgetDirection>, Same<(typeof FUNDING_SOURCES)[number], BudgetFundingSource>,
  Same<(typeof NATURES)[number], BudgetNature>, Same<(typeof SECTORS)[number], BudgetSector>, Same<(typeof PHASES)[number], BudgetPhase>,
] extends [true, true, true, true, true] ? true : never;
export const BUDGET_LISTS_IN_SYNC: BudgetListsInSync = true;

/** The fields a column can be mapped to, in the order the wizard shows them. */
export const COLUMN_FIELDS = ['amount', 'description', 'direction', 'village', 'sector', 'functional_code', 'economic_code', 'administrative_code', 'funding_source', 'nature', 'line_key', 'executed'] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

/** Files the server reads (budgets/import/spreadsheet.ts): the content decides, the name only helps the picker. */
export const ACCEPT = '.xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';


export const budgetImports = {
  upload: (file: File, onprogress: (p: UploadProgress) => void, signal?: S) =>
    uploadWithProgress<BudgetImportView>('/api/budgets/imports', file, { query: { filename: file.name }, onprogress, signal }),
  get: (id: string, signal?: S) => http.get<BudgetImportView>(`/api/budgets/imports/${enc(id)}`, { signal, cache: 'no-store' }),
  check: (id: string, body: BudgetImportCheck, signal?: S) => http.post<BudgetImportView>(`/api/budgets/imports/${enc(id)}/check`, body, { signal }),
  /** The same key for retries of one commit: the server commits once. */
  commit: (id: string, key: string, signal?: S) =>
    http.post<BudgetImportView>(`/api/budgets/imports/${enc(id)}/commit`, { accept: true }, { signal, headers: { 'Idempotency-Key': key } }),
  discard: (id: string, signal?: S) => http.delete(`/api/budgets/imports/${enc(id)}`, { signal }),
  /** The municipality names the settlements carry (what a budget document's municipality must be). */
  municipalities: (signal?: S) => http.get<{ municipalities: { name: string; settlements: number }[] }>('/api/complete-areas/municipalities', { signal }),
};
