// End-to-end: the Budget tab in Chromium against the real server on a fresh demo database. The Nookat
// initiative groups' advocate signs in, opens the Nookat project and its Budget tab in Kyrgyz: the
// three ayil aymaks side by side with their nine villages in the table, the fair-share chart with its
// fairness sentence, the villages coloured on the map with a legend (several share one approximate
// point: spread apart with leader lines); a village clicked on the map selects its row; a figure opens
// its lines; then Russian and English. Every figure is compared with the API's own answer. Screenshots
// at 1280×800 and on a 360 px phone, where nothing may overflow sideways.
// (The import with misspelled village names and the printed brief page are added by the lead.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, errorsOf, signIn } from './accounts.js';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';
import type { BudgetAnalysis, BudgetList } from '../../server/src/budgets/budgets.types.js';

type Tree = { [k: string]: string | Tree };
const files = Object.fromEntries(['ky', 'ru', 'en'].map((l) => [l, JSON.parse(fs.readFileSync(path.resolve('web/src/i18n', `${l}.json`), 'utf8')) as Tree]));
const msg = (lang: string, key: string): string => key.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k]!, files[lang]!) as string;
/** The message with its placeholders left as a pattern (what is around the numbers must match exactly). */
const pattern = (lang: string, key: string) => new RegExp(`^${msg(lang, key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\w+\\\}\\\}/g, '.+?')}`);
const LOCALE: Record<string, string> = { ky: 'ru-KG', ru: 'ru-KG', en: 'en-GB' };

const ADVOCATE = 'advocate.nookat@example.org';
const VIEW = '#map=11/40.265/72.62';

let srv: LiveServer;
let browser: Browser;
withServerAndBrowser((s, b) => { srv = s; browser = b; });

/** The API's answer for the same documents the panel shows: the Nookat project's latest year, approved. */
async function expected(): Promise<BudgetAnalysis[]> {
  const { api } = await apiAs(srv.url, ADVOCATE);
  const list = (await (await api.get('/api/budgets?project=nookat-budgets')).json()) as BudgetList;
  const year = Math.max(...list.documents.map((d) => d.fiscalYear));
  const docs = list.documents.filter((d) => d.fiscalYear === year && d.phase === 'approved').sort((a, b) => a.municipality.localeCompare(b.municipality));
  expect(docs.map((d) => d.municipality)).toHaveLength(3);
  const out: BudgetAnalysis[] = [];
  for (const d of docs) out.push((await (await api.get(`/api/budgets/${d.id}/analysis`)).json()) as BudgetAnalysis);
  await api.dispose();
  return out;
}

