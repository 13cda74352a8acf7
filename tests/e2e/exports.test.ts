// End-to-end: the print preview and the data download menu in Chromium against the real server and
// its real renderer (nothing mocked). The preview must be the server's own SVG of the page (it shows
// the typed title, in the paper's proportions), Download PDF must save a real PDF, and the download
// menu must build a plain link with the view's bbox and the Excel BOM option.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';

const KARAKOL = { lon: 78.3936, lat: 42.4907 };
const TITLE = 'Каракол: арыктар жана суу 2026';

let srv: LiveServer;
let browser: Browser;

withServerAndBrowser((s, b) => { srv = s; browser = b; });

async function open(hash: string, size?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const page = await openPage(browser, size);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${srv.url}/${hash}`);
  await waitForMapIdle(page);
  return { page, problems };
}

/** The preview <img> once it shows a render for which `ok` holds: its SVG text and natural size. */
async function previewWhere(page: Page, ok: (p: { svg: string; w: number; h: number }) => boolean, timeout = 30_000) {
  const until = Date.now() + timeout;
  let last = { svg: '', w: 0, h: 0 };
  let seen = '';
  while (Date.now() < until) {
    const busy = await page.getByTestId('print-dialog').getAttribute('aria-busy');
    const img = page.getByTestId('print-preview');
    seen = `busy=${busy} img=${await img.count()}`;
    if (busy !== 'true' && (await img.count())) {
      last = await img.evaluate(async (el: HTMLImageElement) => {
        if (!el.complete) await new Promise((r) => { el.onload = r; el.onerror = r; });
        const svg = await (await fetch(el.src)).text();
        return { svg, w: el.naturalWidth, h: el.naturalHeight };
      });
      if (ok(last)) return last;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no preview matched in ${timeout} ms (${seen}; last: ${last.w}×${last.h}, ${last.svg.length} chars: ${last.svg.slice(0, 300)})`);
}

