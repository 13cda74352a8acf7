// Requests of /api/budgets/imports (the spreadsheet wizard) and the shapes it answers: the detection of
// an upload, the check's report and the prepared lines. Unknown keys are refused.
import { z } from 'zod';
import { uuid } from '../../http/fields.js';
import { DIRECTIONS, DocumentCreate, FUNDING_SOURCES, NATURES, SECTORS, type Direction, type FundingSource, type Nature, type Sector } from '../budgets.schema.js';
import type { I18n } from '../../layers/types.js';
import type { IssueCode } from './messages.js';
import type { VillageSuggestion } from './villages.js';

export const BudgetImportParams = z.object({ id: uuid('id') }).strict();
export const BudgetUploadQuery = z.object({
  filename: z.string().min(1).max(255).regex(/^[^\\/\u0000-\u001f]+$/, 'filename must be a file name without folders').optional(),
}).strict();

const letter = (name: string) => z.string().regex(/^[A-Z]{1,3}$/, `${name} must be a column letter such as C`);
const rowNo = (name: string) => z.number({ message: `${name} must be a row number` }).int(`${name} must be a whole row number`).min(1, `${name} must be 1 or more`).max(20_000, `${name} must be at most 20000`);
const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as unknown as [T, ...T[]], { message: `${name} must be one of ${values.join(', ')}` });

export const CheckBody = z.object({
  sheet: z.string().min(1).max(200),
  headerRow: rowNo('headerRow'),
  columns: z.object({
    amount: letter('columns.amount'),
    description: letter('columns.description'),
    direction: letter('columns.direction').optional(),
    functional_code: letter('columns.functional_code').optional(),
    economic_code: letter('columns.economic_code').optional(),
    administrative_code: letter('columns.administrative_code').optional(),
    funding_source: letter('columns.funding_source').optional(),
    nature: letter('columns.nature').optional(),
    sector: letter('columns.sector').optional(),
    village: letter('columns.village').optional(),
    line_key: letter('columns.line_key').optional(),
    executed: letter('columns.executed').optional(),
  }).strict(),
  /** Values for the whole sheet where no column is mapped (a column's value wins where it has one). */
  constants: z.object({
    direction: oneOf('constants.direction', DIRECTIONS).optional(),
    funding_source: oneOf('constants.funding_source', FUNDING_SOURCES).optional(),
    nature: oneOf('constants.nature', NATURES).optional(),
    sector: oneOf('constants.sector', SECTORS).optional(),
  }).strict().default({}),
  document: DocumentCreate,
  /** Village name as written in the sheet → the settlement it is, or null: the whole municipality (unallocated). */
  villageMatches: z.record(z.string().min(1).max(200), z.number().int().positive().nullable()).default({}),
  /** Rows (1-based) that state a total though their text does not say so; compared, not imported. */
  totalRows: z.array(rowNo('totalRows[]')).max(1000).default([]),
  /** Rows (1-based) left out of the import (a duplicate, a note). */
  skipRows: z.array(rowNo('skipRows[]')).max(20_000).default([]),
}).strict();
export type CheckInput = z.infer<typeof CheckBody>;

export const CommitBody = z.object({ accept: z.literal(true, { message: 'accept must be true: the report was read and accepted' }) }).strict();

// ---- answers ----

export interface SheetDetection {
  name: string;
  hidden: boolean;
  rows: number;
  columns: number;
  /** The first 20 rows as text (for choosing the header row). */
  preview: string[][];
  /** 1-based. */
  headerRow: number;
  /** Field → column letter. */
  columnsGuess: Record<string, string>;
}
export interface BudgetImportDetection { format: 'csv' | 'xlsx'; encoding: string | null; delimiter: string | null; sheets: SheetDetection[] }

export interface ReportIssue {
  code: IssueCode;
  /** 'error' blocks the commit; 'warning' is to be read. */
  severity: 'error' | 'warning';
  sheet: string;
  /** 1-based, as the spreadsheet shows it. */
  row: number;
  /** Column letter, or null when the issue is the row's. */
  column: string | null;
  field: string | null;
  value: string | null;
  message: I18n;
  /** Every row the issue concerns (a village name on several rows). */
  rows?: number[];
}

export interface VillageReport {
  name: string;
  rows: number[];
  status: 'exact' | 'confirmed' | 'unallocated' | 'suggested' | 'unmatched';
  settlementId: number | null;
  names: { ky: string | null; ru: string | null; en: string | null } | null;
  suggestions: VillageSuggestion[];
}

export interface SectorFigures { revenue: number; expenditure: number; lines: number }
export interface CheckReport {
  sheet: string;
  headerRow: number;
  counts: {
    rowsRead: number;
    lines: number;
    totalRows: number;
    skipped: number;
    revenue: number;
    expenditure: number;
    /** Sum of the executed column, null when it is not mapped. */
    executed: number | null;
    bySector: Partial<Record<Sector, SectorFigures>>;
  };
  issues: ReportIssue[];
  villages: VillageReport[];
  blocking: boolean;
  /** Defaults taken for fields neither mapped nor given a constant. */
  defaults: { funding_source?: FundingSource; nature?: Nature; sector?: Sector };
  /** The settlements of the document's municipality (what a village name may be matched to); empty without a village column. */
  settlements: { id: number; names: { ky: string | null; ru: string | null; en: string | null } }[];
}

/** A line ready for the budget: what commit stores. */
export interface PreparedLine {
  row: number;
  line_key: string;
  direction: Direction;
  functional_code: string | null;
  economic_code: string | null;
  administrative_code: string | null;
  description: string;
  funding_source: FundingSource;
  nature: Nature;
  sector: Sector;
  /** Som, 2 decimals. */
  amount: number;
  executed: number | null;
  village: string | null;
  settlement_id: number | null;
  source_ref: string;
}

export interface BudgetImportView {
  id: string;
  status: 'detected' | 'checked' | 'committed' | 'discarded' | 'failed';
  filename: string;
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  detection: BudgetImportDetection;
  mapping: CheckInput | null;
  report: CheckReport | null;
  documentId: string | null;
  /** The 'executed' phase document made from the executed column, if any. */
  executedDocumentId: string | null;
  createdAt: string;
  committedAt: string | null;
}
