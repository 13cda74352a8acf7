// A click on the map, routed by the one interaction mode (stores/interaction.svelte.ts): the drawing
// owns it, the annotation form (or the tracker's decision form) links the clicked feature, the what-if places / draws / picks, or — when
// browsing — it selects a budget village (Budget tab), opens a commitment's decision (Tracker tab), opens an annotation, chooses a place (resident view) or selects features.
import type { MapGeoJSONFeature } from 'maplibre-gl';
import type { LayerInfo, LngLat } from '../api/types.ts';
import { i18n } from '../i18n/i18n.svelte.ts';
import { analysis } from '../stores/analysis.svelte.ts';
import { annotations } from '../stores/annotations.svelte.ts';
import { budgets } from '../stores/budgets.svelte.ts';
import { app } from '../stores/app.svelte.ts';
import { details, withNames } from '../stores/details.svelte.ts';
import { interaction } from '../stores/interaction.svelte.ts';
import { tracker } from '../stores/tracker.svelte.ts';

export interface MapClickContext {
  layers: LayerInfo[];
  /** A feature linked to the annotation in the form: its label for the form's list. */
  onlinked(key: string, label: string): void;
}

export function onMapClick(features: MapGeoJSONFeature[], lngLat: LngLat, ctx: MapClickContext) {
  switch (interaction.kind) {
    case 'annotation-draw':
    case 'campaign-area':
    case 'tracker-draw':
      return; // the click belongs to the drawing
    case 'tracker-link':
      trackerLink(features, ctx);
      return;
    case 'annotation-link':
      linkFeature(features, ctx);
      return;
    case 'whatif-facility':
    case 'whatif-line':
    case 'whatif-canals':
      // Off the Analysis tab the what-if waits; the click browses.
      if (app.mode === 'workspace' && app.sidebarTab === 'analysis' && analysis.mapClick(features, lngLat)) return;
      break;
    case 'browse':
      break;
  }
  browse(features, ctx);
}

function linkFeature(features: MapGeoJSONFeature[], ctx: MapClickContext) {
  const f = features.find((x) => x.source !== 'annotations' && typeof x.id === 'number');
  if (!f) return;
  void featureLabel(f, ctx).then((label) => ctx.onlinked(`${f.source}/${f.id}`, label));
  annotations.pick({ layer: f.source, id: Number(f.id) });
}

/** The decision form links a clicked gap (annotation) or map feature to the commitment it picks for. */
function trackerLink(features: MapGeoJSONFeature[], ctx: MapClickContext) {
  const ann = features.find((x) => x.source === 'annotations');
  if (ann) { tracker.picked({ annotation: { id: String(ann.properties?.id ?? ann.id), title: String(ann.properties?.title ?? '') } }); return; }
  const f = features.find((x) => typeof x.id === 'number' && ctx.layers.some((l) => l.id === x.source));
  if (!f) return;
  void featureLabel(f, ctx).then((label) => tracker.picked({ feature: { layer: f.source, id: Number(f.id), label } }));
}

async function featureLabel(f: MapGeoJSONFeature, ctx: MapClickContext): Promise<string> {
  const info = ctx.layers.find((l) => l.id === f.source);
  let props: Record<string, unknown> = f.properties ?? {};
  if (hasNames(ctx, f.source)) props = (await withNames({ layer: f.source, id: Number(f.id), props }).catch(() => ({ props }))).props;
  const name = props[`name_${i18n.lang}`] ?? props.name_ru ?? props.name_en;
  return `${i18n.pick(info?.title)}: ${name ?? `#${f.id}`}`;
}

/** Whether the layer's features have names (a tile may leave them out at low zooms). */
const hasNames = (ctx: MapClickContext, layer: string) => !!ctx.layers.find((l) => l.id === layer)?.attributes.some((a) => a.name === 'name_en');

function browse(features: MapGeoJSONFeature[], ctx: MapClickContext) {
  // On the Budget tab a village of the budget map selects its row in the table.
  const village = app.mode === 'workspace' && app.sidebarTab === 'budgets' ? features.find((x) => x.source === 'budget') : undefined;
  if (village) { budgets.selected = Number(village.properties?.settlementId); return; }
  // On the Tracker tab a commitment on the map opens its decision.
  const commitment = app.mode === 'workspace' && app.sidebarTab === 'tracker' ? features.find((x) => x.source === 'commitments') : undefined;
  if (commitment) { void tracker.open(String(commitment.properties?.decisionId)); return; }
  const ann = app.mode === 'workspace' ? features.find((x) => x.source === 'annotations') : undefined;
  if (ann) { app.selection = null; details.candidates = []; void annotations.openAnnotation(String(ann.properties?.id ?? ann.id), false); return; }
  if (app.mode === 'workspace' && annotations.current && !annotations.form) annotations.close();
  if (app.mode === 'resident') {
    const s = features.find((f) => f.source === 'settlements');
    if (s && typeof s.id === 'number') app.place = s.id;
    return;
  }
  const list = features.map((f) => ({ layer: f.source, id: Number(f.id), props: f.properties ?? {} }));
  if (!list.length) { app.selection = null; details.candidates = []; return; }
  void details.setCandidates(list.length > 1 ? list : [], (layer) => hasNames(ctx, layer));
  app.selection = list.length === 1 ? { layer: list[0]!.layer, id: list[0]!.id } : null;
}
