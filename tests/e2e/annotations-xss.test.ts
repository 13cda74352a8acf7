// XSS payloads in every text field of an annotation and in a comment, created through the API, are
// rendered inert in the map popup/detail, the list and the timeline (checked in Chromium): no script
// runs (window.__xss stays undefined), no element of the payload reaches the DOM, the literal text is
// visible, and a javascript: address never becomes a link (the server refuses it as evidence URL; a
// label or response text holding one stays text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'playwright-core';
import { launchBrowser, openPage, waitForMapIdle, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '"><svg onload=window.__xss=1>';
const JS = 'javascript:window.__xss=1';
const ALL = `${IMG} ${SCRIPT} ${SVG} ${JS}`;

let srv: LiveServer;
let browser: Browser;
let id = '';

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServer(), launchBrowser()]);
  const api = await request.newContext({ baseURL: srv.url });
  const s = await (await api.get('/api/auth/session')).json();
  const login = await api.post('/api/auth/login', { headers: { 'X-CSRF-Token': s.csrfToken }, data: { email: 'advocate.elsen@example.org', password: 'demo-password' } });
  const csrf = (await login.json()).csrfToken as string;
  const campaigns = (await (await api.get('/api/campaigns')).json()).features as { id: string; properties: { permissions: { createAnnotation: boolean } } }[];
  const campaignId = campaigns.find((c) => c.properties.permissions.createAnnotation)!.id;
  const h = { 'X-CSRF-Token': csrf };
  // The server refuses a javascript: evidence address (400, nothing stored).
  const bad = await api.post('/api/annotations', { headers: h, data: { type: 'Feature', geometry: { type: 'Point', coordinates: [74.7556, 42.8418] }, properties: { campaignId, title: 'x', category: 'other', severity: 1, evidence: [{ url: JS }] } } });
  expect(bad.status()).toBe(400);
  const res = await api.post('/api/annotations', {
    headers: h,
    data: {
      type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[74.7530, 42.8405], [74.7590, 42.8405], [74.7590, 42.8435], [74.7530, 42.8435], [74.7530, 42.8405]]] },
      properties: { campaignId, title: `${IMG} ${SVG}`, description: ALL, category: 'no_electricity', severity: 4,
        evidence: [{ url: 'https://example.org/a?q=<img/src=x/onerror=window.__xss=1>', label: `${JS} ${IMG}` }, { url: 'https://example.org/b', label: SCRIPT }] },
    },
  });
  expect(res.status()).toBe(201);
  const a = await res.json();
  id = a.id;
  let v = a.properties.version as number;
  for (const change of [{ status: 'published' }, { status: 'submitted', submittedOn: '2025-01-10', reference: SVG, council: IMG }]) {
    const r = await api.post(`/api/annotations/${id}/status`, { headers: { ...h, 'If-Match': `"v${v}"` }, data: change });
    expect(r.status()).toBe(200);
    v = (await r.json()).properties.version;
  }
  expect((await api.post(`/api/annotations/${id}/comments`, { headers: h, data: { body: ALL } })).status()).toBe(201);
  await api.dispose();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('XSS payloads in annotations render as text', () => {
  it('in the list, the detail (opened from the map) and the timeline', async () => {
    const page = await openPage(browser);
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(`${srv.url}/#map=15.5/42.8420/74.7560&lang=en`);
    await waitForMapIdle(page);
    await page.locator('#tab-annotations').click();
    const item = page.locator(`[data-testid=annotation-list] [data-id="${id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(`${IMG} ${SVG}`);

    // Open it from the map (the popup/detail path), then check the detail and the timeline.
    await page.waitForFunction((id) => window.__map!.queryRenderedFeatures({ layers: ['annotations-fill'] }).some((f) => f.properties?.id === id), id, { timeout: 20_000 });
    const p = await page.evaluate(() => {
      const m = window.__map!;
      const r = m.getCanvas().getBoundingClientRect();
      const q = m.project([74.7585, 42.8430]);
      return { x: q.x + r.left, y: q.y + r.top };
    });
    await page.mouse.click(p.x, p.y);
    const detail = page.getByTestId('annotation-detail');
    await expect.poll(() => detail.getAttribute('data-id')).toBe(id);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('commented');

    const title = await page.getByTestId('annotation-title').textContent();
    expect(title).toBe(`${IMG} ${SVG}`);
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain(SCRIPT);
    expect(text).toContain(JS);
    expect(await page.getByTestId('council').textContent()).toContain(IMG);
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).toContain(ALL);

    // Nothing of the payloads became markup; nothing ran.
    expect(await page.locator('img[src=x], svg[onload], [onerror], [onload]').count()).toBe(0);
    expect(await page.locator('script', { hasText: '__xss' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // Only http(s) links: the evidence links are https, no href anywhere starts with javascript:.
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    const evidence = await page.getByTestId('evidence').locator('a').evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).protocol, text: a.textContent })));
    expect(evidence.map((e) => e.href)).toEqual(['https:', 'https:']);
    expect(evidence[0]!.text).toBe(`${JS} ${IMG}`);
    // Clicking the link labelled javascript: does not run it (it is an https link).
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  }, 120_000);
});
