// Builds MapLibre style layers and the legend from a layer definition. The web map and the print
// renderer use exactly these, so a colour is defined in one place.
import { PROVENANCE_VALUES, t } from './common.js';
import type { AttributeDef, Lang, LayerDef, LegendSection, StyleClass } from './types.js';

type Expr = unknown[] | string | number | boolean;
/** A MapLibre style layer as the server gives it (source and source-layer = the layer id). */
export interface StyleLayer {
  id: string;
  type: string;
  source?: string;
  'source-layer'?: string;
  filter?: unknown;
  minzoom?: number;
  maxzoom?: number;
  layout?: Record<string, unknown>;
  paint?: Record<string, unknown>;
}

export const ILLUSTRATIVE_DASH = [2, 1.5];

/**
 * Paint of a fill whose edge a line layer draws on top: no outline pass of its own. MapLibre would
 * otherwise draw every such polygon twice, the second time with a shader program of its own to
 * compile before the first map appears (≈ 30 ms each where WebGL runs on the CPU, and real time on
 * a cheap phone).
 */
export const EDGED_FILL = { 'fill-antialias': false } as const;

export function colorClasses(def: LayerDef): StyleClass[] {
  if (def.style.classes) return def.style.classes;
  const attr = def.attributes.find((a) => a.name === def.style.colorBy);
  return (attr?.values ?? [])
    .filter((v) => v.color)
    .map((v) => ({ id: v.value, label: v.label, color: v.color!, when: ['==', ['get', attr!.name], v.value], query: { [attr!.name]: v.value } }));
}

function colorExpr(def: LayerDef): Expr {
  const classes = colorClasses(def);
  if (!classes.length) return def.style.defaultColor;
  const c: unknown[] = ['case'];
  for (const k of classes) c.push(k.when, k.color);
  c.push(def.style.defaultColor);
  return c;
}

function widthExpr(def: LayerDef, scale: number): Expr {
  const w = def.style.widthBy;
  const base: Expr = w ? ['match', ['get', w.attribute], ...Object.entries(w.widths).flat(), 1.5] : 2;
  // Thin at low zoom, full width from z14, wider when zoomed in further.
  return ['interpolate', ['linear'], ['zoom'], 8, ['*', base, 0.4 * scale], 14, ['*', base, scale], 18, ['*', base, 2 * scale]];
}

function marksExpr(def: LayerDef): Expr | undefined {
  const attr = def.attributes.find((a) => a.name === def.style.colorBy);
  const withMarks = (attr?.values ?? []).filter((v) => v.mark);
  if (!attr || !withMarks.length) return undefined;
  return ['match', ['get', attr.name], ...withMarks.flatMap((v) => [v.value, v.mark!]), ''];
}

const nameExpr = (lang: Lang): Expr => ['coalesce', ['get', `name_${lang}`], ['get', 'name_ru'], ['get', 'name_en'], ''];
const isIllustrative: Expr = ['==', ['get', 'provenance'], 'illustrative'];
const notIllustrative: Expr = ['!=', ['get', 'provenance'], 'illustrative'];

