// SQL of budget imports: the budget_imports row, the settlements of a municipality (for matching
// village names), and the commit — the budget document(s), their lines and allocations and the
// import's status in ONE transaction. Values are bound.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DocumentCreateInput } from '../budgets.schema.js';
import type { BudgetImportDetection, CheckInput, CheckReport, PreparedLine } from './budget-imports.schema.js';
import type { SettlementName } from './villages.js';
import * as budgets from '../budgets.repo.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface BudgetImportRow {
  id: string;
  organisation_id: string;
  created_by: string | null;
  filename: string;
  size: string | number;
  sha256: string;
  upload_path: string | null;
  format: 'csv' | 'xlsx';
  detection: BudgetImportDetection;
  mapping: CheckInput | null;
  report: CheckReport | null;
  rows: PreparedLine[] | null;
  status: 'detected' | 'checked' | 'committed' | 'discarded' | 'failed';
  document_id: string | null;
  executed_document_id: string | null;
  created_at: string;
  committed_at: string | null;
}

const iso = (c: string) => sql<string>`to_char(${sql.ref(c)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export async function insertImport(db: Db, v: { orgId: string; userId: string; filename: string; size: number; sha256: string; uploadPath: string; format: 'csv' | 'xlsx'; detection: BudgetImportDetection }): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO budget_imports (organisation_id, created_by, filename, size, sha256, upload_path, format, detection)
    VALUES (${v.orgId}, ${v.userId}, ${v.filename}, ${v.size}, ${v.sha256}, ${v.uploadPath}, ${v.format}, ${JSON.stringify(v.detection)}::jsonb) RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function getImport(db: Db, id: string, forUpdate = false): Promise<BudgetImportRow | undefined> {
  const r = await sql<BudgetImportRow>`SELECT i.id, i.organisation_id, i.created_by, i.filename, i.size, i.sha256, i.upload_path, i.format,
      i.detection, i.mapping, i.report, i.rows, i.status, i.document_id,
      (SELECT d.id FROM budget_documents d WHERE d.import_id = i.id AND d.phase = 'executed' AND d.id IS DISTINCT FROM i.document_id LIMIT 1) AS executed_document_id,
      ${iso('i.created_at')} AS created_at, ${iso('i.committed_at')} AS committed_at
    FROM budget_imports i WHERE i.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0];
}

export async function saveCheck(db: Db, id: string, mapping: CheckInput, report: CheckReport, rows: PreparedLine[]) {
  await sql`UPDATE budget_imports SET status = 'checked', mapping = ${JSON.stringify(mapping)}::jsonb, report = ${JSON.stringify(report)}::jsonb,
    rows = ${JSON.stringify(rows)}::jsonb WHERE id = ${id} AND status IN ('detected','checked')`.execute(db);
}

/** The files that imports still being worked on (detected or checked) keep. */
export async function keptFiles(db: Db): Promise<string[]> {
  const r = await sql<{ upload_path: string }>`SELECT upload_path FROM budget_imports WHERE status IN ('detected','checked') AND upload_path IS NOT NULL`.execute(db);
  return r.rows.map((x) => x.upload_path);
}

export async function discard(db: Db, id: string) {
  await sql`UPDATE budget_imports SET status = 'discarded', upload_path = NULL, rows = NULL WHERE id = ${id} AND status <> 'committed'`.execute(db);
}

/** The settlements whose municipality is `municipality` (the name as the settlements carry it). */
export async function settlementsOf(db: Db, municipality: string): Promise<SettlementName[]> {
  const r = await sql<{ id: string | number; name_ky: string | null; name_ru: string | null; name_en: string | null }>`
    SELECT id, name_ky, name_ru, name_en FROM settlements
    WHERE municipality = ${municipality} ORDER BY id`.execute(db);
  return r.rows.map((s) => ({ id: Number(s.id), names: { ky: s.name_ky, ru: s.name_ru, en: s.name_en } }));
}

export interface NewDocument { document: DocumentCreateInput; lines: PreparedLine[]; amountOf: (l: PreparedLine) => number | null }

/** The document exists already (organisation, municipality, year, phase). */
export class DocumentExists extends Error {
  constructor(readonly phase: string) { super(`a ${phase} document exists`); }
}

/** The budget tables are written with the budgets module's own statements (budgets.repo.ts), inside this transaction. */
async function insertDocument(tx: Transaction<DB>, orgId: string, userId: string, importId: string, d: NewDocument): Promise<string> {
  const doc = d.document;
  if (await budgets.documentExists(tx, orgId, doc.municipality, doc.fiscal_year, doc.phase)) throw new DocumentExists(doc.phase);
  let id: string;
  try {
    id = await budgets.insertDocument(tx, { ...doc, organisationId: orgId, createdBy: userId, importId });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new DocumentExists(doc.phase);
    throw e;
  }
  for (const l of d.lines) {
    const amount = d.amountOf(l);
    if (amount === null) continue;
    const lineId = await budgets.insertLine(tx, id, {
      line_key: l.line_key, direction: l.direction, functional_code: l.functional_code, economic_code: l.economic_code, administrative_code: l.administrative_code,
      description: l.description, funding_source: l.funding_source, nature: l.nature, sector: l.sector, amount, source_ref: l.source_ref,
    });
    if (l.settlement_id !== null) {
      await budgets.replaceAllocations(tx, lineId, [{ settlement_id: l.settlement_id, method: 'project_site', amount, evidence: `Village “${l.village}” in ${l.source_ref}` }]);
    }
  }
  return id;
}

/**
 * The budget document (and the executed one, when given) with their lines and allocations, and the
 * import marked committed: all or nothing. The import row is locked so a second commit waits and
 * then sees it committed.
 */
export async function commitImport(db: Kysely<DB>, v: { importId: string; orgId: string; userId: string; plan: NewDocument; executed: NewDocument | null },
  stillCheckable: (row: BudgetImportRow) => void): Promise<{ documentId: string; executedDocumentId: string | null }> {
  return db.transaction().execute(async (tx) => {
    const row = await getImport(tx, v.importId, true);
    stillCheckable(row!);
    const documentId = await insertDocument(tx, v.orgId, v.userId, v.importId, v.plan);
    const executedDocumentId = v.executed ? await insertDocument(tx, v.orgId, v.userId, v.importId, v.executed) : null;
    await sql`UPDATE budget_imports SET status = 'committed', document_id = ${documentId}, committed_at = now(), upload_path = NULL WHERE id = ${v.importId}`.execute(tx);
    return { documentId, executedDocumentId };
  });
}

/** Whether any settlement carries this municipality name. */
export const municipalityExists = (db: Db, municipality: string) => budgets.municipalityExists(db, municipality);

/** The organisation a campaign belongs to, or undefined when there is no such campaign. */
export async function campaignOrganisation(db: Db, id: string): Promise<string | undefined> {
  const r = await sql<{ organisation_id: string }>`SELECT organisation_id FROM campaigns WHERE id = ${id}`.execute(db);
  return r.rows[0]?.organisation_id;
}
