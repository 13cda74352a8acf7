import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { LAYERS } from '../../server/src/layers/registry.js';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t?.dispose(); });

describe(`/api/layers (${BACKEND})`, () => {
  it('describes every layer with titles, attributes and enum values in ky, ru and en', async () => {
    const res = await t.http.get('/api/layers').expect(200);
    expect(res.body.layers.map((l: { id: string }) => l.id)).toEqual(LAYERS.map((l) => l.id));
    for (const l of res.body.layers) {
      for (const lang of ['ky', 'ru', 'en']) {
        expect(l.title[lang], `${l.id} title ${lang}`).toBeTruthy();
        for (const a of l.attributes) {
          expect(a.label[lang], `${l.id}.${a.name} label ${lang}`).toBeTruthy();
          for (const v of a.values ?? []) expect(v.label[lang], `${l.id}.${a.name}=${v.value} ${lang}`).toBeTruthy();
        }
        for (const s of l.legend) {
          expect(s.title[lang]).toBeTruthy();
          for (const i of s.items) expect(i.label[lang]).toBeTruthy();
        }
      }
      expect(['line', 'point', 'area-or-point']).toContain(l.geometryType);
    }
  });

  it('counts and extents agree with the database', async () => {
    const res = await t.http.get('/api/layers').expect(200);
    for (const l of res.body.layers) {
      const r = await sql<{ n: number; xmin: number; ymax: number }>`SELECT count(*)::int n, ST_XMin(ST_Extent(geom)::box3d) xmin, ST_YMax(ST_Extent(geom)::box3d) ymax FROM ${sql.table(l.id)}`.execute(t.database.db);
      expect(l.featureCount).toBe(Number(r.rows[0]!.n));
      if (l.featureCount === 0) { expect(l.extent).toBeNull(); continue; } // e.g. population: no grid in the demo
      expect(l.extent[0]).toBeCloseTo(Number(r.rows[0]!.xmin), 9);
      expect(l.extent[3]).toBeCloseTo(Number(r.rows[0]!.ymax), 9);
      expect(l.provenance.summary.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBe(l.featureCount);
    }
  });

  it('canals are marked illustrative, drawn dashed and named schematic in the legend', async () => {
    const res = await t.http.get('/api/layers/canals').expect(200);
    expect(res.body.provenance.illustrativeCount).toBe(res.body.featureCount);
    const dashed = res.body.style.layers.find((s: { id: string }) => s.id === 'canals-line-illustrative');
    expect(dashed.paint['line-dasharray']).toBeTruthy();
    expect(dashed.filter).toEqual(['==', ['get', 'provenance'], 'illustrative']);
    const prov = res.body.legend.find((s: { title: { en: string } }) => s.title.en === 'Data provenance');
    const item = prov.items.find((i: { dashed?: boolean }) => i.dashed);
    expect(item.label.en).toMatch(/Schematic/);
    expect(item.label.ru).toMatch(/Схема/);
  });

  it('the style layers form a valid MapLibre style, with labels in the requested language', async () => {
    for (const lang of ['ky', 'ru', 'en']) {
      const res = await t.http.get(`/api/layers?lang=${lang}`).expect(200);
      const style = {
        version: 8,
        sources: Object.fromEntries(res.body.layers.map((l: { id: string; links: { tiles: string } }) => [l.id, { type: 'vector', tiles: [l.links.tiles] }])),
        layers: res.body.layers.flatMap((l: { style: { layers: unknown[] } }) => l.style.layers),
      };
      expect(validateStyleMin(style as never)).toEqual([]);
      const label = style.layers.find((s: { id: string }) => s.id === 'settlements-label') as { layout: { 'text-field': unknown[] } };
      expect(JSON.stringify(label.layout['text-field'])).toContain(`name_${lang}`);
    }
  });

  it('the legend colours are the colours the style paints', async () => {
    const res = await t.http.get('/api/layers/canals').expect(200);
    const paint = JSON.stringify(res.body.style.layers.find((s: { id: string }) => s.id === 'canals-line').paint['line-color']);
    const cond = res.body.legend[0];
    expect(cond.items.length).toBe(5);
    for (const i of cond.items) expect(paint).toContain(i.color);
  });

  it('the combined attribution names every dataset in use', async () => {
    const res = await t.http.get('/api/layers').expect(200);
    const used = await sql<{ d: string }>`SELECT DISTINCT dataset_id d FROM (SELECT dataset_id FROM canals UNION SELECT dataset_id FROM settlements UNION SELECT dataset_id FROM facilities UNION SELECT dataset_id FROM power_lines UNION SELECT dataset_id FROM water_mains UNION SELECT dataset_id FROM roads) s`.execute(t.database.db);
    expect(res.body.attribution.map((a: { dataset: string }) => a.dataset).sort()).toEqual(used.rows.map((r) => r.d).sort());
    const text = res.body.attribution.map((a: { attribution: string }) => a.attribution).join(' ');
    expect(text).toMatch(/GeoNames/);
    expect(text).toMatch(/illustrative|Illustrative/);
  });

  it('unknown layer → 404 problem', async () => {
    const res = await t.http.get('/api/layers/rivers').expect(404).expect('Content-Type', /problem\+json/);
    expect(res.body.detail).toMatch(/no layer 'rivers'/);
  });
});
