// End-to-end: the what-if for a network extension and a canal repair in the Analysis panel, in
// headless Chromium against the real server on a fresh database (embedded, or the PostgreSQL server
// when TEST_DATABASE_URL is set). A line is drawn by clicking the map, canals are picked by clicking
// them; the figures on screen are compared with the API's answer to the very request the page sent,
// replayed by the test. Screenshots land in tests/screenshots/ (git-ignored).
import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';

const num = (n: number, digits = 2) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits }).format(n);
const signed = (n: number, digits = 2) => (n > 0 ? `+${num(n, digits)}` : num(n, digits));
const money = (n: number, currency: string) => new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
const signedMoney = (n: number, currency: string) => (n > 0 ? `+${money(n, currency)}` : money(n, currency));

/** The end of the schematic 10 kV line that stops short of the Novopokrovka konush, and the konush. */
const LINE_END: [number, number] = [74.75, 42.864];
const BEND: [number, number] = [74.7535, 42.855];
const KONUSH: [number, number] = [74.7556, 42.8418];

let srv: LiveServer;
let browser: Browser;

withServerAndBrowser((s, b) => { srv = s; browser = b; });

const problems = new WeakMap<Page, string[]>();

async function open(hash: string): Promise<Page> {
  const page = await openPage(browser);
  const list: string[] = [];
  problems.set(page, list);
  page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
  page.on('console', (m) => { if (m.type() === 'error') list.push(`console: ${m.text()}`); });
  await page.goto(`${srv.url}/${hash}`);
  await waitForMapIdle(page);
  return page;
}

async function close(page: Page) {
  const list = problems.get(page) ?? [];
  await page.close();
  expect(list).toEqual([]);
}

async function openWhatIf(hash: string, project: string, type: 'network' | 'canal_repair'): Promise<Page> {
  const page = await open(hash);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await page.locator('[data-area=project]').click();
  await page.locator('#an-project').selectOption(project);
  await page.locator('[data-section=whatif]').click();
  await page.locator(`[data-whatif-type=${type}]`).click();
  // Choosing a project moves the map to it: draw on the settled view.
  await waitForMapIdle(page);
  return page;
}

const ready = (page: Page) => expect.poll(() => page.getByTestId('whatif-section').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');

/** The page's own request, replayed by the test (with the CSRF token, as the app does). */
async function replay(page: Page, request: Request) {
  const body = JSON.parse(request.postData()!);
  const answer = await page.evaluate(async (b) => {
    const s = await (await fetch('/api/auth/session')).json();
    const res = await fetch('/api/analysis/what-if', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken }, body: JSON.stringify(b) });
    return { status: res.status, json: await res.json() };
  }, body);
  expect(answer.status).toBe(200);
  return { body, a: answer.json };
}

const cells = (page: Page, row: string) => page.getByTestId('whatif-table').locator(`tr[data-row=${row}] td`).allTextContents();
const whatIfRequest = (page: Page) => page.waitForRequest((r) => r.url().endsWith('/api/analysis/what-if') && r.method() === 'POST', { timeout: 20_000 });

/** Page coordinates of a map position. */
async function toScreen(page: Page, lngLat: [number, number]) {
  return page.evaluate((c) => {
    const map = window.__map!;
    const p = map.project(c);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: p.x + r.left, y: p.y + r.top };
  }, lngLat);
}

