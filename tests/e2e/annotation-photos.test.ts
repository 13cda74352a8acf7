// End-to-end: an advocate adds an evidence photo to a gap in Chromium. The file picked in the page is a
// real JPEG with a GPS position in its EXIF; the location box is left unticked, so the server keeps no
// position; the thumbnail shows (decoded by the browser), the timeline records the edit, and the image
// the browser receives has no EXIF at all. Nothing is mocked.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { apiAs, signIn } from './accounts.js';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';

const ADVOCATE = 'advocate.elsen@example.org';
let srv: LiveServer;
let browser: Browser;

withServerAndBrowser((s, b) => { srv = s; browser = b; });

describe('evidence photos in Chromium', () => {
  it('an advocate uploads a photo to a gap; no location is kept unless asked; the page shows it', async () => {
    // The gap, made through the API as the same advocate.
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const campaigns = (await (await api.get('/api/campaigns')).json()).features as { id: string; properties: { permissions: { createAnnotation: boolean } } }[];
    const campaignId = campaigns.find((c) => c.properties.permissions.createAnnotation)!.id;
    const created = await api.post('/api/annotations', {
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/geo+json' },
      data: { type: 'Feature', geometry: { type: 'Point', coordinates: [74.7556, 42.8418] }, properties: { campaignId, title: 'Transformer post without a line', category: 'no_electricity', severity: 4 } },
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id as string;
    await api.dispose();

    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a7a3a' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '42/1 50/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '74/1 45/1 20/1' } })
      .toBuffer();

    const page = await openPage(browser);
    await page.goto(`${srv.url}/#map=14/42.8418/74.7556&lang=en`);
    await waitForMapIdle(page);
    await signIn(page, ADVOCATE);
    await page.locator('#tab-annotations').click();
    await page.locator(`[data-testid=annotation-list] [data-id="${id}"]`).click();
    await page.getByTestId('annotation-detail').waitFor();

    await page.getByTestId('photo-file').setInputFiles({ name: 'pole.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await expect.poll(() => page.getByTestId('photo-keep-location').isChecked()).toBe(false); // off unless the advocate ticks it
    await page.getByLabel('Caption').fill('Пустая опора у школы');
    await page.getByTestId('photo-upload').click();
    const img = page.locator('[data-testid=photos] img');
    await img.waitFor();
    // The browser decoded the thumbnail: it is a real image, not a broken link.
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(320);
    await expect.poll(() => page.getByTestId('photos').innerText()).toContain('Пустая опора у школы');
    expect(await page.getByTestId('photos').innerText()).not.toMatch(/42\.8|74\.7/); // no position shown: none kept
    await expect.poll(() => page.getByTestId('timeline').locator('li').count()).toBeGreaterThanOrEqual(2);

    // What the browser gets back has no metadata, and the API agrees that no location was kept.
    const href = await page.locator('[data-testid=photos] a').first().getAttribute('href');
    const bytes = await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u!)).arrayBuffer())), href);
    const meta = await sharp(Buffer.from(bytes)).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    const f = await page.evaluate(async (u) => (await fetch(u)).json(), `/api/annotations/${id}`);
    expect(f.properties.photos).toHaveLength(1);
    expect(f.properties.photos[0].location).toBeNull();
    await screenshot(page, 'annotations-photo-evidence');
  }, 180_000);
});
