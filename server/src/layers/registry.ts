// The one list of map layers. Identifiers used in SQL come from here, never from a request.
//   LAYERS: the shared data layers (a table each, every row public, with provenance);
//   MAP_LAYERS: every layer of the map, LAYERS plus the layers whose rows an organisation owns
//   (annotations), which carry a visibility predicate. Tiles, features, OGC API, downloads and the
//   legend read any of them the same way.
import { annotations } from './annotations.js';
import { canals } from './canals.js';
import { facilities } from './facilities.js';
import { powerLines, roads, waterMains } from './networks.js';
import { population } from './population.js';
import { settlements } from './settlements.js';
import type { LayerDef } from './types.js';

export const LAYERS: readonly LayerDef[] = [canals, settlements, facilities, powerLines, waterMains, roads, population];
export const MAP_LAYERS: readonly LayerDef[] = [...LAYERS, annotations];

const byId = new Map(MAP_LAYERS.map((l) => [l.id, l]));

export function findLayer(id: string): LayerDef | undefined {
  return byId.get(id);
}

/** Ids of the shared data layers (projects and print layouts choose among these). */
export const LAYER_IDS = LAYERS.map((l) => l.id);
export const MAP_LAYER_IDS = MAP_LAYERS.map((l) => l.id);
export type { LayerDef } from './types.js';
