// End-to-end, in Chromium against the real server: an advocate of Atuul records Karakol council's
// decision with one commitment drawn on the map as a line (12 km of main canal), in Kyrgyz at 1280 px;
// an engineer of Karakol city hall (the campaign is shared with it) posts progress — 4.5 km, with a
// photo taken with the phone's camera — at 360 × 640; the tracker then shows the bar at 37.5 % and the
// commitment on the map in its status colour. A stale edit (someone changed the decision first) says
// so and reloads. Nothing is mocked: the photo is a real JPEG, the server re-encodes it.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import sharp from 'sharp';
import { apiAs, errorsOf, signIn, toScreen } from './accounts.js';
import { openPage, screenshot, waitForMapIdle, type Browser } from './browser.js';
import { withServerAndBrowser, type LiveServer } from './server.js';
import { STATUS_STYLE } from '../../web/src/lib/commitment-status.js';

const ADVOCATE = 'advocate.atuul@example.org';
const ENGINEER = 'engineer.karakol@example.org';
const ky = JSON.parse(fs.readFileSync('web/src/i18n/ky.json', 'utf8'));
/** A stretch of the Karakol irrigation area, away from the labels. */
const LINE: [number, number][] = [[78.372, 42.478], [78.385, 42.482], [78.398, 42.486]];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let srv: LiveServer;
let browser: Browser;
withServerAndBrowser((s, b) => { srv = s; browser = b; });

/** A page signed in as `who` (the browser's profile is shared: whoever was signed in is signed out) on the Tracker tab (on a phone: the workspace, its drawer opened). */
async function openTracker(who: string, size: { width: number; height: number }) {
  await browser.context.clearCookies();
  const page = await openPage(browser, size);
  const seen = errorsOf(page);
  const errors = () => seen;
  const narrow = size.width < 900;
  await page.goto(`${srv.url}/#map=13/42.484/78.386&lang=ky${narrow ? '&view=workspace' : ''}`);
  await waitForMapIdle(page);
  await signIn(page, who);
  if (narrow) await page.getByRole('button', { name: ky.sidebar.open }).click();
  await page.getByRole('tab', { name: ky.tracker.tab }).click();
  return { page, errors };
}

/** The horizontal overflow of the page and of the open side panel (0 when nothing sticks out). */
const overflowOf = (page: import('playwright-core').Page) => page.evaluate(() => Math.max(
  document.documentElement.scrollWidth - window.innerWidth,
  ...Array.from(document.querySelectorAll('#sidebar'), (el) => el.scrollWidth - el.clientWidth),
));

