// A layer named in a request path (found in the registry, or a 404 that says where the list is), and
// the viewer an answer about it is made for.
import type { Request } from 'express';
import { findLayer, type LayerDef } from '../layers/registry.js';
import { perViewer } from '../layers/types.js';
import { PUBLIC, type Viewer } from '../access/viewer.js';
import { notFound } from './problem.js';

/** Who is asking (auth/session.ts implements it). */
export interface ViewerSource { viewerOf(req: Request): Promise<Viewer> }

/** The viewer a layer's answer is made for: who asks, for a layer with a visibility rule; else the public (no session read). */
export function viewerFor(sessions: ViewerSource, req: Request, def: LayerDef): Promise<Viewer> {
  return perViewer(def) ? sessions.viewerOf(req) : Promise.resolve(PUBLIC);
}

export function layerOr404(id: string, list = '/api/layers', noun = 'layer'): LayerDef {
  const def = findLayer(id);
  if (!def) throw notFound(`There is no ${noun} '${id}'. See ${list} for the list.`);
  return def;
}
