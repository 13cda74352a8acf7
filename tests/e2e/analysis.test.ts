// End-to-end: the Analysis panel and the resident view's "is my village covered?" in headless
// Chromium against the real server on a fresh database (embedded, or the PostgreSQL server when
// TEST_DATABASE_URL is set). Every figure on screen is compared with the API's answer to the same
// request, asked directly. Screenshots land in tests/screenshots/ (git-ignored).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';

type Messages = Record<string, unknown>;
const messages = (lang: string) => JSON.parse(fs.readFileSync(path.resolve('web/src/i18n', `${lang}.json`), 'utf8')) as Messages;
const msg = (lang: string, key: string, vars: Record<string, string> = {}) => {
  let v: unknown = messages(lang);
  for (const k of key.split('.')) v = (v as Record<string, unknown>)[k];
  return Object.entries(vars).reduce((s, [k, x]) => s.replaceAll(`{{${k}}}`, x), v as string);
};
const num = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(n);
type Row = { status: string; reach: { share: number; rule: string; flagged: boolean } | null };
/** The status badge a coverage row shows: a settlement covered in part with its share (1–99 %); no complete data: one line in place of facility, distance and verdict. */
const badgeText = (s: Row) => (s.status === 'no-data' ? msg('en', 'analysis.coverage.noDataRow')
  : msg('en', `analysis.coverage.status.${s.status}`, { pct: String(Math.min(99, Math.max(1, Math.round((s.reach?.share ?? 0) * 100)))) }));
/** The resident view's verdict for a coverage row. */
const VERDICT: Record<string, string> = { covered: 'Yes', partly: 'Partly', 'not-covered': 'No', 'no-data': 'No complete data' };
const PROJECT = 'karakol-irrigation';
const KARAKOL = { lon: 78.3936, lat: 42.4907 };

let srv: LiveServer;
let browser: Browser;

withServerAndBrowser((s, b) => { srv = s; browser = b; });

const problems = new WeakMap<Page, string[]>();

async function open(hash = '', size?: { width: number; height: number }): Promise<Page> {
  const page = await openPage(browser, size);
  const list: string[] = [];
  problems.set(page, list);
  page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
  // A 400 the test provokes on purpose is logged by the browser as a failed resource.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) list.push(`console: ${m.text()}`); });
  await page.goto(`${srv.url}/${hash}`);
  return page;
}

async function close(page: Page) {
  const list = problems.get(page) ?? [];
  await page.close();
  expect(list).toEqual([]);
}

async function api<T = any>(p: string): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${srv.url}${p}`);
  expect(res.status, p).toBe(200);
  return (await res.json()) as T;
}

/** Open the workspace over Karakol, the Analysis tab, with the Karakol irrigation project as the area. */
async function openAnalysis(section?: string, project = PROJECT): Promise<Page> {
  const page = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}`);
  await waitForMapIdle(page);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await page.locator('[data-area=project]').click();
  await page.locator('#an-project').selectOption(project);
  if (section) await page.locator(`[data-section=${section}]`).click();
  return page;
}

const ready = (page: Page, testid: string) =>
  expect.poll(() => page.getByTestId(testid).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');

/** What the coverage table shows, row by row. */
const tableRows = (page: Page, testid: string) => page.getByTestId(testid).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
  id: Number(tr.getAttribute('data-id')),
  covered: tr.getAttribute('data-covered'),
  status: tr.getAttribute('data-status'),
  distanceM: tr.getAttribute('data-distance-m'),
  cost: tr.getAttribute('data-cost'),
  text: tr.textContent ?? '',
})));