describe('the tracker in Chromium', () => {
  let decisionId = '';

  it('an advocate records a decision with one commitment drawn on the map (ky, 1280 px)', async () => {
    const { api } = await apiAs(srv.url, ADVOCATE);
    const campaigns = (await (await api.get('/api/campaigns')).json()).features as { id: string; properties: { permissions: { createAnnotation: boolean } } }[];
    const campaignId = campaigns.find((c) => c.properties.permissions.createAnnotation)!.id;
    await api.dispose();

    const { page, errors } = await openTracker(ADVOCATE, { width: 1280, height: 900 });
    await page.getByTestId('tracker-campaign').selectOption(campaignId);
    await page.getByTestId('new-decision').click();
    const form = page.getByTestId('decision-form');
    await form.waitFor();
    await form.locator('select[name=kind]').selectOption('council_resolution');
    await form.locator('input[name=body-ky]').fill('Каракол шаардык кеңеши');
    await form.locator('input[name=decidedOn]').fill(day(-120));
    await form.locator('input[name=number]').fill('14/3');
    await form.locator('input[name=documentUrl]').fill('https://karakol.example/kenesh/14-3.pdf');
    await form.locator('input[name=title-ky]').fill('Сугат тармагын жаңылоо стратегиясы');
    await form.locator('input[name=title-ru]').fill('Стратегия обновления оросительной сети');
    await form.locator('textarea[name=summary-ky]').fill('Кеңеш башкы каналды калыбына келтирүүнү чечти.');
    // A local check names what is missing before anything is sent.
    await page.getByTestId('save-decision').click();
    expect(await page.getByTestId('form-check').textContent()).toContain(ky.tracker.form.check.responsible);

    await form.locator('input[name=c0-title-ky]').fill('Башкы каналды калыбына келтирүү');
    await form.locator('input[name=c0-responsible-ky]').fill('Каракол шаарынын мэриясы');
    await form.locator('input[name=c0-due]').fill(day(245));
    await form.locator('input[name=c0-indicator-ky]').fill('Калыбына келтирилген башкы канал');
    await form.locator('select[name=c0-unit]').selectOption('km');
    await form.locator('input[name=c0-baseline]').fill('0');
    await form.locator('input[name=c0-target]').fill('12');
    await form.locator('label.check input[type=checkbox]').check(); // publish at once: the city hall's engineer reports on it

    // The commitment's place: a line drawn on the map (click each vertex, the last one again to finish).
    await form.locator('[data-draw=line]').click();
    await page.getByTestId('tracker-draw-hint').waitFor();
    for (const ll of LINE) {
      const p = await toScreen(page, ll);
      await page.mouse.click(p.x, p.y);
      await page.waitForTimeout(150);
    }
    const last = await toScreen(page, LINE[LINE.length - 1]!);
    await page.mouse.click(last.x, last.y);
    await page.getByTestId('commitment-placed').waitFor();
    expect(await page.getByTestId('commitment-placed').textContent()).toContain(ky.tracker.form.shape.LineString);
    await screenshot(page, 'tracker-form-ky-1280');

    await page.getByTestId('save-decision').click();
    const view = page.getByTestId('decision-view');
    await view.waitFor({ timeout: 30_000 });
    decisionId = (await view.getAttribute('data-id'))!;
    expect(await view.textContent()).toContain('Сугат тармагын жаңылоо стратегиясы');
    await expect.poll(() => page.getByTestId('commitment').count()).toBe(1);

    // What the server stored: the line, the indicator, published.
    const { api: api2 } = await apiAs(srv.url, ADVOCATE);
    const stored = await (await api2.get(`/api/decisions/${decisionId}`)).json();
    await api2.dispose();
    expect(stored.status).toBe('published');
    expect(stored.commitments[0]).toMatchObject({ unit: 'km', baseline: 0, target: 12 });
    expect(stored.commitments[0].geometry.type).toBe('LineString');
    expect(stored.commitments[0].geometry.coordinates).toHaveLength(3);
    expect(Math.abs(stored.commitments[0].geometry.coordinates[0][0] - LINE[0]![0])).toBeLessThan(0.002);
    await page.close();
    expect(errors()).toEqual([]);
  }, 240_000);

  it('an engineer of the city hall posts progress with a camera photo at 360 × 640', async () => {
    expect(decisionId).not.toBe('');
    const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#5b7f3a' } }).jpeg().toBuffer();
    const { page, errors } = await openTracker(ENGINEER, { width: 360, height: 640 });
    await page.locator(`[data-testid=decision-list] [data-id="${decisionId}"] button.open`).click();
    await page.getByTestId('decision-view').waitFor();
    await page.getByTestId('post-progress').click();
    const form = page.getByTestId('progress-form');
    await form.waitFor();
    expect(await form.locator('input[type=file]').getAttribute('capture')).toBe('environment');
    expect(await form.locator('input[type=file]').getAttribute('accept')).toBe('image/*');
    await form.locator('input[name=reportedOn]').fill(day(-1));
    await page.getByTestId('progress-value').fill('4.5');
    await page.getByTestId('progress-text').fill('Башкы каналдын 4,5 км бөлүгү бетондолду.');
    await form.locator('.seg label', { hasText: ky.tracker.source.official }).click();
    await page.getByTestId('progress-photo').setInputFiles({ name: 'canal.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await form.locator('img.preview').waitFor();
    await form.locator('img.preview').scrollIntoViewIfNeeded();
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'tracker-progress-ky-360');
    await page.getByTestId('progress-save').click();

    const view = page.getByTestId('decision-view');
    await view.waitFor({ timeout: 30_000 });
    const bar = page.getByTestId('progress-bar').first();
    await expect.poll(() => bar.getAttribute('data-share'), { timeout: 15_000 }).toBe('0.375');
    const img = page.locator('[data-testid=updates] img').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await page.getByTestId('updates').first().textContent()).toContain('4,5 км');
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'tracker-decision-ky-360');
    await page.close();
    expect(errors()).toEqual([]);
  }, 240_000);

  it('the tracker shows the bar and the commitment on the map in its status colour; a stale edit reloads (ky, 1280 px)', async () => {
    const { page, errors } = await openTracker(ADVOCATE, { width: 1280, height: 900 });
    const card = page.locator(`[data-testid=decision-list] [data-id="${decisionId}"]`);
    await card.waitFor();
    expect(await card.getByTestId('progress-bar').getAttribute('data-share')).toBe('0.375'); // a bar per commitment in the list too
    expect(await page.getByTestId('campaign-summary').textContent()).toContain('4,5 км / 12 км');
    await screenshot(page, 'tracker-list-ky-1280');
    // A click on the commitment on the map opens its decision.
    await expect.poll(() => page.evaluate(() => window.__map!.querySourceFeatures('commitments').length), { timeout: 15_000 }).toBeGreaterThan(0);
    const onMap = await toScreen(page, LINE[1]!);
    await page.mouse.click(onMap.x, onMap.y);
    await expect.poll(() => page.getByTestId('decision-view').getAttribute('data-id'), { timeout: 15_000 }).toBe(decisionId);
    const commitment = page.getByTestId('commitment').first();
    await commitment.waitFor();
    const status = (await commitment.getAttribute('data-status'))!;
    expect(await page.getByTestId('progress-bar').first().getAttribute('data-share')).toBe('0.375');

    // The map: the commitment drawn in its status colour, with the legend entry.
    await expect.poll(() => page.evaluate(() => window.__map!.querySourceFeatures('commitments').length), { timeout: 15_000 }).toBeGreaterThan(0);
    const legend = page.getByTestId('commitments-legend');
    await legend.waitFor();
    expect(await legend.textContent()).toContain(ky.tracker.status[status]);
    const mid = await toScreen(page, LINE[1]!);
    const rendered = await page.evaluate(({ x, y }) => {
      const m = window.__map!;
      const r = m.getCanvas().getBoundingClientRect();
      return m.queryRenderedFeatures([[x - r.left - 6, y - r.top - 6], [x - r.left + 6, y - r.top + 6]], { layers: ['commitments-line'] })
        .map((f) => ({ status: f.properties.status, color: String(m.getPaintProperty('commitments-line', 'line-color')) }));
    }, mid);
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered[0]!.status).toBe(status);
    expect(rendered[0]!.color).toContain(STATUS_STYLE[status as keyof typeof STATUS_STYLE].color);
    await screenshot(page, 'tracker-decision-ky-1280');

    // Someone else changes the decision first: saving the form says so and reloads the latest version.
    await page.getByTestId('edit-decision').click();
    await page.getByTestId('decision-form').waitFor();
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const current = await (await api.get(`/api/decisions/${decisionId}`)).json();
    const patched = await api.patch(`/api/decisions/${decisionId}`, { headers: { 'X-CSRF-Token': csrf, 'If-Match': `"v${current.version}"` }, data: { number: '14/3-а' } });
    expect(patched.status()).toBe(200);
    await api.dispose();
    await page.locator('input[name=title-en]').fill('Irrigation renewal strategy');
    await page.getByTestId('save-decision').click();
    await page.getByTestId('stale').waitFor();
    expect(await page.getByTestId('stale').textContent()).toBe(ky.tracker.staleForm);
    // Saving again applies the change on the latest version.
    await page.getByTestId('save-decision').click();
    await page.getByTestId('decision-view').waitFor();
    expect(await page.getByTestId('decision-view').textContent()).toContain('14/3-а');
    // The same view in Russian and English (the language switch re-renders it; statuses and units follow).
    const ru = JSON.parse(fs.readFileSync('web/src/i18n/ru.json', 'utf8'));
    const en = JSON.parse(fs.readFileSync('web/src/i18n/en.json', 'utf8'));
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect.poll(() => page.getByTestId('decision-view').textContent()).toContain(ru.tracker.status[status]);
    expect(await page.getByTestId('decision-view').textContent()).toContain('4,5 км');
    await screenshot(page, 'tracker-decision-ru-1280');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('decision-view').textContent()).toContain(en.tracker.status[status]);
    expect(await page.getByTestId('decision-view').textContent()).toContain('Калыбына келтирилген башкы канал: 0 km → 12 km'); // recorded in Kyrgyz only: shown rather than nothing
    await screenshot(page, 'tracker-decision-en-1280');
    await page.close();
    expect(errors()).toEqual([]);
  }, 240_000);

  it('an engineer of the organisation the campaign is shared with confirms the advocate\'s update (ky, 1280 px)', async () => {
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const d = await (await api.get(`/api/decisions/${decisionId}`)).json();
    const posted = await api.post(`/api/commitments/${d.commitments[0].id}/updates`, {
      headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': crypto.randomUUID() },
      data: { reportedOn: day(0), value: 6, body: 'ЖКУнун байкоосу: 6 км даяр.', source: 'monitor' },
    });
    expect(posted.status()).toBe(201);
    const updateId = (await posted.json()).id as string;
    await api.dispose();

    const { page, errors } = await openTracker(ENGINEER, { width: 1280, height: 900 });
    await page.locator(`[data-testid=decision-list] [data-id="${decisionId}"] button.open`).click();
    const update = page.locator(`[data-testid=updates] li[data-id="${updateId}"]`);
    await update.waitFor();
    await update.getByTestId('verify').click();
    await update.locator('input').fill('Барып көрдүк.');
    await update.getByTestId('verify-confirm').click();
    await expect.poll(() => update.locator('.verdict').textContent(), { timeout: 15_000 }).toContain(ky.tracker.verdict.confirmed);
    expect(await update.locator('.verdict').textContent()).toContain('Барып көрдүк.');
    await page.close();
    expect(errors()).toEqual([]);
  }, 240_000);

  it('back to draft, the decision leaves the shared tracker; published again, a visitor on a phone sees its bar and map', async () => {
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const d = await (await api.get(`/api/decisions/${decisionId}`)).json();
    const link = await api.post(`/api/campaigns/${d.campaign.id}/share-links`, { headers: { 'X-CSRF-Token': csrf }, data: { label: 'council session' } });
    expect(link.status()).toBe(201);
    const token = (await link.json()).token as string;
    await api.dispose();

    // The advocate sets it back to draft from the decision view, and publishes it from there later.
    const asAdvocate = async (step: (page: import('playwright-core').Page) => Promise<void>) => {
      const { page, errors } = await openTracker(ADVOCATE, { width: 1280, height: 900 });
      await page.locator(`[data-testid=decision-list] [data-id="${decisionId}"] button.open`).click();
      await step(page);
      await page.close();
      expect(errors()).toEqual([]);
    };
    // A visitor: no account (the profile's cookies cleared), a phone.
    const visitorTracker = async () => {
      await browser.context.clearCookies();
      const v = await openPage(browser, { width: 360, height: 640 });
      const errs = errorsOf(v);
      await v.goto(`${srv.url}/s/${token}/tracker?lang=ky`);
      return { v, errs };
    };
    await asAdvocate(async (page) => {
      await page.getByRole('button', { name: ky.tracker.unpublish }).click();
      await page.getByTestId('publish-decision').waitFor({ timeout: 15_000 });
    });
    let { v, errs } = await visitorTracker();
    expect(await v.locator(`#d-${decisionId}`).count()).toBe(0);
    await v.close();
    expect(errs).toEqual([]);

    // Published again: the decision, its bar half full (6 of 12 km reported), the map picture, no sideways scroll.
    await asAdvocate(async (page) => {
      await page.getByTestId('publish-decision').click();
      await expect.poll(() => page.getByTestId('publish-decision').count(), { timeout: 15_000 }).toBe(0);
    });
    ({ v, errs } = await visitorTracker());
    expect(await v.locator(`#d-${decisionId}`).count()).toBe(1);
    expect(await v.locator(`#d-${decisionId} .bar .fill`).first().getAttribute('style')).toContain('width:50.0%');
    const map = v.locator('img[src*="map.png"]').first();
    await map.scrollIntoViewIfNeeded();
    await expect.poll(() => map.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(100);
    expect(await v.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(v, 'tracker-shared-ky-360');
    await v.close();
    expect(errs).toEqual([]);
  }, 240_000);

  it('a broken commitment reopens the gap linked to it, from the decision view', async () => {
    // Through the API as Atuul's advocate: a gap taken to "planned" by the council, and a decision of
    // 2023 whose commitment on it was due in mid-2023 and never reported on (broken).
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const campaignId = ((await (await api.get('/api/campaigns')).json()).features as { id: string; properties: { permissions: { createAnnotation: boolean } } }[])
      .find((c) => c.properties.permissions.createAnnotation)!.id;
    const created = await api.post('/api/annotations', {
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/geo+json' },
      data: { type: 'Feature', geometry: { type: 'Point', coordinates: [78.39, 42.483] }, properties: { campaignId, title: 'Суу бөлүштүргүч иштебейт', category: 'broken_canal', severity: 3 } },
    });
    expect(created.status()).toBe(201);
    let gap = await created.json();
    for (const change of [
      { status: 'published' }, { status: 'submitted', submittedOn: '2023-02-01', reference: 'KK-2023-7' },
      { status: 'response_recorded', responseDate: '2023-03-01', responseText: 'Will be repaired by June.' }, { status: 'planned' },
    ]) {
      const r = await api.post(`/api/annotations/${gap.id}/status`, { headers: { 'X-CSRF-Token': csrf, 'If-Match': `"v${gap.properties.version}"` }, data: change });
      expect(r.status(), JSON.stringify(change)).toBe(200);
      gap = await r.json();
    }
    const decision = await api.post('/api/decisions', {
      headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': crypto.randomUUID() },
      data: {
        campaignId, kind: 'action_plan', body: { ky: 'Каракол шаардык кеңеши' }, decidedOn: '2023-01-10', status: 'published',
        title: { ky: 'Бөлүштүргүчтөрдү оңдоо планы', ru: null, en: null },
        commitments: [{ title: { ky: 'Бөлүштүргүчтү оңдоо', ru: null, en: null }, responsible: { ky: 'Мэрия' }, dueOn: '2023-06-01', indicator: { ky: 'Оңдолгон бөлүштүргүчтөр', ru: null, en: null }, unit: 'count', baseline: 0, target: 1, links: { annotations: [gap.id] } }],
      },
    });
    expect(decision.status()).toBe(201);
    const brokenId = (await decision.json()).id as string;

    const { page, errors } = await openTracker(ADVOCATE, { width: 1280, height: 900 });
    await page.locator(`[data-testid=decision-list] [data-id="${brokenId}"] button.open`).click();
    const commitment = page.getByTestId('commitment').first();
    await commitment.waitFor();
    expect(await commitment.getAttribute('data-status')).toBe('broken');
    expect(await commitment.textContent()).toContain('Суу бөлүштүргүч иштебейт');
    await commitment.getByTestId('reopen').click();
    await expect.poll(() => commitment.locator('[role=status]').textContent(), { timeout: 15_000 }).toContain(ky.tracker.reopenDone.replace('{{reopened}}', '1').replace('{{skipped}}', '0'));
    const after = await (await api.get(`/api/annotations/${gap.id}`)).json();
    expect(after.properties.status).toBe('reopened');
    await api.dispose();
    await screenshot(page, 'tracker-reopen-ky-1280');
    await page.close();
    expect(errors()).toEqual([]);
  }, 240_000);

  it('a draft decision is deleted from its view, with If-Match; it leaves the list', async () => {
    const { api, csrf } = await apiAs(srv.url, ADVOCATE);
    const campaignId = ((await (await api.get('/api/campaigns')).json()).features as { id: string; properties: { permissions: { createAnnotation: boolean } } }[])
      .find((c) => c.properties.permissions.createAnnotation)!.id;
    const created = await api.post('/api/decisions', {
      headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': crypto.randomUUID() },
      data: { campaignId, kind: 'adopted_policy', body: { ky: 'Каракол шаардык кеңеши' }, decidedOn: day(-10), title: { ky: 'Каталар менен жазылган кара нуска', ru: null, en: null } },
    });
    expect(created.status()).toBe(201);
    const draftId = (await created.json()).id as string;

    const { page, errors } = await openTracker(ADVOCATE, { width: 1280, height: 900 });
    await page.locator(`[data-testid=decision-list] [data-id="${draftId}"] button.open`).click();
    await page.getByTestId('decision-view').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('delete-decision').click();
    await page.getByTestId('decision-list').waitFor();
    await expect.poll(() => page.locator(`[data-testid=decision-list] [data-id="${draftId}"]`).count()).toBe(0);
    expect((await api.get(`/api/decisions/${draftId}`)).status()).toBe(404);
    await api.dispose();
    await page.close();
    expect(errors()).toEqual([]);
  }, 240_000);
});
