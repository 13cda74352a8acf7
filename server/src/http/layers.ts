// A layer named in a request path (found in the registry, or a 404 that says where the list is), and
// the viewer an answer about it is made for.
import type { Request } from 'express';
import { findLayer, type LayerDef } from '../layers/registry.js';
import { perViewer } from '../layers/types.js';
import { PUBLIC, readerOf, type Reader, type Viewer } from '../access/viewer.js';
import { notFound } from './problem.js';

/** Who is asking (auth/session.ts implements it). */
export interface ViewerSource { viewerOf(req: Request): Promise<Viewer> }

/** The viewer a layer's answer is made for: who asks, for a layer with a visibility rule; else the public (no session read). */
export function viewerFor(sessions: ViewerSource, req: Request, def: LayerDef): Promise<Viewer> {
  return perViewer(def) ? sessions.viewerOf(req) : Promise.resolve(PUBLIC);
}

/** Where layers are found: the registry, and the organisation layers a reader may see (LayersService). */
export interface LayerCatalogue { find(id: string, reader: Reader): Promise<LayerDef | undefined> }

/**
 * The layer a request names and the viewer its answer is made for. A registry layer is found without
 * reading the session (unless its rows carry a visibility rule); an organisation layer is found only
 * for a reader who may see it — for anyone else it does not exist (404, never 403).
 */
export async function layerFor(catalogue: LayerCatalogue, sessions: ViewerSource, req: Request, id: string, list = '/api/layers', noun = 'layer'): Promise<{ def: LayerDef; viewer: Viewer }> {
  const registered = findLayer(id);
  if (registered) return { def: registered, viewer: await viewerFor(sessions, req, registered) };
  const viewer = await sessions.viewerOf(req);
  const def = await catalogue.find(id, readerOf(viewer));
  if (!def) throw notFound(`There is no ${noun} '${id}'. See ${list} for the list.`);
  return { def, viewer };
}
