// SQL for budget documents, their lines, allocations, contributions and links. Reads filter with
// budgetVisible (access/visibility.ts): a draft exists only for its organisation and the
// organisations its campaign is shared with.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { annotationVisible, budgetVisible } from '../access/visibility.js';
import type { Reader } from '../access/viewer.js';
import type { AllocationInputT, ContributionInputT, DocumentCreateInput, DocumentPatchInput, LineInputT } from './budgets.schema.js';
import type { BudgetAllocation, BudgetContribution, BudgetDocument, BudgetLine, BudgetLink, Names, ProvenanceClass } from './budgets.types.js';

type Db = Kysely<DB>;

export interface DocumentRow extends Omit<BudgetDocument, 'editable'> { organisationId: string }

const documentJson = sql`json_build_object(
    'id', b.id, 'ref', b.ref,
    'organisation', json_build_object('id', o.id, 'slug', o.slug, 'names', json_build_object('ky', o.name_ky, 'ru', o.name_ru, 'en', o.name_en)),
    'organisationId', b.organisation_id, 'campaignId', b.campaign_id,
    'municipality', b.municipality,
    'municipalityNames', (SELECT json_build_object('ky', m.name_ky, 'ru', m.name_ru, 'en', m.name_en) FROM municipality_names m WHERE m.municipality = b.municipality),
    'municipalityKind', b.municipality_kind, 'fiscalYear', b.fiscal_year, 'phase', b.phase,
    'title', b.title, 'status', b.status, 'source', b.source, 'sourceDate', b.source_date::text, 'licence', b.licence,
    'provenance', b.provenance, 'notes', b.notes, 'importId', b.import_id, 'version', b.version,
    'totals', (SELECT json_build_object(
        'revenue', COALESCE(sum(l.amount) FILTER (WHERE l.direction = 'revenue'), 0),
        'expenditure', COALESCE(sum(l.amount) FILTER (WHERE l.direction = 'expenditure'), 0),
        'capital', COALESCE(sum(l.amount) FILTER (WHERE l.direction = 'expenditure' AND l.nature = 'capital'), 0),
        'lines', count(l.id),
        'allocated', round(COALESCE((SELECT sum(x.allocated) FROM (${allocatedSql(sql`b.id`)}) x), 0), 2))
      FROM budget_lines l WHERE l.document_id = b.id),
    'createdAt', to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'updatedAt', to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))`;

/**
 * The money each allocation places on its settlement (KGS, unrounded: sums add up; round to show), for the expenditure and revenue
 * lines of document(s) `docs`: an amount as entered; a share × the line; 'by_population': what the
 * line's other allocations leave, split among its by_population settlements by their population.
 * Columns: line_id, settlement_id, method, amount, share, evidence, allocated.
 */
export function allocatedSql(docs: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`SELECT a.line_id, a.settlement_id, a.method, a.amount, a.share, a.evidence,
      (CASE WHEN a.method = 'by_population' THEN
          GREATEST(l.amount - COALESCE(sum(COALESCE(a.amount, a.share * l.amount)) FILTER (WHERE a.method <> 'by_population') OVER (PARTITION BY a.line_id), 0), 0)
          * COALESCE(s.population, 0)::numeric
          / NULLIF(sum(COALESCE(s.population, 0)) FILTER (WHERE a.method = 'by_population') OVER (PARTITION BY a.line_id), 0)
        ELSE COALESCE(a.amount, a.share * l.amount) END) AS allocated
    FROM budget_allocations a JOIN budget_lines l ON l.id = a.line_id JOIN settlements s ON s.id = a.settlement_id
    WHERE l.document_id = ANY (ARRAY[${docs}]::uuid[])`;
}

