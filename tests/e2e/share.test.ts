// End-to-end: share links. The campaign's advocate creates a link in the share dialog; a logged-out
// visitor (a separate browser profile) opens it and sees the campaign's title and published
// annotations; the embed URL renders chrome-less inside an iframe of a page from another origin;
// revoking the link in the dialog makes it show the "revoked or expired" page. Real server, real
// database, real Chromium.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, type Browser } from './browser.js';
import { startServer, type LiveServer } from './server.js';

const ADVOCATE = 'advocate.atuul@example.org';
const PASSWORD = 'demo-password';
const en = JSON.parse(fs.readFileSync(path.resolve('web/src/i18n/en.json'), 'utf8')) as { share: { gone: string } };

let srv: LiveServer;
let advocate: Browser;
let visitor: Browser;
let other: http.Server;
let otherUrl = '';
let embedUrl = '';

beforeAll(async () => {
  [srv, advocate, visitor] = await Promise.all([startServer(), launchBrowser(), launchBrowser()]);
  // A CSO's website on another origin (another port) that embeds the map.
  other = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>CSO site</title>
      <style>body{margin:0;font-family:sans-serif}h1{font-size:16px;margin:8px}iframe{display:block;width:100%;height:560px;border:0}</style></head>
      <body><h1>Our campaign</h1><iframe id="embed" src="${embedUrl}" title="Campaign map" loading="eager"></iframe></body></html>`);
  });
  other.listen(0, '127.0.0.1');
  await new Promise<void>((r) => other.once('listening', () => r()));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
}, 120_000);

afterAll(async () => {
  other?.close();
  await advocate?.close();
  await visitor?.close();
  await srv?.close();
});

const watch = (page: Page) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
};

/** Signs in through the real API from inside the page (cookies land in the browser profile). */
async function signIn(page: Page, email: string) {
  const status = await page.evaluate(async ({ email, password }) => {
    const s = await (await fetch('/api/auth/session')).json();
    const r = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken }, body: JSON.stringify({ email, password }) });
    return r.status;
  }, { email, password: PASSWORD });
  expect(status).toBe(200);
}

describe('share links', () => {
  it('advocate creates a link; a visitor sees the campaign; the embed works cross-origin; revoking it shows the revoked page', async () => {
    const page = await openPage(advocate);
    const problems = watch(page);
    await page.goto(`${srv.url}/`);
    await signIn(page, ADVOCATE);
    // The campaign to share: the advocate's own, with published annotations (from the API itself).
    const target = await page.evaluate(async () => {
      const fc = await (await fetch('/api/campaigns')).json();
      const mine = fc.features.filter((f: any) => f.properties.permissions?.edit);
      const withNotes = mine.find((f: any) => f.properties.annotationCount > 0) ?? mine[0];
      return { id: withNotes.id as string, title: withNotes.properties.title.en as string };
    });
    const published = await page.evaluate(async (id) => {
      const r = await fetch(`/api/annotations?campaign=${id}&status=published,submitted,response_recorded,planned,resolved,rejected,reopened&limit=1000`);
      return (await r.json()).features.map((f: any) => f.properties.title as string);
    }, target.id);

    await page.reload();
    await page.getByTestId('open-share').click();
    const dialog = page.getByTestId('share-dialog');
    await dialog.waitFor();
    await page.getByTestId('share-campaign').selectOption(target.id);
    await page.getByTestId('share-label').fill('For the council session');
    await page.getByTestId('share-create').click();
    const urlInput = page.getByTestId('share-url');
    await urlInput.waitFor();
    const url = await urlInput.inputValue();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{20,}$/);
    const embedHtml = await page.getByTestId('share-embed').inputValue();
    expect(embedHtml).toMatch(/^<iframe [^>]*src="[^"]+\/embed"/);
    embedUrl = /src="([^"]+)"/.exec(embedHtml)![1]!.replace(/&amp;/g, '&');
    await expect.poll(() => page.getByTestId('share-link-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('share-link-item').first().getAttribute('data-state')).toBe('active');
    await screenshot(page, 'share-dialog');

    // A logged-out visitor opens the link: title, annotations, no editing tools.
    const anon = await openPage(visitor);
    const anonProblems = watch(anon);
    await anon.goto(url.replace(/^https?:\/\/[^/]+/, srv.url));
    await anon.getByTestId('shared-title').waitFor({ timeout: 30_000 });
    expect(await anon.getByTestId('shared-title').textContent()).toBe(target.title);
    if (published.length) {
      const items = anon.getByTestId('shared-annotations').locator('li');
      await expect.poll(() => items.count()).toBe(published.length);
      for (const t of published) expect(await anon.getByTestId('shared-annotations').textContent()).toContain(t);
      await expect.poll(() => anon.locator('.shared-marker').count()).toBe(published.length);
    }
    expect(await anon.locator('#sidebar').count()).toBe(0);
    expect(await anon.getByTestId('open-print').count()).toBe(0);
    await anon.waitForFunction(() => !!window.__map && window.__map.loaded() && window.__map.areTilesLoaded(), undefined, { timeout: 30_000 });
    await screenshot(anon, 'share-shared-view');
    const phone = await openPage(visitor, { width: 360, height: 640 });
    await phone.goto(url.replace(/^https?:\/\/[^/]+/, srv.url));
    await phone.getByTestId('shared-title').waitFor({ timeout: 30_000 });
    await phone.waitForFunction(() => !!window.__map && window.__map.loaded() && window.__map.areTilesLoaded(), undefined, { timeout: 30_000 });
    await phone.waitForTimeout(300);
    await screenshot(phone, 'share-shared-view-360');
    await phone.close();

    // The embed, inside an iframe of another origin's page, at phone size: chrome-less.
    expect(new URL(otherUrl).origin).not.toBe(new URL(srv.url).origin);
    embedUrl = embedUrl.replace(/^https?:\/\/[^/]+/, srv.url);
    const site = await openPage(visitor, { width: 360, height: 640 });
    await site.goto(otherUrl);
    const frame = site.frameLocator('#embed');
    await frame.getByTestId('shared-embed').waitFor({ timeout: 30_000 });
    expect(await frame.locator('.bar h1').textContent()).toBe(target.title);
    expect(await frame.getByRole('link', { name: /Open the full map/ }).getAttribute('href')).toMatch(/^\/s\/[A-Za-z0-9_-]+$/);
    expect(await frame.locator('.banner').count()).toBe(0);
    expect(await frame.locator('#sidebar').count()).toBe(0);
    if (published.length) await expect.poll(() => frame.locator('.shared-marker').count()).toBe(published.length);
    await site.waitForTimeout(800);
    await screenshot(site, 'share-embed-360');
    await site.close();

    // Revoke in the dialog (two steps): the list says revoked, and the link is gone for the visitor.
    await page.getByTestId('share-revoke').first().click();
    await page.getByTestId('share-revoke').first().click();
    await expect.poll(() => page.getByTestId('share-link-item').first().getAttribute('data-state')).toBe('revoked');
    const token = url.split('/s/')[1]!;
    expect((await anon.request.get(`${srv.url}/api/shares/${token}`)).status()).toBe(404);
    // The visitor's open page notices when it comes back into view…
    await anon.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await anon.getByTestId('share-gone').waitFor({ timeout: 15_000 });
    expect(await anon.getByTestId('share-gone').textContent()).toContain(en.share.gone);
    expect(await anon.locator('.maplibregl-map').count()).toBe(0);
    await screenshot(anon, 'share-revoked-360');
    // … and opening the link again gets the server's short "does not work" page (404).
    const again = await anon.goto(`${srv.url}/s/${token}`);
    expect(again!.status()).toBe(404);
    expect(await anon.locator('body').textContent()).toMatch(/revoked/);

    expect(problems).toEqual([]);
    expect(anonProblems.filter((p) => !/404/.test(p))).toEqual([]);
    await anon.close();
    await page.close();
  }, 240_000);
});