/** Horizontal overflow of the page and inside the side panel (0 when everything fits). */
const overflowOf = (page: Page) => page.evaluate(() => {
  const s = document.querySelector('#sidebar')!;
  const sr = s.getBoundingClientRect();
  let worst = Math.max(document.documentElement.scrollWidth - window.innerWidth, s.scrollWidth - s.clientWidth);
  // Wide tables scroll inside their own box: only what is outside such a box counts.
  for (const el of Array.from(s.querySelectorAll('[data-testid=budget-panel] *'))) {
    if (el.closest('.table-scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0) worst = Math.max(worst, Math.round(r.right - sr.right));
  }
  return worst;
});

/** The villages the map draws: rendered features of the budget source. */
const mapVillages = (page: Page) => page.evaluate(() => {
  const m = window.__map!;
  return m.queryRenderedFeatures({ layers: ['budget-villages'] }).map((f) => ({ id: Number(f.properties.settlementId), color: String(f.properties.color) }));
});

async function openBudget(page: Page, lang: string) {
  await page.goto(`${srv.url}/${VIEW}&lang=${lang}`);
  await waitForMapIdle(page);
  await signIn(page, ADVOCATE);
  await page.getByRole('tab', { name: msg(lang, 'sidebar.projects') }).click();
  await page.locator('[data-project=nookat-budgets]').click();
  await page.getByRole('tab', { name: msg(lang, 'budgets.tab') }).click();
  await expect.poll(() => page.getByTestId('budget-panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
}

describe('the Budget tab', () => {
  it('shows the Nookat groups their nine villages, the fair share and the map in Kyrgyz, then in Russian and English', { timeout: 150_000 }, async () => {
    const want = await expected();
    const villages = want.flatMap((a) => a.villages);
    expect(villages).toHaveLength(9);
    const page = await openPage(browser, { width: 1280, height: 800 });
    const errors = errorsOf(page);
    await openBudget(page, 'ky');

    // The project chosen in the Projects tab is the Budget tab's; the three ayil aymaks side by side.
    expect(await page.getByTestId('budget-scope').inputValue()).toBe('nookat-budgets');
    expect(await page.getByTestId('budget-municipality').inputValue()).toBe('*');
    // The illustrative amounts flagged once, in the analysis's own words.
    const flag = want[0]!.provenance.notices.find((n) => n.id === 'budget.illustrative');
    await expect.poll(async () => (await page.getByTestId('budget-document').getByTestId('illustrative-notice').textContent())?.trim()).toBe(flag ? flag.text.ky : msg('ky', 'budgets.illustrative'));

    // The table: the nine villages, in Kyrgyz, with the API's figures (per locale: "1 234" with a space).
    const rows = page.getByTestId('budget-row');
    await expect.poll(() => rows.count()).toBe(9);
    const ids = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-id'))))).sort((a, b) => a - b);
    expect(ids).toEqual(villages.map((v) => v.settlementId).sort((a, b) => a - b));
    const nf = new Intl.NumberFormat(LOCALE.ky, { maximumFractionDigits: 0 });
    for (const v of villages) {
      const row = page.locator(`[data-testid=budget-row][data-id="${v.settlementId}"]`);
      const text = (await row.textContent())!.replace(/\s/g, ' ');
      expect(text).toContain(v.names.ky!);
      expect(text).toContain(nf.format(v.spending.total).replace(/\s/g, ' '));
      if (v.perResident.total !== null) expect(text).toContain(nf.format(v.perResident.total).replace(/\s/g, ' '));
    }
    const thead = await page.getByTestId('budget-table').locator('thead').textContent();
    expect(thead).toContain(msg('ky', 'budgets.col.village'));
    expect(thead).toContain(msg('ky', 'budgets.col.contribShare'));
    const total = want.reduce((s, a) => s + a.villages.reduce((t, v) => t + v.spending.total, 0), 0);
    expect((await page.getByTestId('budget-totals').textContent())!.replace(/\s/g, ' ')).toContain(nf.format(total).replace(/\s/g, ' '));

    // The fair-share chart, one per ayil aymak, and its sentence in Kyrgyz with the API's index.
    const charts = page.getByTestId('fair-share-chart');
    expect(await charts.count()).toBe(3);
    expect(await charts.first().locator('g[data-id]').count()).toBe(want[0]!.villages.length);
    const indexes = page.getByTestId('fairness-index');
    expect(await indexes.count()).toBe(3);
    const first = (await indexes.first().textContent())!.trim();
    expect(first).toMatch(pattern('ky', 'budgets.fair.index.contributions'));
    const index = want[0]!.fairness.find((f) => f.basis === 'contributions')!.index!;
    const indexText = (lang: string) => new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(index);
    expect(first).toContain(indexText('ky'));
    // Under it the analysis's ready sentence in Kyrgyz, as the API wrote it.
    const fairSentence = want[0]!.sentences.find((s) => s.id === 'budget.fairness.contributions')!;
    expect((await page.getByTestId('fairness-sentence').first().textContent())!.trim()).toBe(fairSentence.text.ky);

    // The map: the nine villages coloured by the measure (more than one class), a legend, the leader-line note.
    await expect.poll(async () => (await mapVillages(page)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(9);
    const drawn = await mapVillages(page);
    expect(new Set(drawn.map((d) => d.id))).toEqual(new Set(villages.map((v) => v.settlementId)));
    // No two villages on one spot.
    const spots = await page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['budget-villages'] }).map((f) => (f.geometry as { coordinates: number[] }).coordinates.map((x) => x.toFixed(4)).join(',')));
    expect(new Set(spots).size).toBe(new Set(drawn.map((d) => d.id)).size);
    expect(new Set(drawn.map((d) => d.color)).size).toBeGreaterThan(1);
    const legend = page.getByTestId('budget-legend');
    expect(await legend.locator('li').count()).toBeGreaterThan(1);
    expect(await legend.textContent()).toContain(msg('ky', 'budgets.measure.spending_per_resident'));
    if (villages.some((v) => v.displaced)) expect(await page.getByTestId('displaced-note').textContent()).toContain(msg('ky', 'budgets.legend.displaced'));
    await screenshot(page, 'budgets-ky-1280');
    await page.getByTestId('budget-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'budgets-ky-1280-table');
    await page.getByTestId('fairness-sentence').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'budgets-ky-1280-fair');

    // A village clicked on the map selects its row in the table: the one drawn nearest the middle
    // of the map (clear of the toolbar and the legend; villages sharing one approximate point are spread around it).
    const at = await page.evaluate(() => {
      const m = window.__map!;
      const r = m.getCanvas().getBoundingClientRect();
      const mid = { x: r.width / 2, y: r.height / 2 };
      const pts = m.queryRenderedFeatures({ layers: ['budget-villages'] }).map((f) => {
        const p = m.project((f.geometry as unknown as { coordinates: [number, number] }).coordinates);
        return { id: Number(f.properties.settlementId), x: p.x + r.left, y: p.y + r.top, d: Math.hypot(p.x - mid.x, p.y - mid.y) };
      });
      return pts.sort((a, b) => a.d - b.d)[0]!;
    });
    const target = villages.find((v) => v.settlementId === at.id)!;
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('[data-testid=budget-row][aria-selected=true]').getAttribute('data-id')).toBe(String(target.settlementId));
    // …and says the village's ready sentence ("receives … % of the spending; its residents pay … %").
    const villageSentence = want.flatMap((a) => a.sentences).find((s) => s.id === `budget.village.${target.settlementId}`);
    if (villageSentence) expect((await page.getByTestId('village-sentence').textContent())!.trim()).toBe(villageSentence.text.ky);

    // Another measure recolours the map; the share gap has its own diverging legend.
    await page.getByTestId('budget-measure').selectOption('share_gap');
    await expect.poll(() => legend.getAttribute('data-measure')).toBe('share_gap');
    expect(await legend.textContent()).toContain(msg('ky', 'budgets.legend.gapNote'));

    // A figure opens the lines behind it (its municipality is chosen; the list is filtered to its lines).
    const v0 = want[0]!.villages.find((v) => v.lineIds.length > 0)!;
    await page.locator(`[data-testid=budget-row][data-id="${v0.settlementId}"] .figure`).first().click();
    await expect.poll(() => page.getByTestId('budget-line').count()).toBe(v0.lineIds.length);
    const lineIds = (await page.getByTestId('budget-line').evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('data-line'))))).sort((a, b) => a - b);
    expect(lineIds).toEqual([...v0.lineIds].sort((a, b) => a - b));
    expect(await page.getByTestId('budget-municipality').inputValue()).toBe(want[0]!.document.municipality);
    // The advocate's own organisation's document: the form to add a line is offered.
    expect(await page.getByTestId('add-line').count()).toBe(want[0]!.document.editable ? 1 : 0);
    await page.getByTestId('budget-municipality').selectOption('*');
    await page.locator('[data-view=villages]').click();
    await page.getByTestId('budget-measure').selectOption('spending_per_resident');

    // Russian and English: the same table and sentence in those languages.
    for (const lang of ['ru', 'en'] as const) {
      await page.locator(`header button[lang=${lang}]`).click();
      await expect.poll(() => page.getByTestId('budget-table').locator('thead').textContent()).toContain(msg(lang, 'budgets.col.village'));
      expect(await rows.count()).toBe(9);
      expect(await rows.first().textContent()).not.toContain(msg('ky', 'provenance.illustrative'));
      const line = (await page.getByTestId('fairness-index').first().textContent())!.trim();
      expect(line).toMatch(pattern(lang, 'budgets.fair.index.contributions'));
      expect(line).toContain(indexText(lang));
      expect((await page.getByTestId('fairness-sentence').first().textContent())!.trim()).toBe(fairSentence.text[lang]);
      const v = villages[0]!;
      expect(await page.locator(`[data-testid=budget-row][data-id="${v.settlementId}"] th`).textContent()).toContain(v.names[lang]!);
      expect(await page.getByTestId('budget-legend').textContent()).toContain(msg(lang, 'budgets.measure.spending_per_resident'));
      await page.getByTestId('budget-table').scrollIntoViewIfNeeded();
      await screenshot(page, `budgets-${lang}-1280-table`);
    }
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    await page.close();
    expect(errors).toEqual([]);
  });

  it('fits a 360 px phone: the Budget tab in the drawer overflows nowhere', async () => {
    const page = await openPage(browser, { width: 360, height: 740 });
    const errors = errorsOf(page);
    await page.goto(`${srv.url}/${VIEW}&lang=ky&view=workspace`);
    await waitForMapIdle(page);
    // The browser's profile is shared with the first test: signed in already, unless it ran alone.
    await page.locator('[data-testid=sign-in], [data-testid=account-button]').first().waitFor();
    if (await page.getByTestId('sign-in').count()) await signIn(page, ADVOCATE);
    await page.getByRole('button', { name: msg('ky', 'sidebar.open') }).click();
    await page.getByRole('tab', { name: msg('ky', 'sidebar.projects') }).click();
    await page.locator('[data-project=nookat-budgets]').click();
    await page.getByRole('button', { name: msg('ky', 'sidebar.open') }).click();
    await page.getByRole('tab', { name: msg('ky', 'budgets.tab') }).click();
    await expect.poll(() => page.getByTestId('budget-panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => page.getByTestId('budget-row').count()).toBe(9);
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'budgets-ky-360');
    await page.getByTestId('fair-share').first().scrollIntoViewIfNeeded();
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'budgets-ky-360-fair');
    // The map behind the drawer, with its legend inside the screen.
    await page.getByRole('button', { name: msg('ky', 'sidebar.close') }).click({ position: { x: 340, y: 300 } }); // beside the drawer
    await expect.poll(async () => (await mapVillages(page)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(9);
    const box = await page.getByTestId('budget-legend').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await screenshot(page, 'budgets-ky-360-map');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('plan against actual, a what-if allocation, and a line added by hand ("1 234 567,89", a share for one village) for one ayil aymak', async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    const errors = errorsOf(page);
    await page.goto(`${srv.url}/${VIEW}&lang=ru`);
    await waitForMapIdle(page);
    await page.locator('[data-testid=sign-in], [data-testid=account-button]').first().waitFor();
    if (await page.getByTestId('sign-in').count()) await signIn(page, ADVOCATE);
    await page.getByRole('tab', { name: msg('ru', 'budgets.tab') }).click();
    await page.getByTestId('budget-scope').selectOption('nookat-budgets');
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const list = (await (await api.get('/api/budgets?project=nookat-budgets')).json()) as BudgetList;
    const plan = list.documents.find((d) => d.municipality.startsWith('Kara-Tash') && d.fiscalYear === 2014 && d.phase === 'approved')!;
    await page.getByTestId('budget-municipality').selectOption(plan.municipality);
    await page.getByTestId('budget-year').selectOption('2014');
    await page.getByTestId('budget-phase').selectOption('approved');
    await expect.poll(() => page.getByTestId('budget-panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const a = (await (await api.get(`/api/budgets/${plan.id}/analysis`)).json()) as BudgetAnalysis;

    // "Import a spreadsheet" opens the import wizard in the panel, and it closes again (its story is its own test).
    await page.getByTestId('budget-import').click();
    await page.getByTestId('budget-import-wizard').waitFor();
    await page.getByTestId('budget-import-close').click();
    await expect.poll(() => page.getByTestId('budget-import-wizard').count()).toBe(0);

    // Plan against actual: one row per sector spent on, the execution % as the API computed it.
    await page.locator('[data-view=plan]').click();
    const bars = page.getByTestId('plan-actual-chart').locator('g[data-sector]');
    const spent = a.sectors.filter((x) => x.planned > 0 || (x.executed ?? 0) > 0);
    expect(await bars.count()).toBe(spent.length);
    const withExec = spent.find((x) => x.execution !== null);
    if (withExec) expect(await bars.locator(`xpath=self::*[@data-sector="${withExec.sector}"]`).textContent()).toContain(`${new Intl.NumberFormat('ru-KG', { maximumFractionDigits: 0 }).format(withExec.execution! * 100)}\u00a0%`);
    await screenshot(page, 'budgets-ru-1280-plan');
    // Trends over the fiscal years when two or more are loaded: revenue, expenditure and capital lines.
    const years = new Set(a.trends.map((t) => t.fiscalYear));
    expect(await page.getByTestId('trend-chart').count()).toBe(years.size >= 2 ? 1 : 0);
    if (years.size >= 2) {
      expect(await page.getByTestId('trend-chart').locator('path.line').count()).toBe(3);
      expect(await page.getByTestId('trend-chart').locator('circle.expenditure').count()).toBe(years.size);
      await page.getByTestId('trend-chart').scrollIntoViewIfNeeded();
      await screenshot(page, 'budgets-ru-1280-trend');
    }

    // What if: 1 000 000 som by population only; each village's amount is the API's.
    await page.locator('[data-view=whatif]').click();
    const form = page.getByTestId('budget-whatif');
    await form.locator('input[name=amount]').fill('1 000 000');
    await form.locator('input[name=w-unserved]').fill('0');
    await form.locator('input[name=w-contributions]').fill('0');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.getAttribute('data-state')).toBe('ready');
    const wi = await (await api.post(`/api/budgets/${plan.id}/what-if`, { headers: { 'X-CSRF-Token': csrf }, data: { amount: 1_000_000, weights: { population: 1, unserved: 0, contributions: 0 } } })).json();
    const nf = new Intl.NumberFormat('ru-KG', { maximumFractionDigits: 0 });
    for (const v of wi.villages as { settlementId: number; amount: number }[]) {
      expect((await form.locator(`[data-testid=whatif-table] tr[data-id="${v.settlementId}"]`).textContent())!.replace(/\s/g, ' ')).toContain(nf.format(v.amount).replace(/\s/g, ' '));
    }
    await screenshot(page, 'budgets-ru-1280-whatif');

    // A line added by hand: the amount typed the Kyrgyz way, a quarter of it to one village.
    await page.locator('[data-view=lines]').click();
    await page.getByTestId('add-line').click();
    const lf = page.getByTestId('line-form');
    await lf.locator('input[name=description]').fill('Ремонт водопровода (введено вручную)');
    await lf.locator('input[name=amount]').fill('1 234 567,89');
    await lf.locator('input[name=functional_code]').fill('0630');
    await lf.locator('select[name=sector]').selectOption('drinking_water');
    await lf.getByRole('button', { name: msg('ru', 'budgets.form.addVillage') }).click();
    const village = a.villages[0]!;
    await lf.getByTestId('allocation-row').locator('select').first().selectOption(String(village.settlementId));
    await lf.getByTestId('allocation-row').locator('input').first().fill('25 %');
    await lf.getByTestId('allocation-row').locator('input.evidence').fill('Смета айыл окмоту');
    // A code the classification refuses: the server's message, nothing stored.
    await lf.locator('input[name=economic_code]').fill('??');
    await lf.locator('button[type=submit]').click();
    await expect.poll(() => lf.locator('[role=alert]').textContent()).toContain(msg('ru', 'budgets.form.notSaved'));
    expect(await lf.locator('[role=alert]').textContent()).toContain('economic_code');
    const before = (await (await api.get(`/api/budgets/${plan.id}`)).json()).lines.length;
    await lf.locator('input[name=economic_code]').fill('');
    await lf.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('line-form').count()).toBe(0);
    const detail = await (await api.get(`/api/budgets/${plan.id}`)).json();
    expect(detail.lines).toHaveLength(before + 1);
    const added = detail.lines.find((l: { description: string }) => l.description === 'Ремонт водопровода (введено вручную)');
    expect(added.amount).toBe(1234567.89);
    expect(added.functionalCode).toBe('0630');
    expect(added.allocations).toEqual([expect.objectContaining({ settlementId: village.settlementId, method: 'project_site', share: 0.25, evidence: 'Смета айыл окмоту' })]);
    await expect.poll(() => page.locator(`[data-testid=budget-line][data-line="${added.id}"]`).count()).toBe(1);
    expect((await page.locator(`[data-testid=budget-line][data-line="${added.id}"]`).textContent())!.replace(/\s/g, ' ')).toContain('1 234 567,89 сом');
    await page.locator(`[data-testid=budget-line][data-line="${added.id}"]`).scrollIntoViewIfNeeded();
    await screenshot(page, 'budgets-ru-1280-lines');
    await api.dispose();
    await page.close();
    // The refused code was a 400 on purpose; nothing else went wrong.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
  });
});
