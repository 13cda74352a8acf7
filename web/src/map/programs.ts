// Fewer shader programs for the same picture. MapLibre compiles one WebGL program per layer type and
// per *kind* of each paint value: a constant, by zoom, by feature, or by zoom and feature. Two line
// layers whose colours differ only in that one is constant and the other depends on the feature
// need two programs. Compiling one costs ≈ 28 ms where WebGL runs on the CPU (SwiftShader, phones
// without a usable GPU), and the first map compiled 13 of them.
//
// So every line, circle and fill layer of this map gets its colours, widths and radius in one kind
// each (TARGET), with the same values: a constant becomes a `case` whose two branches are that
// constant, a value without zoom an `interpolate` over zoom between two equal stops. What a person
// sees does not change (tests/unit/web/programs.test.ts evaluates every rewrite against the value
// it replaces); each feature carries a few bytes more per vertex.
type Value = unknown;
type Kind = 'feature' | 'zoom-and-feature';

/** The kind each paint property is given, by layer type. Properties not listed are left as they are. */
const TARGET: Record<string, Record<string, Kind>> = {
  line: { 'line-color': 'feature', 'line-width': 'zoom-and-feature' },
  circle: { 'circle-color': 'feature', 'circle-radius': 'zoom-and-feature', 'circle-stroke-color': 'feature', 'circle-stroke-width': 'feature' },
  fill: { 'fill-color': 'feature', 'fill-opacity': 'feature', 'fill-outline-color': 'feature' },
};

/** The style specification's default of each property above, used when a layer leaves one out. */
const DEFAULTS: Record<string, Value> = {
  'line-color': '#000000', 'line-width': 1,
  'circle-color': '#000000', 'circle-radius': 5, 'circle-stroke-color': '#000000', 'circle-stroke-width': 0,
  'fill-color': '#000000', 'fill-opacity': 1,
  // no default for fill-outline-color: left out, it follows fill-color (and its kind)
};

const FEATURE_OPS = new Set(['get', 'has', 'properties', 'geometry-type', 'id', 'feature-state', 'accumulated']);

function uses(v: Value, test: (op: string) => boolean): boolean {
  if (!Array.isArray(v) || typeof v[0] !== 'string') return false;
  if (v[0] === 'literal') return false;
  return test(v[0]) || v.slice(1).some((x) => uses(x, test));
}
const byZoom = (v: Value) => uses(v, (op) => op === 'zoom');
const byFeature = (v: Value) => uses(v, (op) => FEATURE_OPS.has(op));

/** The same value, as an expression that depends on the feature (both branches are `v`). */
const perFeature = (v: Value): Value => ['case', ['has', '$'], v, v];
/** The same value at every zoom, as an expression that depends on the zoom. */
const perZoom = (v: Value): Value => ['interpolate', ['linear'], ['zoom'], 0, v, 24, v];

/** A zoom expression's outputs, each passed through `f` (its stops, its input and its interpolation kept). */
function mapOutputs(v: unknown[], f: (x: Value) => Value): Value | null {
  if (v[0] === 'interpolate' && Array.isArray(v[2]) && v[2][0] === 'zoom') return v.map((x, i) => (i >= 4 && i % 2 === 0 ? f(x) : x));
  if (v[0] === 'step' && Array.isArray(v[1]) && v[1][0] === 'zoom') return v.map((x, i) => (i >= 2 && i % 2 === 0 ? f(x) : x));
  return null;
}

/** One paint value in the kind its property is given here; unknown properties and forms are returned as they are. */
export function sharedValue(type: string, prop: string, v: Value): Value {
  const kind = TARGET[type]?.[prop];
  if (!kind || v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v))) return v; // legacy function objects: as given
  const zoom = byZoom(v), feature = byFeature(v);
  if (zoom) return feature || !Array.isArray(v) ? v : mapOutputs(v, perFeature) ?? v;
  if (kind === 'feature') return feature ? v : perFeature(v);
  return perZoom(feature ? v : perFeature(v));
}

/** A layer's paint with every property of TARGET in its kind (the defaults filled in). */
export function sharedPaint(type: string, paint: Record<string, Value> | undefined): Record<string, Value> | undefined {
  const props = TARGET[type];
  if (!props) return paint;
  const out: Record<string, Value> = { ...(paint ?? {}) };
  for (const prop of Object.keys(props)) {
    const v = out[prop] ?? DEFAULTS[prop];
    if (v !== undefined) out[prop] = sharedValue(type, prop, v);
  }
  return out;
}
