// Budget spreadsheets through the HTTP API: a CSV written here, turned into XLSX by ssconvert (gnumeric)
// during the run, with Kyrgyz/Russian amounts, a total row, a duplicate, a negative expenditure, text in
// an amount cell and two misspelled Nookat village names. The check names sheet, row and column of each
// issue; a blocking report cannot be committed (nothing stored); confirmed matches commit the document,
// its lines with the exact amounts and their village allocations, plus the executed document. Hostile
// files get a 4xx and leave nothing behind; another organisation's import does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import iconv from 'iconv-lite';
import { testApp, type TestApp } from '../helpers/app.js';
import { authConfig, makeUser, send, signIn, type Client } from '../helpers/session.js';
import { writeZip } from '../helpers/zip.js';

let t: TestApp;
let adv: Client, other: Client, engineer: Client;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-budget-import-'));
const MUNICIPALITY = 'Kara-Tash ayil aymak';
const ids: Record<string, number> = {};

// The rows as the spreadsheet shows them (row 1 = the title).
const CSV = [
  '"Бюджет Кара-Таш айыл аймагы, 2026",,,,,,',
  ',,,,,,',
  'Код,Наименование,Айыл,Түрү,Сектор,"Сумма, сом",Исполнено',
  '1111,Подоходный налог,,Доход,other,"1 500 000,00",1450000',
  '1121,Земельный налог,,Доход,other,"250 000,50",240000',
  ',Итого доходы,,,,"1 750 000,50",',
  '2821,Ремонт водопровода,Нойгт,Расход,Питьевая вода,"1 234 567,89","1 000 000"',
  '2822,Ремонт дороги,Gulstan,Расход,Дороги,"800 000",800000',
  '2822,Ремонт дороги,Gulstan,Расход,Дороги,"800 000",800000',
  '2111,Заработная плата,,Расход,other,"-50 000",',
  '2222,Канцтовары,,Расход,other,см. прим.,',
  '3111,Ремонт крыши школы,Кара-Таш,Расход,Образование,"2 500 000 сом",',
  ',Итого расходы,,,,"5 000 000",',
].join('\n') + '\n';

const DOCUMENT = {
  municipality: MUNICIPALITY, municipality_kind: 'ayil_okmotu', fiscal_year: 2026, phase: 'approved',
  source: 'Kara-Tash ayil okmotu, approved budget 2026 (spreadsheet from the council)', licence: 'CC-BY-4.0', provenance: 'real',
};
const COLUMNS = { economic_code: 'A', description: 'B', village: 'C', direction: 'D', sector: 'E', amount: 'F', executed: 'G' };

let csvFile: string, xlsxFile: string;