/** MapLibre style layers for one layer; `source` and `source-layer` are both the layer id. */
export function styleLayers(def: LayerDef, lang: Lang = 'en'): StyleLayer[] {
  const src = { source: def.id, 'source-layer': def.id };
  const color = colorExpr(def);
  const out: StyleLayer[] = [];
  const lineLayers = (prefix: string, filter: Expr | null) => {
    out.push({
      id: `${prefix}-casing`, type: 'line', ...src, ...(filter ? { filter } : {}),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': widthExpr(def, 1.8), 'line-opacity': 0.8 },
    });
    out.push({
      id: `${prefix}-line`, type: 'line', ...src, filter: filter ? ['all', filter, notIllustrative] : notIllustrative,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': color, 'line-width': widthExpr(def, 1) },
    });
    out.push({
      id: `${prefix}-line-illustrative`, type: 'line', ...src, filter: filter ? ['all', filter, isIllustrative] : isIllustrative,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': color, 'line-width': widthExpr(def, 1), 'line-dasharray': ILLUSTRATIVE_DASH },
    });
  };

  if (def.geometry === 'line') {
    lineLayers(def.id, null);
    const marks = marksExpr(def);
    if (marks) {
      out.push({
        id: `${def.id}-marks`, type: 'symbol', ...src, minzoom: 12,
        layout: { 'symbol-placement': 'line', 'symbol-spacing': 120, 'text-field': marks, 'text-size': 12, 'text-keep-upright': true, 'text-allow-overlap': false },
        paint: { 'text-color': '#1a1a1a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      });
    }
    out.push({
      id: `${def.id}-label`, type: 'symbol', ...src, minzoom: 13,
      layout: { 'symbol-placement': 'line', 'text-field': nameExpr(lang), 'text-size': 11, 'text-offset': [0, 0.9] },
      paint: { 'text-color': '#333333', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }

  if (def.geometry === 'area-or-point') {
    const polys: Expr = ['==', ['geometry-type'], 'Polygon'];
    out.push({ id: `${def.id}-fill`, type: 'fill', ...src, filter: polys, paint: { 'fill-color': color, 'fill-opacity': 0.35, ...EDGED_FILL } });
    out.push({ id: `${def.id}-outline`, type: 'line', ...src, filter: ['all', polys, notIllustrative], paint: { 'line-color': color, 'line-width': 2 } });
    out.push({ id: `${def.id}-outline-illustrative`, type: 'line', ...src, filter: ['all', polys, isIllustrative], paint: { 'line-color': color, 'line-width': 2, 'line-dasharray': ILLUSTRATIVE_DASH } });
  }

  if (def.geometry === 'point' || def.geometry === 'area-or-point') {
    const points: Expr = ['==', ['geometry-type'], 'Point'];
    const radius = def.geometry === 'point'
      ? ['interpolate', ['linear'], ['zoom'], 5, 4, 10, 7, 15, 10]
      : ['interpolate', ['linear'], ['zoom'], 5, ['+', 3, ['*', 1.5, ['coalesce', ['get', 'services_missing'], 0]]], 12, ['+', 6, ['*', 2, ['coalesce', ['get', 'services_missing'], 0]]]];
    const cells = def.style.cells;
    out.push({
      id: `${def.id}-circle`, type: 'circle', ...src, filter: points,
      paint: {
        'circle-color': color, 'circle-radius': cells ? cells.radius : radius,
        // Stroke tells how sure the location is: white = real, black = illustrative, grey = approximate (placeholder).
        'circle-stroke-color': ['match', ['get', 'provenance'], 'illustrative', '#000000', 'placeholder', '#737373', '#ffffff'],
        // A grid's cells touch: no white ring, a hairline only where the rows are not real.
        'circle-stroke-width': cells ? ['match', ['get', 'provenance'], 'illustrative', 0.5, 'placeholder', 0.5, 0] : ['match', ['get', 'provenance'], 'real', 1.5, 'derived', 1.5, 2.5],
        ...(cells ? { 'circle-opacity': 0.85 } : {}),
      },
    });
    if (def.style.symbolBy) {
      const s = def.style.symbolBy;
      out.push({
        id: `${def.id}-symbol`, type: 'symbol', ...src, filter: points, minzoom: 9,
        layout: { 'text-field': ['match', ['get', s.attribute], ...Object.entries(s.symbols).flat(), ''], 'text-size': 10, 'text-allow-overlap': true, 'text-ignore-placement': true },
        paint: { 'text-color': '#ffffff' },
      });
    }
  }

  if (def.geometry === 'any') out.push(...mixedLayers(def, color, src));

  if (def.geometry !== 'line' && def.geometry !== 'any') {
    // Area layers label from their label-point layer (one point per feature), points from themselves.
    const labelSrc = def.geometry === 'area-or-point' ? { source: def.id, 'source-layer': `${def.id}_label` } : src;
    if (def.id === 'settlements') {
      // Cities are named from country zoom on, so the national view is not a map of nameless dots.
      out.push({
        id: `${def.id}-label-city`, type: 'symbol', ...labelSrc, minzoom: 4, maxzoom: 7, filter: ['==', ['get', 'settlement_type'], 'city'],
        layout: { 'text-field': nameExpr(lang), 'text-size': 12, 'text-anchor': 'top', 'text-offset': [0, 0.7], 'text-optional': true },
        paint: { 'text-color': '#222222', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      });
    }
    out.push({
      id: `${def.id}-label`, type: 'symbol', ...labelSrc, minzoom: def.geometry === 'point' ? 11 : 7,
      layout: { 'text-field': nameExpr(lang), 'text-size': 12, 'text-anchor': 'top', 'text-offset': [0, 0.9], 'text-max-width': 10, 'text-optional': true },
      paint: { 'text-color': '#222222', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }
  return out;
}

/**
 * Points, lines and polygons in one layer (gaps people draw): fill, line and circle by geometry type in
 * the class colour; rows still in draft (only their organisation sees them) are dashed or hollow.
 */
function mixedLayers(def: LayerDef, color: Expr, src: Record<string, string>): StyleLayer[] {
  const draft: Expr = def.rows?.draftWhen ?? false;
  const notPoint: Expr = ['!=', ['geometry-type'], 'Point'];
  const lineWidth: Expr = ['case', ['==', ['geometry-type'], 'LineString'], 4, 2.5];
  const r = def.style.radiusBy;
  return [
    { id: `${def.id}-fill`, type: 'fill', ...src, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': ['case', draft, 0.1, 0.22], ...EDGED_FILL } },
    {
      id: `${def.id}-line`, type: 'line', ...src, filter: ['all', notPoint, ['!', draft]],
      layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': color, 'line-width': lineWidth },
    },
    {
      id: `${def.id}-line-draft`, type: 'line', ...src, filter: ['all', notPoint, draft],
      layout: { 'line-join': 'round' }, paint: { 'line-color': color, 'line-width': ['case', ['==', ['geometry-type'], 'LineString'], 3.5, 2.5], 'line-dasharray': ILLUSTRATIVE_DASH },
    },
    {
      id: `${def.id}-circle`, type: 'circle', ...src, filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': r ? ['+', r.base, ['coalesce', ['get', r.attribute], 1]] : 6,
        'circle-color': ['case', draft, '#ffffff', color],
        'circle-stroke-color': ['case', draft, color, '#ffffff'],
        'circle-stroke-width': ['case', draft, 3, 2],
      },
    },
  ];
}

/** Legend sections: colour classes, then how provenance (or, for people's own rows, a draft) is drawn. */
export function legend(def: LayerDef, attrs: AttributeDef[] = def.attributes): LegendSection[] {
  const shape = def.style.legendShape ?? (def.geometry === 'line' ? 'line' : def.geometry === 'point' || def.geometry === 'any' ? 'circle' : 'fill');
  const classes = colorClasses(def);
  const colorAttr = attrs.find((a) => a.name === def.style.colorBy);
  const marks = new Map((colorAttr?.values ?? []).map((v) => [v.value, v.mark]));
  const sections: LegendSection[] = [{
    title: colorAttr?.label ?? def.title,
    // One colour for the whole layer (an organisation layer without a category): one swatch, the layer's title.
    items: classes.length ? classes.map((c) => ({
      label: c.label, color: c.color, shape, attribute: def.style.colorBy, value: c.id,
      ...(marks.get(c.id) ? { mark: marks.get(c.id)! } : {}),
      ...(def.style.symbolBy?.symbols[c.id] ? { mark: def.style.symbolBy.symbols[c.id]! } : {}),
    })) : [{ label: def.title, color: def.style.defaultColor, shape }],
  }];
  if (def.style.widthBy) {
    const wAttr = attrs.find((a) => a.name === def.style.widthBy!.attribute);
    sections.push({
      title: wAttr?.label ?? def.title,
      items: (wAttr?.values ?? []).map((v) => ({ label: v.label, color: '#555555', shape: 'line' as const, width: def.style.widthBy!.widths[v.value] ?? 1.5, attribute: wAttr!.name, value: v.value })),
    });
  }
  if (def.rows) {
    if (def.rows.draftWhen) {
      sections.push({
        title: t('Drafts', 'Черновики', 'Кара нускалар'),
        items: [{ label: t('Draft: seen only by its organisation (hollow point, dashed outline)', 'Черновик: виден только своей организации (пустой кружок, пунктир)', 'Кара нуска: аны өз уюму гана көрөт (ичи бош чекит, үзүк сызык)'), color: def.style.defaultColor, shape: 'circle', dashed: true, attribute: 'status', value: 'draft' }],
      });
    }
    return sections;
  }
  const prov = (v: string) => PROVENANCE_VALUES.find((p) => p.value === v)!.label;
  sections.push({
    title: t('Data provenance', 'Происхождение данных', 'Маалыматтын келип чыгышы'),
    items: shape === 'line'
      ? [
          { label: prov('real'), color: '#555555', shape: 'line', attribute: 'provenance', value: 'real' },
          { label: t('Schematic: illustrative, drawn for the demo (dashed)', 'Схема: иллюстративные данные, нарисованы для демонстрации (пунктир)', 'Схема: иллюстрациялык, демо үчүн тартылган (үзүк сызык)'), color: '#555555', shape: 'line', dashed: true, attribute: 'provenance', value: 'illustrative' },
        ]
      : [
          { label: prov('real'), color: '#cccccc', shape, attribute: 'provenance', value: 'real' },
          { label: prov('placeholder'), color: '#cccccc', shape, mark: '◌', attribute: 'provenance', value: 'placeholder' },
          { label: t('Illustrative, drawn for the demo (black outline, dashed area edge)', 'Иллюстративные, нарисованы для демонстрации (чёрная обводка, пунктирная граница)', 'Иллюстрациялык, демо үчүн тартылган (кара контур, үзүк чек)'), color: '#cccccc', shape, dashed: true, attribute: 'provenance', value: 'illustrative' },
        ],
  });
  return sections;
}
