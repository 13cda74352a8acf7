// Signing in during browser tests: through the page's own login dialog, or as an API client (cookies +
// CSRF) as a second device of the same person would; and what a page logged as errors.
import { expect } from 'vitest';
import { request, type APIRequestContext, type Page } from 'playwright-core';

/** The shared password of the demo accounts (README). */
export const DEMO_PASSWORD = 'demo-password';

/** A signed-in API client and its CSRF token. */
export async function apiAs(baseURL: string, email: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL });
  const s = await (await api.get('/api/auth/session')).json();
  const res = await api.post('/api/auth/login', { headers: { 'X-CSRF-Token': s.csrfToken }, data: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return { api, csrf: (await res.json()).csrfToken };
}

/** Uncaught errors and console errors of a page (a 401 or 412 the test provokes on purpose aside). */
export function errorsOf(page: Page): string[] {
  const list: string[] = [];
  page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (401|412)/.test(m.text())) list.push(`console: ${m.text()}`); });
  return list;
}

/** Sign in through the login dialog and wait for the account button. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.getByTestId('sign-in').click();
  const dialog = page.getByTestId('login-dialog');
  await dialog.locator('input[name=email]').fill(email);
  await dialog.locator('input[name=password]').fill(DEMO_PASSWORD);
  await dialog.locator('button[type=submit]').click();
  await page.getByTestId('account-button').waitFor();
}

/** Page coordinates of a map position (window.__map exists when __E2E__ is set). */
export const toScreen = (page: Page, lngLat: [number, number]) => page.evaluate((ll) => {
  const m = window.__map!;
  const r = m.getCanvas().getBoundingClientRect();
  const p = m.project(ll);
  return { x: p.x + r.left, y: p.y + r.top };
}, lngLat);