describe('analysis panel (desktop 1440×900)', () => {
  it('coverage for clinics over the Karakol project: the layer is on the map, the figures are the API\'s; a new threshold changes them as the API says', async () => {
    const page = await openAnalysis();
    await ready(page, 'coverage-section');
    const a = await api(`/api/analysis/coverage?project=${PROJECT}&kind=clinic`);
    expect(a.totals.covered.settlements).toBeGreaterThan(0);

    expect(await page.getByTestId('covered-population').textContent()).toBe(num(a.totals.covered.population));
    expect(await page.getByTestId('not-covered-population').textContent()).toBe(num(a.totals.notCovered.population));
    expect(await page.getByTestId('covered-settlements').textContent()).toContain(`${num(a.totals.covered.settlements)} settlement`);

    const rows = await tableRows(page, 'coverage-table');
    expect(rows.map((r) => r.id).sort()).toEqual(a.settlements.items.map((s: { id: number }) => s.id).sort());
    for (const s of a.settlements.items) {
      const row = rows.find((r) => r.id === s.id)!;
      expect(row.covered).toBe(String(s.covered));
      expect(row.status).toBe(s.status);
      expect(row.distanceM === null ? null : Number(row.distanceM)).toBe(s.distanceM);
      expect(row.text).toContain(s.names.en);
      expect(row.text).toContain(badgeText(s));
      if (s.reach) expect(row.text).toContain(msg('en', `analysis.coverage.rule.${s.reach.rule}`));
    }
    // Karakol is recorded as one point with many residents: counted as a whole, marked, and the caveat says so.
    const flagged = a.settlements.items.find((s: { names: { en: string } }) => s.names.en === 'Karakol');
    expect(flagged.reach.flagged).toBe(true);
    expect(a.totals.flagged.settlements).toBeGreaterThan(0);
    expect(await page.locator(`[data-testid=coverage-table] tr[data-id="${flagged.id}"] [data-testid=flagged-mark]`).getAttribute('title')).toBe(msg('en', 'analysis.coverage.flaggedMark'));
    expect(await page.getByTestId('flagged-caveat').textContent()).toContain(num(a.totals.flagged.population));
    // How people were counted: one share per rule, adding up to 100.
    const shares = await page.getByTestId('reach-rules').locator('li[data-rule]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-percent'))));
    expect(shares.length).toBe(4);
    expect(shares.reduce((x, y) => x + y, 0)).toBe(100);
    const munis = await page.getByTestId('municipality-table').locator('tbody tr').count();
    expect(munis).toBe(a.municipalities.length);

    // The map has the answer: the dissolved coverage area and one point per settlement.
    await waitForMapIdle(page);
    const onMap = await page.evaluate(() => {
      const m = window.__map!;
      const order = m.getLayersOrder();
      const area = m.queryRenderedFeatures({ layers: ['analysis-area-fill'] }).length;
      const points = m.querySourceFeatures('analysis', { filter: ['==', ['get', 'role'], 'settlement'] }).map((f) => ({ id: f.properties.id, status: f.properties.status }));
      // Above every data layer but labels (symbols stay readable on top).
      const topData = Math.max(...order.filter((id) => /^(canals|settlements|facilities)/.test(id) && m.getLayer(id)!.type !== 'symbol').map((id) => order.indexOf(id)));
      return { area, points, aboveData: order.indexOf('analysis-area-fill') > topData };
    });
    expect(onMap.area).toBeGreaterThan(0);
    expect(onMap.aboveData).toBe(true);
    const unique = new Map(onMap.points.map((p) => [p.id, p.status]));
    expect(unique.size).toBe(a.settlements.items.length);
    for (const s of a.settlements.items) expect(unique.get(s.id)).toBe(s.status);
    expect(await page.getByTestId('analysis-legend').isVisible()).toBe(true);
    await screenshot(page, 'analysis-coverage-karakol-en');

    // Sorting by name puts the rows in name order; a row click flies to the settlement.
    await page.getByTestId('coverage-table').getByRole('button', { name: /^Settlement/ }).click();
    const names = await page.getByTestId('coverage-table').locator('tbody th .rowlink').allTextContents();
    const sorted = [...names].sort((x, y) => new Intl.Collator('en-GB').compare(x, y));
    expect(names.length).toBeGreaterThan(1);
    expect(names.join('|') === sorted.join('|') || names.join('|') === [...sorted].reverse().join('|')).toBe(true);
    const karakol = a.settlements.items.find((s: { names: { en: string } }) => s.names.en === 'Karakol');
    await page.getByTestId('coverage-table').getByRole('button', { name: 'Karakol', exact: true }).click();
    await expect.poll(async () => page.evaluate(() => { const c = window.__map!.getCenter(); return [c.lng, c.lat]; }), { timeout: 5000 })
      .toSatisfy((c: unknown) => { const [lng, lat] = c as number[]; return Math.abs(lng! - karakol.center[0]) < 1e-3 && Math.abs(lat! - karakol.center[1]) < 1e-3; });

    // A 1 km threshold: numbers change exactly as the API says.
    const b = await api(`/api/analysis/coverage?project=${PROJECT}&kind=clinic&threshold_m=1000`);
    expect(b.totals.covered.population).not.toBe(a.totals.covered.population);
    await page.locator('#an-threshold').fill('1');
    await page.locator('#an-threshold').press('Enter');
    await expect.poll(() => page.getByTestId('covered-population').textContent(), { timeout: 15_000 }).toBe(num(b.totals.covered.population));
    await ready(page, 'coverage-section');
    expect(await page.getByTestId('not-covered-population').textContent()).toBe(num(b.totals.notCovered.population));
    const rows1 = await tableRows(page, 'coverage-table');
    for (const s of b.settlements.items) expect(rows1.find((r) => r.id === s.id)!.status).toBe(s.status);
    await waitForMapIdle(page);
    const notCoveredOnMap = await page.evaluate(() => new Set(window.__map!.querySourceFeatures('analysis', { filter: ['==', ['get', 'status'], 'not-covered'] }).map((f) => f.properties.id)).size);
    expect(notCoveredOnMap).toBe(b.totals.notCovered.settlements);
    await page.getByTestId('coverage-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-panel-coverage-1km-en');

    // 2 km: the settlement "East" is covered in part (by the share of its area): its badge gives the share,
    // the covered residents include that share, and the map draws it as 'partly'.
    const c = await api(`/api/analysis/coverage?project=${PROJECT}&kind=clinic&threshold_m=2000`);
    const partly = c.settlements.items.find((s: Row) => s.status === 'partly');
    expect(partly.reach.rule).toBe('area');
    expect(partly.reach.share).toBeGreaterThan(0);
    expect(partly.reach.share).toBeLessThan(1);
    expect(c.totals.partly.settlements).toBeGreaterThan(0);
    await page.locator('#an-threshold').fill('2');
    await page.locator('#an-threshold').press('Enter');
    await expect.poll(() => page.getByTestId('covered-population').textContent(), { timeout: 15_000 }).toBe(num(c.totals.covered.population));
    await ready(page, 'coverage-section');
    const partlyRow = (await tableRows(page, 'coverage-table')).find((r) => r.id === partly.id)!;
    expect(partlyRow.status).toBe('partly');
    expect(partlyRow.text).toContain(badgeText(partly));
    expect(badgeText(partly)).toMatch(/^partly, \d{1,2}\u00a0%$/);
    expect(partlyRow.text).toContain(msg('en', 'analysis.coverage.rule.area'));
    expect(await page.getByTestId('partly-total').textContent()).toContain(num(c.totals.partly.settlements));
    await waitForMapIdle(page);
    const partlyOnMap = await page.evaluate(() => window.__map!.querySourceFeatures('analysis', { filter: ['==', ['get', 'status'], 'partly'] }).map((f) => f.properties.id));
    expect(new Set(partlyOnMap).size).toBe(c.totals.partly.settlements);
    expect(await page.getByTestId('analysis-legend').locator('li[data-key=partly] span').textContent()).toBe(msg('en', 'analysis.legend.partly'));
    await page.getByTestId('coverage-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-panel-coverage-2km-partly-en');

    // Out of range (typed in): the API's 400 becomes a translated message, in English and in Russian.
    await page.locator('#an-threshold').fill('500');
    await page.locator('#an-threshold').press('Enter');
    const err = page.getByTestId('analysis-error');
    await expect.poll(() => err.getAttribute('data-status'), { timeout: 10_000 }).toBe('400');
    expect(await err.locator('.msg').textContent()).toBe(msg('en', 'analysis.errors.threshold', { max: '200' }));
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect.poll(() => err.locator('.msg').textContent()).toBe(msg('ru', 'analysis.errors.threshold', { max: '200' }));
    await err.scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-threshold-error-ru');
    await page.getByRole('button', { name: 'English' }).click();
    await close(page);
  });

  it('area: the map view (a bbox) by default, or a campaign from /api/campaigns; figures equal the API\'s for that area', async () => {
    const page = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}`);
    await waitForMapIdle(page);
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/analysis/coverage?')),
      page.getByRole('tab', { name: 'Analysis' }).click(),
    ]);
    const bbox = new URL(req.url()).searchParams.get('bbox')!;
    const view = await page.evaluate(() => window.__map!.getBounds().toArray().flat());
    expect(bbox.split(',').map(Number).map((n, i) => Math.abs(n - view[i]!) < 1e-4)).toEqual([true, true, true, true]);
    await ready(page, 'coverage-section');
    const byView = await api(`/api/analysis/coverage?kind=clinic&bbox=${bbox}`);
    expect(await page.getByTestId('covered-population').textContent()).toBe(num(byView.totals.covered.population));

    const campaigns = await api('/api/campaigns');
    const novo = campaigns.features.find((f: { properties: { title: { en: string } } }) => /Novopokrovka/.test(f.properties.title.en));
    await page.locator('[data-area=campaign]').click();
    await page.locator('#an-campaign').selectOption(novo.id);
    const byCampaign = await api(`/api/analysis/coverage?kind=clinic&campaign=${novo.id}`);
    await expect.poll(() => page.getByTestId('not-covered-population').textContent(), { timeout: 15_000 }).toBe(num(byCampaign.totals.notCovered.population));
    await ready(page, 'coverage-section');
    expect(await page.getByTestId('covered-population').textContent()).toBe(num(byCampaign.totals.covered.population));
    // Novopokrovka lies outside the clinics' complete area: no verdict and no distance, counted apart.
    expect(byCampaign.totals.noData.settlements).toBeGreaterThan(0);
    expect(await page.getByTestId('no-data-population').textContent()).toBe(num(byCampaign.totals.noData.population));
    const noData = byCampaign.settlements.items.find((s: { names: { en: string } }) => s.names.en === 'Novopokrovka');
    expect(noData.status).toBe('no-data');
    const campaignRows = await tableRows(page, 'coverage-table');
    const novoRow = campaignRows.find((r) => r.id === noData.id)!;
    expect(novoRow.status).toBe('no-data');
    expect(novoRow.distanceM).toBeNull();
    expect(novoRow.text).toContain(msg('en', 'analysis.coverage.noDataRow'));
    for (const s of byCampaign.settlements.items) {
      const row = campaignRows.find((r) => r.id === s.id)!;
      expect(row.status).toBe(s.status);
      expect(row.text).toContain(badgeText(s));
    }
    await waitForMapIdle(page);
    const noDataOnMap = await page.evaluate(() => new Set(window.__map!.querySourceFeatures('analysis', { filter: ['==', ['get', 'status'], 'no-data'] }).map((f) => f.properties.id)).size);
    expect(noDataOnMap).toBe(byCampaign.totals.noData.settlements);
    expect(await page.getByTestId('analysis-legend').locator('li[data-key=no-data] span').textContent()).toBe(msg('en', 'analysis.legend.noData'));
    await screenshot(page, 'analysis-coverage-no-data-en');
    // The map moved to the campaign's area.
    await expect.poll(async () => page.evaluate(() => window.__map!.getCenter().lng), { timeout: 5000 }).toBeLessThan(76);
    await close(page);
  });

  it('canal chart: one bar per condition, lengths and colours as the API and the canals legend say', async () => {
    const page = await openAnalysis('canals');
    await ready(page, 'canals-section');
    const a = await api(`/api/analysis/canals?project=${PROJECT}&limit=0`);
    const layers = await api('/api/layers?lang=en');
    const legend = layers.layers.find((l: { id: string }) => l.id === 'canals').legend.flatMap((s: { items: unknown[] }) => s.items)
      .filter((i: { attribute: string }) => i.attribute === 'condition');
    const bars = await page.getByTestId('canal-bar').evaluateAll((els) => els.map((e) => ({ condition: e.getAttribute('data-condition'), km: Number(e.getAttribute('data-km')), fill: e.getAttribute('fill') })));
    expect(bars.length).toBe(a.length.byCondition.length);
    for (const c of a.length.byCondition) {
      const bar = bars.find((b) => b.condition === c.condition)!;
      expect(bar.km).toBe(c.km);
      expect(bar.fill).toBe(legend.find((i: { value: string }) => i.value === c.condition).color);
    }
    const svg = page.getByTestId('canal-chart').locator('svg[role=img]');
    expect(await svg.getAttribute('aria-label')).toMatch(/^Canal length by condition: good /);
    expect(await page.getByTestId('canal-chart').locator('table tbody tr').count()).toBe(a.length.byCondition.length);
    expect(await page.getByTestId('components').textContent()).toBe(num(a.connectivity.components.count));
    expect(await page.getByTestId('gaps').textContent()).toBe(num(a.connectivity.danglingEnds.gaps));
    await page.getByTestId('canal-chart').screenshot({ path: path.resolve('tests/screenshots/analysis-canal-chart-en.png') });
    await screenshot(page, 'analysis-canals-karakol-en');
    await close(page);
  });

  it('unserved settlements (electricity, Novopokrovka): the table rows are the API\'s, with the assumed unit cost', async () => {
    const page = await openAnalysis('unserved', 'novopokrovka-electricity');
    await page.locator('[data-service=electricity]').click();
    await ready(page, 'unserved-section');
    const a = await api('/api/analysis/unserved?project=novopokrovka-electricity&service=electricity&limit=1000');
    const block = a.services.electricity;
    expect(block.settlements.length).toBeGreaterThan(0);
    await expect.poll(async () => (await tableRows(page, 'unserved-table')).length).toBe(block.settlements.length);
    const rows = await tableRows(page, 'unserved-table');
    expect(rows.map((r) => r.id)).toEqual(block.settlements.map((s: { id: number }) => s.id));
    for (const s of block.settlements) {
      const row = rows.find((r) => r.id === s.id)!;
      expect(row.status).toBe(s.status);
      expect(Number(row.distanceM)).toBe(s.nearest.distanceM);
      expect(Number(row.cost)).toBe(s.cost.amount);
      expect(row.text).toContain(s.names.en);
    }
    const unit = await page.getByTestId('unit-cost').textContent();
    expect(unit).toContain(num(block.unitCostPerKm));
    expect(unit).toContain('assumption');
    expect(await page.getByTestId('unserved-cost').textContent()).toContain(num(block.none.cost));
    await screenshot(page, 'analysis-unserved-novopokrovka-en');
    await close(page);
  });

  it('campaign figures: the API\'s sentences in the current language', async () => {
    const page = await openAnalysis('figures');
    await ready(page, 'figures-section');
    const a = await api(`/api/analysis/figures?project=${PROJECT}`);
    const items = page.getByTestId('figures-sentences').locator('li');
    expect(await items.count()).toBe(a.sentences.length);
    expect(await items.first().textContent()).toContain(a.sentences[0].text.en);
    await page.getByRole('button', { name: 'Кыргызча' }).click();
    await expect.poll(() => items.first().textContent()).toContain(a.sentences[0].text.ky);
    await screenshot(page, 'analysis-figures-ky');
    await page.getByRole('button', { name: 'English' }).click();
    await close(page);
  });

  it('what-if: a proposed clinic placed on the map → before/after figures equal the API\'s for that point', async () => {
    const page = await openAnalysis('whatif', 'novopokrovka-electricity');
    await page.getByTestId('place-facility').click();
    await waitForMapIdle(page);
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/analysis/what-if') && r.method() === 'POST'),
      page.mouse.click(box.x + box.width / 2, box.y + box.height / 2),
    ]);
    const body = JSON.parse(request.postData()!);
    expect(body.project).toBe('novopokrovka-electricity');
    expect(body.proposal.type).toBe('facility');
    await ready(page, 'whatif-section');
    // The same request, asked by the test (with the CSRF token, as the app does).
    const a = await page.evaluate(async (b) => {
      const s = await (await fetch('/api/auth/session')).json();
      return (await fetch('/api/analysis/what-if', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken }, body: JSON.stringify(b) })).json();
    }, body);
    const cells = await page.getByTestId('whatif-table').locator('tr[data-row=covered-population] td').allTextContents();
    expect(cells).toEqual([num(a.before.totals.covered.population), num(a.after.totals.covered.population), a.change.coveredPopulation > 0 ? `+${num(a.change.coveredPopulation)}` : num(a.change.coveredPopulation)]);
    expect(await page.getByTestId('whatif-sentence').textContent()).toBe(a.sentences[0].text.en);
    // Changed settlements show their verdict before and after; settlements without complete data are named apart.
    const changed = await page.getByTestId('whatif-changed').locator('li').evaluateAll((lis) => lis.map((li) => ({ id: Number(li.getAttribute('data-id')), before: li.getAttribute('data-before'), after: li.getAttribute('data-after') })))
      .catch(() => []);
    expect(changed).toEqual(a.changedSettlements.items.map((s: { id: number; before: { status: string }; after: { status: string } }) => ({ id: s.id, before: s.before.status, after: s.after.status })));
    if (a.change.noData.settlements > 0) expect(await page.getByTestId('whatif-no-data').textContent()).toContain(num(a.change.noData.population));
    else expect(await page.getByTestId('whatif-no-data').count()).toBe(0);
    await waitForMapIdle(page);
    const proposed = await page.evaluate(() => window.__map!.querySourceFeatures('analysis', { filter: ['==', ['get', 'role'], 'proposed'] }).length);
    expect(proposed).toBeGreaterThan(0);
    await screenshot(page, 'analysis-whatif-en');
    await close(page);
  });
});

describe('narrow workspace (360×640)', () => {
  it('the Analysis tab in the drawer fits the width; placing a facility closes the drawer so the map can be tapped', async () => {
    const page = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}&view=workspace`, { width: 360, height: 640 });
    await waitForMapIdle(page);
    await page.getByRole('button', { name: msg('en', 'sidebar.open') }).click();
    await page.getByRole('tab', { name: 'Analysis' }).click();
    await page.locator('[data-area=project]').click();
    await ready(page, 'coverage-section');
    const overflow = await page.evaluate(() => { const p = document.querySelector('[data-testid=analysis-panel]')!; return p.scrollWidth - p.clientWidth; });
    expect(overflow).toBeLessThanOrEqual(0);
    // Nothing makes the drawer itself scroll sideways.
    expect(await page.locator('#sidebar').evaluate((el) => [el.scrollLeft, el.scrollWidth - el.clientWidth])).toEqual([0, 0]);
    await screenshot(page, 'analysis-narrow-360-en');
    await page.locator('[data-section=whatif]').click();
    await page.getByTestId('place-facility').click();
    await expect.poll(() => page.locator('#sidebar').evaluate((el) => el.classList.contains('open'))).toBe(false);
    await screenshot(page, 'analysis-narrow-360-placing-en');
    await close(page);
  });
});

