// Budget imports: a spreadsheet (CSV or XLSX) becomes a budget document. upload → the sheets, their
// first rows and a guessed header row and columns; check → every row read against the mapping, the
// report (issues by sheet/row/column, villages matched to the municipality's settlements) and the
// prepared lines stored; commit → only a report without blocking issues, the document (and the
// 'executed' document when an executed column is mapped) in one transaction. The file stays in the
// upload folder until the import is committed or discarded.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isEditorRole, type SignedIn } from '../../access/viewer.js';
import { HttpProblem, invalidParameter, notFound } from '../../http/problem.js';
import { diskFull } from '../../http/errors.js';
import { isDiskFullError } from '../../db/connect.js';
import { FormatProblem } from '../../imports/formats/types.js';
import { fileProblem } from '../../imports/imports.service.js';
import { UploadFolder, UploadTooLarge } from '../../imports/uploads.js';
import { checkSheet } from './check.js';
import { guessHeader } from './columns.js';
import * as repo from './budget-imports.repo.js';
import type { BudgetImportDetection, BudgetImportView, CheckInput, PreparedLine } from './budget-imports.schema.js';
import { columnIndex, readWorkbook, sniffSpreadsheet, type Cell } from './spreadsheet.js';

/** Rows of each sheet shown for choosing the header row. */
export const PREVIEW_ROWS = 20;
/** A budget spreadsheet is small: at most this, or the import limit if lower. */
export const BUDGET_MAX_BYTES = 20 * 1024 * 1024;

const cellText = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c));

export class BudgetImportsService {
  readonly maxBytes: number;
  constructor(private readonly db: Kysely<DB>, readonly folder: UploadFolder, opts: { maxBytes: number }) {
    this.maxBytes = Math.min(opts.maxBytes, BUDGET_MAX_BYTES);
  }

  private editor(viewer: SignedIn) {
    if (!isEditorRole(viewer.role)) throw new HttpProblem('forbidden', 'Only advocates and admins of an organisation import budgets.');
  }

  private async row(viewer: SignedIn, id: string): Promise<repo.BudgetImportRow> {
    this.editor(viewer);
    const row = await repo.getImport(this.db, id);
    // Another organisation's import does not exist for this viewer.
    if (!row || row.status === 'discarded' || row.organisation_id !== viewer.orgId) throw notFound(`There is no budget import ${id}.`);
    return row;
  }

  view(row: repo.BudgetImportRow): BudgetImportView {
    return {
      id: row.id, status: row.status, filename: row.filename, size: Number(row.size), sha256: row.sha256, format: row.format,
      detection: row.detection, mapping: row.mapping, report: row.report, documentId: row.document_id, executedDocumentId: row.executed_document_id,
      createdAt: row.created_at, committedAt: row.committed_at,
    };
  }

  async get(viewer: SignedIn, id: string): Promise<BudgetImportView> {
    return this.view(await this.row(viewer, id));
  }

  async upload(viewer: SignedIn, body: Readable, filename: string): Promise<BudgetImportView> {
    this.editor(viewer);
    let stored;
    try {
      stored = await this.folder.store(body, this.maxBytes);
    } catch (e) {
      if (e instanceof UploadTooLarge) throw tooLarge(filename, this.maxBytes);
      if (isDiskFullError(e)) throw diskFull();
      throw e;
    }
    try {
      if (stored.size === 0) throw new HttpProblem('invalid-body', `${filename} is empty: send the spreadsheet itself as the request body. Nothing was stored.`);
      const format = await sniffSpreadsheet(stored.path);
      const wb = await readWorkbook(stored.path, format);
      const detection: BudgetImportDetection = {
        format, encoding: wb.encoding, delimiter: wb.delimiter,
        sheets: wb.sheets.map((s) => {
          const guess = guessHeader(s.rows, PREVIEW_ROWS);
          const width = Math.min(s.columns, 60);
          return {
            name: s.name, hidden: s.hidden, rows: s.rows.length, columns: s.columns,
            preview: s.rows.slice(0, PREVIEW_ROWS).map((r) => Array.from({ length: width }, (_, i) => cellText(r[i]).slice(0, 200))),
            headerRow: guess.headerRow, columnsGuess: guess.columns as Record<string, string>,
          };
        }),
      };
      const id = await repo.insertImport(this.db, { orgId: viewer.orgId, userId: viewer.userId, filename, size: stored.size, sha256: stored.sha256, uploadPath: stored.path, format, detection });
      return this.get(viewer, id);
    } catch (e) {
      this.folder.remove(stored.path);
      if (isDiskFullError(e)) throw diskFull();
      throw e instanceof FormatProblem ? fileProblem(e, filename) : e;
    }
  }

