// End-to-end story of issue #12 in Chromium against the real server on a fresh demo database: the Nookat
// initiative group's advocate, in Kyrgyz, opens the Budget tab of the Nookat project, chooses Kara-Tash
// ayil aymak and imports its executed 2015 budget from an XLSX (made by gnumeric's ssconvert from a CSV
// with Kyrgyz/Russian amounts), matches two misspelled village names ("Нойгт", "Кара-Таж") to their
// suggestions, accepts the report, sees the fair-share chart with its sentence in Kyrgyz for the new
// budget (planned 2015 against the executed one just imported), and prints the council brief, whose
// budget page now shows Kara-Tash 2015. A second check: the wizard refuses a report with blocking rows
// until they are left out. Nothing is mocked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { apiAs, errorsOf, signIn } from './accounts.js';
import { launchBrowser, openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';
import type { BudgetAnalysis, BudgetList } from '../../server/src/budgets/budgets.types.js';

type Tree = { [k: string]: string | Tree };
const files = Object.fromEntries(['ky', 'ru', 'en'].map((l) => [l, JSON.parse(fs.readFileSync(path.resolve('web/src/i18n', `${l}.json`), 'utf8')) as Tree]));
const msg = (lang: string, key: string): string => key.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k]!, files[lang]!) as string;

