import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { toCyrillic, toLatin } from '../../server/src/search/translit.js';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t?.dispose(); });

describe(`search (${BACKEND})`, () => {
  it.each(['Каракол', 'Karakol', 'karakol', 'КАРАКОЛ', 'Карак'])('"%s" finds Karakol first', async (q) => {
    const res = await t.http.get(`/api/search?q=${encodeURIComponent(q)}`).expect(200);
    const first = res.body.results.find((r: { type: string }) => r.type === 'settlement');
    expect(first.names.en).toBe('Karakol');
    expect(first.names.ru).toBe('Каракол');
    expect(first.center[0]).toBeCloseTo(78.39, 1);
    expect(first.subtitle.ky).toBeTruthy();
  });

  it('finds facilities and projects too, in any script', async () => {
    const a = await t.http.get(`/api/search?q=${encodeURIComponent('Ак-Тилек')}`).expect(200);
    expect(a.body.results.some((r: { type: string; names: { en: string } }) => r.type === 'facility' && /Ak-Tilek/.test(r.names.en))).toBe(true);
    const b = await t.http.get('/api/search?q=Novopokrovka').expect(200);
    expect(b.body.results.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['project', 'settlement']));
    const c = await t.http.get(`/api/search?q=${encodeURIComponent('Бишкек')}`).expect(200);
    expect(c.body.results[0].names.en).toBe('Bishkek');
  });

  it('LIKE wildcards are literal and a query with no match is an empty list', async () => {
    expect((await t.http.get('/api/search?q=%25').expect(400)).body.detail).toMatch(/q may contain/);
    expect((await t.http.get('/api/search?q=zzzqqq').expect(200)).body.results).toEqual([]);
  });

  it.each([['', /q must not be empty/], ['a'.repeat(101), /at most 100/], ["x';DROP TABLE settlements;--", /q may contain/]])('bad q %s → 400', async (q, msg) => {
    const res = await t.http.get(`/api/search?q=${encodeURIComponent(q)}`).expect(400);
    expect(res.body.detail).toMatch(msg);
  });

  it('transliterates both ways', () => {
    expect(toCyrillic('Novopokrovka')).toBe('новопокровка');
    expect(toLatin('Каракол')).toBe('karakol');
    expect(toCyrillic('Bishkek')).toBe('бишкек');
  });
});

describe(`nearest facility (${BACKEND})`, () => {
  it('orders by geodesic distance, and the distance agrees with turf within 0.5%', async () => {
    const origin = [74.7560, 42.8420]; // the Novopokrovka konush
    const res = await t.http.get(`/api/nearest?lon=${origin[0]}&lat=${origin[1]}&kind=oncology&limit=3`).expect(200);
    expect(res.body.results.length).toBeGreaterThan(0);
    const d = res.body.results.map((r: { distance_m: number }) => r.distance_m);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    for (const r of res.body.results) {
      const turfM = turf.distance(origin, r.center, { units: meters() });
      expect(Math.abs(r.distance_m - turfM) / turfM).toBeLessThan(0.005);
    }
    expect(res.body.results[0].names.en).toMatch(/National Center of Oncology/);
  });

  it.each([
    ['lon=200&lat=42&kind=clinic', /lon must be between/],
    ['lon=74&lat=42&kind=spaceport', /kind must be one of/],
    ['lon=74&lat=abc&kind=clinic', /lat must be a decimal number/],
    ['lon=74&lat=42&kind=clinic&limit=50', /limit must be at most 20/],
  ])('%s → 400', async (qs, msg) => {
    expect((await t.http.get(`/api/nearest?${qs}`).expect(400)).body.detail).toMatch(msg);
  });
});

function meters(): 'meters' { return 'meters'; }

