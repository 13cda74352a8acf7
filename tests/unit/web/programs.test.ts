// The web map rewrites colours, widths and radii into one kind per property so that its layers share
// shader programs (web/src/map/programs.ts). Here every rewrite of every style layer the map is given
// (the registry's layers, the basemap's, and the forms the web app's own overlays use) is checked
// against MapLibre's own evaluator: the same value at every zoom for every sample feature, and the
// kind the property is meant to have, so that one program per layer type (and dash) is left.
import { describe, expect, it } from 'vitest';
import * as ss from '@maplibre/maplibre-gl-style-spec';
import { MAP_LAYERS } from '../../../server/src/layers/registry.js';
import { styleLayers, type StyleLayer } from '../../../server/src/layers/style.js';
import { BasemapService } from '../../../server/src/basemap/basemap.service.js';
import { sharedPaint, sharedValue } from '../../../web/src/map/programs.js';

const spec = ss.latest as unknown as Record<string, Record<string, unknown>>;
type Parsed = { result: string; value: { kind: string; evaluate(g: unknown, f: unknown): unknown } | unknown[] };
const parse = (v: unknown, type: string, prop: string) =>
  (ss.createPropertyExpression as unknown as (e: unknown, k: string, s: unknown) => Parsed)(v, `paint.${prop}`, spec[`paint_${type}`]![prop]);

function value(v: unknown, type: string, prop: string, zoom: number, feature: unknown): unknown {
  if (!Array.isArray(v)) {
    const propSpec = spec[`paint_${type}`]![prop] as { type: string };
    return propSpec.type === 'color' ? ss.Color.parse(v as string) : v;
  }
  const e = parse(v, type, prop);
  expect(e.result, `${type} ${prop} ${JSON.stringify(v)}`).toBe('success');
  return (e.value as { evaluate(g: unknown, f: unknown): unknown }).evaluate({ zoom }, feature);
}

const TYPES = { Point: 1, LineString: 2, Polygon: 3 } as const;
const SAMPLES: Record<string, unknown>[] = [
  {}, { provenance: 'illustrative' }, { provenance: 'placeholder' }, { status: 'draft' }, { status: 'open', severity: 3 },
  { condition: 'poor', class: 'main' }, { condition: 'good', class: 'drain' }, { kind: 'clinic' }, { kind: 'school' },
  { services_missing: 0 }, { services_missing: 2, water: 'none' }, { services_missing: 3 }, { category: 'broken_canal' }, { band: 'good' },
].map((p) => ({ name_en: 'X', services_missing: 0, provenance: 'real', ...p }));

const basemap = (await new BasemapService('offline', '').style('')).layers as unknown as StyleLayer[];
/** What the web app's own overlays give (SelectionLayer, CommitmentsLayer, VisitsLayer, ImportPreviewLayer …). */
const OVERLAYS: StyleLayer[] = [
  { id: 'o-line', type: 'line', paint: { 'line-color': '#1f2933', 'line-width': 5 } },
  { id: 'o-line-dash', type: 'line', paint: { 'line-color': '#d55e00', 'line-width': 3, 'line-dasharray': [2, 1.5] } },
  { id: 'o-line-step', type: 'line', paint: { 'line-color': '#000000', 'line-width': ['step', ['zoom'], 1, 12, 3] } },
  { id: 'o-point', type: 'circle', paint: { 'circle-radius': 8, 'circle-color': '#ffffff' } },
  { id: 'o-badge', type: 'circle', paint: { 'circle-radius': 11, 'circle-color': ['match', ['get', 'band'], 'good', '#1b6e3a', '#b3261e'], 'circle-stroke-color': ['case', ['==', ['get', 'status'], 'draft'], 'rgba(255, 255, 255, 0.5)', '#ffffff'] } },
  { id: 'o-fill', type: 'fill', paint: { 'fill-color': '#1f2933', 'fill-opacity': 0.12 } },
  { id: 'o-fill-zoom', type: 'fill', paint: { 'fill-color': '#b7d6ea', 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 5, 0.2, 12, 0.6] } },
];
const ALL: StyleLayer[] = [...MAP_LAYERS.flatMap((d) => styleLayers(d, 'en')), ...basemap, ...OVERLAYS];
const KIND = { feature: 'source', 'zoom-and-feature': 'composite' } as const;