beforeAll(async () => {
  t = await testApp({ config: { auth: authConfig(), dataDir: path.join(dir, 'data') } });
  await makeUser(t, { org: 'bi-owner', orgName: 'Nookat Civic Centre (test)', role: 'advocate', email: 'adv@bi.example', name: 'Adv' });
  await makeUser(t, { org: 'bi-owner', orgName: 'Nookat Civic Centre (test)', role: 'engineer', email: 'eng@bi.example', name: 'Eng' });
  await makeUser(t, { org: 'bi-other', orgName: 'Other CSO', role: 'advocate', email: 'other@bi.example', name: 'Other' });
  adv = await signIn(t, 'adv@bi.example');
  engineer = await signIn(t, 'eng@bi.example');
  other = await signIn(t, 'other@bi.example');
  const db = t.database.db;
  await sql`INSERT INTO datasets (id, title, publisher, licence, attribution) VALUES ('bi-villages', 'Budget import fixture', 'tests', 'CC0-1.0', 'Test fixture')`.execute(db);
  // The demo's Kara-Tash ayil aymak (Nookat district) has Кара-Таш and Нойгут; a Гүлстан is added to it
  // here (the demo's Gülstan is in its own ayil aymak). Each is inserted only where the seed lacks it.
  const villages: [string, string, string, string, number, number][] = [
    ['noygut', 'Нойгут', 'Нойгут', 'Noygut', 72.61, 40.42],
    ['gulstan', 'Гүлстан', 'Гюльстан', 'Gülstan', 72.63, 40.44],
    ['karatash', 'Кара-Таш', 'Кара-Таш', 'Kara-Tash', 72.65, 40.46],
  ];
  for (const [ref, ky, ru, en, x, y] of villages) {
    const found = await sql<{ id: string }>`SELECT id FROM settlements WHERE municipality = ${MUNICIPALITY} AND name_en = ${en}`.execute(db);
    const r = found.rows.length ? found : await sql<{ id: string }>`INSERT INTO settlements (ref, name_ky, name_ru, name_en, municipality, dataset_id, source, licence, provenance, geom)
      VALUES (${`bi-${ref}`}, ${ky}, ${ru}, ${en}, ${MUNICIPALITY}, 'bi-villages', 'test', 'CC0-1.0', 'illustrative', ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326)) RETURNING id`.execute(db);
    expect(r.rows.length).toBe(1);
    ids[ref] = Number(r.rows[0]!.id);
  }
  csvFile = path.join(dir, 'budget.csv');
  fs.writeFileSync(csvFile, CSV);
  xlsxFile = path.join(dir, 'budget.xlsx');
  execFileSync('ssconvert', [csvFile, xlsxFile], { stdio: ['ignore', 'pipe', 'pipe'] });
});
afterAll(async () => {
  await t?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (c: Client, bytes: Buffer, name: string, key?: string) => {
  const r = send(c, 'post', `/api/budgets/imports?filename=${encodeURIComponent(name)}`).set('Content-Type', 'application/octet-stream');
  if (key) r.set('Idempotency-Key', key);
  return r.send(bytes);
};
const check = (c: Client, id: string, body: Record<string, unknown>) => send(c, 'post', `/api/budgets/imports/${id}/check`).send(body);
const commit = (c: Client, id: string, key?: string) => {
  const r = send(c, 'post', `/api/budgets/imports/${id}/commit`);
  if (key) r.set('Idempotency-Key', key);
  return r.send({ accept: true });
};
/** Rows of the test organisations (the seeded demo has budgets of its own). */
const count = async (table: 'budget_documents' | 'budget_lines' | 'budget_allocations' | 'budget_imports') => {
  const mine = sql`(SELECT id FROM organisations WHERE slug LIKE 'bi-%')`;
  const q = table === 'budget_documents' || table === 'budget_imports'
    ? sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE organisation_id IN ${mine}`
    : table === 'budget_lines'
      ? sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_lines l JOIN budget_documents d ON d.id = l.document_id WHERE d.organisation_id IN ${mine}`
      : sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_allocations a JOIN budget_lines l ON l.id = a.line_id JOIN budget_documents d ON d.id = l.document_id WHERE d.organisation_id IN ${mine}`;
  return Number((await q.execute(t.database.db)).rows[0]!.n);
};
const uploadFiles = () => fs.readdirSync(path.join(dir, 'data', 'budget-imports'));

describe('an XLSX made by ssconvert: upload → check → commit', () => {
  let id: string;
  let sheet: string;

  it('upload: the format from the content, the sheets, the first rows, the guessed header row and columns', async () => {
    const key = crypto.randomUUID();
    const r = await upload(adv, fs.readFileSync(xlsxFile), 'budget.xlsx', key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.location).toMatch(new RegExp(`/api/budgets/imports/${r.body.id}$`));
    expect(r.body).toMatchObject({ status: 'detected', format: 'xlsx', filename: 'budget.xlsx' });
    const s = r.body.detection.sheets[0];
    sheet = s.name;
    expect(s.rows).toBe(13);
    expect(s.preview[2]).toEqual(['Код', 'Наименование', 'Айыл', 'Түрү', 'Сектор', 'Сумма, сом', 'Исполнено']);
    expect(s.preview[0][0]).toBe('Бюджет Кара-Таш айыл аймагы, 2026');
    expect(s.headerRow).toBe(3);
    expect(s.columnsGuess).toEqual(COLUMNS);
    id = r.body.id;
    // The same key and file: the first answer again, no second import.
    const again = await upload(adv, fs.readFileSync(xlsxFile), 'budget.xlsx', key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(id);
    expect(await count('budget_imports')).toBe(1);
  });

  it('commit before the check → 409, nothing stored', async () => {
    const r = await commit(adv, id);
    expect(r.status).toBe(409);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body.detail).toMatch(/not been checked.*Nothing was stored/);
    expect(await count('budget_documents')).toBe(0);
  });

  it('check: each issue names sheet, row (as the spreadsheet shows it) and column; villages suggested; blocking', async () => {
    const r = await check(adv, id, { sheet, headerRow: 3, columns: COLUMNS, document: DOCUMENT });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('checked');
    const rep = r.body.report;
    const at = (code: string) => rep.issues.filter((i: { code: string }) => i.code === code).map((i: { sheet: string; row: number; column: string; severity: string }) => [i.sheet, i.row, i.column, i.severity]);
    expect(at('duplicate-line')).toEqual([[sheet, 9, 'B', 'error']]);
    expect(at('amount-negative')).toEqual([[sheet, 10, 'F', 'error']]);
    expect(at('amount-text')).toEqual([[sheet, 11, 'F', 'error']]);
    expect(at('total-mismatch')).toEqual([[sheet, 13, 'F', 'warning']]);
    expect(at('village-suggested')).toEqual([[sheet, 7, 'C', 'error'], [sheet, 8, 'C', 'error']]);
    // The revenue total (row 6) adds up: no issue there.
    expect(rep.issues.some((i: { row: number }) => i.row === 6)).toBe(false);
    const text = rep.issues.find((i: { code: string }) => i.code === 'amount-text');
    expect(text.message.ru).toContain('см. прим.');
    expect(text.message.ky).toContain('см. прим.');
    expect(text.message.en).toContain('см. прим.');
    const mismatch = rep.issues.find((i: { code: string }) => i.code === 'total-mismatch');
    expect(mismatch.message.en).toMatch(/5\u00a0000\u00a0000,00 som.*4\u00a0534\u00a0567,89 som/);
    const v = Object.fromEntries(rep.villages.map((x: { name: string }) => [x.name, x]));
    expect(v['Нойгт']).toMatchObject({ status: 'suggested', rows: [7] });
    expect(v['Нойгт'].suggestions[0].settlementId).toBe(ids.noygut);
    expect(v['Gulstan']).toMatchObject({ status: 'suggested', rows: [8, 9] });
    expect(v['Gulstan'].suggestions[0]).toMatchObject({ settlementId: ids.gulstan, score: 1 });
    expect(v['Кара-Таш']).toMatchObject({ status: 'exact', settlementId: ids.karatash });
    expect(rep.blocking).toBe(true);
  });

  it('commit with blocking issues → 409, nothing stored', async () => {
    const r = await commit(adv, id);
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/blocking issue.*Nothing was stored/);
    expect(await count('budget_documents')).toBe(0);
    expect(await count('budget_lines')).toBe(0);
  });

  it('a village left neither matched nor set to the whole ayil okmotu keeps blocking', async () => {
    const r = await check(adv, id, { sheet, headerRow: 3, columns: COLUMNS, document: DOCUMENT, skipRows: [9, 10, 11], villageMatches: { Gulstan: ids.gulstan } });
    expect(r.status).toBe(200);
    expect(r.body.report.blocking).toBe(true);
    expect(r.body.report.issues.filter((i: { severity: string }) => i.severity === 'error').map((i: { code: string; row: number }) => [i.code, i.row])).toEqual([['village-suggested', 7]]);
    // A settlement of another municipality is refused for the name.
    const wrong = await check(adv, id, { sheet, headerRow: 3, columns: COLUMNS, document: DOCUMENT, skipRows: [9, 10, 11], villageMatches: { Gulstan: ids.gulstan, 'Нойгт': ids.noygut! + 1000 } });
    expect(wrong.body.report.issues.map((i: { code: string }) => i.code)).toContain('village-not-in-municipality');
    expect(wrong.body.report.blocking).toBe(true);
  });

  it('confirmed matches and the bad rows left out → not blocking; commit stores the exact amounts, allocations and the executed document', async () => {
    const r = await check(adv, id, { sheet, headerRow: 3, columns: COLUMNS, document: DOCUMENT, skipRows: [9, 10, 11], villageMatches: { 'Нойгт': ids.noygut, Gulstan: ids.gulstan } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rep = r.body.report;
    expect(rep.blocking).toBe(false);
    expect(rep.issues.map((i: { code: string; severity: string }) => [i.code, i.severity])).toEqual([['total-mismatch', 'warning']]);
    expect(rep.counts).toMatchObject({ lines: 5, totalRows: 2, revenue: 1750000.5, expenditure: 4534567.89, executed: 3490000 });
    expect(rep.counts.bySector.drinking_water).toEqual({ revenue: 0, expenditure: 1234567.89, lines: 1 });
    const key = crypto.randomUUID();
    const done = await commit(adv, id, key);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('committed');
    const docId = done.body.documentId;
    expect(docId).toBeTruthy();
    const db = t.database.db;
    const lines = (await sql<{ line_key: string; description: string; direction: string; amount: string; sector: string; source_ref: string; economic_code: string; settlement_id: string | null; alloc: string | null; method: string | null }>`
      SELECT l.line_key, l.description, l.direction, l.amount::text AS amount, l.sector, l.source_ref, l.economic_code, a.settlement_id, a.amount::text AS alloc, a.method
      FROM budget_lines l LEFT JOIN budget_allocations a ON a.line_id = l.id WHERE l.document_id = ${docId} ORDER BY l.id`.execute(db)).rows;
    expect(lines.map((l) => [l.description, l.direction, l.amount, l.sector])).toEqual([
      ['Подоходный налог', 'revenue', '1500000.00', 'other'],
      ['Земельный налог', 'revenue', '250000.50', 'other'],
      ['Ремонт водопровода', 'expenditure', '1234567.89', 'drinking_water'],
      ['Ремонт дороги', 'expenditure', '800000.00', 'roads'],
      ['Ремонт крыши школы', 'expenditure', '2500000.00', 'education'],
    ]);
    expect(lines.map((l) => l.settlement_id === null ? null : Number(l.settlement_id))).toEqual([null, null, ids.noygut, ids.gulstan, ids.karatash]);
    expect(lines.filter((l) => l.alloc).map((l) => [l.alloc, l.method])).toEqual([['1234567.89', 'project_site'], ['800000.00', 'project_site'], ['2500000.00', 'project_site']]);
    expect(lines[2]!.source_ref).toBe(`${sheet}, row 7`);
    expect(lines[0]!.economic_code).toBe('1111');
    const doc = (await sql<{ phase: string; import_id: string; municipality: string; organisation_id: string }>`SELECT phase, import_id, municipality, organisation_id FROM budget_documents WHERE id = ${docId}`.execute(db)).rows[0]!;
    expect(doc).toMatchObject({ phase: 'approved', import_id: id, municipality: MUNICIPALITY });
    // The executed column: the 'executed' document with the same line keys; rows without an executed amount are not in it.
    const exId = done.body.executedDocumentId;
    expect(exId).toBeTruthy();
    const ex = (await sql<{ line_key: string; amount: string }>`SELECT line_key, amount::text AS amount FROM budget_lines WHERE document_id = ${exId} ORDER BY id`.execute(db)).rows;
    expect(ex.map((l) => l.amount)).toEqual(['1450000.00', '240000.00', '1000000.00', '800000.00']);
    expect(ex.map((l) => l.line_key)).toEqual(lines.slice(0, 4).map((l) => l.line_key));
    // The same key again: the first answer; another commit: 409 and still one document per phase.
    const replay = await commit(adv, id, key);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const second = await commit(adv, id, crypto.randomUUID());
    expect(second.status).toBe(409);
    expect(await count('budget_documents')).toBe(2);
    // The file is gone once committed.
    expect(uploadFiles()).toEqual([]);
    const got = await adv.agent.get(`/api/budgets/imports/${id}`);
    expect(got.body).toMatchObject({ status: 'committed', documentId: docId, executedDocumentId: exId });
  });

  it('another organisation: the import does not exist (404 on every route); engineers do not import (403)', async () => {
    expect((await other.agent.get(`/api/budgets/imports/${id}`)).status).toBe(404);
    expect((await check(other, id, { sheet, headerRow: 3, columns: COLUMNS, document: DOCUMENT })).status).toBe(404);
    expect((await commit(other, id)).status).toBe(404);
    expect((await send(other, 'delete', `/api/budgets/imports/${id}`)).status).toBe(404);
    expect((await upload(engineer, fs.readFileSync(csvFile), 'budget.csv')).status).toBe(403);
    const anon = await t.http.get(`/api/budgets/imports/${id}`);
    expect(anon.status).toBe(401);
  });
});

describe('CSV: delimiter, encoding, ambiguous amounts; a second document of the same phase', () => {
  it('windows-1251 with ";": read right; "1,234" is ambiguous and blocks; nothing guessed', async () => {
    const text = 'Наименование;Сумма;Доход/Расход\nВодопровод;1,234;Расход\nДорога;2 000,00;Расход\nДорога, мост;"3 000,00";Расход\n';
    const r = await upload(adv, iconv.encode(text, 'windows-1251'), 'budget-1251.csv');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.detection).toMatchObject({ format: 'csv', encoding: 'windows-1251', delimiter: ';' });
    expect(r.body.detection.sheets[0].columnsGuess).toEqual({ description: 'A', amount: 'B', direction: 'C' });
    const c = await check(adv, r.body.id, { sheet: 'CSV', headerRow: 1, columns: { description: 'A', amount: 'B', direction: 'C' }, document: { ...DOCUMENT, fiscal_year: 2025 } });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const amb = c.body.report.issues.find((i: { code: string }) => i.code === 'amount-ambiguous');
    expect([amb.row, amb.column, amb.value]).toEqual([2, 'B', '1,234']);
    expect(amb.message.en).toContain('1\u00a0234 or 1,234');
    expect(c.body.report.blocking).toBe(true);
    expect(c.body.report.counts).toMatchObject({ lines: 2, expenditure: 5000 });
    // Discard: the row is gone for its owner, the file removed.
    const before = uploadFiles().length;
    expect((await send(adv, 'delete', `/api/budgets/imports/${r.body.id}`)).status).toBe(204);
    expect(uploadFiles().length).toBe(before - 1);
    expect((await adv.agent.get(`/api/budgets/imports/${r.body.id}`)).status).toBe(404);
  });

  it('the approved 2026 budget exists already: commit → 409, nothing more stored', async () => {
    const r = await upload(adv, Buffer.from('Наименование,Сумма,Түрү\nЖол,"1 000",Чыгаша\n'), 'again.csv');
    expect(r.status).toBe(201);
    const c = await check(adv, r.body.id, { sheet: 'CSV', headerRow: 1, columns: { description: 'A', amount: 'B', direction: 'C' }, document: DOCUMENT });
    expect(c.body.report.blocking).toBe(false);
    const before = await count('budget_lines');
    const done = await commit(adv, r.body.id);
    expect(done.status).toBe(409);
    expect(done.body.detail).toMatch(/already has the approved budget.*Nothing was stored/);
    expect(await count('budget_lines')).toBe(before);
    expect(await count('budget_documents')).toBe(2);
  });
});

// A workbook as a spreadsheet program keeps it: a title merged across the columns, a village merged down
// two rows, amounts computed by formulas (the XLSX keeps their results), a date.
const GNUMERIC = `<?xml version="1.0" encoding="UTF-8"?>
<gnm:Workbook xmlns:gnm="http://www.gnumeric.org/v10.dtd">
  <gnm:SheetNameIndex><gnm:SheetName>Бюджет 2027</gnm:SheetName></gnm:SheetNameIndex>
  <gnm:Sheets><gnm:Sheet>
    <gnm:Name>Бюджет 2027</gnm:Name><gnm:MaxCol>3</gnm:MaxCol><gnm:MaxRow>5</gnm:MaxRow>
    <gnm:Cells>
      <gnm:Cell Row="0" Col="0" ValueType="60">Кара-Таш айыл өкмөтү: чыгашалар</gnm:Cell>
      <gnm:Cell Row="1" Col="0" ValueType="60">Аталышы</gnm:Cell><gnm:Cell Row="1" Col="1" ValueType="60">Сумма, сом</gnm:Cell>
      <gnm:Cell Row="1" Col="2" ValueType="60">Айыл</gnm:Cell><gnm:Cell Row="1" Col="3" ValueType="60">Дата</gnm:Cell>
      <gnm:Cell Row="2" Col="0" ValueType="60">Суу түтүгү</gnm:Cell><gnm:Cell Row="2" Col="1" ValueType="40">100.5</gnm:Cell>
      <gnm:Cell Row="2" Col="2" ValueType="60">Нойгут</gnm:Cell><gnm:Cell Row="2" Col="3" ValueType="40" ValueFormat="yyyy-mm-dd">46082</gnm:Cell>
      <gnm:Cell Row="3" Col="0" ValueType="60">Насос</gnm:Cell><gnm:Cell Row="3" Col="1">=B3*2</gnm:Cell>
      <gnm:Cell Row="4" Col="0" ValueType="60">Жыйынтык</gnm:Cell><gnm:Cell Row="4" Col="1">=SUM(B3:B4)</gnm:Cell>
    </gnm:Cells>
    <gnm:MergedRegions><gnm:Merge>A1:D1</gnm:Merge><gnm:Merge>C3:C4</gnm:Merge></gnm:MergedRegions>
  </gnm:Sheet></gnm:Sheets>
</gnm:Workbook>`;

describe('a workbook with formulas, merged cells and a date (Gnumeric → XLSX by ssconvert), sent as multipart', () => {
  it('formula results, the title once, the village on both merged rows, the date as a day; committed with allocations', async () => {
    const src = path.join(dir, 'formulas.gnumeric');
    fs.writeFileSync(src, GNUMERIC);
    const xlsx = path.join(dir, 'formulas.xlsx');
    execFileSync('ssconvert', [src, xlsx], { stdio: ['ignore', 'pipe', 'pipe'] });
    const up = await send(adv, 'post', '/api/budgets/imports').attach('file', xlsx);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.filename).toBe('formulas.xlsx');
    const s = up.body.detection.sheets[0];
    expect(s.name).toBe('Бюджет 2027');
    expect(s.preview.slice(0, 5)).toEqual([
      ['Кара-Таш айыл өкмөтү: чыгашалар', '', '', ''],
      ['Аталышы', 'Сумма, сом', 'Айыл', 'Дата'],
      ['Суу түтүгү', '100.5', 'Нойгут', '2026-03-01'],
      ['Насос', '201', 'Нойгут', ''],
      ['Жыйынтык', '301.5', '', ''],
    ]);
    expect(s.headerRow).toBe(2);
    expect(s.columnsGuess).toEqual({ description: 'A', amount: 'B', village: 'C' });
    const c = await check(adv, up.body.id, { sheet: s.name, headerRow: 2, columns: s.columnsGuess, constants: { direction: 'expenditure', sector: 'drinking_water', nature: 'capital' }, document: { ...DOCUMENT, fiscal_year: 2027, phase: 'proposed' } });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.report.issues).toEqual([]);
    expect(c.body.report.counts).toMatchObject({ lines: 2, totalRows: 1, expenditure: 301.5, revenue: 0 });
    expect(c.body.report.villages).toEqual([expect.objectContaining({ name: 'Нойгут', status: 'exact', rows: [3, 4], settlementId: ids.noygut })]);
    expect(c.body.report.defaults).toEqual({ funding_source: 'own_revenue' });
    const done = await commit(adv, up.body.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const rows = (await sql<{ amount: string; settlement_id: string; alloc: string; nature: string }>`SELECT l.amount::text AS amount, a.settlement_id, a.amount::text AS alloc, l.nature
      FROM budget_lines l JOIN budget_allocations a ON a.line_id = l.id WHERE l.document_id = ${done.body.documentId} ORDER BY l.id`.execute(t.database.db)).rows;
    expect(rows.map((r) => [r.amount, Number(r.settlement_id), r.alloc, r.nature])).toEqual([['100.50', ids.noygut, '100.50', 'capital'], ['201.00', ids.noygut, '201.00', 'capital']]);
    expect(done.body.executedDocumentId).toBeNull();
  });

  it('an executed amount without a planned one is reported, not taken for a heading', async () => {
    const csv = 'Наименование;Сумма;Исполнено\nДорога;"1 000";900\nМост;;500\n';
    const up = await upload(adv, Buffer.from(csv), 'executed.csv');
    const c = await check(adv, up.body.id, { sheet: 'CSV', headerRow: 1, columns: { description: 'A', amount: 'B', executed: 'C' }, constants: { direction: 'expenditure' }, document: { ...DOCUMENT, fiscal_year: 2028 } });
    expect(c.body.report.issues.map((i: { code: string; row: number; column: string }) => [i.code, i.row, i.column])).toEqual([['amount-missing', 3, 'B']]);
    expect(c.body.report.blocking).toBe(true);
  });
});

describe('a subtotal without words', () => {
  it('blocks as a row without description until the person marks it as a total; then it is compared, not imported', async () => {
    const up = await upload(adv, Buffer.from('Наименование;Сумма\nА;100\nБ;200\n;300\nВ;50\n;351\n'), 'subtotals.csv');
    const body = (totalRows: number[]) => ({ sheet: 'CSV', headerRow: 1, columns: { description: 'A', amount: 'B' }, constants: { direction: 'expenditure' }, document: { ...DOCUMENT, fiscal_year: 2029 }, totalRows });
    const before = await check(adv, up.body.id, body([]));
    expect(before.body.report.issues.map((i: { code: string; row: number }) => [i.code, i.row])).toEqual([['description-missing', 4], ['description-missing', 6]]);
    const after = await check(adv, up.body.id, body([4, 6]));
    expect(after.body.report.counts).toMatchObject({ lines: 3, totalRows: 2, expenditure: 350 });
    // Row 4 adds up (100 + 200); row 6 says 351 where the lines add up to 350 (all) or 50 (since row 5).
    expect(after.body.report.issues.map((i: { code: string; row: number; severity: string }) => [i.code, i.row, i.severity])).toEqual([['total-mismatch', 6, 'warning']]);
    expect(after.body.report.blocking).toBe(false);
  });
});

describe('start-up sweep of the upload folder', () => {
  it('removes old files no import keeps; keeps the files of imports being worked on and fresh uploads', async () => {
    const up = await upload(adv, Buffer.from('Наименование,Сумма\nЖол,100\n'), 'kept.csv');
    expect(up.status).toBe(201);
    const folder = path.join(dir, 'data', 'budget-imports');
    const orphan = path.join(folder, 'orphan');
    const fresh = path.join(folder, 'fresh');
    fs.writeFileSync(orphan, 'cut off');
    fs.writeFileSync(fresh, 'arriving');
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const f of fs.readdirSync(folder)) if (f !== 'fresh') fs.utimesSync(path.join(folder, f), old, old);
    const before = fs.readdirSync(folder).length;
    expect(await t.app.services.budgetImports.sweep()).toBe(1);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.readdirSync(folder).length).toBe(before - 1);
    // The import's file is still there: it can be checked.
    const c = await check(adv, up.body.id, { sheet: 'CSV', headerRow: 1, columns: { description: 'A', amount: 'B' }, constants: { direction: 'expenditure' }, document: { ...DOCUMENT, fiscal_year: 2030 } });
    expect(c.status).toBe(200);
    fs.rmSync(fresh);
  });
});

describe('OpenAPI', () => {
  it('documents the four routes with the CSRF header and Idempotency-Key where they apply', async () => {
    const doc = (await t.http.get('/api/openapi.json').expect(200)).body;
    const names = (op: { parameters: { name: string }[] }) => op.parameters.map((x) => x.name);
    expect(names(doc.paths['/api/budgets/imports'].post)).toEqual(expect.arrayContaining(['filename', 'X-CSRF-Token', 'Idempotency-Key']));
    expect(names(doc.paths['/api/budgets/imports/{id}/commit'].post)).toContain('Idempotency-Key');
    expect(doc.paths['/api/budgets/imports/{id}/check'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['sheet', 'headerRow', 'columns', 'document']));
    expect(Object.keys(doc.paths['/api/budgets/imports/{id}'])).toEqual(['get', 'delete']);
  });
});

describe('hostile and wrong files: a 4xx, nothing kept', () => {
  it('not a spreadsheet → 415 problem+json', async () => {
    const before = await count('budget_imports');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), crypto.randomBytes(200)]);
    const r = await upload(adv, png, 'photo.csv');
    expect(r.status).toBe(415);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body.detail).toMatch(/photo\.csv: .*not a CSV or XLSX spreadsheet/);
    // A zip that is not a workbook (a Word document's layout).
    const docx = writeZip(path.join(dir, 'letter.xlsx'), [{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    const z = await upload(adv, fs.readFileSync(docx), 'letter.xlsx');
    expect(z.status).toBe(415);
    expect(z.body.detail).toMatch(/not a CSV or XLSX spreadsheet/);
    // An old .xls or a password-protected workbook (an OLE container).
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const o = await upload(adv, ole, 'budget.xlsx');
    expect(o.status).toBe(415);
    expect(o.body.detail).toMatch(/password-protected/);
    expect(await count('budget_imports')).toBe(before);
  });

  it('a zip bomb XLSX is refused from its central directory → 400, nothing kept', async () => {
    const before = uploadFiles().length;
    const bomb = writeZip(path.join(dir, 'bomb.xlsx'), [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024), method: 8, declaredSize: 2 ** 31 },
    ]);
    const r = await upload(adv, fs.readFileSync(bomb), 'bomb.xlsx');
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/bomb\.xlsx.*(zip bomb|more than).*Nothing was stored/);
    expect(uploadFiles().length).toBe(before);
  });

  it('an upload over the limit → 413, nothing stored', async () => {
    const small = await testApp({ config: { auth: authConfig(), dataDir: path.join(dir, 'data-small'), importMaxBytes: 1024 } });
    try {
      await makeUser(small, { org: 'bi-small', orgName: 'Small', role: 'advocate', email: 'adv@small.example', name: 'Adv' });
      const c = await signIn(small, 'adv@small.example');
      const r = await send(c, 'post', '/api/budgets/imports?filename=big.csv').set('Content-Type', 'text/csv').send(Buffer.alloc(4096, 'a'));
      expect(r.status).toBe(413);
      expect(r.body.detail).toMatch(/big\.csv is larger than 1 KB.*Nothing was stored/);
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_imports`.execute(small.database.db);
      expect(n.rows[0]!.n).toBe(0);
    } finally {
      await small.dispose();
    }
  });
});