describe('resident view (360×640): is my village covered?', () => {
  it('answers yes / partly / no / no complete data for clinic, school and water point as the coverage API does, with big tap targets', async () => {
    const cov = await api('/api/analysis/coverage?kind=clinic&project=novopokrovka-electricity');
    const place = cov.settlements.items.find((s: { names: { en: string } }) => /konush/.test(s.names.en)) ?? cov.settlements.items[0];
    const page = await open(`#view=resident&place=${place.id}`, { width: 360, height: 640 });
    await waitForMapIdle(page);
    const list = page.getByTestId('resident-coverage');
    for (const kind of ['clinic', 'school', 'water_point']) {
      const a = await api(`/api/analysis/coverage?kind=${kind}&settlement=${place.id}&geometry=false`);
      const s = a.settlements.items[0];
      const item = list.locator(`li[data-kind=${kind}]`);
      await expect.poll(() => item.getAttribute('data-status'), { timeout: 15_000 }).toBe(s.status);
      expect(await item.getAttribute('data-covered')).toBe(String(s.covered));
      expect((await item.getByTestId('covered-answer').locator('.verdict').textContent())!.trim()).toBe(VERDICT[s.status]);
      if (s.status === 'no-data') {
        expect(await item.getByTestId('distance').count()).toBe(0);
        expect(await item.getByTestId('no-data').textContent()).toBe(msg('en', 'resident.noDataDetail'));
      } else if (s.distanceM !== null) expect(Number(await item.getByTestId('distance').getAttribute('data-distance-m'))).toBe(s.distanceM);
      if (s.status === 'partly') expect(Number(await item.getByTestId('partly-share').getAttribute('data-percent'))).toBe(Math.min(99, Math.max(1, Math.round(s.reach.share * 100))));
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const small = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid=resident] button, [data-testid=resident] input'))
      .map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && (r.height < 44 || r.width < 44)).length);
    expect(small).toBe(0);
    await list.scrollIntoViewIfNeeded();
    await screenshot(page, 'resident-360-covered-en');
    await page.getByRole('button', { name: 'Кыргызча' }).click();
    await expect.poll(() => list.locator('li[data-kind=clinic] [data-testid=covered-answer]').textContent()).toMatch(/Ооба|Жок|Жарым-жартылай|Толук маалымат жок/);
    await screenshot(page, 'resident-360-covered-ky');
    await close(page);
  });

  it('Novopokrovka, outside the clinics\' complete area: "no complete data for this area", never a distance', async () => {
    const cov = await api('/api/analysis/coverage?kind=clinic&project=novopokrovka-electricity');
    const novo = cov.settlements.items.find((s: { names: { en: string } }) => s.names.en === 'Novopokrovka');
    expect(novo.status).toBe('no-data');
    const page = await open(`#view=resident&place=${novo.id}&lang=en`, { width: 360, height: 640 });
    const item = page.getByTestId('resident-coverage').locator('li[data-kind=clinic]');
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 15_000 }).toBe('no-data');
    expect((await item.getByTestId('covered-answer').locator('.verdict').textContent())!.trim()).toBe(msg('en', 'resident.noData'));
    expect(await item.getByTestId('no-data').textContent()).toBe(msg('en', 'resident.noDataDetail'));
    expect(await item.getByTestId('distance').count()).toBe(0);
    await item.scrollIntoViewIfNeeded();
    await screenshot(page, 'resident-360-no-data-en');
    await close(page);
  });
});