export async function listDocuments(db: Db, reader: Reader, f: { municipality?: string; year?: number; campaign?: string; organisation?: string }): Promise<DocumentRow[]> {
  const conds: RawBuilder<unknown>[] = [budgetVisible(reader, 'b')];
  if (f.municipality) conds.push(sql`b.municipality = ${f.municipality}`);
  if (f.year !== undefined) conds.push(sql`b.fiscal_year = ${f.year}`);
  if (f.campaign) conds.push(sql`b.campaign_id = ${f.campaign}`);
  if (f.organisation) conds.push(sql`b.organisation_id = ${f.organisation}`);
  const r = await sql<{ j: DocumentRow }>`
    SELECT ${documentJson} AS j FROM budget_documents b JOIN organisations o ON o.id = b.organisation_id
    WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY b.municipality, b.fiscal_year DESC, array_position(ARRAY['proposed','approved','revised','executed'], b.phase), b.id`.execute(db);
  return r.rows.map((x) => x.j);
}

export async function getDocument(db: Db, reader: Reader, id: string): Promise<DocumentRow | undefined> {
  const r = await sql<{ j: DocumentRow }>`
    SELECT ${documentJson} AS j FROM budget_documents b JOIN organisations o ON o.id = b.organisation_id
    WHERE b.id = ${id} AND ${budgetVisible(reader, 'b')}`.execute(db);
  return r.rows[0]?.j;
}

/** The documents of the same organisation, municipality and year in other phases (plan against actual). */
export async function siblings(db: Db, reader: Reader, d: { organisationId: string; municipality: string }): Promise<{ id: string; fiscalYear: number; phase: BudgetDocument['phase'] }[]> {
  const r = await sql<{ id: string; fiscal_year: number; phase: BudgetDocument['phase'] }>`
    SELECT b.id, b.fiscal_year, b.phase FROM budget_documents b
    WHERE b.organisation_id = ${d.organisationId} AND b.municipality = ${d.municipality} AND ${budgetVisible(reader, 'b')}
    ORDER BY b.fiscal_year, array_position(ARRAY['proposed','approved','revised','executed'], b.phase)`.execute(db);
  return r.rows.map((x) => ({ id: x.id, fiscalYear: x.fiscal_year, phase: x.phase }));
}

export async function lockDocument(db: Db, id: string): Promise<void> {
  await sql`SELECT 1 FROM budget_documents WHERE id = ${id} FOR UPDATE`.execute(db);
}

const labelsJson = (scheme: string, codeCol: RawBuilder<unknown>) => sql`(SELECT json_build_object('ky', c.label_ky, 'ru', c.label_ru, 'en', c.label_en)
  FROM budget_codes c WHERE c.scheme = ${scheme} AND c.code = ${codeCol})`;

export async function lines(db: Db, documentId: string, lineId?: number): Promise<BudgetLine[]> {
  const r = await sql<{ j: BudgetLine }>`
    WITH al AS (${allocatedSql(sql`${documentId}::uuid`)})
    SELECT json_build_object(
      'id', l.id, 'lineKey', l.line_key, 'direction', l.direction,
      'functionalCode', l.functional_code, 'economicCode', l.economic_code, 'administrativeCode', l.administrative_code,
      'labels', json_build_object('functional', ${labelsJson('functional', sql`l.functional_code`)}, 'economic', ${labelsJson('economic', sql`l.economic_code`)},
                                  'administrative', ${labelsJson('administrative', sql`l.administrative_code`)}),
      'description', l.description, 'fundingSource', l.funding_source, 'nature', l.nature, 'sector', l.sector, 'amount', l.amount,
      'sourceRef', l.source_ref, 'notes', l.notes,
      'allocations', (SELECT COALESCE(json_agg(json_build_object(
            'settlementId', al.settlement_id, 'names', json_build_object('ky', s.name_ky, 'ru', s.name_ru, 'en', s.name_en),
            'method', al.method, 'amount', al.amount, 'share', al.share, 'allocated', round(al.allocated, 2), 'evidence', al.evidence) ORDER BY s.name_en, s.id), '[]'::json)
          FROM al JOIN settlements s ON s.id = al.settlement_id WHERE al.line_id = l.id),
      'links', (SELECT COALESCE(json_agg(json_build_object('id', k.id, 'annotationId', k.annotation_id, 'layer', k.layer, 'featureId', k.feature_id,
            'title', (SELECT a.title FROM annotations a WHERE a.id = k.annotation_id AND a.deleted_at IS NULL
              -- a draft annotation's title only for its own organisation (the document's)
              AND (a.status <> 'draft' OR a.organisation_id = (SELECT d.organisation_id FROM budget_documents d WHERE d.id = l.document_id)))) ORDER BY k.id), '[]'::json)
          FROM budget_line_links k WHERE k.line_id = l.id)) AS j
    FROM budget_lines l WHERE l.document_id = ${documentId} ${lineId !== undefined ? sql`AND l.id = ${lineId}` : sql``}
    ORDER BY l.direction DESC, l.functional_code NULLS LAST, l.economic_code NULLS LAST, l.line_key`.execute(db);
  return r.rows.map((x) => x.j);
}