const ADVOCATE = 'advocate.nookat@example.org';
const MUNICIPALITY = 'Kara-Tash ayil aymak';
// The executed 2015 budget of Kara-Tash: what was spent, line by line, with the villages as the group wrote them.
const STORY = [
  'Код,Наименование,Айыл,Түрү,Сектор,"Сумма, сом"',
  '1131,Жер салыгы,,Киреше,Башка,"2 450 000,00"',
  '0630,Ичүүчү суу түтүгү,Нойгт,Чыгаша,Ичүүчү суу,"1 234 567,89"',
  '0451,Көчө жолун оңдоо,Кара-Таж,Чыгаша,Жолдор,"900 000"',
  '0912,Мектеп,Кара-Таж,Чыгаша,Билим берүү,"6 100 000"',
  '0111,Айыл өкмөтүнүн аппараты,,Чыгаша,Башка,"3 200 000"',
].join('\n') + '\n';
// A sheet with a duplicate and a negative expenditure: blocking until those rows are left out.
const BAD = [
  'Код,Наименование,Айыл,Түрү,"Сумма, сом"',
  '1111,Подоходный налог,,Доход,"1 500 000,00"',
  '2821,Ремонт водопровода,Нойгут,Расход,"1 234 567,89"',
  '2822,Ремонт дороги,Кара-Таш,Расход,"800 000"',
  '2822,Ремонт дороги,Кара-Таш,Расход,"800 000"',
  '2111,Заработная плата,,Расход,"-50 000"',
  ',Итого расходы,,,"2 034 567,89"',
].join('\n') + '\n';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-story-'));
let srv: LiveServer;
let browser: Browser;
const xlsxOf = (name: string, csv: string) => {
  const src = path.join(dir, `${name}.csv`);
  fs.writeFileSync(src, csv);
  const out = path.join(dir, `${name}.xlsx`);
  execFileSync('ssconvert', [src, out], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
};

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openBudget(page: Page, lang: string) {
  await page.goto(`${srv.url}/#map=11/40.265/72.62&lang=${lang}`);
  await waitForMapIdle(page);
  // One browser context for the file: signed in once, the session cookie stays.
  await page.locator('[data-testid=sign-in], [data-testid=account-button]').first().waitFor();
  if (await page.getByTestId('sign-in').isVisible()) await signIn(page, ADVOCATE);
  await page.getByRole('tab', { name: msg(lang, 'sidebar.projects') }).click();
  await page.locator('[data-project=nookat-budgets]').click();
  await page.getByRole('tab', { name: msg(lang, 'budgets.tab') }).click();
  await expect.poll(() => page.getByTestId('budget-panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
}

/** Upload → sheet → columns and document. */
async function uploadAndDescribe(page: Page, xlsx: string, doc: { year: string; phase: string }) {
  await page.getByTestId('budget-import').click();
  const wizard = page.getByTestId('budget-import-wizard');
  await page.getByTestId('budget-import-file').setInputFiles(xlsx);
  await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('sheet');
  await page.getByTestId('budget-import-next').click();
  await expect.poll(() => wizard.getAttribute('data-step')).toBe('columns');
  // The municipality comes from the panel (one ayil aymak chosen); the guessed amount column is E or F.
  expect(await page.getByTestId('budget-import-municipality').inputValue()).toBe(MUNICIPALITY);
  await page.getByTestId('budget-import-year').fill(doc.year);
  await page.getByTestId('budget-import-phase').selectOption(doc.phase);
  await page.getByTestId('budget-import-licence').fill('CC-BY-4.0');
  await page.getByTestId('budget-import-check').click();
  return wizard;
}

describe('the Nookat group imports its budget, matches villages, sees the fair share in Kyrgyz and prints the brief', () => {
  it('imports the executed 2015 budget of Kara-Tash and prints it in the council brief', { timeout: 240_000 }, async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    const errors = errorsOf(page);
    await openBudget(page, 'ky');
    await page.getByTestId('budget-municipality').selectOption(MUNICIPALITY);
    await expect.poll(() => page.getByTestId('budget-panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');

    const wizard = await uploadAndDescribe(page, xlsxOf('kara-tash-2015-executed', STORY), { year: '2015', phase: 'executed' });
    // Two misspelled villages: each is offered its settlement; the group confirms both.
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('villages');
    const villages = page.getByTestId('budget-import-village');
    await expect.poll(() => villages.count()).toBe(2);
    for (const [written, meant] of [['Нойгт', /Нойгут/], ['Кара-Таж', /Кара-Таш/]] as const) {
      const row = villages.filter({ hasText: written });
      expect(await row.locator('label.radio').first().textContent()).toMatch(meant);
      await row.getByRole('radio').first().check();
    }
    await page.getByTestId('budget-import-villages-confirm').click();
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('report');
    expect(await page.getByTestId('budget-import-report').getAttribute('data-blocking')).toBe('false');
    await screenshot(page, 'budget-import-report-ky');
    await page.getByTestId('budget-import-accept').click();

    // The panel shows the new document: executed 2015, compared with the group's plan of 2015.
    await expect.poll(() => page.getByTestId('budget-phase').inputValue(), { timeout: 30_000 }).toBe('executed');
    expect(await page.getByTestId('budget-year').inputValue()).toBe('2015');
    await expect.poll(() => page.getByTestId('budget-panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const { api } = await apiAs(srv.url, ADVOCATE);
    const list = (await (await api.get(`/api/budgets?municipality=${encodeURIComponent(MUNICIPALITY)}&year=2015`)).json()) as BudgetList;
    const imported = list.documents.find((d) => d.phase === 'executed')!;
    expect(imported.importId).not.toBeNull();
    expect(imported.totals).toMatchObject({ revenue: 2_450_000, expenditure: 11_434_567.89, lines: 5 });
    const a = (await (await api.get(`/api/budgets/${imported.id}/analysis`)).json()) as BudgetAnalysis;
    expect(a.plan?.phase).toBe('approved');
    // The misspelled names were placed on the villages the group confirmed.
    const placed = (await sql<{ village: string; amount: string }>`
      SELECT s.name_en AS village, sum(a.amount)::text AS amount FROM budget_allocations a JOIN budget_lines l ON l.id = a.line_id
      JOIN settlements s ON s.id = a.settlement_id WHERE l.document_id = ${imported.id} GROUP BY s.name_en ORDER BY s.name_en`.execute(srv.db.database.db)).rows;
    expect(placed).toEqual([{ village: 'Kara-Tash', amount: '7000000.00' }, { village: 'Noygut', amount: '1234567.89' }]);

    // The fair-share chart and its sentence in Kyrgyz, as the analysis wrote it.
    const chart = page.getByTestId('fair-share-chart');
    await expect.poll(() => chart.count()).toBe(1);
    expect(await chart.locator('g[data-id]').count()).toBe(a.villages.length);
    const sentence = a.sentences.find((s) => s.id === 'budget.fairness.contributions')!;
    expect((await page.getByTestId('fairness-sentence').first().textContent())!.trim()).toBe(sentence.text.ky);
    await screenshot(page, 'budget-story-fair-ky');

    // Print the council brief of the campaign, in Kyrgyz: its budget page shows Kara-Tash 2015 (plan against this execution).
    await page.getByTestId('open-print').click();
    const dialog = page.getByTestId('print-dialog');
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: msg('ky', 'export.extentCampaign') }).check();
    await page.getByTestId('print-campaign').selectOption(imported.campaignId!);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('download-brief').click(),
    ]);
    const pdf = path.join(dir, 'brief-ky.pdf');
    fs.copyFileSync((await download.path())!, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Кара-Таш айыл аймагы'); // the municipality's Kyrgyz name (municipality_names)
    expect(text).toContain('2015');
    expect(text).toContain('Нойгут');
    const brief = (await (await api.get(`/api/budgets/${a.plan!.documentId}/analysis?lang=ky`)).json()) as BudgetAnalysis;
    const firstWords = brief.sentences[0]!.text.ky.split(' ').slice(0, 4).join(' ');
    expect(text).toContain(firstWords);
    execFileSync('pdftoppm', ['-r', '50', '-png', pdf, path.join(dir, 'brief-ky')]);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('brief-ky-')).length).toBeGreaterThan(1);
    await api.dispose();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps a report with blocking rows from being accepted until they are left out', { timeout: 180_000 }, async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    const errors = errorsOf(page);
    await openBudget(page, 'en');
    await page.getByTestId('budget-municipality').selectOption(MUNICIPALITY);
    const wizard = await uploadAndDescribe(page, xlsxOf('kara-tash-bad', BAD), { year: '2031', phase: 'approved' });
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('report');
    const report = page.getByTestId('budget-import-report');
    expect(await report.getAttribute('data-blocking')).toBe('true');
    const issue = (code: string) => page.locator(`[data-testid=budget-import-issue][data-code=${code}]`);
    expect(await issue('duplicate-line').getAttribute('data-row')).toBe('5');
    expect(await issue('amount-negative').getAttribute('data-column')).toBe('E');
    expect(await page.getByTestId('budget-import-accept').isDisabled()).toBe(true);
    await issue('duplicate-line').getByRole('button', { name: msg('en', 'budgets.import.report.skip') }).click();
    await expect.poll(() => issue('duplicate-line').count()).toBe(0);
    await issue('amount-negative').getByRole('button', { name: msg('en', 'budgets.import.report.skip') }).click();
    await expect.poll(() => report.getAttribute('data-blocking')).toBe('false');
    expect(await issue('total-mismatch').count()).toBe(0);
    await page.getByTestId('budget-import-accept').click();
    await expect.poll(() => page.getByTestId('budget-year').inputValue(), { timeout: 30_000 }).toBe('2031');
    const lines = (await sql<{ description: string; amount: string; settlement: string | null }>`
      SELECT l.description, l.amount::text AS amount, s.name_en AS settlement FROM budget_lines l
      JOIN budget_documents d ON d.id = l.document_id
      LEFT JOIN budget_allocations a ON a.line_id = l.id LEFT JOIN settlements s ON s.id = a.settlement_id
      WHERE d.fiscal_year = 2031 AND d.municipality = ${MUNICIPALITY} ORDER BY l.id`.execute(srv.db.database.db)).rows;
    expect(lines).toEqual([
      { description: 'Подоходный налог', amount: '1500000.00', settlement: null },
      { description: 'Ремонт водопровода', amount: '1234567.89', settlement: 'Noygut' },
      { description: 'Ремонт дороги', amount: '800000.00', settlement: 'Kara-Tash' },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
