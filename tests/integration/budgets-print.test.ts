// Budgets on paper and in spreadsheets, on a real database: the Nookat demo campaign's council brief
// gets a "Budget and gaps" page in ky, ru and en (read back with pdftotext: a ready sentence and a
// figure of the analysis JSON), the hearing pack renders (PDF and a PNG page), the villages table
// downloads as XLSX (read back with exceljs: sheets, headers, numeric cells = the analysis JSON) and as
// CSV (csv-parse), and bad input answers problem+json. The budget is a draft of the Nookat group made
// here through the API (villages of Bel ayil aymak with populations and water status set for the test),
// so only that group sees it. Pages are kept in EXPORTS_PREVIEW_DIR for a person to look at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetAnalysis } from '../../server/src/budgets/budgets.types.js';
import { binary, type TestApp } from '../helpers/app.js';
import { appWithAuth, makeUser, send, signIn, visitor, type Client } from '../helpers/session.js';
import { PREVIEW_DIR, pdfPages, pdfText } from '../helpers/pdf.js';

const MUNI = 'Bel ayil aymak';
/** The ayil aymaks' names as printed in each language (municipality_names, from the demo). */
const NAMES: Record<string, Record<'ky' | 'ru' | 'en', string>> = {
  'Bel ayil aymak': { ky: 'Бел айыл аймагы', ru: 'Бельский айылный аймак', en: 'Bel ayil aymak' },
  'Gülstan ayil aymak': { ky: 'Гүлстан айыл аймагы', ru: 'Гюльстанский айылный аймак', en: 'Gülstan ayil aymak' },
  'Kara-Tash ayil aymak': { ky: 'Кара-Таш айыл аймагы', ru: 'Кара-Ташский айылный аймак', en: 'Kara-Tash ayil aymak' },
};
let t: TestApp;
let adv: Client;
let anon: Client;
let campaign: string;
let doc: string;
const ids: Record<string, number> = {};
const keep = (name: string, body: Buffer) => { if (PREVIEW_DIR) { fs.mkdirSync(PREVIEW_DIR, { recursive: true }); fs.writeFileSync(path.join(PREVIEW_DIR, name), body); } };
const getAs = (c: Client, url: string) => c.agent.get(url).buffer(true).parse(binary as never);
/** Text with every run of white space (no-break spaces too) as one space. */
const norm = (s: string) => s.replace(/\s+/g, ' ');
const analysisIn = async (lang: string) => (await adv.agent.get(`/api/budgets/${doc}/analysis?lang=${lang}`).expect(200)).body as BudgetAnalysis;