export async function contributions(db: Db, documentId: string): Promise<BudgetContribution[]> {
  const r = await sql<{ j: BudgetContribution }>`
    SELECT json_build_object('settlementId', c.settlement_id, 'names', json_build_object('ky', s.name_ky, 'ru', s.name_ru, 'en', s.name_en),
      'levy', c.levy, 'year', c.year, 'amount', c.amount, 'evidence', c.evidence) AS j
    FROM budget_contributions c JOIN settlements s ON s.id = c.settlement_id
    WHERE c.document_id = ${documentId} ORDER BY s.name_en, c.settlement_id, c.levy, c.year`.execute(db);
  return r.rows.map((x) => x.j);
}

export async function settlementsOf(db: Db, municipality: string): Promise<{ id: number; names: Names; population: number | null; provenance: ProvenanceClass }[]> {
  const r = await sql<{ id: number; name_ky: string | null; name_ru: string | null; name_en: string | null; population: number | null; provenance: ProvenanceClass }>`
    SELECT id, name_ky, name_ru, name_en, population, provenance FROM settlements WHERE municipality = ${municipality} ORDER BY name_en, id`.execute(db);
  return r.rows.map((s) => ({ id: Number(s.id), names: { ky: s.name_ky, ru: s.name_ru, en: s.name_en }, population: s.population, provenance: s.provenance }));
}

export async function municipalityExists(db: Db, municipality: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM settlements WHERE municipality = ${municipality} LIMIT 1`.execute(db);
  return r.rows.length > 0;
}

export async function campaignOf(db: Db, id: string): Promise<{ id: string; organisation_id: string } | undefined> {
  const r = await sql<{ id: string; organisation_id: string }>`SELECT id, organisation_id FROM campaigns WHERE id = ${id}`.execute(db);
  return r.rows[0];
}

export { campaignIdByRef } from '../campaigns/campaigns.repo.js';

export async function documentExists(db: Db, organisationId: string, municipality: string, year: number, phase: string, exceptId?: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM budget_documents WHERE organisation_id = ${organisationId} AND municipality = ${municipality}
    AND fiscal_year = ${year} AND phase = ${phase} ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`.execute(db);
  return r.rows.length > 0;
}

export async function insertDocument(db: Db, v: DocumentCreateInput & { organisationId: string; createdBy: string | null; importId: string | null; ref?: string | null; status?: 'draft' | 'published' }): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO budget_documents (ref, organisation_id, campaign_id, municipality, municipality_kind, fiscal_year, phase, title, status,
                                  source, source_date, licence, provenance, notes, import_id, created_by)
    VALUES (${v.ref ?? null}, ${v.organisationId}, ${v.campaign_id ?? null}, ${v.municipality}, ${v.municipality_kind}, ${v.fiscal_year}, ${v.phase},
            ${v.title ?? null}, ${v.status ?? 'draft'}, ${v.source}, ${v.source_date ?? null}::date, ${v.licence}, ${v.provenance}, ${v.notes ?? null},
            ${v.importId}, ${v.createdBy})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