  async check(viewer: SignedIn, id: string, m: CheckInput): Promise<BudgetImportView> {
    const row = await this.row(viewer, id);
    if (row.status !== 'detected' && row.status !== 'checked') throw new HttpProblem('conflict', `Budget import ${id} is ${row.status}: it can no longer be checked.`);
    if (!row.upload_path) throw new HttpProblem('conflict', `The file of budget import ${id} is no longer kept. Upload ${row.filename} again.`);
    if (m.columns.executed && m.document.phase === 'executed') {
      throw invalidParameter("columns.executed: the document is itself the 'executed' phase; map its amounts as columns.amount and leave columns.executed out.", [{ in: 'body', name: 'columns.executed', reason: 'not with phase executed' }]);
    }
    if (!(await repo.municipalityExists(this.db, m.document.municipality))) {
      throw invalidParameter(`document.municipality: no settlement belongs to '${m.document.municipality}'. Use the municipality name the settlements carry (GET /api/complete-areas/municipalities).`, [{ in: 'body', name: 'document.municipality', reason: 'no settlement has this municipality' }]);
    }
    if (m.document.campaign_id) {
      const org = await repo.campaignOrganisation(this.db, m.document.campaign_id);
      if (org !== viewer.orgId) throw invalidParameter('document.campaign_id must be a campaign of your organisation.', [{ in: 'body', name: 'document.campaign_id', reason: 'not a campaign of your organisation' }]);
    }
    let wb;
    try { wb = await readWorkbook(row.upload_path, row.format); } catch (e) { throw e instanceof FormatProblem ? fileProblem(e, row.filename) : e; }
    const sheet = wb.sheets.find((s) => s.name === m.sheet);
    if (!sheet) throw invalidParameter(`sheet: ${row.filename} has no sheet “${m.sheet}” (it has ${wb.sheets.map((s) => `“${s.name}”`).join(', ')}).`, [{ in: 'body', name: 'sheet', reason: 'no such sheet' }]);
    if (m.headerRow > sheet.rows.length) throw invalidParameter(`headerRow: the sheet “${sheet.name}” has ${sheet.rows.length} rows.`, [{ in: 'body', name: 'headerRow', reason: 'past the last row' }]);
    for (const [f, l] of Object.entries(m.columns)) {
      if (columnIndex(l) >= Math.max(sheet.columns, 1)) throw invalidParameter(`columns.${f}: the sheet “${sheet.name}” has no value in column ${l}.`, [{ in: 'body', name: `columns.${f}`, reason: 'empty column' }]);
    }
    const settlements = m.columns.village ? await repo.settlementsOf(this.db, m.document.municipality) : [];
    const { report, lines } = checkSheet(sheet, m, settlements);
    await repo.saveCheck(this.db, id, m, report, lines);
    return this.get(viewer, id);
  }

  async commit(viewer: SignedIn, id: string): Promise<BudgetImportView> {
    const row = await this.row(viewer, id);
    const ready = (r: repo.BudgetImportRow) => {
      if (r.status === 'committed') throw new HttpProblem('conflict', `Budget import ${id} is already committed (document ${r.document_id}). Nothing more was stored.`);
      if (r.status !== 'checked' || !r.report || !r.rows || !r.mapping) throw new HttpProblem('conflict', `Budget import ${id} has not been checked: POST /api/budgets/imports/${id}/check with the mapping first, read the report, then commit. Nothing was stored.`);
      if (r.report.blocking) {
        const n = r.report.issues.filter((x) => x.severity === 'error').length;
        throw new HttpProblem('conflict', `The last check of budget import ${id} found ${n} blocking issue${n === 1 ? '' : 's'}: fix the file or the mapping and check again. Nothing was stored.`, { blocking: n });
      }
    };
    ready(row);
    const m = row.mapping!;
    const lines = row.rows!;
    const plan: repo.NewDocument = { document: m.document, lines, amountOf: (l: PreparedLine) => l.amount };
    const executed: repo.NewDocument | null = m.columns.executed
      ? { document: { ...m.document, phase: 'executed', title: m.document.title ?? null }, lines, amountOf: (l: PreparedLine) => l.executed }
      : null;
    try {
      await repo.commitImport(this.db, { importId: id, orgId: viewer.orgId, userId: viewer.userId, plan, executed }, ready);
    } catch (e) {
      if (e instanceof repo.DocumentExists) {
        throw new HttpProblem('conflict', `Your organisation already has the ${e.phase} budget of ${m.document.municipality} for ${m.document.fiscal_year}. Delete or edit that one, or import under another phase. Nothing was stored.`);
      }
      if (isDiskFullError(e)) throw diskFull();
      throw e;
    }
    this.folder.remove(row.upload_path);
    return this.get(viewer, id);
  }

  /**
   * At start-up: removes files of the upload folder that no import still being worked on keeps (an
   * upload cut off, a server stopped mid-way). Files younger than `minAgeMs` are left: an upload may be
   * arriving. Imports that are detected or checked keep their file across restarts. Returns how many.
   */
  async sweep(minAgeMs = 60 * 60 * 1000): Promise<number> {
    if (!fs.existsSync(this.folder.dir)) return 0;
    const kept = new Set((await repo.keptFiles(this.db)).map((f) => path.resolve(f)));
    let n = 0;
    for (const name of fs.readdirSync(this.folder.dir)) {
      const file = path.resolve(this.folder.dir, name);
      if (kept.has(file)) continue;
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (!st?.isFile() || Date.now() - st.mtimeMs < minAgeMs) continue;
      this.folder.remove(file);
      n++;
    }
    return n;
  }

  async discard(viewer: SignedIn, id: string): Promise<void> {
    const row = await this.row(viewer, id);
    if (row.status === 'committed') throw new HttpProblem('conflict', `Budget import ${id} is committed: delete its budget document (DELETE /api/budgets/${row.document_id}) instead.`);
    await repo.discard(this.db, id);
    this.folder.remove(row.upload_path);
  }
}

export function tooLarge(filename: string, maxBytes: number) {
  return new HttpProblem('payload-too-large', `${filename} is larger than ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.ceil(maxBytes / 1024)} KB`}, the most a budget import accepts. A local budget's spreadsheet is far smaller: remove what is not the budget. Nothing was stored.`);
}
