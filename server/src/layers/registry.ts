// The one list of map layers. Identifiers used in SQL come from here, never from a request.
import { canals } from './canals.js';
import { facilities } from './facilities.js';
import { powerLines, roads, waterMains } from './networks.js';
import { settlements } from './settlements.js';
import type { LayerDef } from './types.js';

export const LAYERS: readonly LayerDef[] = [canals, settlements, facilities, powerLines, waterMains, roads];

const byId = new Map(LAYERS.map((l) => [l.id, l]));

export function findLayer(id: string): LayerDef | undefined {
  return byId.get(id);
}

export const LAYER_IDS = LAYERS.map((l) => l.id);
export type { LayerDef } from './types.js';