const DOC_COLUMNS = ['municipality', 'municipality_kind', 'fiscal_year', 'phase', 'title', 'campaign_id', 'source', 'source_date', 'licence', 'provenance', 'notes', 'status'] as const;

export async function updateDocument(db: Db, id: string, p: DocumentPatchInput): Promise<void> {
  const sets = DOC_COLUMNS.filter((c) => p[c] !== undefined).map((c) => c === 'source_date'
    ? sql`source_date = ${p.source_date ?? null}::date`
    : sql`${sql.ref(c)} = ${p[c] ?? null}`);
  await sql`UPDATE budget_documents SET ${sql.join([...sets, sql`version = version + 1`])} WHERE id = ${id}`.execute(db);
}

export async function touchDocument(db: Db, id: string): Promise<void> {
  await sql`UPDATE budget_documents SET version = version + 1 WHERE id = ${id}`.execute(db);
}

export async function deleteDocument(db: Db, id: string): Promise<void> {
  await sql`DELETE FROM budget_documents WHERE id = ${id}`.execute(db);
}

/** The key a line gets when none is given: its codes, sector and description (the same line in another phase matches). */
export const defaultLineKey = (l: Pick<LineInputT, 'direction' | 'functional_code' | 'economic_code' | 'administrative_code' | 'sector' | 'description'>) =>
  [l.direction === 'revenue' ? 'R' : 'E', l.functional_code ?? '', l.economic_code ?? '', l.administrative_code ?? '', l.sector, l.description.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim()]
    .join('|').slice(0, 120);

export async function lineKeyTaken(db: Db, documentId: string, key: string, exceptLine?: number): Promise<boolean> {
  const r = await sql`SELECT 1 FROM budget_lines WHERE document_id = ${documentId} AND line_key = ${key} ${exceptLine !== undefined ? sql`AND id <> ${exceptLine}` : sql``}`.execute(db);
  return r.rows.length > 0;
}

export async function insertLine(db: Db, documentId: string, l: LineInputT): Promise<number> {
  const r = await sql<{ id: number }>`
    INSERT INTO budget_lines (document_id, line_key, direction, functional_code, economic_code, administrative_code, description,
                              funding_source, nature, sector, amount, source_ref, notes)
    VALUES (${documentId}, ${l.line_key ?? defaultLineKey(l)}, ${l.direction}, ${l.functional_code ?? null}, ${l.economic_code ?? null}, ${l.administrative_code ?? null},
            ${l.description}, ${l.funding_source}, ${l.nature}, ${l.sector}, ${l.amount}, ${l.source_ref ?? null}, ${l.notes ?? null})
    RETURNING id`.execute(db);
  return Number(r.rows[0]!.id);
}

const LINE_COLUMNS = ['line_key', 'direction', 'functional_code', 'economic_code', 'administrative_code', 'description', 'funding_source', 'nature', 'sector', 'amount', 'source_ref', 'notes'] as const;

export async function updateLine(db: Db, lineId: number, p: Partial<LineInputT>): Promise<void> {
  const sets = LINE_COLUMNS.filter((c) => p[c] !== undefined).map((c) => sql`${sql.ref(c)} = ${p[c] ?? null}`);
  if (sets.length) await sql`UPDATE budget_lines SET ${sql.join(sets)} WHERE id = ${lineId}`.execute(db);
}

export async function lineOf(db: Db, documentId: string, lineId: number): Promise<{ id: number; amount: number; direction: string } | undefined> {
  const r = await sql<{ id: number; amount: number; direction: string }>`SELECT id, amount, direction FROM budget_lines WHERE id = ${lineId} AND document_id = ${documentId}`.execute(db);
  return r.rows[0];
}

