// End-to-end: the advocacy loop in Chromium against the real server on a fresh demo database.
// An advocate of the Novopokrovka CSO (Elsen) signs in, draws a polygon around the Novopokrovka
// konush by clicking the map, fills the form in Kyrgyz, saves and publishes; a change made behind the
// page's back gives the 412 message (compare, reload); an engineer of the district (shared campaign)
// comments and acknowledges it; a signed-out visitor sees it in the list and on the map, and none of
// the drafts the advocate's API answer lists. Nothing is mocked.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type Page } from 'playwright-core';
import { apiAs, DEMO_PASSWORD, errorsOf, signIn, toScreen } from './accounts.js';
import { launchBrowser, openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';

const ky = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/ky.json'), 'utf8'));
const ADVOCATE = 'advocate.elsen@example.org';
const ENGINEER = 'engineer.chuy@example.org';
/** The Novopokrovka konush (illustrative location, data/demo/settlements.geojson) and around it. */
const VIEW = '#map=15.2/42.8421/74.7561';
const RING: [number, number][] = [[74.7508, 42.8392], [74.7612, 42.8390], [74.7615, 42.8450], [74.7510, 42.8448]];
const TITLE = 'Новопокровка конушунда электр жок';

let srv: LiveServer;

beforeAll(async () => { srv = await startServer(); }, 120_000);
afterAll(async () => { await srv?.close(); });

/** Ids of the annotations drawn on the map now. */
const renderedAnnotationIds = (page: Page) => page.evaluate(() => {
  const m = window.__map!;
  const layers = m.getLayersOrder().filter((id) => id.startsWith('annotations-'));
  return [...new Set(m.queryRenderedFeatures({ layers }).map((f) => String(f.properties?.id)))];
});

async function waitForAnnotationOnMap(page: Page, id: string) {
  await page.waitForFunction((id) => {
    const m = window.__map!;
    const layers = m.getLayersOrder().filter((l) => l.startsWith('annotations-'));
    return m.queryRenderedFeatures({ layers }).some((f) => f.properties?.id === id);
  }, id, { timeout: 20_000 });
}

describe('gap annotations: the advocacy story in Chromium', () => {
  let id = '';
  let draftId = '';

  it('an advocate signs in, draws a polygon around Novopokrovka, fills the form in Kyrgyz, saves and publishes', async () => {
    const browser: Browser = await launchBrowser({ locale: 'ky-KG' });
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=ky`);
      await waitForMapIdle(page);
      // The demo banner names the demo accounts.
      expect(await page.getByTestId('demo-banner').textContent()).toContain('demo-password');

      await page.getByTestId('sign-in').click();
      await page.getByTestId('login-dialog').locator('input[name=email]').waitFor();
      await screenshot(page, 'annotations-login-ky');
      // A wrong password is refused with a translated message.
      await page.getByTestId('login-dialog').locator('input[name=email]').fill(ADVOCATE);
      await page.getByTestId('login-dialog').locator('input[name=password]').fill('wrong-password');
      await page.getByTestId('login-dialog').locator('button[type=submit]').click();
      expect(await page.getByTestId('login-error').textContent()).toBe(ky.auth.invalid);
      await page.getByTestId('login-dialog').locator('input[name=password]').fill(DEMO_PASSWORD);
      await page.getByTestId('login-dialog').locator('button[type=submit]').click();
      await page.getByTestId('account-button').waitFor();

      await page.locator('#tab-annotations').click();
      await page.locator('[data-draw=polygon]').click();
      await page.getByTestId('draw-hint').waitFor();
      for (const ll of RING) {
        const p = await toScreen(page, ll);
        await page.mouse.click(p.x, p.y);
        await page.waitForTimeout(120);
      }
      await screenshot(page, 'annotations-drawing');
      const first = await toScreen(page, RING[0]!);
      await page.mouse.click(first.x, first.y); // closes the polygon
      const form = page.getByTestId('annotation-form');
      await form.waitFor();

      await form.locator('input[name=title]').fill(TITLE);
      await form.locator('textarea[name=description]').fill('Конушта 150 үй бар, бирок электр тармагына туташтырылган эмес.\nКышында балдар шам менен окушат.');
      await form.locator('select[name=category]').selectOption('no_electricity');
      await form.locator('.seg label', { hasText: '5' }).click();
      await form.locator('input[name=affectedPeople]').fill('600');
      await form.locator('input[name=affectedHouseholds]').fill('150');
      await form.getByRole('button', { name: ky.annotations.form.addEvidence }).click();
      await form.locator('.evidence input[type=url]').fill('https://example.org/novopokrovka-photo.jpg');
      // The form speaks Kyrgyz.
      expect(await form.textContent()).toContain(ky.annotations.form.affectedHouseholds);
      expect(await form.locator('select[name=campaign] option').count()).toBeGreaterThan(0);
      await screenshot(page, 'annotations-form-ky');
      await page.getByTestId('save-annotation').click();

      const detail = page.getByTestId('annotation-detail');
      await detail.waitFor();
      expect(await page.getByTestId('annotation-title').textContent()).toBe(TITLE);
      expect(await page.getByTestId('annotation-status').textContent()).toBe(ky.annotations.status.draft);
      id = (await detail.getAttribute('data-id'))!;

      // What the server stored: a closed polygon around the konush, the Kyrgyz text, the figures.
      const { api } = await apiAs(srv.url, ADVOCATE);
      const stored = await (await api.get(`/api/annotations/${id}`)).json();
      expect(stored.geometry.type).toBe('Polygon');
      const ring = stored.geometry.coordinates[0] as [number, number][];
      expect(ring.length).toBe(5);
      expect(ring[0]).toEqual(ring[4]);
      for (const [lon, lat] of ring) { expect(Math.abs(lon - 74.756)).toBeLessThan(0.01); expect(Math.abs(lat - 42.842)).toBeLessThan(0.01); }
      expect(stored.properties).toMatchObject({ title: TITLE, category: 'no_electricity', severity: 5, affectedPeople: 600, affectedHouseholds: 150, lang: 'ky', status: 'draft' });
      expect(stored.properties.evidence).toEqual([{ url: 'https://example.org/novopokrovka-photo.jpg' }]);

      // Publish (the only step the workflow offers a draft).
      await detail.locator('[data-status=published]').click();
      await page.getByTestId('status-confirm').click();
      await expect.poll(() => page.getByTestId('annotation-status').textContent()).toBe(ky.annotations.status.published);
      await waitForAnnotationOnMap(page, id);

      // A draft of the same organisation, through the API: the visitor must not see it.
      const s = await (await api.get('/api/auth/session')).json();
      const draft = await api.post('/api/annotations', {
        headers: { 'X-CSRF-Token': s.csrfToken },
        data: { type: 'Feature', geometry: { type: 'Point', coordinates: [74.7556, 42.8418] }, properties: { campaignId: stored.properties.campaignId, title: 'Draft: transformer site', category: 'no_electricity', severity: 2 } },
      });
      expect(draft.status()).toBe(201);
      draftId = (await draft.json()).id;
      await api.dispose();
      expect(errors).toEqual([]);
      await page.close();
    } finally { await browser.close(); }
  }, 180_000);

  it('on 412 (changed behind the page) says so, compares mine with the server, and reloads', async () => {
    const browser = await launchBrowser();
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=en`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.locator('#tab-annotations').click();
      await page.locator(`[data-testid=annotation-list] [data-id="${id}"]`).click();
      await page.getByTestId('edit-annotation').click();
      const form = page.getByTestId('annotation-form');
      await form.waitFor();

      // Someone else (the same organisation, another device) changes the title first.
      const { api, csrf } = await apiAs(srv.url, ADVOCATE);
      const cur = await (await api.get(`/api/annotations/${id}`)).json();
      const patched = await api.patch(`/api/annotations/${id}`, {
        headers: { 'X-CSRF-Token': csrf, 'If-Match': `"v${cur.properties.version}"`, 'Content-Type': 'application/geo+json' },
        data: { properties: { title: 'Changed on another device' } },
      });
      expect(patched.status()).toBe(200);

      await form.locator('input[name=title]').fill('My new title');
      await page.getByTestId('save-annotation').click();
      const conflict = page.getByTestId('conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('Someone else changed this gap');
      await page.getByTestId('conflict-compare').click();
      const table = page.getByTestId('conflict-table');
      expect(await table.textContent()).toContain('My new title');
      expect(await table.textContent()).toContain('Changed on another device');
      await screenshot(page, 'annotations-conflict');
      // Nothing was overwritten.
      expect((await (await api.get(`/api/annotations/${id}`)).json()).properties.title).toBe('Changed on another device');

      await page.getByTestId('conflict-reload').click();
      await expect.poll(() => page.getByTestId('annotation-title').textContent()).toBe('Changed on another device');
      expect(await page.getByTestId('annotation-form').count()).toBe(0);

      // Put the Kyrgyz title back (through the page: edit → save, no conflict now).
      await page.getByTestId('edit-annotation').click();
      await page.getByTestId('annotation-form').locator('input[name=title]').fill(TITLE);
      await page.getByTestId('save-annotation').click();
      await expect.poll(() => page.getByTestId('annotation-title').textContent()).toBe(TITLE);
      expect((await (await api.get(`/api/annotations/${id}`)).json()).properties.title).toBe(TITLE);
      await api.dispose();
      expect(errors.filter((e) => !/status of 412/.test(e))).toEqual([]);
      await page.close();
    } finally { await browser.close(); }
  }, 180_000);

  it('an engineer of the district comments and marks it acknowledged; the timeline interleaves both', async () => {
    const browser = await launchBrowser();
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=en`);
      await waitForMapIdle(page);
      await signIn(page, ENGINEER);
      await page.locator('#tab-annotations').click();
      await page.locator(`[data-testid=annotation-list] [data-id="${id}"]`).click();
      const detail = page.getByTestId('annotation-detail');
      await detail.waitFor();
      // Engineers review: no edit/delete, no owner steps.
      expect(await page.getByTestId('edit-annotation').count()).toBe(0);
      expect(await page.getByTestId('delete-annotation').count()).toBe(0);
      expect(await detail.locator('[data-status=submitted]').count()).toBe(0);

      await detail.locator('#comment-text').fill('We will check the 10 kV line route next week.');
      await page.getByTestId('send-comment').click();
      await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('We will check the 10 kV line route next week.');
      await detail.locator('[data-review=acknowledged]').click();
      await expect.poll(() => page.getByTestId('annotation-review').textContent()).toBe('Acknowledged');
      await expect.poll(() => page.getByTestId('timeline').textContent()).toMatch(/review: Acknowledged/);
      const timeline = await page.getByTestId('timeline').textContent();
      expect(timeline).toMatch(/created the gap[\s\S]*changed the status: Draft → Published[\s\S]*commented[\s\S]*review: Acknowledged/);
      await screenshot(page, 'annotations-detail-timeline');
      expect(errors).toEqual([]);
      await page.close();
    } finally { await browser.close(); }
  }, 180_000);

  it('a signed-out visitor sees it in the list and on the map, and none of the drafts', async () => {
    const { api } = await apiAs(srv.url, ADVOCATE);
    const mine = (await (await api.get('/api/annotations?limit=1000')).json()).features as { id: string; properties: { status: string } }[];
    await api.dispose();
    const drafts = mine.filter((f) => f.properties.status === 'draft').map((f) => f.id);
    expect(drafts).toContain(draftId);
    const pub = await request.newContext({ baseURL: srv.url });
    const publicIds = ((await (await pub.get('/api/annotations?limit=1000')).json()).features as { id: string }[]).map((f) => f.id);
    await pub.dispose();

    const browser = await launchBrowser();
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=en`);
      await waitForMapIdle(page);
      await page.locator('#tab-annotations').click();
      const list = page.getByTestId('annotation-list');
      await list.locator(`[data-id="${id}"]`).waitFor();
      const listed = await list.locator('[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(new Set(listed)).toEqual(new Set(publicIds));
      for (const d of drafts) expect(listed).not.toContain(d);
      await screenshot(page, 'annotations-list');

      await waitForAnnotationOnMap(page, id);
      const onMap = await renderedAnnotationIds(page);
      expect(onMap).toContain(id);
      for (const d of drafts) expect(onMap).not.toContain(d);

      // Clicking it on the map opens its detail, read-only.
      // Inside the drawn ring, east of the konush (where the demo annotation lies).
      const c = await toScreen(page, [74.7609, 42.8420]);
      await page.mouse.click(c.x, c.y);
      await expect.poll(() => page.getByTestId('annotation-detail').getAttribute('data-id')).toBe(id);
      expect(await page.getByTestId('annotation-review').textContent()).toBe('Acknowledged');
      expect(await page.locator('#comment-text').count()).toBe(0);
      expect(await page.locator('[data-status]').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    } finally { await browser.close(); }
  }, 180_000);
});