describe(`basemap and projects (${BACKEND})`, () => {
  it('serves an offline basemap from real open data with its attribution', async () => {
    const res = await t.http.get('/api/basemap').expect(200);
    expect(res.body.mode).toBe('offline');
    expect(Object.keys(res.body.sources)).toEqual(['basemap-country', 'basemap-lakes', 'basemap-rivers', 'basemap-outside']);
    expect(res.body.layers[0].type).toBe('background');
    expect(res.body.attribution.map((a: { attribution: string }) => a.attribution).join(' ')).toMatch(/Natural Earth.*GSHHG/);
    const lakes = await t.http.get('/basemap/lakes.geojson').expect(200).expect('Content-Type', /geo\+json/);
    const issykKul = JSON.parse(lakes.text).features.map((f: GeoJSON.Feature) => turf.area(f as never)).sort((a: number, b: number) => b - a)[0];
    expect(issykKul / 1e6).toBeGreaterThan(6000); // Issyk-Kul ≈ 6,200 km²
    await t.http.get('/basemap/ocean.geojson').expect(404);
  });

  it('paints the country as the background and fills only what lies around it', async () => {
    const style = (await t.http.get('/api/basemap').expect(200)).body;
    const country = JSON.parse((await t.http.get('/basemap/country.geojson').expect(200)).text) as GeoJSON.FeatureCollection;
    const res = await t.http.get('/basemap/outside.geojson').expect(200).expect('Content-Type', /geo\+json/);
    expect(res.headers.etag).toBeTruthy();
    await t.http.get('/basemap/outside.geojson').set('If-None-Match', res.headers.etag!).expect(304);
    const outside = JSON.parse(res.text) as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon>;
    expect(outside.features).toHaveLength(1);
    expect(outside.features[0]!.properties).toMatchObject({ role: 'outside', source: country.features[0]!.properties!.source, licence: country.features[0]!.properties!.licence });
    const inside = (lng: number, lat: number, f: GeoJSON.Feature) => turf.booleanPointInPolygon(turf.point([lng, lat]), f as never);
    const out = outside.features[0]!;
    const kg = country.features[0]!;
    // Bishkek, Karakol, Osh, Naryn: in the country, not outside; Almaty, Tashkent, Kashgar, the far side of the world: outside.
    for (const [lng, lat] of [[74.59, 42.87], [78.39, 42.49], [72.8, 40.52], [76.0, 41.43]] as const) { expect(inside(lng, lat, kg)).toBe(true); expect(inside(lng, lat, out)).toBe(false); }
    for (const [lng, lat] of [[76.95, 43.24], [69.24, 41.31], [75.99, 39.47], [-120, -40], [179.9, 89]] as const) { expect(inside(lng, lat, kg)).toBe(false); expect(inside(lng, lat, out)).toBe(true); }
    // Sokh, an enclave of Uzbekistan within Kyrgyzstan (a hole in the country's polygon), is outside.
    expect(inside(71.1, 39.96, kg)).toBe(false);
    expect(inside(71.1, 39.96, out)).toBe(true);
    // Together they cover the world once: the areas add up to the world's.
    expect(Math.abs(turf.area(out as never) + turf.area(kg as never) - turf.area(turf.bboxPolygon([-180, -90, 180, 90]) as never)) / 1e6).toBeLessThan(1);
    // The background has the country's colour, the fill around it another; no fill of the country itself.
    const bg = style.layers.find((l: { id: string }) => l.id === 'basemap-background');
    const around = style.layers.find((l: { id: string }) => l.id === 'basemap-outside');
    expect(around).toMatchObject({ type: 'fill', source: 'basemap-outside' });
    expect(bg.paint['background-color']).not.toBe(around.paint['fill-color']);
    expect(style.layers.filter((l: { type: string; source?: string }) => l.type === 'fill' && l.source === 'basemap-country')).toEqual([]);
  });

  it('lists the six grant projects with titles in three languages', async () => {
    const res = await t.http.get('/api/projects').expect(200);
    expect(res.body.projects).toHaveLength(6);
    for (const p of res.body.projects) for (const l of ['ky', 'ru', 'en']) { expect(p.title[l]).toBeTruthy(); expect(p.summary[l]).toBeTruthy(); }
  });
});
