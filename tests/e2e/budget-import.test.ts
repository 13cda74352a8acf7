// End-to-end: the budget import wizard in Chromium against the real server on a fresh demo database.
// The wizard is not on a page of the app yet (the Budget panel will host it), so this test builds a
// one-component page with Vite at test time and serves it as the web app. The Nookat advocate uploads an
// XLSX made by ssconvert from a CSV with Kyrgyz/Russian amounts, keeps the guessed header row and columns,
// names the document, confirms one misspelled village and puts an unknown one on the whole ayil okmotu,
// leaves the bad rows out from the report and accepts: the document and its lines are in the database.
// Nothing is mocked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { build } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { DEMO_PASSWORD, errorsOf } from './accounts.js';
import { launchBrowser, openPage, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';

const en = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/en.json'), 'utf8'));
const ADVOCATE = 'advocate.nookat@example.org';
const MUNICIPALITY = 'Kara-Tash ayil aymak';
const CSV = [
  'Код,Наименование,Айыл,Түрү,"Сумма, сом"',
  '1111,Подоходный налог,,Доход,"1 500 000,00"',
  '2821,Ремонт водопровода,Нойгт,Расход,"1 234 567,89"',
  '2822,Ремонт дороги,Ак-Жар,Расход,"800 000"',
  '2822,Ремонт дороги,Ак-Жар,Расход,"800 000"',
  '2111,Заработная плата,,Расход,"-50 000"',
  ',Итого расходы,,,"2 034 567,89"',
].join('\n') + '\n';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-import-e2e-'));
let srv: LiveServer;
let browser: Browser;
let xlsx = '';

/** A page with only the wizard on it, built by Vite from the web app's own sources (in .test-results/, where the
 * project's node_modules resolve; removed afterwards). */
const harness = path.resolve('.test-results', `budget-import-harness-${process.pid}`);
async function buildHarness(outDir: string) {
  const root = harness;
  fs.mkdirSync(root, { recursive: true });
  const web = path.resolve('web/src');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>Budget import</title></head><body><div id="app"></div><p id="out" data-testid="harness-out"></p><script type="module" src="./main.ts"></script></body></html>');
  fs.writeFileSync(path.join(root, 'main.ts'), `
    import { mount } from 'svelte';
    import '${web}/app.css';
    import Wizard from '${web}/components/budgets/BudgetImportWizard.svelte';
    import { session } from '${web}/stores/session.svelte.ts';
    await session.load();
    const out = document.getElementById('out')!;
    mount(Wizard, { target: document.getElementById('app')!, props: { onclose: () => { out.dataset.closed = 'true'; }, ondone: (id: string) => { out.dataset.document = id; } } });
  `);
  await build({ configFile: false, root, logLevel: 'error', plugins: [svelte({ configFile: path.resolve('web/svelte.config.js') })], build: { outDir, emptyOutDir: true, target: 'es2022' } });
}

beforeAll(async () => {
  const csv = path.join(dir, 'budget-kara-tash.csv');
  fs.writeFileSync(csv, CSV);
  xlsx = path.join(dir, 'budget-kara-tash.xlsx');
  execFileSync('ssconvert', [csv, xlsx], { stdio: ['ignore', 'pipe', 'pipe'] });
  const dist = path.join(dir, 'dist');
  await buildHarness(dist);
  process.env.E2E_WEB_DIST = dist;
  [srv, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  delete process.env.E2E_WEB_DIST;
  await browser?.close();
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(harness, { recursive: true, force: true });
});

describe('budget import wizard', () => {
  it('upload → sheet → columns and document → villages → report (rows left out) → accept', async () => {
    const page = await openPage(browser);
    const errors = errorsOf(page);
    const s = await (await page.request.get(`${srv.url}/api/auth/session`)).json();
    const login = await page.request.post(`${srv.url}/api/auth/login`, { headers: { 'X-CSRF-Token': s.csrfToken }, data: { email: ADVOCATE, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    await page.goto(srv.url);
    const wizard = page.getByTestId('budget-import-wizard');
    await page.getByTestId('budget-import-file').setInputFiles(xlsx);

    // The sheet: the guessed header row (1) is chosen; the grid shows the file's first rows.
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('sheet');
    expect(await page.locator('tr.header td').first().textContent()).toBe('Код');
    await page.getByTestId('budget-import-next').click();

    // Columns: guessed; the document named.
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('columns');
    expect(await page.getByTestId('budget-import-col-amount').inputValue()).toBe('E');
    expect(await page.getByTestId('budget-import-col-village').inputValue()).toBe('C');
    await page.getByTestId('budget-import-municipality').fill(MUNICIPALITY);
    await page.getByTestId('budget-import-year').fill('2031'); // a year the demo has no budget for
    await page.getByTestId('budget-import-licence').fill('CC-BY-4.0');
    await page.getByTestId('budget-import-check').click();

    // Villages: "Нойгт" is offered Нойгут; "Ак-Жар" is no village of Kara-Tash: the whole ayil okmotu.
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('villages');
    const villages = page.getByTestId('budget-import-village');
    await expect.poll(() => villages.count()).toBe(2);
    const noygut = villages.filter({ hasText: 'Нойгт' });
    await noygut.getByRole('radio').first().check();
    expect(await noygut.locator('label.radio').first().textContent()).toMatch(/Noygut|Нойгут/);
    await villages.filter({ hasText: 'Ак-Жар' }).getByRole('radio').last().check();
    await page.getByTestId('budget-import-villages-confirm').click();

    // The report: the duplicate and the negative expenditure block, each at its row and column.
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('report');
    const report = page.getByTestId('budget-import-report');
    expect(await report.getAttribute('data-blocking')).toBe('true');
    const issue = (code: string) => page.locator(`[data-testid=budget-import-issue][data-code=${code}]`);
    expect(await issue('duplicate-line').getAttribute('data-row')).toBe('5');
    expect(await issue('amount-negative').getAttribute('data-column')).toBe('E');
    expect(await page.getByTestId('budget-import-accept').isDisabled()).toBe(true);
    await issue('duplicate-line').getByRole('button', { name: en.budgets.import.report.skip }).click();
    await expect.poll(() => issue('duplicate-line').count()).toBe(0);
    await issue('amount-negative').getByRole('button', { name: en.budgets.import.report.skip }).click();
    await expect.poll(() => report.getAttribute('data-blocking')).toBe('false');
    // "Итого расходы" is compared with the expenditure lines only, and they add up.
    expect(await issue('total-mismatch').count()).toBe(0);
    await page.screenshot({ path: '/tmp/budget-import-report.png' });
    await page.getByTestId('budget-import-accept').click();

    await expect.poll(() => page.getByTestId('harness-out').getAttribute('data-document')).toMatch(/^[0-9a-f-]{36}$/);
    const docId = (await page.getByTestId('harness-out').getAttribute('data-document'))!;
    expect(await wizard.getAttribute('data-step')).toBe('done');
    const lines = (await sql<{ description: string; amount: string; settlement: string | null }>`
      SELECT l.description, l.amount::text AS amount, s.name_en AS settlement FROM budget_lines l
      LEFT JOIN budget_allocations a ON a.line_id = l.id LEFT JOIN settlements s ON s.id = a.settlement_id
      WHERE l.document_id = ${docId} ORDER BY l.id`.execute(srv.db.database.db)).rows;
    expect(lines).toEqual([
      { description: 'Подоходный налог', amount: '1500000.00', settlement: null },
      { description: 'Ремонт водопровода', amount: '1234567.89', settlement: 'Noygut' },
      { description: 'Ремонт дороги', amount: '800000.00', settlement: null },
    ]);
    expect(errors).toEqual([]);
  });
});
