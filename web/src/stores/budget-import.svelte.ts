// The budget import wizard's state: one spreadsheet from upload to commit, and the choices the person
// makes on the way (sheet, header row, columns, constants, the budget document, village matches, rows
// left out). The server reads, checks and stores; this only carries the choices there and back.
// Steps: upload → sheet → columns → villages → report → done.
import { newUuid } from '../lib/uuid.ts';
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import {
  budgetImports, type BudgetImportCheck, type BudgetImportView, type BudgetDirection, type BudgetFundingSource, type BudgetNature,
  type BudgetPhase, type BudgetSector, type ColumnField, type UploadProgress,
} from '../api/budgetImports.ts';
import type { ProvenanceClass } from '../api/wire.ts';

export const STEPS = ['upload', 'sheet', 'columns', 'villages', 'report', 'done'] as const;
export type Step = (typeof STEPS)[number];

export interface DocumentDraft {
  municipality: string;
  municipality_kind: 'ayil_okmotu' | 'city';
  fiscal_year: number;
  phase: BudgetPhase;
  title: string;
  source: string;
  source_date: string;
  licence: string;
  provenance: ProvenanceClass;
}
export interface Constants { direction: BudgetDirection | ''; funding_source: BudgetFundingSource | ''; nature: BudgetNature | ''; sector: BudgetSector | '' }

export class BudgetImportState {
  /** The campaign the budget belongs to (the panel's: its documents' campaign); null for none. */
  campaignId: string | null = null;
  step = $state<Step>('upload');
  view = $state.raw<BudgetImportView | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** What is running: 'upload' | 'check' | 'commit' | 'discard' | null. */
  busy = $state<string | null>(null);
  upload = $state.raw<UploadProgress | null>(null);

  sheet = $state('');
  headerRow = $state(1);
  columns = $state<Partial<Record<ColumnField, string>>>({});
  constants = $state<Constants>({ direction: '', funding_source: '', nature: '', sector: '' });
  document = $state<DocumentDraft>({
    municipality: '', municipality_kind: 'ayil_okmotu', fiscal_year: new Date().getFullYear(), phase: 'approved', title: '',
    source: '', source_date: '', licence: '', provenance: 'real',
  });
  /** Village name as written → settlement id, or null for the whole ayil okmotu (unallocated). */
  villageMatches = $state<Record<string, number | null>>({});
  skipRows = $state<number[]>([]);
  totalRows = $state<number[]>([]);

  private aborter: AbortController | null = null;
  private commitKey = '';

  get detection() { return this.view?.detection ?? null; }
  get currentSheet() { return this.detection?.sheets.find((s) => s.name === this.sheet) ?? null; }
  get report() { return this.view?.report ?? null; }
  /** Villages the person still has to decide on. */
  get openVillages() { return (this.report?.villages ?? []).filter((v) => v.status === 'suggested' || v.status === 'unmatched'); }

  reset() {
    this.aborter?.abort();
    this.step = 'upload'; this.view = null; this.error = null; this.busy = null; this.upload = null;
    this.sheet = ''; this.headerRow = 1; this.columns = {}; this.villageMatches = {}; this.skipRows = []; this.totalRows = [];
    this.constants = { direction: '', funding_source: '', nature: '', sector: '' };
    this.commitKey = '';
  }

  private async run<T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.aborter?.abort();
    const ctl = new AbortController();
    this.aborter = ctl;
    this.busy = what;
    this.error = null;
    try {
      return await fn(ctl.signal);
    } catch (e) {
      if (!isAbort(e)) this.error = asApiError(e);
      return undefined;
    } finally {
      if (this.aborter === ctl) { this.busy = null; this.aborter = null; }
    }
  }

  async uploadFile(file: File) {
    this.upload = { loaded: 0, total: file.size };
    const v = await this.run('upload', (signal) => budgetImports.upload(file, (p) => (this.upload = p), signal));
    this.upload = null;
    if (!v) return;
    this.view = v;
    const first = v.detection.sheets.find((s) => !s.hidden) ?? v.detection.sheets[0];
    if (first) this.chooseSheet(first.name);
    if (!this.document.source) this.document.source = file.name;
    this.step = 'sheet';
  }

  cancelUpload() { this.aborter?.abort(); this.upload = null; }

  /** A sheet brings its guessed header row and columns (the person may change both). */
  chooseSheet(name: string) {
    this.sheet = name;
    const s = this.currentSheet;
    if (!s) return;
    this.headerRow = s.headerRow;
    this.columns = { ...(s.columnsGuess as Partial<Record<ColumnField, string>>) };
  }

  body(): BudgetImportCheck {
    const d = this.document;
    const columns = Object.fromEntries(Object.entries(this.columns).filter(([, v]) => v)) as BudgetImportCheck['columns'];
    const constants = Object.fromEntries(Object.entries(this.constants).filter(([, v]) => v)) as BudgetImportCheck['constants'];
    return {
      sheet: this.sheet, headerRow: this.headerRow, columns, constants,
      document: {
        municipality: d.municipality.trim(), municipality_kind: d.municipality_kind, fiscal_year: Number(d.fiscal_year), phase: d.phase,
        title: d.title.trim() || null, source: d.source.trim(), source_date: d.source_date || null, licence: d.licence.trim(), provenance: d.provenance,
        ...(this.campaignId ? { campaign_id: this.campaignId } : {}),
      },
      villageMatches: this.villageMatches, totalRows: this.totalRows, skipRows: this.skipRows,
    };
  }

  /** Sends the mapping; the report decides the next step (villages to decide first, else the report). */
  async check() {
    if (!this.view) return;
    const id = this.view.id;
    const v = await this.run('check', (signal) => budgetImports.check(id, this.body(), signal));
    if (!v) return;
    this.view = v;
    this.commitKey = '';
    this.step = this.openVillages.length ? 'villages' : 'report';
  }

  /** Leaves a row out (a duplicate, a note) and checks again. */
  async skipRow(row: number) {
    if (!this.skipRows.includes(row)) this.skipRows = [...this.skipRows, row].sort((a, b) => a - b);
    await this.check();
  }
  /** Marks a row as a total (compared with the lines above it, not imported) and checks again. */
  async markTotal(row: number) {
    if (!this.totalRows.includes(row)) this.totalRows = [...this.totalRows, row].sort((a, b) => a - b);
    await this.check();
  }
  async unmarkTotal(row: number) {
    this.totalRows = this.totalRows.filter((r) => r !== row);
    await this.check();
  }
  async keepRow(row: number) {
    this.skipRows = this.skipRows.filter((r) => r !== row);
    await this.check();
  }

  async commit(): Promise<string | null> {
    if (!this.view) return null;
    const id = this.view.id;
    this.commitKey ||= newUuid();
    const key = this.commitKey;
    const v = await this.run('commit', (signal) => budgetImports.commit(id, key, signal));
    if (!v) return null;
    this.view = v;
    this.step = 'done';
    return v.documentId;
  }

  async discard() {
    const id = this.view?.id;
    if (id && this.view?.status !== 'committed') await this.run('discard', (signal) => budgetImports.discard(id, signal));
    this.reset();
  }
}
