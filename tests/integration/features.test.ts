import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePopulationGrid } from '../../server/src/seed/population-grid.js';
import { check } from '@placemarkio/check-geojson';
import * as turf from '@turf/turf';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { LAYERS } from '../../server/src/layers/registry.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  // The demo has no population grid (none is reachable offline): an illustrative one around a small settlement (49 cells) gives that layer rows.
  await writePopulationGrid(t.database.db, { around: 'demo:karakol-neighbourhood-east', seed: 3 }, 5000);
});
afterAll(async () => { await t?.dispose(); });

const count = async (table: string, where = sql`TRUE`) =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(t.database.db)).rows[0]!.n);

describe(`features API (${BACKEND})`, () => {
  it.each(LAYERS.map((l) => l.id))('%s: valid RFC 7946 GeoJSON with every row reachable through next links, in id order', async (id) => {
    const total = await count(id);
    expect(total).toBeGreaterThan(0);
    const seen: number[] = [];
    let url: string | undefined = `/api/layers/${id}/features?limit=7`;
    for (let guard = 0; url && guard < 200; guard++) {
      const res: { text: string; body: any } = await t.http.get(url).expect(200).expect("Content-Type", /application\/geo\+json/);
      const fc = check(res.text); // throws on invalid GeoJSON (winding, positions, structure)
      expect(fc.type).toBe('FeatureCollection');
      expect(res.body.numberMatched).toBe(total);
      expect(res.body.numberReturned).toBe(res.body.features.length);
      seen.push(...res.body.features.map((f: { id: number }) => f.id));
      const next: { href: string } | undefined = res.body.links.find((l: { rel: string }) => l.rel === 'next');
      url = next ? new URL(next.href).pathname + new URL(next.href).search : undefined;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('every feature carries its provenance and names in three languages', async () => {
    const res = await t.http.get('/api/layers/canals/features?limit=1000').expect(200);
    for (const f of res.body.features) {
      expect(['real', 'derived', 'placeholder', 'illustrative']).toContain(f.properties.provenance);
      expect(f.properties.source).toBeTruthy();
      expect(f.properties.licence).toBeTruthy();
      for (const l of ['ky', 'ru', 'en']) expect(f.properties[`name_${l}`]).toBeTruthy();
    }
  });

  it('bbox returns exactly the features that intersect it (checked with turf)', async () => {
    const bbox: [number, number, number, number] = [78.37, 42.47, 78.40, 42.50];
    const all = (await t.http.get('/api/layers/canals/features?limit=1000').expect(200)).body.features;
    const inBox = (await t.http.get(`/api/layers/canals/features?bbox=${bbox.join(',')}&limit=1000`).expect(200)).body.features;
    const poly = turf.bboxPolygon(bbox);
    const expected = all.filter((f: GeoJSON.Feature) => turf.booleanIntersects(f as never, poly)).map((f: { id: number }) => f.id);
    expect(inBox.map((f: { id: number }) => f.id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
  });

  it('enum, boolean, text and range filters select what the database says they should', async () => {
    const res = await t.http.get('/api/layers/canals/features?condition=poor,broken&limit=1000').expect(200);
    expect(res.body.numberMatched).toBe(await count('canals', sql`condition IN ('poor','broken')`));
    expect(res.body.features.every((f: { properties: { condition: string } }) => ['poor', 'broken'].includes(f.properties.condition))).toBe(true);
    const big = await t.http.get('/api/layers/settlements/features?population_min=100000&limit=1000').expect(200);
    expect(big.body.numberMatched).toBe(await count('settlements', sql`population >= 100000`));
    expect(big.body.numberMatched).toBeGreaterThan(0);
    const fac = await t.http.get('/api/layers/facilities/features?kind=market').expect(200);
    expect(fac.body.features.map((f: { properties: { name_en: string } }) => f.properties.name_en).join(' ')).toMatch(/Ak-Tilek/);
    const none = await t.http.get('/api/layers/settlements/features?electricity=none').expect(200);
    expect(none.body.features.some((f: { properties: { name_en: string } }) => /Novopokrovka/.test(f.properties.name_en))).toBe(true);
    const lined = await t.http.get('/api/layers/canals/features?lined=true').expect(200);
    expect(lined.body.numberMatched).toBe(await count('canals', sql`lined`));
  });

  it('a limit above the maximum is clamped and the answer says so', async () => {
    const res = await t.http.get('/api/layers/settlements/features?limit=5000').expect(200);
    expect(res.body.limit).toBe(1000);
    expect(res.body.limitClamped).toEqual({ requested: 5000, maximum: 1000 });
    expect(res.headers['x-limit-clamped']).toBe('5000->1000');
  });

  it('one feature by id; unknown id → 404; malformed id → 400', async () => {
    const list = await t.http.get('/api/layers/facilities/features?limit=1').expect(200);
    const id = list.body.features[0].id;
    const one = await t.http.get(`/api/layers/facilities/features/${id}`).expect(200);
    expect(one.body.id).toBe(id);
    check(JSON.stringify({ type: 'FeatureCollection', features: [{ ...one.body, links: undefined }] }));
    const nf = await t.http.get('/api/layers/facilities/features/999999999').expect(404).expect('Content-Type', /application\/problem\+json/);
    expect(nf.body.detail).toMatch(/no feature 999999999/);
    await t.http.get('/api/layers/facilities/features/abc').expect(400);
    await t.http.get('/api/layers/facilities/features/0').expect(400);
  });
});

describe(`bad input → 400/404 problem+json (${BACKEND})`, () => {
  const cases: [string, number, RegExp][] = [
    ['/api/layers/nope/features', 404, /no layer 'nope'/],
    ['/api/layers/canals/features?bbox=80,40,70,42', 400, /minLon must not be greater than maxLon/],
    ['/api/layers/canals/features?bbox=-181,40,70,42', 400, /longitudes must be between -180 and 180/],
    ['/api/layers/canals/features?bbox=70,-91,71,42', 400, /latitudes must be between -90 and 90/],
    ['/api/layers/canals/features?bbox=NaN,40,71,42', 400, /finite decimal number/],
    ['/api/layers/canals/features?bbox=70,40,71,42,5', 400, /expected 4 comma-separated numbers/],
    ['/api/layers/canals/features?bbox=70,40,71', 400, /expected 4/],
    ['/api/layers/canals/features?limit=0', 400, /limit must be at least 1/],
    ['/api/layers/canals/features?limit=-5', 400, /limit must be at least 1/],
    ['/api/layers/canals/features?limit=2.5', 400, /limit must be a whole number/],
    ['/api/layers/canals/features?limit=ten', 400, /limit must be a whole number/],
    ['/api/layers/canals/features?offset=-1', 400, /offset/],
    ['/api/layers/canals/features?condition=excellent', 400, /'excellent' is not allowed/],
    ['/api/layers/canals/features?lined=maybe', 400, /true or false/],
    ['/api/layers/canals/features?colour=red', 400, /colour/],
    ['/api/layers/canals/features?limit=1&limit=2', 400, /limit/],
    ['/api/layers?lang=fr', 400, /ky, ru or en/],
  ];
  it.each(cases)('%s → %i', async (url, status, detail) => {
    const res = await t.http.get(url).expect(status).expect('Content-Type', /application\/problem\+json/);
    expect(res.body.status).toBe(status);
    expect(res.body.title).toBeTruthy();
    expect(res.body.detail).toMatch(detail);
    expect(res.body.type).toMatch(/^\/problems\//);
  });

  const injections = [
    "condition=good');DROP TABLE canals;--",
    "municipality=Karakol'; DELETE FROM canals; --",
    'municipality=x%27%20OR%201%3D1--',
    'bbox=1,2,3,4);DROP TABLE canals;--',
    "limit=1;DROP TABLE canals",
    "offset=0 OR 1=1",
    'operator=%22%3B%20TRUNCATE%20datasets%20CASCADE%3B',
    'dataset_id=$$;DROP SCHEMA public CASCADE;$$',
  ];
  it.each(injections)('SQL fragment %s → 400 and nothing changes', async (qs) => {
    const before = await Promise.all(LAYERS.map((l) => count(l.table)));
    const res = await t.http.get(`/api/layers/canals/features?${qs}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const after = await Promise.all(LAYERS.map((l) => count(l.table)));
    expect(after).toEqual(before);
    expect(await count('datasets')).toBeGreaterThan(0);
  });

  it('a value with an apostrophe is legitimate text, bound as a value (no match, no harm)', async () => {
    const before = await count('canals');
    const res = await t.http.get("/api/layers/canals/features?municipality=Kara-Kul'").expect(200);
    expect(res.body.numberMatched).toBe(0);
    expect(await count('canals')).toBe(before);
  });
});