beforeAll(async () => {
  t = await appWithAuth();
  campaign = (await sql<{ id: string }>`SELECT id FROM campaigns WHERE ref = 'demo:campaign-nookat-budgets'`.execute(t.database.db)).rows[0]!.id;
  await makeUser(t, { org: 'nookat-civic-centre', role: 'advocate', email: 'adv@nookat-print.example', name: 'Nookat advocate' });
  adv = await signIn(t, 'adv@nookat-print.example');
  anon = await visitor(t);
  // The four villages of Bel ayil aymak with the figures this test needs (the demo file may set others).
  const villages: [string, number, string][] = [['bel', 4000, 'connected'], ['jash', 2000, 'none'], ['borbash', 1500, 'none'], ['tash-bulak', 500, 'partial']];
  for (const [key, pop, water] of villages) {
    const r = await sql<{ id: number }>`UPDATE settlements SET population = ${pop}, water = ${water} WHERE ref = ${`places:nookat-bel-${key}`} RETURNING id`.execute(t.database.db);
    ids[key] = r.rows[0]!.id;
  }
  const d = await send(adv, 'post', '/api/budgets').send({ municipality: MUNI, municipality_kind: 'ayil_okmotu', fiscal_year: 2016, phase: 'proposed', campaign_id: campaign, source: 'Test budget made by the print test', licence: 'CC0-1.0', provenance: 'illustrative' });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  doc = d.body.id;
  const line = async (body: Record<string, unknown>) => {
    const r = await send(adv, 'post', `/api/budgets/${doc}/lines`).send({ direction: 'expenditure', funding_source: 'own_revenue', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  };
  const alloc = async (l: number, allocations: unknown[]) => expect((await send(adv, 'put', `/api/budgets/${doc}/lines/${l}/allocations`).send({ allocations })).status).toBe(200);
  const water = await line({ line_key: 'W1', description: 'Водопровод Жаш — Борбаш', functional_code: '0630', economic_code: '3112', nature: 'capital', sector: 'drinking_water', amount: 2_000_000 });
  await alloc(water, [
    { settlement_id: ids.bel, method: 'explicit', amount: 1_200_000, evidence: 'council decision' },
    { settlement_id: ids.jash, method: 'explicit', amount: 600_000 },
    { settlement_id: ids.borbash, method: 'project_site', amount: 200_000 },
  ]);
  const schools = await line({ line_key: 'S1', description: 'School salaries', functional_code: '0912', nature: 'current', sector: 'education', amount: 3_000_000 });
  await alloc(schools, Object.values(ids).map((id) => ({ settlement_id: id, method: 'by_population' })));
  await line({ line_key: 'R1', description: '=HYPERLINK("x") road repair', nature: 'capital', sector: 'roads', amount: 500_000 });
  const c = await send(adv, 'put', `/api/budgets/${doc}/contributions`).send({ contributions: [
    { settlement_id: ids.bel, levy: 'land_tax', year: 2016, amount: 300_000 }, { settlement_id: ids.jash, levy: 'land_tax', year: 2016, amount: 100_000 },
    { settlement_id: ids.borbash, levy: 'land_tax', year: 2016, amount: 60_000 }, { settlement_id: ids['tash-bulak'], levy: 'voluntary', year: 2016, amount: 40_000 }] });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  // Its executed budget of the same year: the brief shows a plan that has its execution.
  const x = await send(adv, 'post', '/api/budgets').send({ municipality: MUNI, municipality_kind: 'ayil_okmotu', fiscal_year: 2016, phase: 'executed', campaign_id: campaign, source: 'Test budget made by the print test', licence: 'CC0-1.0', provenance: 'illustrative' });
  expect(x.status, JSON.stringify(x.body)).toBe(201);
  const xl = await send(adv, 'post', `/api/budgets/${x.body.id}/lines`).send({ line_key: 'W1', direction: 'expenditure', funding_source: 'own_revenue', description: 'Водопровод Жаш — Борбаш', nature: 'capital', sector: 'drinking_water', amount: 1_500_000 });
  expect(xl.status, JSON.stringify(xl.body)).toBe(201);
  expect((await send(adv, 'put', `/api/budgets/${x.body.id}/lines/${xl.body.id}/allocations`).send({ allocations: [
    { settlement_id: ids.bel, method: 'explicit', amount: 1_000_000 }, { settlement_id: ids.jash, method: 'explicit', amount: 500_000 }] })).status).toBe(200);
}, 180_000);
afterAll(async () => { await t?.dispose(); });

describe('the council brief of the Nookat campaign', () => {
  for (const lang of ['ky', 'ru', 'en'] as const) {
    it(`${lang}: a "Budget and gaps" page with a ready sentence and the figures of the analysis`, async () => {
      const a = await analysisIn(lang);
      expect(a.sentences.length).toBeGreaterThan(0);
      const res = await getAs(adv, `/api/exports/brief.pdf?campaign=${campaign}&lang=${lang}&paper=a4&orientation=landscape`).expect(200);
      keep(`budget-brief-${lang}.pdf`, res.body);
      const pages = pdfText(res.body).split('\f').map(norm);
      const title = { ky: 'Бюджет жана кызматтардагы кемчиликтер', ru: 'Бюджет и пробелы в услугах', en: 'Budget and gaps' }[lang];
      const flag = { ky: 'ИЛЛЮСТРАЦИЯЛЫК САНДАР', ru: 'ИЛЛЮСТРАТИВНЫЕ ЦИФРЫ', en: 'ILLUSTRATIVE FIGURES' }[lang];
      const at = pages.findIndex((p) => p.includes(`${title}: ${NAMES[MUNI]![lang]}`));
      expect(at).toBeGreaterThan(0);
      const section = pages.slice(at).join(' ');
      expect(pages[at]).toContain(flag);
      expect(section).toContain(norm(a.sentences[0]!.text[lang]).slice(0, 60));
      const bel = a.villages.find((v) => v.settlementId === ids.bel)!;
      expect(bel.spending.capital).toBe(1_200_000);
      expect(section).toContain({ ky: '1 200 000', ru: '1 200 000', en: '1,200,000' }[lang]);
      const jash = a.villages.find((v) => v.settlementId === ids.jash)!;
      const pct = Math.round(jash.shares.contributions! * 100);
      expect(section).toContain(lang === 'en' ? `${pct}%` : `${pct} %`);
      const executed = { ky: 'Аткарылды', ru: 'Исполнено', en: 'Executed' }[lang];
      expect(pages[at]).toContain(executed); // plan against actual: the 2016 executed budget is there
      expect(pages[at]).toContain({ ky: '1 500 000', ru: '1 500 000', en: '1,500,000' }[lang]); // the executed water line in the chart
      const shots = await pdfPages(res.body, 60, PREVIEW_DIR, `budget-brief-${lang}`);
      expect(shots[at]!.nonWhite).toBeGreaterThan(0.03);
    });
  }

  it("the public brief: the demo's published budgets of the three ayil aymaks (Kara-Tash 2014 with its execution), never the group's draft", async () => {
    const list = (await anon.agent.get('/api/budgets?project=nookat-budgets').expect(200)).body.documents as { id: string; municipality: string; fiscalYear: number; phase: string }[];
    const karaTash = list.find((d) => d.municipality === 'Kara-Tash ayil aymak' && d.fiscalYear === 2014 && d.phase === 'approved')!;
    expect(karaTash).toBeDefined();
    for (const lang of ['ky', 'ru', 'en'] as const) {
      const a = (await anon.agent.get(`/api/budgets/${karaTash.id}/analysis?lang=${lang}`).expect(200)).body as BudgetAnalysis;
      const res = await getAs(anon, `/api/exports/brief.pdf?campaign=${campaign}&lang=${lang}`).expect(200);
      keep(`budget-brief-public-${lang}.pdf`, res.body);
      const text = pdfText(res.body).split('\f').map(norm);
      const title = { ky: 'Бюджет жана кызматтардагы кемчиликтер', ru: 'Бюджет и пробелы в услугах', en: 'Budget and gaps' }[lang];
      const heads = text.filter((p) => p.includes(title)).map((p) => p.slice(p.indexOf(title), p.indexOf(title) + 120));
      for (const m of Object.values(NAMES)) expect(heads.some((h) => h.includes(m[lang])), `${lang} ${m[lang]}`).toBe(true);
      expect(text.join(' ')).not.toContain('2016'); // the group's draft is not public
      const at = text.findIndex((p) => p.includes(`${title}: ${NAMES['Kara-Tash ayil aymak']![lang]}`));
      const section = text.slice(at, at + 2).join(' ');
      expect(section).toContain(norm(a.sentences[0]!.text[lang]).slice(0, 60));
      const noygut = a.villages.find((v) => v.names.en === 'Noygut')!;
      expect(section).toContain(norm(new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU').format(noygut.spending.capital)));
      if (lang === 'ky') await pdfPages(res.body, 60, PREVIEW_DIR, 'budget-brief-public-ky');
    }
  });

  it('one page of the brief as PNG: the budget page', async () => {
    const pdf = (await getAs(adv, `/api/exports/brief.pdf?campaign=${campaign}&lang=ru`).expect(200)).body;
    const at = pdfText(pdf).split('\f').findIndex((p) => p.includes('Бюджет и пробелы в услугах'));
    const png = await getAs(adv, `/api/exports/brief.png?campaign=${campaign}&lang=ru&page=${at + 1}`).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.subarray(1, 4).toString()).toBe('PNG');
    keep('budget-brief-ru-page.png', png.body);
    const bad = await getAs(adv, `/api/exports/brief.png?campaign=${campaign}&lang=ru&page=99`).expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('the hearing pack', () => {
  it('PDF: map of people without the service, the budget pages, the capital lines, fair share, sources; every page numbered', async () => {
    const res = await getAs(adv, `/api/budgets/${doc}/hearing-pack?lang=ru`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="hearing-pack-Bel-ayil-aymak-2016-proposed-ru.pdf"');
    keep('hearing-pack-ru.pdf', res.body);
    const pages = pdfText(res.body).split('\f').map(norm).filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages[0]).toContain('Материалы к публичным слушаниям по бюджету');
    expect(pages[0]).toContain('Жители без услуги «питьевая вода»'); // the map's legend
    expect(pages[0]).toMatch(/Жаш|Jash/);
    const all = pages.join(' ');
    expect(all).toContain('Предлагаемые капитальные статьи и сёла, куда они направлены');
    expect(all).toContain('Водопровод Жаш — Борбаш (0630 / 3112)');
    expect(all).toContain('2 000 000');
    expect(all).toContain('Справедливая доля');
    expect(all).toContain('Источники и происхождение данных');
    expect(all).toContain('Test budget made by the print test');
    pages.forEach((p, i) => expect(p).toContain(`Страница ${i + 1} из ${pages.length}`));
    // Illustrative figures: every page after the map says so (the map says it in its notes band).
    for (const p of pages.slice(1)) expect(p).toContain('ИЛЛЮСТРАТИВНЫЕ ЦИФРЫ');
    const shots = await pdfPages(res.body, 60, PREVIEW_DIR, 'hearing-ru');
    for (const s of shots) expect(s.nonWhite).toBeGreaterThan(0.02);
  });

  it("the Dilanar demo: Ak-Döbö's proposed 2026 budget, public, in Kyrgyz — its capital lines and their villages", async () => {
    const list = (await anon.agent.get('/api/budgets?project=ak-dobo-budget').expect(200)).body.documents as { id: string; fiscalYear: number; phase: string }[];
    const proposed = list.find((d) => d.fiscalYear === 2026 && d.phase === 'proposed')!;
    const detail = (await anon.agent.get(`/api/budgets/${proposed.id}`).expect(200)).body as { lines: { description: string; nature: string; direction: string }[] };
    const res = await getAs(anon, `/api/budgets/${proposed.id}/hearing-pack?lang=ky`).expect(200);
    keep('hearing-ak-dobo-ky.pdf', res.body);
    const pages = pdfText(res.body).split('\f').map(norm).filter((p) => p.trim());
    expect(pages[0]).toContain('Бюджет боюнча коомдук угуулар үчүн материалдар');
    expect(pages[0]).toMatch(/Ак-Дөбө|Ak-Döbö/);
    const all = pages.join(' ');
    const capital = detail.lines.filter((l) => l.nature === 'capital' && l.direction === 'expenditure');
    expect(capital.length).toBeGreaterThan(0);
    for (const l of capital) expect(all).toContain(norm(l.description).slice(0, 25));
    pages.forEach((p, i) => expect(p).toContain(`${pages.length} беттин ${i + 1}-бети`));
    await pdfPages(res.body, 60, PREVIEW_DIR, 'hearing-ak-dobo-ky');
  });

  it('ky and en render; one page as PNG', async () => {
    for (const lang of ['ky', 'en']) {
      const res = await getAs(adv, `/api/budgets/${doc}/hearing-pack?lang=${lang}&orientation=portrait`).expect(200);
      keep(`hearing-pack-${lang}.pdf`, res.body);
      await pdfPages(res.body, 60, PREVIEW_DIR, `hearing-${lang}`);
      expect(norm(pdfText(res.body))).toContain(lang === 'ky' ? 'Адилеттүү үлүш' : 'Fair share');
    }
    const png = await getAs(adv, `/api/budgets/${doc}/hearing-pack?lang=ky&format=png&page=1`).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    keep('hearing-ky-map.png', png.body);
  });
});

describe('table downloads', () => {
  it('XLSX: Villages (header frozen, numbers as numbers equal to the analysis), Lines and Sources', async () => {
    const a = await analysisIn('ru');
    const res = await getAs(adv, `/api/budgets/${doc}/table?format=xlsx&lang=ru`).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="budget-Bel-ayil-aymak-2016-proposed.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сёла', 'Статьи', 'Источники']);
    const ws = wb.getWorksheet('Сёла')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['Село', 'Население', 'Капитальные расходы, сом', 'Расходы на жителя, сом', 'На жителя без услуги «питьевая вода», сом', 'Доля взносов', 'Доля расходов', 'Доля жителей без услуги «питьевая вода»']);
    expect(ws.rowCount).toBe(1 + a.villages.length);
    a.villages.forEach((v, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(2).value).toBe(v.population);
      expect(row.getCell(3).value).toBe(v.spending.capital);
      expect(row.getCell(3).numFmt).toBe('#,##0');
      expect(row.getCell(4).value).toBe(v.perResident.total);
      expect(row.getCell(5).value).toBe(v.perUnserved.drinking_water ?? null);
      expect(row.getCell(6).value).toBe(v.shares.contributions);
      expect(row.getCell(6).numFmt).toBe('0.0%');
      expect(row.getCell(7).value).toBe(v.shares.spending);
      expect(row.getCell(8).value).toBe(v.shares.unserved.drinking_water ?? null);
    });
    const lines = wb.getWorksheet('Статьи')!;
    expect(lines.rowCount).toBe(4);
    const w1 = lines.getRows(2, 3)!.find((r) => r.getCell(1).value === 'W1')!;
    expect(w1.getCell(9).value).toBe(2_000_000);
    expect(norm(String(w1.getCell(10).value))).toContain('1 200 000');
    // A real spreadsheet program opens it too: gnumeric's ssconvert turns the first sheet into CSV as displayed (grouped amounts, percentages).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-xlsx-'));
    try {
      fs.writeFileSync(path.join(dir, 'b.xlsx'), res.body);
      execFileSync('ssconvert', ['--export-type=Gnumeric_stf:stf_assistant', '-O', 'separator=, format=preserve', path.join(dir, 'b.xlsx'), path.join(dir, 'b.csv')], { stdio: 'ignore' });
      const back = parse(fs.readFileSync(path.join(dir, 'b.csv'), 'utf8'), { relax_column_count: true }) as string[][]; // every sheet, one after the other
      expect(back[0]![0]).toBe('Село');
      a.villages.forEach((v, i) => {
        expect(Number(back[i + 1]![2]!.replace(/[^\d.-]/g, ''))).toBe(v.spending.capital);
        expect(back[i + 1]![5]).toBe(`${(v.shares.contributions! * 100).toFixed(1)}%`); // shown as a percentage, one decimal
      });
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    const sources = (wb.getWorksheet('Источники')!.getSheetValues() as unknown[][]).flat().map(String).join(' ');
    expect(sources).toContain('Test budget made by the print test');
    expect(sources).toContain('ИЛЛЮСТРАТИВНЫЕ ЦИФРЫ');
    expect(sources).toContain('CC0-1.0');
  });

  it('CSV: UTF-8 with BOM, ";" and decimal commas in ru, "," in en; the same numbers as the analysis', async () => {
    const a = await analysisIn('ru');
    for (const [lang, delimiter] of [['ru', ';'], ['en', ',']] as const) {
      const res = await getAs(adv, `/api/budgets/${doc}/table?format=csv&lang=${lang}`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="budget-Bel-ayil-aymak-2016-proposed.csv"');
      expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(res.body.toString('utf8'), { bom: true, delimiter }) as string[][];
      expect(rows[0]![0]).toBe(lang === 'ru' ? 'Село' : 'Village');
      expect(rows[0]![2]).toBe(lang === 'ru' ? 'Капитальные расходы, сом' : 'Capital spending, KGS');
      const num = (s: string) => (s === '' ? null : Number(lang === 'ru' ? s.replace(',', '.') : s));
      a.villages.forEach((v, i) => {
        const r = rows[i + 1]!;
        expect(num(r[1]!)).toBe(v.population);
        expect(num(r[2]!)).toBe(v.spending.capital);
        expect(num(r[3]!)).toBe(v.perResident.total);
        expect(num(r[5]!)).toBe(v.shares.contributions);
        expect(num(r[6]!)).toBe(v.shares.spending);
      });
    }
  });

  it('bad input answers problem+json: pdf is not a table format, a draft of another organisation is 404, unknown parameters 400', async () => {
    const a = await getAs(adv, `/api/budgets/${doc}/table?format=pdf`).expect(400);
    expect(a.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.parse(a.body.toString()).detail).toMatch(/csv or xlsx/);
    for (const url of [`/api/budgets/${doc}/table?format=xlsx`, `/api/budgets/${doc}/hearing-pack`, '/api/budgets/00000000-0000-4000-8000-000000000000/table?format=csv']) {
      const r = await getAs(anon, url).expect(404);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    const b = await getAs(adv, `/api/budgets/${doc}/hearing-pack?format=pdf&page=2`).expect(400);
    expect(JSON.parse(b.body.toString()).detail).toMatch(/png only/);
    await getAs(adv, `/api/budgets/${doc}/hearing-pack?format=png&page=99`).expect(400);
    await getAs(adv, `/api/budgets/${doc}/table?format=csv&sheet=1`).expect(400);
    await getAs(adv, '/api/budgets/not-a-uuid/table?format=csv').expect(400);
  });
});
