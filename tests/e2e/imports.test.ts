// End-to-end: the import wizard in Chromium against the real server on a fresh demo database. An
// advocate of the Atuul CSO drags a GPX track (written at test time by GDAL's ogr2ogr from a line near
// Karakol) onto the Import tab, goes through detection, preview (on the map and in the table), target
// (an organisation layer titled in three languages) and the validation report, commits, sees the new
// layer drawn on the map, publishes it from the layer panel (the public then sees it in /api/layers),
// finds it listed in the print dialog and downloads it as GeoJSON. A second test walks the first steps at 390 px; the last one
// has an admin say, at 390 px, where the clinics imported into the shared layer are complete. Nothing is
// mocked. Screenshots of every step go to /tmp/wizard-*.png.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { request, type Page } from 'playwright-core';
import { errorsOf, signIn } from './accounts.js';
import { launchBrowser, openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';

const en = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/en.json'), 'utf8'));
const ADVOCATE = 'advocate.atuul@example.org';
/** Karakol (the Atuul CSO's project) and a street aryk along its north-east. */
const VIEW = '#map=14/42.49/78.39';
const LINE: [number, number][] = [[78.385, 42.486], [78.39, 42.49], [78.395, 42.492], [78.4, 42.495]];
const TITLE = { ky: 'Каракол: 13-арыктын трассасы', ru: 'Каракол: трасса арыка 13', en: 'Karakol: street aryk 13 track' };

let srv: LiveServer;
let gpx = '';

/** A GPX track written by GDAL from a GeoJSON line (as a GPS logger or QGIS would hand it over). */
function makeGpx(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-e2e-'));
  const src = path.join(dir, 'aryk-13.geojson');
  const out = path.join(dir, 'aryk-13.gpx');
  fs.writeFileSync(src, JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: 'Арык 13' }, geometry: { type: 'LineString', coordinates: LINE } }],
  }));
  execFileSync('ogr2ogr', ['-f', 'GPX', '-lco', 'FORCE_GPX_TRACK=YES', out, src]);
  const text = fs.readFileSync(out, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

beforeAll(async () => {
  gpx = makeGpx();
  expect(gpx).toContain('<trk>');
  srv = await startServer();
}, 120_000);
afterAll(async () => { await srv?.close(); });

const shot = (page: Page, name: string) => screenshot(page, `wizard-${name}`);

/** Drop a file on the drop zone the way a file dragged from the desktop arrives. */
async function dropFile(page: Page, name: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(({ name, b64 }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    return dt;
  }, { name, b64: bytes.toString('base64') });
  const zone = page.getByTestId('import-drop');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}
const dropGpx = (page: Page) => dropFile(page, 'aryk-13.gpx', Buffer.from(gpx));

/** GPX files hold tracks and track points: take the tracks when the file offers a choice. */
async function chooseTrackLayer(page: Page) {
  const radios = page.locator('input[name=imp-layer]');
  if (!(await radios.count())) return;
  const values = await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  await radios.nth(Math.max(0, values.findIndex((v) => /track/i.test(v) && !/point/i.test(v)))).check();
}

/** How far (px) the sidebar, or anything inside the element with this test id (outside scrolling boxes), reaches past the sidebar's right edge. */
const overflowOf = (page: Page, testId: string) => page.evaluate((testId) => {
  const s = document.querySelector('#sidebar')!;
  const sr = s.getBoundingClientRect();
  let worst = s.scrollWidth - s.clientWidth;
  for (const el of Array.from(s.querySelectorAll(`[data-testid=${testId}] *`))) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && !el.closest('.scroll')) worst = Math.max(worst, Math.round(r.right - sr.right));
  }
  return worst;
}, testId);

/** The focused element is the heading of the step now shown. */
const focusedHeading = (page: Page) => page.evaluate(() => document.activeElement?.tagName === 'H3' ? document.activeElement.textContent : null);

/** Rendered features of a source in the current view. */
const renderedOf = (page: Page, source: string) => page.evaluate((source) => {
  const m = window.__map!;
  const layers = m.getLayersOrder().filter((id) => m.getLayer(id)?.source === source);
  return layers.length ? m.queryRenderedFeatures({ layers }).length : 0;
}, source);

