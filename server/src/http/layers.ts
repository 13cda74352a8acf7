// A layer named in a request path: found in the registry, or a 404 that says where the list is.
import { findLayer, type LayerDef } from '../layers/registry.js';
import { notFound } from './problem.js';

export function layerOr404(id: string, list = '/api/layers', noun = 'layer'): LayerDef {
  const def = findLayer(id);
  if (!def) throw notFound(`There is no ${noun} '${id}'. See ${list} for the list.`);
  return def;
}