describe('print preview and downloads', () => {
  it('previews the server SVG with the typed title, follows paper and orientation, downloads a PDF', async () => {
    const { page, problems } = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}`);
    await page.getByTestId('open-print').click();
    const dialog = page.getByTestId('print-dialog');
    await dialog.waitFor();

    // A4 portrait with a Kyrgyz title: the preview is the server's SVG and carries the title as text.
    await dialog.getByRole('radio', { name: 'Portrait' }).check();
    await page.getByTestId('print-title').fill(TITLE);
    const a4 = await previewWhere(page, (p) => p.svg.includes(TITLE) && p.h > p.w);
    expect(a4.svg).toMatch(/^<\?xml|^<svg/);
    expect(a4.h / a4.w).toBeCloseTo(297 / 210, 2);
    const src = await page.getByTestId('print-preview').getAttribute('data-url');
    expect(src).toMatch(/\/api\/exports\/map\.svg\?/);
    expect(new URL(src!).searchParams.get('inline')).toBe('1');
    expect(new URL(src!).searchParams.get('bbox')).toMatch(/^78\.\d+,42\.\d+,78\.\d+,42\.\d+$/);
    await screenshot(page, 'export-print-a4-portrait');

    // A3 landscape: a new render in the new proportions, and the paper on screen follows.
    await dialog.getByRole('radio', { name: 'A3' }).check();
    await dialog.getByRole('radio', { name: 'Landscape' }).check();
    const a3 = await previewWhere(page, (p) => p.w > p.h && p.svg.includes(TITLE));
    expect(a3.w / a3.h).toBeCloseTo(420 / 297, 2);
    const box = (await page.getByTestId('print-paper').boundingBox())!;
    expect(Math.abs(box.width / box.height - 420 / 297)).toBeLessThan(0.02);
    await screenshot(page, 'export-print-a3-landscape');

    // Download PDF: a real download whose bytes are a PDF; the buttons are disabled while it runs.
    const t0 = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('download-pdf').click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    console.log(`A3 PDF through the dialog: ${Date.now() - t0} ms, ${bytes.length} bytes`);
    await expect.poll(() => page.getByTestId('download-pdf').isEnabled()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('exports a campaign: its map preview and the council brief PDF with recommendations', async () => {
    const { page, problems } = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}`);
    const campaign = await page.evaluate(async () => {
      const fc = await (await fetch('/api/campaigns')).json();
      const f = fc.features[0];
      return { id: f.id as string, title: f.properties.title.en as string };
    });
    await page.getByTestId('open-print').click();
    const dialog = page.getByTestId('print-dialog');
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'A campaign' }).check();
    await page.getByTestId('print-campaign').selectOption(campaign.id);
    const p = await previewWhere(page, (x) => x.svg.includes(campaign.title.split(' ')[0]!));
    expect(p.w).toBeGreaterThan(p.h); // landscape by default
    const src = new URL((await page.getByTestId('print-preview').getAttribute('data-url'))!);
    expect(src.searchParams.get('campaign')).toBe(campaign.id);
    expect(src.searchParams.has('bbox')).toBe(false);
    await dialog.locator('textarea').fill('Repair street aryk 13 before the 2027 irrigation season.');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.getByTestId('download-brief').click(),
    ]);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('sends a very long title by POST (with the CSRF token) for the preview and the download', async () => {
    const { page, problems } = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}`);
    const posts: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/exports/')) posts.push(`${r.url()} csrf=${!!r.headers()['x-csrf-token']}`); });
    await page.getByTestId('open-print').click();
    await page.getByTestId('print-dialog').waitFor();
    const long = `${'Суу жана арыктар '.repeat(180)}END`; // ~3,000 characters: too long for a URL
    await page.getByTestId('print-title').fill(long);
    await expect.poll(() => page.getByTestId('print-preview').getAttribute('src'), { timeout: 30_000 }).toMatch(/^blob:/);
    await expect.poll(() => page.getByTestId('print-preview').evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('download-svg').click(),
    ]);
    const svg = fs.readFileSync((await download.path())!, 'utf8');
    expect(svg).toContain('Суу жана арыктар');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((p) => p.includes('map.svg') && p.endsWith('csrf=true'))).toBe(true);
    // Escape closes the dialog and leaves the map as it was.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('print-dialog').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('builds the data download link with the view bbox and the Excel BOM, and the server answers it', async () => {
    const { page, problems } = await open(`#map=13/${KARAKOL.lat}/${KARAKOL.lon}&layers=canals,settlements&f.canals.condition=poor,broken`);
    await page.getByTestId('open-download').click();
    const dialog = page.getByTestId('download-dialog');
    await dialog.waitFor();
    await page.getByTestId('data-layer').selectOption('canals');
    await page.getByTestId('format-csv').check();
    await page.getByTestId('data-bom').check();
    const link = page.getByTestId('data-download');
    const href = (await link.getAttribute('href'))!;
    const u = new URL(href);
    expect(u.pathname).toBe('/api/exports/data/canals.csv');
    expect(u.searchParams.get('bbox')).toMatch(/^78\.\d+,42\.\d+,78\.\d+,42\.\d+$/);
    expect(u.searchParams.get('bom')).toBe('1');
    expect(u.searchParams.get('condition')).toBe('broken,poor');
    expect(await link.getAttribute('download')).not.toBeNull();
    await screenshot(page, 'export-data-menu');

    // The link is a plain GET the browser saves: follow it as the browser would.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), link.click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    // Without "only in view" the bbox goes; other formats change the extension.
    await page.getByTestId('data-in-view').uncheck();
    await page.getByTestId('format-geojson').check();
    const all = new URL((await link.getAttribute('href'))!);
    expect(all.pathname).toBe('/api/exports/data/canals.geojson');
    expect(all.searchParams.has('bbox')).toBe(false);
    expect(all.searchParams.has('bom')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
