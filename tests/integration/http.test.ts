import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { binary, testApp, type TestApp } from '../helpers/app.js';
import { WEB_DIST } from '../../server/src/app.js';
import { BACKEND } from '../helpers/backend.js';
import { LAYERS } from '../../server/src/layers/registry.js';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t?.dispose(); });

describe(`HTTP hygiene (${BACKEND})`, () => {
  it('health reports backend, PostGIS version and migration level', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body.backend).toBe(BACKEND);
    expect(res.body.database.postgis).toMatch(/^3\.\d+/);
    expect(res.body.migrations.level).toBe(res.body.migrations.latest);
    expect(res.body.migrations.level).toBeGreaterThanOrEqual(1);
    expect(res.body.tiles.renderer).toBe(BACKEND === 'server' ? 'postgis-mvt' : 'node-geojson-vt');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/worker-src 'self' blob:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('echoes a sane X-Request-Id and makes one up otherwise; problems carry it', async () => {
    const a = await t.http.get('/api/nothing').set('X-Request-Id', 'abc-123');
    expect(a.headers['x-request-id']).toBe('abc-123');
    expect(a.body.requestId).toBe('abc-123');
    const b = await t.http.get('/api/health').set('X-Request-Id', '<script>alert(1)</script>');
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the web app: the page is revalidated, hashed assets are cached for good', async () => {
    const page = await t.http.get('/').expect(200).expect('Content-Type', /text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = /src="\/assets\/([^"]+\.js)"/.exec(page.text)?.[1];
    expect(asset, 'index.html references a hashed script').toBeTruthy();
    const a = await t.http.get(`/assets/${asset}`).expect(200);
    expect(a.headers['cache-control']).toMatch(/immutable/);
    await t.http.get('/assets/no-such-file.js').expect(404);
    const deep = await t.http.get('/some/client/route').expect(200).expect('Content-Type', /text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
  });

  it('sends the build\'s scripts compressed as the build wrote them: brotli or gzip as the client accepts, the file itself otherwise', async () => {
    const page = await t.http.get('/').expect(200);
    const asset = /src="\/assets\/([^"]+\.js)"/.exec(page.text)![1]!;
    const file = fs.readFileSync(path.join(WEB_DIST, 'assets', asset));
    const get = (accept: string) => t.http.get(`/assets/${asset}`).set('Accept-Encoding', accept).buffer(true).parse(binary as never).expect(200);
    const plain = await get('identity');
    const br = await get('gzip, deflate, br');
    const gz = await get('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const [res, onDisk] of [[plain, file], [br, fs.readFileSync(path.join(WEB_DIST, 'assets', `${asset}.br`))], [gz, fs.readFileSync(path.join(WEB_DIST, 'assets', `${asset}.gz`))]] as const) {
      // superagent decodes: every answer is the script itself; on the wire, the file written at build time.
      expect((res.body as Buffer).equals(file)).toBe(true);
      expect(Number(res.headers['content-length'])).toBe(onDisk.length);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(res.headers['cache-control']).toMatch(/immutable/);
    }
    expect(Number(br.headers['content-length'])).toBeLessThan(Number(gz.headers['content-length']));
  });

  it('unknown API routes are 404 problem+json', async () => {
    const res = await t.http.get('/api/nothing-here').expect(404).expect('Content-Type', /application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not found', instance: '/api/nothing-here' });
  });

  it('a body over the limit gets 413, broken JSON 400, both as problems', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) });
    const r1 = await t.http.post('/api/layers').set('Content-Type', 'application/json').send(big).expect(413);
    expect(r1.headers['content-type']).toMatch(/problem\+json/);
    expect(r1.body.detail).toMatch(/larger than the limit/);
    const r2 = await t.http.post('/api/layers').set('Content-Type', 'application/json').send('{"a": ').expect(400);
    expect(r2.body.detail).toMatch(/not valid JSON/);
  });

  it('OpenAPI 3.1 document lists every endpoint and each layer\'s filters from the zod schemas', async () => {
    const res = await t.http.get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const p of ['/api/health', '/api/layers', '/api/layers/{layer}', '/api/layers/{layer}/features/{id}', '/tiles/{layer}/{z}/{x}/{y}.mvt', '/tiles/{layer}.json']) {
      expect(res.body.paths[p], p).toBeTruthy();
    }
    for (const def of LAYERS) {
      const params = res.body.paths[`/api/layers/${def.id}/features`].get.parameters.map((x: { name: string }) => x.name);
      expect(params).toEqual(expect.arrayContaining(['bbox', 'limit', 'offset', 'provenance']));
      for (const a of def.attributes.filter((x) => x.filter && x.type === 'enum')) {
        const p = res.body.paths[`/api/layers/${def.id}/features`].get.parameters.find((x: { name: string }) => x.name === a.name);
        expect(p, `${def.id}.${a.name}`).toBeTruthy();
      }
    }
    const canalCondition = res.body.paths['/api/layers/canals/features'].get.parameters.find((x: { name: string }) => x.name === 'condition');
    expect(canalCondition.description).toMatch(/good, fair, poor, broken, unknown/);
  });
});