describe('the import wizard', () => {
  it('an advocate drags in a GPX track, imports it as an organisation layer, sees it on the map, publishes it, finds it in print and download, undoes it', async () => {
    const browser: Browser = await launchBrowser({ locale: 'en-GB' });
    try {
      const page = await openPage(browser, { width: 1280, height: 800 });
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=en`);
      await waitForMapIdle(page);
      expect(await page.locator('#tab-imports').count()).toBe(0); // signed out: no import tab
      await signIn(page, ADVOCATE);
      await page.locator('#tab-imports').click();
      await page.getByTestId('import-drop').waitFor();
      await shot(page, '1-upload');

      // 1 → 2: the drop uploads the file; the detection names the format and counts the feature.
      await dropGpx(page);
      await page.getByTestId('import-detection').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-format').textContent()).toBe('GPX');
      await chooseTrackLayer(page);
      expect(await focusedHeading(page)).toBe(en.imports.detection.heading);
      await shot(page, '2-detection');

      // 3: the preview on the map (a temporary source) and in the table.
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-preview').locator('tbody tr').first().waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('import-preview').locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
      await page.waitForFunction(() => {
        const m = window.__map!;
        return m.queryRenderedFeatures({ layers: ['import-preview-line'] }).length > 0;
      }, undefined, { timeout: 15_000 });
      expect(await focusedHeading(page)).toBe(en.imports.preview.heading);
      await shot(page, '3-preview');

      // 4: an organisation layer with a title in three languages and the provenance.
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-target').waitFor();
      for (const l of ['ky', 'ru', 'en'] as const) await page.getByTestId(`import-title-${l}`).fill(TITLE[l]);
      await page.getByTestId('import-licence').fill('CC BY 4.0');
      await shot(page, '4-target');

      // 5: the validation report: the track is ready, nothing blocks.
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
      expect(Number(await page.getByTestId('report-ready').textContent())).toBeGreaterThanOrEqual(1);
      expect(await page.getByTestId('report-blocking').textContent()).toBe('0');
      await page.getByTestId('import-repair').check();
      await expect.poll(async () => page.getByTestId('import-repair').isEnabled(), { timeout: 20_000 }).toBe(true);
      await shot(page, '5-report');

      // 6: commit → result.
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
      expect(Number(await page.getByTestId('result-inserted').textContent())).toBeGreaterThanOrEqual(1);
      const layerId = await page.evaluate(async () => {
        const list = await (await fetch('/api/imports', { cache: 'no-store' })).json();
        return (list.imports as { status: string; result: { layer: string } | null }[]).find((i) => i.status === 'committed')!.result!.layer;
      });
      expect(layerId).toMatch(/^org-[0-9a-f]{8}$/);
      expect(await page.getByTestId('import-history').textContent()).toContain(TITLE.en);
      await shot(page, '6-result');

      // The new layer on the map, drawn from its own tiles (the preview is gone).
      await page.getByTestId('import-show').click();
      await page.waitForFunction((id) => {
        const m = window.__map!;
        const layers = m.getLayersOrder().filter((l) => m.getLayer(l)?.source === id);
        return layers.length > 0 && m.queryRenderedFeatures({ layers }).length > 0;
      }, layerId, { timeout: 30_000 });
      expect(await renderedOf(page, 'import-preview')).toBe(0);

      // Publish it from the layer panel; then the public sees it in /api/layers.
      await page.locator('#tab-layers').click();
      const item = page.locator(`[data-layer="${layerId}"]`);
      await item.waitFor();
      expect(await item.textContent()).toContain(TITLE.en);
      await item.getByTestId('org-layer-publish').click();
      await item.getByTestId('org-layer-unpublish').waitFor({ timeout: 20_000 });
      expect(await item.getByTestId('org-layer-status').textContent()).toBe(en.layers.status.published);
      await shot(page, '7-published');
      const anon = await request.newContext({ baseURL: srv.url });
      const pub = await (await anon.get('/api/layers?lang=en')).json();
      expect((pub.organisationLayers as { id: string }[]).map((l) => l.id)).toContain(layerId);
      await anon.dispose();

      // The print dialog lists the layer, checked (it is shown on the map), and the page the server
      // renders carries its title in the legend; the download menu offers it.
      await page.getByTestId('open-print').click();
      const dialog = page.getByTestId('print-dialog');
      await dialog.waitFor();
      const box = dialog.getByRole('checkbox', { name: TITLE.en });
      expect(await box.isChecked()).toBe(true);
      await dialog.getByTestId('print-preview').waitFor({ timeout: 60_000 });
      await expect.poll(() => dialog.getAttribute('aria-busy'), { timeout: 60_000 }).not.toBe('true');
      const url = new URL((await dialog.getByTestId('print-preview').getAttribute('data-url'))!);
      expect(url.searchParams.get('layers')?.split(',')).toContain(layerId);
      const svg = await dialog.getByTestId('print-preview').evaluate(async (el: HTMLImageElement) => (await fetch(el.src)).text());
      expect(svg).toContain(TITLE.en);
      await shot(page, '8-print');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('open-download').click();
      await page.getByTestId('data-layer').selectOption(layerId);
      await page.getByTestId('format-geojson').check();
      await page.getByTestId('data-in-view').uncheck();
      const href = await page.getByTestId('data-download').getAttribute('href');
      expect(href).toContain(`/api/exports/data/${layerId}.geojson`);
      const fc = await page.evaluate(async (h) => { const r = await fetch(h!); const t = await r.text(); try { return JSON.parse(t); } catch { return { status: r.status, text: t.slice(0, 500) }; } }, href);
      expect(fc.features?.length, JSON.stringify(fc).slice(0, 500)).toBe(1);
      expect(fc.features[0].geometry.type).toMatch(/LineString/);
      await shot(page, '9-download');
      await page.keyboard.press('Escape');

      // Undo: the layer leaves the map and the layer panel.
      await page.locator('#tab-imports').click();
      await page.getByTestId('import-undo').click();
      await page.getByRole('heading', { name: en.imports.result.undoneHeading }).waitFor({ timeout: 20_000 });
      await page.waitForFunction((id) => !window.__map!.getSource(id), layerId, { timeout: 20_000 });
      await page.locator('#tab-layers').click();
      expect(await page.locator(`[data-layer="${layerId}"]`).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
  }, 240_000);

  it('at 390 px in Kyrgyz the steps up to the report fit the phone, with tappable controls', async () => {
    const browser: Browser = await launchBrowser({ locale: 'ky-KG' });
    try {
      const page = await openPage(browser, { width: 390, height: 844 });
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=ky&view=workspace`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      const ky = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/ky.json'), 'utf8'));
      await page.getByRole('button', { name: ky.sidebar.open }).click();
      await page.locator('#tab-imports').click();
      await page.getByTestId('import-drop').waitFor();
      await shot(page, 'phone-1-upload');
      await dropGpx(page);
      await page.getByTestId('import-detection').waitFor({ timeout: 30_000 });
      await chooseTrackLayer(page);
      expect(await overflowOf(page, 'import-wizard')).toBeLessThanOrEqual(0);
      await shot(page, 'phone-2-detection');
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-preview').locator('tbody tr').first().waitFor({ timeout: 20_000 });
      await shot(page, 'phone-3-preview');
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-target').waitFor();
      await shot(page, 'phone-4-target');
      await page.getByTestId('import-licence').fill('CC BY 4.0');
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
      await page.getByTestId('import-report').evaluate((el) => el.scrollIntoView());
      await shot(page, 'phone-5-report');
      // Tap targets of the wizard are at least 30 px high.
      const small = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid=import-wizard] button, [data-testid=import-wizard] select, [data-testid=import-wizard] input:not([type=checkbox]):not([type=radio])'))
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height < 30).map((el) => el.outerHTML.slice(0, 80)));
      expect(small).toEqual([]);
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
  }, 180_000);

  it('the file cannot tell its coordinate system or its encoding: the person chooses, seeing the result', async () => {
    const browser: Browser = await launchBrowser({ locale: 'en-GB' });
    try {
      const page = await openPage(browser, { width: 1280, height: 800 });
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/#map=8/42/76&lang=en`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.locator('#tab-imports').click();

      // A file the server does not read: its refusal (415) is shown in plain words with the server's detail.
      await dropFile(page, 'notes.txt', Buffer.from('Арык 13 — суу жок\n'));
      const refusal = page.getByTestId('import-error');
      await refusal.waitFor({ timeout: 20_000 });
      expect(await refusal.textContent()).toContain(en.imports.upload.failed);
      expect((await refusal.textContent())!.length).toBeGreaterThan(en.imports.upload.failed.length + 20);
      await shot(page, '1b-refused');

      // Points in metres (UTM zone 44N near Karakol) without a declared CRS: the candidate zones are
      // listed, and the chosen one is previewed on the map where it would put the data.
      const utm = { type: 'FeatureCollection', features: [[285800, 4707000], [286300, 4707400]].map((c, i) => ({ type: 'Feature', properties: { name: `point ${i + 1}` }, geometry: { type: 'Point', coordinates: c } })) };
      await dropFile(page, 'wells-utm.geojson', Buffer.from(JSON.stringify(utm)));
      const crs = page.getByTestId('import-crs');
      await crs.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-next').isDisabled()).toBe(true);
      await crs.getByRole('radio', { name: /EPSG:32644/ }).check();
      await page.waitForFunction(() => {
        const m = window.__map!;
        const c = m.getCenter();
        return m.queryRenderedFeatures({ layers: ['import-preview-point'] }).length === 2 && Math.abs(c.lng - 78.397) < 0.05 && Math.abs(c.lat - 42.487) < 0.05;
      }, undefined, { timeout: 20_000 });
      await page.waitForTimeout(400);
      await shot(page, '2b-crs');
      expect(await page.getByTestId('import-next').isEnabled()).toBe(true);
      await page.getByRole('button', { name: en.imports.nav.discard }).click();
      await page.getByTestId('import-drop').waitFor();

      // A CSV in Windows-1251: the names decoded three ways, side by side; Windows-1251 reads as Russian.
      const csv = iconv.encode('name;lon;lat\nКаракол арыгы;78,39;42,49\nАк-Тилек базары;78,395;42,492\n', 'win1251');
      await dropFile(page, 'aryk-1251.csv', csv);
      const enc = page.getByTestId('import-encoding');
      await enc.waitFor({ timeout: 30_000 });
      expect(await enc.textContent()).toContain('Ак-Тилек базары');
      expect(await page.getByTestId('import-next').isDisabled()).toBe(true);
      await shot(page, '2c-encoding');
      await enc.getByRole('radio', { name: 'windows-1251' }).check();
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-preview').locator('tbody tr').nth(1).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('import-preview').textContent()).toContain('Каракол арыгы');
      await shot(page, '3b-preview-csv');
      expect(errors.filter((e) => !/status of 415/.test(e))).toEqual([]); // the refused file, on purpose
    } finally { await browser.close(); }
  }, 180_000);

  it('an invalid geometry blocks the commit until it is repaired; an admin maps a file onto a shared layer', async () => {
    const browser: Browser = await launchBrowser({ locale: 'en-GB' });
    try {
      const page = await openPage(browser, { width: 1280, height: 800 });
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=en`);
      await waitForMapIdle(page);
      await signIn(page, 'admin.atuul@example.org');
      await page.locator('#tab-imports').click();

      // A self-intersecting field boundary (a bow tie): reported by feature number, blocking, until repaired.
      const bowtie = { type: 'FeatureCollection', features: [
        { type: 'Feature', properties: { name: 'Талаа 1' }, geometry: { type: 'Polygon', coordinates: [[[78.380, 42.480], [78.390, 42.488], [78.390, 42.480], [78.380, 42.488], [78.380, 42.480]]] } },
        { type: 'Feature', properties: { name: 'Талаа 2' }, geometry: { type: 'Polygon', coordinates: [[[78.392, 42.480], [78.398, 42.480], [78.398, 42.486], [78.392, 42.486], [78.392, 42.480]]] } },
      ] };
      await dropFile(page, 'fields.geojson', Buffer.from(JSON.stringify(bowtie)));
      await page.getByTestId('import-detection').waitFor({ timeout: 30_000 });
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-preview').locator('tbody tr').nth(1).waitFor({ timeout: 20_000 });
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-licence').fill('CC BY 4.0');
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('report-blocking').textContent()).toBe('1');
      expect(await page.getByTestId('report-issues').textContent()).toContain(en.imports.issue['invalid-geometry']);
      expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
      await shot(page, '5b-report-blocking');
      await page.getByTestId('import-repair').check();
      await expect.poll(() => page.getByTestId('report-repaired').textContent(), { timeout: 20_000 }).toBe('1');
      expect(await page.getByTestId('report-blocking').textContent()).toBe('0');
      expect(await page.getByTestId('import-commit').isEnabled()).toBe(true);
      await shot(page, '5c-report-repaired');
      await page.getByRole('button', { name: en.imports.nav.back }).click();
      await page.getByTestId('import-target').waitFor();

      // The same file as an admin's shared layer: the layer's attributes, each from a column or a constant.
      await page.getByRole('radio', { name: en.imports.target.kindShared }).check();
      await page.getByTestId('import-target-layer').selectOption('facilities');
      await page.getByTestId('import-target').getByText(en.imports.target.fields).waitFor();
      await page.getByTestId('import-target').locator('.map-row').first().waitFor({ timeout: 20_000 });
      await page.getByTestId('import-target').getByLabel(en.imports.target.dataset).fill('atuul-fields-2026');
      await shot(page, '4b-target-shared');
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
      await shot(page, '5d-report-shared');
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
  }, 180_000);
  it('at 390 px in Kyrgyz an admin imports clinics into the shared layer and says where the list is complete: the municipality ticked; undo takes it back', async () => {
    const browser: Browser = await launchBrowser({ locale: 'ky-KG' });
    const api = await request.newContext({ baseURL: srv.url });
    try {
      const page = await openPage(browser, { width: 390, height: 844 });
      const errors = errorsOf(page);
      const ky = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/ky.json'), 'utf8'));
      await page.goto(`${srv.url}/${VIEW}&lang=ky&view=workspace`);
      await waitForMapIdle(page);
      await signIn(page, 'admin.atuul@example.org');
      await page.getByRole('button', { name: ky.sidebar.open }).click();
      await page.locator('#tab-imports').click();
      const clinics = { type: 'FeatureCollection', features: [[78.386, 42.487], [78.396, 42.493]].map((c, i) => ({ type: 'Feature', properties: { name_ky: `ҮМБ ${i + 1}`, kind: 'clinic' }, geometry: { type: 'Point', coordinates: c } })) };
      await dropFile(page, 'clinics-karakol.geojson', Buffer.from(JSON.stringify(clinics)));
      await page.getByTestId('import-detection').waitFor({ timeout: 30_000 });
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-preview').locator('tbody tr').nth(1).waitFor({ timeout: 20_000 });
      await page.getByTestId('import-next').click();
      await page.getByRole('radio', { name: ky.imports.target.kindShared }).check();
      await page.getByTestId('import-target-layer').selectOption('facilities');
      await page.getByTestId('import-target').locator('.map-row').first().waitFor({ timeout: 20_000 });
      await page.getByTestId('import-target').getByLabel(ky.imports.target.dataset).fill('atuul-clinics-2026');
      await page.getByTestId('import-licence').fill('CC BY 4.0');
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor({ timeout: 30_000 });

      // The choice: around the features (1 km) by default, each option explained in one sentence.
      const choice = page.getByTestId('import-complete-area');
      await choice.waitFor();
      expect(await page.getByTestId('complete-extent').isChecked()).toBe(true);
      expect(await choice.textContent()).toContain(ky.imports.completeArea.noneText);
      await page.getByTestId('complete-municipalities').check();
      const karakol = choice.getByRole('checkbox', { name: /^Karakol/ });
      await karakol.waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('import-commit').isDisabled()).toBe(true); // none ticked yet
      await karakol.check();
      expect(await page.getByTestId('import-commit').isEnabled()).toBe(true);
      await choice.evaluate((el) => el.scrollIntoView());
      await shot(page, 'phone-5b-complete-area');
      expect(await overflowOf(page, 'import-complete-area')).toBeLessThanOrEqual(0);

      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
      await page.getByTestId('result-complete-area').waitFor();
      await shot(page, 'phone-6-result-complete-area');
      const declared = (await (await api.get('/api/complete-areas?dataset=atuul-clinics-2026')).json()) as { features: { geometry: unknown; properties: { layer: string; kind: string; municipalities: string[] } }[] };
      expect(declared.features.map((f) => [f.properties.layer, f.properties.kind, f.properties.municipalities, f.geometry])).toEqual([['facilities', 'clinic', ['Karakol'], null]]);

      await page.getByTestId('import-undo').click();
      await expect.poll(async () => ((await (await api.get('/api/complete-areas?dataset=atuul-clinics-2026')).json()) as { features: unknown[] }).features.length, { timeout: 20_000 }).toBe(0);
      expect(errors).toEqual([]);
    } finally { await api.dispose(); await browser.close(); }
  }, 180_000);
});
