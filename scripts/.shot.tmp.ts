import { chromium } from 'playwright-core';
const base = process.argv[2]!; const out = process.argv[3]!; const hash = process.argv[4] ?? '';
const email = process.argv[5];
const ctx = await chromium.launchPersistentContext('/tmp/shot-profile-' + Date.now(), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'] });
const page = await ctx.newPage();
const errs: string[] = [];
page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
await page.goto(base + '/' + hash);
await page.waitForTimeout(4000);
if (email) {
  await page.getByTestId('sign-in').click();
  const d = page.getByTestId('login-dialog');
  await d.locator('input[name=email]').fill(email);
  await d.locator('input[type=password]').fill('demo-password');
  await d.locator('button[type=submit]').click();
  await page.waitForTimeout(5000);
}
await page.screenshot({ path: out });
console.log('errors:', errs);
await ctx.close();