export async function deleteLine(db: Db, lineId: number): Promise<void> {
  await sql`DELETE FROM budget_lines WHERE id = ${lineId}`.execute(db);
}

export async function replaceAllocations(db: Db, lineId: number, list: AllocationInputT[]): Promise<void> {
  await sql`DELETE FROM budget_allocations WHERE line_id = ${lineId}`.execute(db);
  if (!list.length) return;
  await sql`INSERT INTO budget_allocations (line_id, settlement_id, method, amount, share, evidence)
    SELECT ${lineId}, (j->>'settlement_id')::bigint, j->>'method', (j->>'amount')::numeric, (j->>'share')::numeric, j->>'evidence'
    FROM json_array_elements(${JSON.stringify(list)}::json) j`.execute(db);
}

/** Settlements among `ids` that are not in `municipality` (allocations and contributions stay inside it). */
export async function outsideMunicipality(db: Db, municipality: string, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const r = await sql<{ id: number }>`
    SELECT x.id FROM unnest(${ids}::bigint[]) AS x(id) LEFT JOIN settlements s ON s.id = x.id AND s.municipality = ${municipality}
    WHERE s.id IS NULL`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export async function replaceContributions(db: Db, documentId: string, list: ContributionInputT[]): Promise<void> {
  await sql`DELETE FROM budget_contributions WHERE document_id = ${documentId}`.execute(db);
  if (!list.length) return;
  await sql`INSERT INTO budget_contributions (document_id, settlement_id, levy, year, amount, evidence)
    SELECT ${documentId}, (j->>'settlement_id')::bigint, j->>'levy', (j->>'year')::int, (j->>'amount')::numeric, j->>'evidence'
    FROM json_array_elements(${JSON.stringify(list)}::json) j`.execute(db);
}

export async function insertLink(db: Db, lineId: number, l: { annotationId: string } | { layer: string; featureId: number }): Promise<boolean> {
  const r = 'annotationId' in l
    ? await sql`INSERT INTO budget_line_links (line_id, annotation_id) VALUES (${lineId}, ${l.annotationId}) ON CONFLICT DO NOTHING RETURNING id`.execute(db)
    : await sql`INSERT INTO budget_line_links (line_id, layer, feature_id) VALUES (${lineId}, ${l.layer}, ${l.featureId}) ON CONFLICT DO NOTHING RETURNING id`.execute(db);
  return r.rows.length > 0;
}

export async function deleteLink(db: Db, lineId: number, linkId: number): Promise<boolean> {
  const r = await sql`DELETE FROM budget_line_links WHERE id = ${linkId} AND line_id = ${lineId} RETURNING id`.execute(db);
  return r.rows.length > 0;
}

/** Whether a feature id exists in a registry layer's table (`table` comes from the registry, never the request). */
export async function featureExists(db: Db, table: string, id: number): Promise<boolean> {
  const r = await sql`SELECT 1 FROM ${sql.table(table)} WHERE id = ${id}`.execute(db);
  return r.rows.length > 0;
}

export async function codes(db: Db): Promise<{ scheme: string; code: string; labels: { ky: string; ru: string; en: string } }[]> {
  const r = await sql<{ scheme: string; code: string; label_ky: string; label_ru: string; label_en: string }>`
    SELECT scheme, code, label_ky, label_ru, label_en FROM budget_codes ORDER BY scheme, code`.execute(db);
  return r.rows.map((c) => ({ scheme: c.scheme, code: c.code, labels: { ky: c.label_ky, ru: c.label_ru, en: c.label_en } }));
}

export async function annotationSeen(db: Db, reader: Reader, id: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM annotations a WHERE a.id = ${id} AND ${annotationVisible(reader, 'a')}`.execute(db);
  return r.rows.length > 0;
}

export type { BudgetAllocation, BudgetLink };
