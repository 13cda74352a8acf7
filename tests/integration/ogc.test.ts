// OGC API - Features at /ogc, read by GDAL's OAPIF driver (what QGIS uses too): every layer's feature
// count and attributes equal the features API's; annotations follow the visibility rule (GDAL has no
// session: published only); bad input answers problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { BACKEND } from '../helpers/backend.js';
import type { TestApp } from '../helpers/app.js';
import { appWithAuth } from '../helpers/session.js';
import { LAYERS } from '../../server/src/layers/registry.js';
import { CONFORMANCE } from '../../server/src/ogc/ogc.routes.js';

const run = promisify(execFile);
let t: TestApp;
let server: Server;
let base = '';

beforeAll(async () => {
  t = await appWithAuth();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.dispose();
});

async function ogrJson(layer: string) {
  // GDAL 3.6 (Debian 12) has no `ogrinfo -json`: convert to GeoJSON on stdout instead.
  const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${base}/ogc`, layer], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  return JSON.parse(stdout) as { features: { properties: Record<string, unknown> }[] };
}

describe(`OGC API - Features (${BACKEND})`, () => {
  it('landing page, conformance and collections are linked as the standard says', async () => {
    const landing = await t.http.get('/ogc').expect(200);
    const rels = landing.body.links.map((l: { rel: string }) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    const conf = await t.http.get('/ogc/conformance').expect(200);
    expect(conf.body.conformsTo).toEqual(CONFORMANCE);
    const cols = await t.http.get('/ogc/collections?lang=ru').expect(200);
    expect(cols.body.collections.map((c: { id: string }) => c.id)).toEqual([...LAYERS.map((l) => l.id), 'annotations']);
    const canals = cols.body.collections.find((c: { id: string }) => c.id === 'canals');
    expect(canals.title).toMatch(/[а-я]/);
    expect(canals.extent.spatial.bbox[0]).toHaveLength(4);
  });

  it('GDAL (OAPIF driver) lists every collection and reads each layer with the same count and attributes as the features API', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-q', `OAPIF:${base}/ogc`], { timeout: 60_000 });
    for (const l of LAYERS) expect(stdout).toContain(l.id);
    expect(stdout).toContain('annotations');
    for (const def of LAYERS) {
      const api = await t.http.get(`/api/layers/${def.id}/features?limit=1000`).expect(200);
      const ogr = await ogrJson(def.id);
      const features = ogr.features;
      expect(features.length, def.id).toBe(api.body.numberMatched);
      // GDAL keeps the id as the FID only: compare the rows by all their attribute values instead (as text:
      // GDAL guesses a column's type from the first page, so a year may come back as "2022").
      const key = (p: Record<string, unknown>) => JSON.stringify(Object.keys(p).filter((k) => k !== 'id').sort().map((k) => [k, String(p[k] ?? '')]));
      const apiRows = api.body.features.map((f: { properties: Record<string, unknown> }) => key(f.properties)).sort();
      const ogrRows = features.map((f) => key(f.properties)).sort();
      expect(ogrRows, def.id).toEqual(apiRows);
    }
  }, 180_000);

  it('pages with next links until numberMatched, and honours bbox', async () => {
    const first = await t.http.get('/ogc/collections/settlements/items?limit=10').expect(200);
    expect(first.body.numberReturned).toBe(10);
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toContain('offset=10');
    const karakol = await t.http.get('/ogc/collections/canals/items?bbox=78.3,42.4,78.5,42.6&limit=1000').expect(200);
    const all = await t.http.get('/ogc/collections/canals/items?limit=1000').expect(200);
    expect(karakol.body.numberMatched).toBeGreaterThan(0);
    expect(karakol.body.numberMatched).toBeLessThanOrEqual(all.body.numberMatched);
  });

  it('annotations: GDAL without a session reads the published ones only, never a draft', async () => {
    const published = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotations WHERE status <> 'draft' AND deleted_at IS NULL`.execute(t.database.db)).rows[0]!.n);
    const drafts = (await sql<{ title: string }>`SELECT title FROM annotations WHERE status = 'draft' AND deleted_at IS NULL`.execute(t.database.db)).rows;
    expect(published).toBeGreaterThan(0);
    const ogr = await ogrJson('annotations');
    const features = ogr.features;
    expect(features.length).toBe(published);
    const titles = new Set(features.map((f) => f.properties.title));
    for (const d of drafts) expect(titles.has(d.title), d.title).toBe(false);
    expect(features.every((f) => f.properties.status !== 'draft')).toBe(true);
  }, 60_000);

  it.each([
    ['/ogc/collections/nope', 404],
    ['/ogc/collections/nope/items', 404],
    ['/ogc/collections/canals/items?f=xml', 400],
    ['/ogc/collections/canals/items?bbox=1,2,3', 400],
    ['/ogc/collections/canals/items?datetime=2020-01-01T00:00:00Z', 400],
    ["/ogc/collections/canals/items?condition=good'%3B%20DROP%20TABLE%20canals%3B--", 400],
    ['/ogc/collections/canals/items/abc', 400],
    ['/ogc/collections/canals/items/99999999', 404],
    ['/ogc/collections/annotations/items/not-a-uuid', 400],
    ['/ogc/collections/annotations/items/00000000-0000-4000-8000-000000000000', 404],
    ['/ogc?unknown=1', 400],
  ])('%s → %i problem+json', async (url, status) => {
    const res = await t.http.get(url);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toBeTruthy();
  });
});
