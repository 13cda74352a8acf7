// Headless Debian Chromium through playwright-core (no browser download), as the recipe says:
// a persistent context in a throwaway profile, WebGL through SwiftShader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../screenshots');

export interface Browser { context: BrowserContext; close(): Promise<void> }

export async function launchBrowser(opts: { locale?: string } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: opts.locale ?? 'en-GB',
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
  });
  return {
    context,
    close: async () => { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); },
  };
}

/** A page that exposes the map to the test (window.__map), and records what it asked the network for. */
export async function openPage(browser: Browser, opts: { width?: number; height?: number } = {}): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: opts.width ?? 1440, height: opts.height ?? 900 });
  // __E2E__ makes the app expose window.__map. __name: esbuild (tsx) wraps functions passed to
  // page.evaluate in a helper of that name, which the page does not have.
  await page.addInitScript('window.__E2E__ = true; window.__name = (f) => f;');
  return page;
}

/** Wait until the map exists, has loaded its style and is idle (no tiles or transitions pending). */
export async function waitForMapIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => !!window.__map && window.__map.loaded(), undefined, { timeout });
  await page.evaluate(() => new Promise<void>((resolve) => {
    const map = window.__map!;
    // Data layers are added after /api/layers answers; wait for them, then for an idle frame.
    const ready = () => map.getLayersOrder().some((id) => id.startsWith('canals') || id.startsWith('settlements'));
    const check = () => {
      if (ready() && map.loaded() && map.areTilesLoaded()) { map.once('idle', () => resolve()); map.triggerRepaint(); }
      else setTimeout(check, 50);
    };
    check();
  }));
}

/** Rendered features per source in the current view. */
export async function renderedSources(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const f of window.__map!.queryRenderedFeatures()) counts[f.source] = (counts[f.source] ?? 0) + 1;
    return counts;
  });
}

/**
 * Save tests/screenshots/{name}.png. Headless Chromium sometimes answers a capture with "Unable to
 * capture screenshot" when the machine is loaded (a compositor frame that did not come in time;
 * puppeteer/puppeteer#5341); that one error is retried after a frame, up to three tries, any other
 * error fails at once. What the test asserts is checked before, on the page itself.
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<Buffer> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
    } catch (e) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test(String(e))) throw e;
      await page.waitForTimeout(250 * attempt);
    }
  }
}

/**
 * A point on screen (page coordinates) where a rendered feature of the given source is hit by a
 * click, preferring spots where nothing else is: samples along lines and at points, and checks
 * each candidate with queryRenderedFeatures.
 */
export async function featurePoint(page: Page, source: string, opts: { geometry?: string } = {}): Promise<{ x: number; y: number; id: number | string }> {
  const found = await page.evaluate(({ source, geometry }) => {
    const map = window.__map!;
    const canvas = map.getCanvas();
    const rect = canvas.getBoundingClientRect();
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const layers = map.getLayersOrder().filter((id) => map.getLayer(id)?.source === source);
    let fallback: { x: number; y: number; id: number | string } | null = null;
    for (const f of map.queryRenderedFeatures({ layers })) {
      if (geometry && f.geometry.type !== geometry) continue;
      const g = f.geometry as { type: string; coordinates: unknown };
      const lines: number[][][] = g.type === 'Point' ? [[g.coordinates as number[]]] : g.type === 'LineString' ? [g.coordinates as number[][]] : g.type === 'MultiLineString' || g.type === 'Polygon' ? (g.coordinates as number[][][]) : [];
      for (const line of lines) {
        for (let i = 0; i < line.length; i++) {
          const a = line[i]!;
          const b = line[i + 1] ?? a;
          for (const t of [0.5, 0.25, 0.75, 0]) {
            const p = map.project([a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t] as [number, number]);
            if (p.x < 60 || p.y < 60 || p.x > w - 60 || p.y > h - 60) continue;
            const hits = map.queryRenderedFeatures([[p.x - 3, p.y - 3], [p.x + 3, p.y + 3]], { layers: map.getLayersOrder().filter((id) => !id.startsWith('basemap') && !id.startsWith('selection')) });
            if (!hits.some((x) => x.source === source && x.id === f.id)) continue;
            const here = { x: p.x + rect.left, y: p.y + rect.top, id: f.id as number | string };
            if (hits.every((x) => x.source === source && x.id === f.id)) return here;
            fallback ??= here;
          }
        }
      }
    }
    return fallback;
  }, { source, geometry: opts.geometry });
  if (!found) throw new Error(`No clickable ${source} feature in view`);
  return found;
}
