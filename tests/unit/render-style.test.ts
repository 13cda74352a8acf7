// The print renderer evaluates the registry's MapLibre style expressions itself; here every style
// layer of every registry layer is checked against MapLibre's own evaluator (style-spec) on sample
// features at several zooms, so print and web agree on colours, widths, radii and filters.
import { describe, expect, it } from 'vitest';
import * as ss from '@maplibre/maplibre-gl-style-spec';
import { LAYERS } from '../../server/src/layers/registry.js';
import { styleLayers } from '../../server/src/layers/style.js';
import { evaluate } from '../../server/src/render/expr.js';

const spec = ss.latest as unknown as Record<string, Record<string, unknown>>;
const TYPES = { Point: 1, LineString: 2, Polygon: 3 } as const;

function samples(def: (typeof LAYERS)[number]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{}];
  for (const a of def.attributes) {
    if (a.type === 'enum') for (const v of a.values ?? []) out.push({ [a.name]: v.value, provenance: 'illustrative' }, { [a.name]: v.value, provenance: 'real' });
  }
  out.push({ services_missing: 0 }, { services_missing: 2, water: 'none' }, { services_missing: 3 }, { water: 'unknown', electricity: 'unknown', road: 'unknown', services_missing: 0 });
  // Every real row has the computed services_missing and a provenance (MapLibre errors on a null comparison).
  return out.map((p) => ({ name_en: 'X', services_missing: 0, provenance: 'real', ...p }));
}

describe('print style evaluation equals MapLibre', () => {
  for (const def of LAYERS) {
    it(def.id, () => {
      let checked = 0;
      for (const sl of styleLayers(def, 'en')) {
        const paint = (sl.paint ?? {}) as Record<string, unknown>;
        const filter = sl.filter !== undefined ? (ss.featureFilter as unknown as (f: unknown, k: string) => { filter(g: unknown, f: unknown): boolean })(sl.filter, `layers.${sl.id}.filter`) : null;
        for (const props of samples(def)) {
          for (const gt of ['Point', 'LineString', 'Polygon'] as const) {
            for (const zoom of [5, 9.5, 12, 15]) {
              const ctx = { zoom, properties: props, geometryType: gt };
              const feature = { type: TYPES[gt], properties: props } as never;
              if (filter) expect(evaluate(sl.filter, ctx), `${sl.id} filter`).toBe(filter.filter({ zoom } as never, feature));
              for (const [k, v] of Object.entries(paint)) {
                if (!Array.isArray(v) || typeof v[0] !== 'string') continue;
                const e = (ss.createPropertyExpression as unknown as (e: unknown, k: string, s: unknown) => { result: string; value: unknown })(v, `layers.${sl.id}.paint.${k}`, spec[`paint_${sl.type}`]![k]);
                expect(e.result, `${sl.id} ${k}`).toBe('success');
                const theirs = (e.value as { evaluate(g: unknown, f: unknown): unknown }).evaluate({ zoom }, feature);
                const ours = evaluate(v, ctx);
                if (typeof theirs === 'number') expect(ours as number, `${sl.id} ${k} z${zoom}`).toBeCloseTo(theirs, 6);
                else expect(String(ours).toLowerCase(), `${sl.id} ${k}`).toBe(colour(theirs));
                checked++;
              }
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

function colour(c: unknown): string {
  const x = c as { r: number; g: number; b: number; a: number };
  const h = (n: number) => Math.round(n * 255).toString(16).padStart(2, '0');
  return `#${h(x.r)}${h(x.g)}${h(x.b)}`;
}
