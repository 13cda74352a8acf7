// End-to-end: campaign management in the Gaps tab, in Chromium against the real server on a fresh demo
// database. An advocate of Elsen creates a campaign (titles in ky and ru, the area drawn on the map,
// shared with Karakol city hall), edits its Russian title (the version bumps, the history shows it), and
// meets the 412 message when the campaign changed behind the page's back; the Karakol engineer sees it
// read-only; the trash lists a deleted gap and restores it; a comment is deleted from the timeline.
// Nothing is mocked: every claim is checked against the API too.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type Page } from 'playwright-core';
import { apiAs, errorsOf, signIn, toScreen } from './accounts.js';
import { launchBrowser, openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';

const ru = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/ru.json'), 'utf8'));
const ky = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/ky.json'), 'utf8'));
const ADVOCATE = 'advocate.elsen@example.org';
const ENGINEER = 'engineer.karakol@example.org';
const VIEW = '#map=14.6/42.8421/74.7561';
const RING: [number, number][] = [[74.7490, 42.8380], [74.7630, 42.8378], [74.7634, 42.8462], [74.7494, 42.8460]];
const TITLE_KY = 'Новопокровка конушуна электр';
const TITLE_RU = 'Электричество для конуша Новопокровка';
const TITLE_RU2 = 'Электроснабжение конуша Новопокровка';

let srv: LiveServer;
beforeAll(async () => { srv = await startServer(); }, 120_000);
afterAll(async () => { await srv?.close(); });

function bounds(g: { type: string; coordinates: unknown }): [number, number, number, number] {
  const pts = (g.type === 'Polygon' ? (g.coordinates as number[][][]).flat(1) : (g.coordinates as number[][][][]).flat(2));
  const xs = pts.map((p) => p[0]!), ys = pts.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Horizontal overflow inside the sidebar (0 when everything fits). */
const overflowOf = (page: Page) => page.evaluate(() => {
  const s = document.querySelector('#sidebar')!;
  let worst = s.scrollWidth - s.clientWidth;
  for (const el of Array.from(s.querySelectorAll('[data-testid=campaign-form] *'))) {
    const r = el.getBoundingClientRect(), sr = s.getBoundingClientRect();
    if (r.width > 0) worst = Math.max(worst, Math.round(r.right - sr.right));
  }
  return worst;
});

describe('campaigns in the Gaps tab', () => {
  let id = '';
  let karakolId = '';
  let gapId = '';

  it('an advocate creates a campaign in ky and ru, draws its area, shares it with Karakol city hall and saves', async () => {
    const orgs = (await (await (await request.newContext({ baseURL: srv.url })).get('/api/organisations')).json()).organisations as { id: string; slug: string }[];
    karakolId = orgs.find((o) => o.slug === 'karakol-city-hall')!.id;
    const browser: Browser = await launchBrowser({ locale: 'ru-RU' });
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=ru`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.locator('#tab-annotations').click();
      await page.getByTestId('campaign-new').click();
      const form = page.getByTestId('campaign-form');
      await form.waitFor();
      // Saving an empty form is refused in the page: nothing is sent.
      await page.getByTestId('campaign-save').click();
      expect(await form.textContent()).toContain(ru.campaigns.form.needTitle);

      await form.locator('[data-lang=ky]').click();
      await form.locator('input[name=title-ky]').fill(TITLE_KY);
      await form.locator('textarea[name=description-ky]').fill('Конушта 150 үй электрсиз.');
      await form.locator('input[name=targetCouncil-ky]').fill('Ысык-Ата райондук кеңеши');
      await form.locator('[data-lang=ru]').click();
      await form.locator('input[name=title-ru]').fill(TITLE_RU);
      await form.locator('textarea[name=recommendations-ru]').fill('Включить подключение конуша в бюджет 2027 года.');
      await form.locator('input[name=targetCouncil-ru]').fill('Ысык-Атинский районный кенеш');
      await form.locator('select[name=status]').selectOption('active');
      await form.locator('input[type=checkbox][data-slug=karakol-city-hall]').check();
      // The own organisation is not offered.
      expect(await form.locator('input[type=checkbox][data-slug=elsen]').count()).toBe(0);

      await page.getByTestId('campaign-draw').click();
      await page.getByTestId('campaign-draw-hint').waitFor();
      for (const ll of RING) {
        const p = await toScreen(page, ll);
        await page.mouse.click(p.x, p.y);
        await page.waitForTimeout(120);
      }
      const first = await toScreen(page, RING[0]!);
      await page.mouse.click(first.x, first.y);
      await page.getByTestId('campaign-area-set').waitFor();
      await form.locator('[data-lang=ru]').click();
      await screenshot(page, 'campaigns-form-desktop-ru');
      await page.getByTestId('campaign-save').click();

      const card = page.getByTestId('campaign-card');
      await card.waitFor();
      await page.getByTestId('campaign-saved').waitFor();
      expect(await page.getByTestId('campaign-name').textContent()).toBe(TITLE_RU);
      id = (await card.getAttribute('data-id'))!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      const { api } = await apiAs(srv.url, ADVOCATE);
      const stored = await (await api.get(`/api/campaigns/${id}`)).json();
      expect(stored.properties.title).toEqual({ ky: TITLE_KY, ru: TITLE_RU, en: null });
      expect(stored.properties.status).toBe('active');
      expect(stored.properties.version).toBe(1);
      expect(stored.properties.sharedWith.map((o: { id: string }) => o.id)).toEqual([karakolId]);
      expect(stored.properties.recommendations.ru).toContain('2027');
      const b = bounds(stored.geometry);
      const want = [Math.min(...RING.map((p) => p[0])), Math.min(...RING.map((p) => p[1])), Math.max(...RING.map((p) => p[0])), Math.max(...RING.map((p) => p[1]))];
      // Clicks land within a pixel: at zoom 14.6 that is under 0.0001°.
      for (let i = 0; i < 4; i++) expect(Math.abs(b[i]! - want[i]!)).toBeLessThan(1e-4);
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
  }, 120_000);

  it('editing the Russian title bumps the version and the history shows it; a change behind its back gives the 412 message', async () => {
    const browser: Browser = await launchBrowser({ locale: 'ru-RU' });
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=ru`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.locator('#tab-annotations').click();
      await page.getByTestId('campaign-pick').selectOption(id);
      await page.getByTestId('campaign-card').waitFor();
      await page.getByTestId('campaign-edit').click();
      const form = page.getByTestId('campaign-form');
      await form.waitFor();
      // The stored values are in the form, and the area is there to adjust.
      expect(await form.locator('input[name=title-ru]').inputValue()).toBe(TITLE_RU);
      expect(await form.locator('input[type=checkbox][data-slug=karakol-city-hall]').isChecked()).toBe(true);
      await page.getByTestId('campaign-area-set').waitFor();
      await form.locator('input[name=title-ru]').fill(TITLE_RU2);
      await page.getByTestId('campaign-save').click();
      await page.getByTestId('campaign-saved').waitFor();
      expect(await page.getByTestId('campaign-name').textContent()).toBe(TITLE_RU2);

      const { api, csrf } = await apiAs(srv.url, ADVOCATE);
      const v2 = await (await api.get(`/api/campaigns/${id}`)).json();
      expect(v2.properties.version).toBe(2);
      expect(v2.properties.title.ru).toBe(TITLE_RU2);
      expect(v2.properties.title.ky).toBe(TITLE_KY); // untouched
      expect(v2.properties.sharedWith.map((o: { id: string }) => o.id)).toEqual([karakolId]);

      await page.getByTestId('campaign-history-toggle').click();
      const history = page.getByTestId('campaign-history');
      await history.waitFor();
      const htext = (await history.textContent())!;
      expect(htext).toContain(TITLE_RU2);
      expect(htext).toContain(TITLE_RU);
      expect(htext).toContain('Elsen');

      // The page edits version 2 while another device saves version 3.
      await page.getByTestId('campaign-edit').click();
      await form.waitFor();
      await form.locator('input[name=targetCouncil-ru]').fill('Чуйский областной кенеш');
      const behind = await api.patch(`/api/campaigns/${id}`, { headers: { 'X-CSRF-Token': csrf, 'If-Match': '"v2"', 'Content-Type': 'application/geo+json' }, data: { type: 'Feature', properties: { description: { ru: 'Изменено с другого устройства.' } } } });
      expect(behind.status()).toBe(200);
      await page.getByTestId('campaign-save').click();
      const conflict = page.getByTestId('campaign-conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain(ru.campaigns.conflict.title);
      await screenshot(page, 'campaigns-conflict-ru');
      // Nothing of mine was saved.
      const v3 = await (await api.get(`/api/campaigns/${id}`)).json();
      expect(v3.properties.version).toBe(3);
      expect(v3.properties.targetCouncil).toEqual({ ky: 'Ысык-Ата райондук кеңеши', ru: 'Ысык-Атинский районный кенеш', en: null });
      // Apply mine on the new version: both changes are kept.
      await page.getByTestId('campaign-conflict-apply').click();
      await page.getByTestId('campaign-saved').waitFor();
      const v4 = await (await api.get(`/api/campaigns/${id}`)).json();
      expect(v4.properties.version).toBe(4);
      expect(v4.properties.targetCouncil).toEqual({ ky: 'Ысык-Ата райондук кеңеши', ru: 'Чуйский областной кенеш', en: null });
      expect(v4.properties.description.ru).toBe('Изменено с другого устройства.');
      expect(await page.getByTestId('campaign-council').textContent()).toBe('Чуйский областной кенеш');
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
  }, 120_000);

  it('the campaign form fits a 390 px phone', async () => {
    const browser: Browser = await launchBrowser({ locale: 'ky-KG' });
    try {
      const page = await openPage(browser, { width: 390, height: 844 });
      await page.goto(`${srv.url}/${VIEW}&lang=ky&view=workspace`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.getByRole('button', { name: ky.sidebar.open }).click();
      await page.locator('#tab-annotations').click();
      await page.getByTestId('campaign-pick').selectOption(id);
      await page.getByTestId('campaign-edit').click();
      await page.getByTestId('campaign-form').waitFor();
      expect(await overflowOf(page)).toBeLessThanOrEqual(0);
      // Tap targets of the form are at least 30 px high.
      const small = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid=campaign-form] button, [data-testid=campaign-form] select, [data-testid=campaign-form] input:not([type=checkbox])'))
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height < 30).map((el) => el.outerHTML.slice(0, 80)));
      expect(small).toEqual([]);
      await screenshot(page, 'campaigns-form-390-ky');
    } finally { await browser.close(); }
  }, 120_000);

  it('an engineer of the shared organisation sees the campaign read-only', async () => {
    const { api } = await apiAs(srv.url, ENGINEER);
    const seen = await (await api.get(`/api/campaigns/${id}`)).json();
    expect(seen.properties.permissions.edit).toBe(false);
    const browser: Browser = await launchBrowser({ locale: 'ru-RU' });
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=ru`);
      await waitForMapIdle(page);
      await signIn(page, ENGINEER);
      await page.locator('#tab-annotations').click();
      expect(await page.getByTestId('campaign-new').count()).toBe(0);
      await page.getByTestId('campaign-pick').selectOption(id);
      await page.getByTestId('campaign-readonly').waitFor();
      expect(await page.getByTestId('campaign-name').textContent()).toBe(TITLE_RU2);
      expect(await page.getByTestId('campaign-council').textContent()).toBe('Чуйский областной кенеш');
      expect(await page.getByTestId('campaign-status').textContent()).toBe(ru.campaigns.status.active);
      expect(await page.getByTestId('campaign-edit').count()).toBe(0);
      // Whom it is shared with is for the participants: the engineer sees it; the form never opens.
      expect(await page.getByTestId('campaign-shared').textContent()).toBeTruthy();
      await page.getByTestId('campaign-history-toggle').click();
      await page.getByTestId('campaign-history').waitFor();
      await screenshot(page, 'campaigns-readonly-ru');
      expect(await page.getByTestId('campaign-form').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
  }, 120_000);

  it('the trash lists a deleted gap and restores it; a comment is deleted from the timeline', async () => {
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const h = { 'X-CSRF-Token': csrf };
    const created = await api.post('/api/annotations', { headers: { ...h, 'Content-Type': 'application/geo+json' }, data: {
      type: 'Feature', geometry: { type: 'Point', coordinates: [74.7561, 42.8421] },
      properties: { campaignId: id, title: 'Трансформатор сгорел', description: '', category: 'no_electricity', severity: 4 } } });
    expect(created.status()).toBe(201);
    const ann = await created.json();
    const comment = await (await api.post(`/api/annotations/${ann.id}/comments`, { headers: h, data: { body: 'Ошибочный комментарий' } })).json();
    expect((await api.delete(`/api/annotations/${ann.id}`, { headers: { ...h, 'If-Match': '"v1"' } })).status()).toBe(200);

    const browser: Browser = await launchBrowser({ locale: 'ru-RU' });
    try {
      const page = await openPage(browser);
      const errors = errorsOf(page);
      await page.goto(`${srv.url}/${VIEW}&lang=ru`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.locator('#tab-annotations').click();
      await page.getByTestId('trash-toggle').click();
      const item = page.getByTestId('trash-list').locator(`li[data-id="${ann.id}"]`);
      await item.waitFor();
      expect(await item.textContent()).toContain('Трансформатор сгорел');
      await item.scrollIntoViewIfNeeded();
      await screenshot(page, 'campaigns-trash-ru');
      await item.getByTestId('trash-restore').click();
      // The restored gap opens; the API agrees.
      const detail = page.getByTestId('annotation-detail');
      await detail.waitFor();
      expect(await detail.getAttribute('data-id')).toBe(ann.id);
      const back = await (await api.get(`/api/annotations/${ann.id}`)).json();
      expect(back.properties.deleted).toBe(false);
      expect(await page.getByTestId('trash-list').locator(`li[data-id="${ann.id}"]`).count()).toBe(0);

      const del = page.locator(`[data-testid=comment-delete][data-comment="${comment.id}"]`);
      await del.waitFor();
      await del.click();
      await page.getByTestId('comment-confirm').waitFor();
      await page.getByTestId('comment-delete-yes').click();
      await page.getByTestId('timeline').getByText(ru.annotations.timeline.commentDeleted).waitFor();
      expect(await page.getByTestId('timeline').textContent()).not.toContain('Ошибочный комментарий');
      const comments = (await (await api.get(`/api/annotations/${ann.id}/comments`)).json()).comments as { id: string; deleted: boolean }[];
      expect(comments.find((c) => c.id === comment.id)?.deleted).toBe(true);
      expect(errors).toEqual([]);
    } finally { await browser.close(); }
    gapId = ann.id;
  }, 120_000);

  it('at 390 px the status step and the annotation form fit the width and have tappable controls', async () => {
    const browser: Browser = await launchBrowser({ locale: 'ky-KG' });
    try {
      const page = await openPage(browser, { width: 390, height: 844 });
      await page.goto(`${srv.url}/${VIEW}&lang=ky&view=workspace`);
      await waitForMapIdle(page);
      await signIn(page, ADVOCATE);
      await page.getByRole('button', { name: ky.sidebar.open }).click();
      await page.locator('#tab-annotations').click();
      await page.locator(`[data-testid=annotation-list] button[data-id="${gapId}"]`).click();
      const detail = page.getByTestId('annotation-detail');
      await detail.waitFor();
      const fits = (sel: string) => page.evaluate((sel) => {
        const root = document.querySelector(sel)!;
        const out: string[] = [];
        for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5)) out.push(`${el.tagName}.${(el as HTMLElement).className} ${Math.round(r.left)}..${Math.round(r.right)}`);
        }
        const small = Array.from(root.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]):not([type=file])'))
          .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height < 30).map((el) => el.outerHTML.slice(0, 80));
        return { out: out.slice(0, 5), small };
      }, sel);
      await detail.locator('[data-status=published]').click();
      await page.getByTestId('status-form').waitFor();
      await page.getByTestId('status-form').scrollIntoViewIfNeeded();
      expect(await fits('[data-testid=annotation-detail]')).toEqual({ out: [], small: [] });
      await screenshot(page, 'campaigns-narrow-status-390-ky');
      await page.getByTestId('edit-annotation').click();
      const form = page.getByTestId('annotation-form');
      await form.waitFor();
      expect(await fits('[data-testid=annotation-form]')).toEqual({ out: [], small: [] });
      await screenshot(page, 'campaigns-narrow-annotation-form-390-ky');
    } finally { await browser.close(); }
  }, 120_000);
});