describe('one shader program per layer type: the rewritten paint', () => {
  it('covers line, circle and fill layers of every source the map is given', () => {
    const types = new Set(ALL.map((l) => l.type));
    for (const t of ['line', 'circle', 'fill']) expect(types.has(t)).toBe(true);
    expect(ALL.filter((l) => l.type === 'line').length).toBeGreaterThan(10);
  });

  for (const layer of ALL.filter((l) => ['line', 'circle', 'fill'].includes(l.type))) {
    it(`${layer.id}: the same values, in one kind per property`, () => {
      const given = (layer.paint ?? {}) as Record<string, unknown>;
      const shared = sharedPaint(layer.type, given)!;
      const defaults = (p: string) => (spec[`paint_${layer.type}`]![p] as { default?: unknown }).default;
      let checked = 0;
      for (const [prop, v] of Object.entries(shared)) {
        const before = given[prop] ?? defaults(prop);
        if (!/-(color|width|radius)$/.test(prop) && prop !== 'fill-opacity') continue; // not a property this rewrites
        const parsed = parse(v, layer.type, prop);
        expect(parsed.result, `${prop} ${JSON.stringify(v)}`).toBe('success');
        const kind = (parsed.value as { kind: string }).kind;
        // A value that depends on the zoom stays a zoom expression: it can only gain the feature.
        const want = Array.isArray(before) && JSON.stringify(before).includes('["zoom"]') ? 'composite' : KIND[prop.endsWith('-width') && layer.type === 'line' || prop === 'circle-radius' ? 'zoom-and-feature' : 'feature'];
        expect(kind, `${prop}`).toBe(want);
        for (const props of SAMPLES) {
          for (const gt of ['Point', 'LineString', 'Polygon'] as const) {
            const feature = { type: TYPES[gt], properties: props, id: 7 };
            for (const zoom of [3, 5, 9.5, 12, 14, 15.5, 19]) {
              const a = value(before, layer.type, prop, zoom, feature);
              const b = value(v, layer.type, prop, zoom, feature);
              if (typeof a === 'number') expect(b as number, `${prop} z${zoom}`).toBeCloseTo(a, 9);
              else expect(b, `${prop} z${zoom}`).toEqual(a);
              checked++;
            }
          }
        }
        // Rewriting again changes nothing (DataLayers sets what addLayer already rewrote).
        expect(sharedValue(layer.type, prop, v)).toEqual(v);
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('leaves every line, circle and fill property of a layer in the kind of the same property of every other layer', () => {
    const kinds = new Map<string, Set<string>>();
    for (const layer of ALL) {
      if (!['line', 'circle', 'fill'].includes(layer.type)) continue;
      for (const [prop, v] of Object.entries(sharedPaint(layer.type, layer.paint)!)) {
        if (!/-(color|width|radius|opacity)$/.test(prop) || prop.endsWith('-opacity') && layer.type !== 'fill') continue;
        const k = Array.isArray(v) ? (parse(v, layer.type, prop).value as { kind: string }).kind : 'constant';
        (kinds.get(`${layer.type} ${prop}`) ?? kinds.set(`${layer.type} ${prop}`, new Set()).get(`${layer.type} ${prop}`)!).add(k);
      }
    }
    // The zoom-dependent fill opacity above is the one overlay form that keeps a kind of its own.
    kinds.get('fill fill-opacity')!.delete('composite');
    for (const [prop, set] of kinds) expect([...set], prop).toHaveLength(1);
  });

  it('returns unknown properties, legacy functions and other layer types as they are', () => {
    expect(sharedValue('line', 'line-opacity', 0.8)).toBe(0.8);
    const fn = { stops: [[5, 1], [10, 2]] };
    expect(sharedValue('line', 'line-width', fn)).toBe(fn);
    const sym = { 'text-color': '#222222' };
    expect(sharedPaint('symbol', sym)).toBe(sym);
    expect(sharedPaint('background', undefined)).toBeUndefined();
  });
});