describe('what-if in the Analysis panel (desktop 1440×900)', () => {
  it('a network extension drawn towards the Novopokrovka konush: the before/after table equals the API\'s answer for the same line', async () => {
    const page = await openWhatIf(`#map=14/42.853/74.753`, 'novopokrovka-electricity', 'network');
    await page.locator('[data-wi-service=electricity]').click();
    await page.getByTestId('draw-line').click();
    expect(await page.getByTestId('map-hint').isVisible()).toBe(true);
    for (const at of [LINE_END, BEND]) {
      const p = await toScreen(page, at);
      await page.mouse.click(p.x, p.y);
    }
    await expect.poll(() => page.getByTestId('vertex-count').textContent()).toBe('2 points');
    await waitForMapIdle(page);
    // The vertices drawn so far (a feature may come back once per tile: count distinct positions).
    expect(await page.evaluate(() => new Set(window.__map!.querySourceFeatures('analysis', { filter: ['==', ['get', 'role'], 'vertex'] })
      .map((f) => JSON.stringify((f.geometry as { coordinates: number[] }).coordinates.map((n) => n.toFixed(4))))).size)).toBe(2);
    await screenshot(page, 'analysis-whatif-network-drawing-en');
    // The last vertex with a double click, which ends the line (no zoom, one vertex) and sends the request.
    const end = await toScreen(page, KONUSH);
    const zoom = await page.evaluate(() => window.__map!.getZoom());
    const [request] = await Promise.all([whatIfRequest(page), page.mouse.dblclick(end.x, end.y)]);
    const { body, a } = await replay(page, request);
    expect(body.project).toBe('novopokrovka-electricity');
    expect(body.proposal.type).toBe('network');
    expect(body.proposal.service).toBe('electricity');
    expect(body.proposal.geometry.type).toBe('LineString');
    expect(body.proposal.geometry.coordinates).toHaveLength(3);
    // The vertices are where the test clicked (within a pixel at zoom 14, ~10 m).
    body.proposal.geometry.coordinates.forEach((c: number[], i: number) => {
      const want = [LINE_END, BEND, KONUSH][i]!;
      expect(Math.abs(c[0]! - want[0])).toBeLessThan(2e-4);
      expect(Math.abs(c[1]! - want[1])).toBeLessThan(2e-4);
    });
    expect(await page.evaluate(() => window.__map!.getZoom())).toBeCloseTo(zoom, 5);
    await ready(page);

    // The line starts at the existing 10 kV line and brings the network to the konush.
    expect(a.proposal.existingNetwork.touches).toBe(true);
    expect(a.change.settlementsCloser).toBeGreaterThan(0);
    expect(a.change.linkCost).toBeLessThan(0);
    const konush = a.changedSettlements.items.find((s: { names: { en: string } }) => /konush/.test(s.names.en));
    expect(konush).toBeTruthy();
    expect(konush.after.distanceM).toBeLessThan(konush.before.distanceM);

    const cur = a.proposal.lineCost.currency;
    const farB = a.before.none.outOfRange + a.before.partial.outOfRange;
    const farA = a.after.none.outOfRange + a.after.partial.outOfRange;
    expect(await cells(page, 'link-cost')).toEqual([money(a.before.linkCost, cur), money(a.after.linkCost, cur), signedMoney(a.change.linkCost, cur)]);
    expect(await cells(page, 'out-of-range')).toEqual([num(farB), num(farA), signed(farA - farB)]);
    expect((await cells(page, 'closer'))[2]).toBe(signed(a.change.settlementsCloser));
    expect(await cells(page, 'line-cost')).toEqual(['–', money(a.change.lineCost, cur), signedMoney(a.change.lineCost, cur)]);
    expect((await cells(page, 'net'))[2]).toBe(signedMoney(a.change.net, cur));
    expect(await page.getByTestId('whatif-sentence').textContent()).toBe(a.sentences[0].text.en);
    const listed = await page.getByTestId('whatif-changed').locator('li').evaluateAll((li) => li.map((x) => Number(x.getAttribute('data-id'))));
    expect(listed).toEqual(a.changedSettlements.items.map((s: { id: number }) => s.id));

    // On the map: the finished line and the settlements brought closer.
    await waitForMapIdle(page);
    const onMap = await page.evaluate(() => {
      const m = window.__map!;
      return {
        line: m.querySourceFeatures('analysis', { filter: ['==', ['get', 'role'], 'proposed-line'] }).length,
        drawn: m.queryRenderedFeatures({ layers: ['analysis-line'] }).length,
        closer: [...new Set(m.querySourceFeatures('analysis', { filter: ['==', ['get', 'status'], 'closer'] }).map((f) => f.properties.id))],
      };
    });
    expect(onMap.line).toBeGreaterThan(0);
    expect(onMap.drawn).toBeGreaterThan(0);
    expect(onMap.closer.sort()).toEqual(a.changedSettlements.items.map((s: { id: number }) => s.id).sort());
    await screenshot(page, 'analysis-whatif-network-en');

    // Another service for the same line: a new request, and the table follows it.
    const [req2] = await Promise.all([whatIfRequest(page), page.locator('[data-wi-service=road]').click()]);
    const r2 = await replay(page, req2);
    expect(r2.body.proposal.service).toBe('road');
    expect(r2.body.proposal.geometry).toEqual(body.proposal.geometry);
    await expect.poll(() => cells(page, 'link-cost'), { timeout: 15_000 })
      .toEqual([money(r2.a.before.linkCost, cur), money(r2.a.after.linkCost, cur), signedMoney(r2.a.change.linkCost, cur)]);

    // Esc while drawing again cancels the new line and keeps the previous one.
    await page.getByTestId('draw-line').click();
    const p = await toScreen(page, BEND);
    await page.mouse.click(p.x, p.y);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('map-hint').count()).toBe(0);
    expect(await page.getByTestId('whatif-section').getAttribute('data-state')).toBe('ready');

    // In Russian, the sentence is the server's Russian sentence.
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect.poll(() => page.getByTestId('whatif-sentence').textContent()).toBe(r2.a.sentences[0].text.ru);
    await screenshot(page, 'analysis-whatif-network-ru');
    await page.getByRole('button', { name: 'English' }).click(); // the language is remembered for the next page
    await close(page);
  });

  it('two canals picked for repair: highlighted and listed; the figures equal the API\'s answer', async () => {
    const page = await openWhatIf('#map=14/42.488/78.395', 'karakol-irrigation', 'canal_repair');
    await page.getByTestId('select-canals').click();
    await waitForMapIdle(page);
    // Two canals in poor or broken condition, each at a spot where nothing else is hit.
    const spots = await page.evaluate(() => {
      const map = window.__map!;
      const canvas = map.getCanvas();
      const rect = canvas.getBoundingClientRect();
      const layers = map.getLayersOrder().filter((id) => map.getLayer(id)?.source === 'canals');
      const all = map.getLayersOrder().filter((id) => !id.startsWith('basemap') && !id.startsWith('selection'));
      const out: { id: number; x: number; y: number }[] = [];
      for (const f of map.queryRenderedFeatures({ layers })) {
        if (out.some((o) => o.id === f.id) || !['poor', 'broken'].includes(String(f.properties.condition))) continue;
        const line = (f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.type === 'MultiLineString' ? f.geometry.coordinates.flat() : []) as [number, number][];
        spot: for (let i = 0; i + 1 < line.length; i++) {
          for (const t of [0.5, 0.3, 0.7]) {
            const p = map.project([line[i]![0] + (line[i + 1]![0] - line[i]![0]) * t, line[i]![1] + (line[i + 1]![1] - line[i]![1]) * t]);
            if (p.x < 80 || p.y < 80 || p.x > canvas.clientWidth - 80 || p.y > canvas.clientHeight - 120) continue;
            const hits = map.queryRenderedFeatures([[p.x - 6, p.y - 6], [p.x + 6, p.y + 6]], { layers: all });
            if (hits.length && hits.every((h) => h.source === 'canals' && h.id === f.id)) { out.push({ id: Number(f.id), x: p.x + rect.left, y: p.y + rect.top }); break spot; }
          }
        }
        if (out.length === 2) break;
      }
      return out;
    });
    expect(spots).toHaveLength(2);
    const ids = spots.map((s) => s.id).sort((x, y) => x - y);

    await page.mouse.click(spots[0]!.x, spots[0]!.y);
    await expect.poll(() => page.getByTestId('repair-list').locator('li').count()).toBe(1);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/analysis/what-if') && r.method() === 'POST' && JSON.parse(r.postData()!).proposal.canal_ids.length === 2, { timeout: 20_000 }),
      page.mouse.click(spots[1]!.x, spots[1]!.y),
    ]);
    const { body, a } = await replay(page, request);
    expect(body.project).toBe('karakol-irrigation');
    expect(body.proposal).toEqual({ type: 'canal_repair', canal_ids: ids });
    await ready(page);
    await expect.poll(() => page.getByTestId('whatif-sentence').textContent()).toBe(a.sentences[0].text.en);

    const listed = await page.getByTestId('repair-list').locator('li').evaluateAll((li) => li.map((x) => Number(x.getAttribute('data-id'))));
    expect(listed.sort((x, y) => x - y)).toEqual(ids);
    const b = a.before.settlementsFarFromCanal;
    const f = a.after.settlementsFarFromCanal;
    expect(await cells(page, 'far-settlements')).toEqual([num(b.settlements), num(f.settlements), signed(a.change.farSettlements)]);
    expect(await cells(page, 'far-population')).toEqual([num(b.population), num(f.population), signed(a.change.farPopulation)]);
    const functioning = (l: { byCondition: { condition: string; km: number }[] }) => Math.round(l.byCondition.filter((c) => a.parameters.functioning.includes(c.condition)).reduce((s, c) => s + c.km, 0) * 100) / 100;
    const kmB = functioning(a.before.length);
    const kmA = functioning(a.after.length);
    expect(kmA).toBeGreaterThan(kmB); // repaired sections now count as functioning
    expect(await cells(page, 'functioning-km')).toEqual([num(kmB), num(kmA), signed(Math.round((kmA - kmB) * 100) / 100)]);

    // Both picked canals are highlighted on the map (their whole lines, fetched from the layer's API).
    await waitForMapIdle(page);
    const highlighted = await page.evaluate(() => [...new Set(window.__map!.queryRenderedFeatures({ layers: ['analysis-repair'] }).map((x) => Number(x.properties.id)))].sort((x, y) => x - y));
    expect(highlighted).toEqual(ids);
    await screenshot(page, 'analysis-whatif-repair-en');

    // A click on a picked canal takes it out again: one canal, a new request.
    const [req2] = await Promise.all([whatIfRequest(page), page.mouse.click(spots[0]!.x, spots[0]!.y)]);
    expect(JSON.parse(req2.postData()!).proposal.canal_ids).toEqual([spots[1]!.id]);
    await expect.poll(() => page.getByTestId('repair-list').locator('li').count()).toBe(1);
    await page.getByRole('button', { name: 'Кыргызча' }).click();
    const r2 = await replay(page, req2);
    await expect.poll(() => page.getByTestId('whatif-sentence').textContent(), { timeout: 15_000 }).toBe(r2.a.sentences[0].text.ky);
    await screenshot(page, 'analysis-whatif-repair-ky');
    await page.getByRole('button', { name: 'English' }).click();
    await close(page);
  });
});
