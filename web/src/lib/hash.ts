// The URL hash keeps what a copied link must reproduce: view, visible layers, filters, language,
// audience view and the selected feature. Pure functions (no DOM), so they are easy to test.
//
//   #map=11.5/42.4907/78.3936&layers=canals,settlements&f.canals.condition=poor,broken&lang=ky&view=resident&sel=canals/12
//
// Anything that does not parse is dropped and the app falls back to its default for that part.

export interface HashView { zoom: number; lat: number; lon: number }
export type FilterState = Record<string, Record<string, string[]>>;

export interface HashState {
  view?: HashView;
  layers?: string[];
  filters?: FilterState;
  lang?: string;
  /** Audience view; the app leaves it out when it is the screen's default. */
  mode?: 'workspace' | 'resident';
  sel?: { layer: string; id: number };
  /** Resident view: the chosen settlement's feature id. */
  place?: number;
}

/** Generous box around Kyrgyzstan: a view centred outside it is not one of ours. */
export const REGION = { minLon: 60, minLat: 30, maxLon: 90, maxLat: 50 };

const ID = /^[a-z][a-z0-9_]{0,39}$/;
const VALUE = /^[A-Za-z0-9_.-]{1,60}$/;

function parseView(s: string | null): HashView | undefined {
  if (!s) return undefined;
  const parts = s.split('/');
  if (parts.length !== 3 || parts.some((p) => !/^-?\d+(\.\d+)?$/.test(p))) return undefined;
  const [zoom, lat, lon] = parts.map(Number) as [number, number, number];
  if (zoom < 0 || zoom > 22) return undefined;
  if (lat < REGION.minLat || lat > REGION.maxLat || lon < REGION.minLon || lon > REGION.maxLon) return undefined;
  return { zoom, lat, lon };
}

function parseList(s: string | null, re: RegExp): string[] | undefined {
  if (s === null) return undefined;
  if (s === '') return [];
  const items = s.split(',').filter((x) => re.test(x));
  return [...new Set(items)];
}

export function parseHash(hash: string): HashState {
  const raw = hash.replace(/^#/, '');
  const out: HashState = {};
  if (!raw) return out;
  let params: URLSearchParams;
  try { params = new URLSearchParams(raw); } catch { return out; }

  const view = parseView(params.get('map'));
  if (view) out.view = view;
  const layers = parseList(params.get('layers'), ID);
  if (layers) out.layers = layers;

  const filters: FilterState = {};
  for (const [key, value] of params) {
    const m = /^f\.([a-z][a-z0-9_]{0,39})\.([a-z][a-z0-9_]{0,39})$/.exec(key);
    if (!m) continue;
    const values = parseList(value, VALUE);
    if (!values?.length) continue;
    (filters[m[1]!] ??= {})[m[2]!] = values;
  }
  if (Object.keys(filters).length) out.filters = filters;

  const lang = params.get('lang');
  if (lang && /^[a-z]{2}$/.test(lang)) out.lang = lang;
  const mode = params.get('view');
  if (mode === 'resident' || mode === 'workspace') out.mode = mode;
  const sel = /^([a-z][a-z0-9_]{0,39})\/(\d{1,15})$/.exec(params.get('sel') ?? '');
  if (sel) out.sel = { layer: sel[1]!, id: Number(sel[2]) };
  const place = params.get('place');
  if (place && /^\d{1,15}$/.test(place)) out.place = Number(place);
  return out;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

export function formatHash(s: HashState): string {
  const parts: string[] = [];
  if (s.view) {
    const digits = Math.max(3, Math.min(6, Math.ceil(s.view.zoom / 3) + 1));
    parts.push(`map=${round(s.view.zoom, 2)}/${round(s.view.lat, digits)}/${round(s.view.lon, digits)}`);
  }
  if (s.layers) parts.push(`layers=${s.layers.join(',')}`);
  for (const [layer, attrs] of Object.entries(s.filters ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [attr, values] of Object.entries(attrs).sort(([a], [b]) => a.localeCompare(b))) {
      if (values.length) parts.push(`f.${layer}.${attr}=${values.join(',')}`);
    }
  }
  if (s.lang) parts.push(`lang=${s.lang}`);
  if (s.mode) parts.push(`view=${s.mode}`);
  if (s.sel) parts.push(`sel=${s.sel.layer}/${s.sel.id}`);
  if (s.place !== undefined) parts.push(`place=${s.place}`);
  return parts.length ? `#${parts.join('&')}` : '';
}
