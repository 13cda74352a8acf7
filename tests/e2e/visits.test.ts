// End-to-end: monitoring visits in Chromium against the real server on a fresh demo database. A visitor
// opens Ak-Tilek bazaar in Kyrgyz: the map draws its latest score (82) and the details panel shows it
// with the change since the visit before and the three illustrative visits; one opens with its answers.
// Then Forward's advocate, on a 360×640 phone, records a visit with a photo and publishes it; the new
// score is on the API's latest.geojson. Screenshots: tests/screenshots/visits-*.png.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { signIn } from './accounts.js';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';

let srv: LiveServer;
let browser: Browser;
withServerAndBrowser((s, b) => { srv = s; browser = b; });

const bazaarId = async () => {
  const list = await (await fetch(`${srv.url}/api/visits?project=ak-tilek-bazaar`)).json() as { visits: { feature: { id: number } }[] };
  return list.visits[0]!.feature.id;
};

describe('monitoring visits in the web app', () => {
  it('shows the latest score on the map and in the details panel (ky), with the history', async () => {
    const id = await bazaarId();
    const page = await openPage(browser, { width: 1280, height: 800 });
    await page.goto(`${srv.url}/#map=15/42.49068/78.39362&layers=facilities&sel=facilities/${id}&lang=ky&view=workspace`);
    await waitForMapIdle(page);
    const latest = page.getByTestId('visit-latest');
    await latest.waitFor();
    expect(await latest.textContent()).toMatch(/82/);
    expect(await latest.textContent()).toMatch(/Жакшы/);
    expect(await latest.textContent()).toMatch(/\+20/);
    expect(await page.getByTestId('visit-history').locator('ol > li').count()).toBe(3);
    const drawn = await page.evaluate(() => window.__map!.queryRenderedFeatures(undefined, { layers: ['visit-scores-badge'] }).map((f) => f.properties?.score));
    expect(drawn).toContain(82);
    expect(await page.getByTestId('visit-legend').isVisible()).toBe(true);
    await page.getByTestId('visit-history').locator('ol > li button').first().click();
    await page.getByTestId('visit-detail').waitFor();
    expect(await page.getByTestId('visit-detail').textContent()).toMatch(/Өрт өчүргүчтөр/);
    await screenshot(page, 'visits-details-ky');
    await page.close();
  });

  it('shows the score of a canal section in Russian (Atuul, Karakol)', async () => {
    const list = await (await fetch(`${srv.url}/api/visits?project=karakol-irrigation`)).json() as { visits: { feature: { id: number }; score: number }[] };
    const canal = list.visits[0]!;
    expect(canal.score).toBe(47);
    const page = await openPage(browser, { width: 1280, height: 800 });
    await page.goto(`${srv.url}/#map=14/42.49/78.39&layers=canals&sel=canals/${canal.feature.id}&lang=ru&view=workspace`);
    await waitForMapIdle(page);
    const latest = page.getByTestId('visit-latest');
    await latest.waitFor();
    expect(await latest.textContent()).toMatch(/47/);
    expect(await latest.textContent()).toMatch(/Плохо/);
    expect(await latest.textContent()).toMatch(/Первый визит/);
    // Only the shown layers' scores: the canal's, not the bazaar's (the facilities layer is off).
    const drawn = await page.evaluate(() => window.__map!.queryRenderedFeatures(undefined, { layers: ['visit-scores-badge'] }).map((f) => f.properties?.layer));
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn)).toEqual(new Set(['canals']));
    await screenshot(page, 'visits-canal-details-ru');
    await page.close();
  });

  it('records a visit with a photo on a 360×640 phone and publishes it', async () => {
    const id = await bazaarId();
    const page = await openPage(browser, { width: 360, height: 640 });
    await page.goto(`${srv.url}/#map=15/42.49068/78.39362&layers=facilities&sel=facilities/${id}&lang=ky&view=workspace`);
    await waitForMapIdle(page);
    await signIn(page, 'advocate.forward@example.org');
    const record = page.getByTestId('visit-record');
    await record.scrollIntoViewIfNeeded();
    await record.click();
    const form = page.getByTestId('visit-form');
    await form.locator('[data-item]').first().waitFor();
    await screenshot(page, 'visits-form-open-360-ky');
    expect((await form.boundingBox())!.height).toBeLessThanOrEqual(640);
    const items = form.locator('[data-item]');
    const n = await items.count();
    expect(n).toBe(12);
    for (let i = 0; i < n; i++) {
      const code = await items.nth(i).getAttribute('data-item');
      await items.nth(i).locator(`[data-choice=${code === 'drainage' ? 'no' : code === 'waste_site' ? 'na' : 'yes'}]`).click();
    }
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8a7' } }).jpeg().toBuffer();
    await form.locator('[data-item=drainage] input[type=file]').setInputFiles({ name: 'drainage.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.locator('[data-item=drainage] .thumb img').waitFor();
    await form.locator('[data-item=drainage]').scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = (await form.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(360);
    await screenshot(page, 'visits-form-360-ky');
    await form.getByTestId('visit-publish').click();
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('visit-history').locator('ol > li').count()).toBe(4);
    await screenshot(page, 'visits-after-publish-360-ky');
    const geo = await (await fetch(`${srv.url}/api/visits/latest.geojson?project=ak-tilek-bazaar`)).json() as { features: { properties: { score: number; previousScore: number; visits: number } }[] };
    // weights 30, waste_site (1) n/a → 29; drainage (2) no → 27 / 29 = 93.1 → 93
    expect(geo.features[0]!.properties).toMatchObject({ score: 93, previousScore: 82, visits: 4 });
    const v = await (await fetch(`${srv.url}/api/visits?project=ak-tilek-bazaar`)).json() as { visits: { photos: number }[] };
    expect(v.visits[0]!.photos).toBe(1);
    await page.close();
  });

  it('a refused photo keeps the form open without recording the visit twice', async () => {
    const id = await bazaarId();
    const count = async () => ((await (await fetch(`${srv.url}/api/visits?project=ak-tilek-bazaar`)).json()) as { visits: unknown[] }).visits.length;
    const before = await count();
    const page = await openPage(browser, { width: 360, height: 640 });
    await page.goto(`${srv.url}/#map=15/42.49068/78.39362&layers=facilities&sel=facilities/${id}&lang=en&view=workspace`);
    await waitForMapIdle(page);
    await page.locator('[data-testid=sign-in], [data-testid=account-button]').first().waitFor();
    if (await page.getByTestId('sign-in').count()) await signIn(page, 'advocate.forward@example.org'); // the browser keeps the session of the test before
    await page.getByTestId('visit-record').click();
    const form = page.getByTestId('visit-form');
    await form.locator('[data-item]').first().waitFor();
    const items = form.locator('[data-item]');
    for (let i = 0; i < await items.count(); i++) await items.nth(i).locator('[data-choice=partly]').click();
    await form.locator('[data-item=exits] input[type=file]').setInputFiles({ name: 'exits.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<!doctype html><p>not a photo</p>') });
    await form.getByTestId('visit-save-draft').click();
    await form.getByTestId('visit-stored').waitFor();
    await expect.poll(() => form.textContent()).toMatch(/not a JPEG, PNG or WebP photo/);
    await screenshot(page, 'visits-form-photo-refused-360-en');
    expect(await count()).toBe(before + 0); // a draft: the public list does not show it
    await form.locator('[data-item=exits] .thumb button').click();
    await form.getByTestId('visit-save-draft').click();
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(0);
    // Forward sees exactly one new draft.
    const mine = await page.evaluate(async () => (await (await fetch('/api/visits?project=ak-tilek-bazaar')).json()).visits.filter((v: { status: string }) => v.status === 'draft').length);
    expect(mine).toBe(1);
    await page.close();
  });
});
