// /api/layers (the registry with legend, styles and live facts) and /api/layers/{layer}/features for
// every layer, annotations included (under the visibility rule, for who asks).
import { Router } from 'express';
import { perViewer, type Lang } from '../layers/types.js';
import type { LayersService } from '../layers/layers.service.js';
import { readerOf } from '../access/viewer.js';
import { notFound } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { layerFor, type ViewerSource } from '../http/layers.js';
import { personalised } from '../http/cache.js';
import { GEOJSON, pageLinks } from '../http/paging.js';
import { featureIdParams, featureQuerySchema, toFeatureQuery, LayersQuery, MAX_LIMIT } from './features.schema.js';
import type { FeaturesService } from './features.service.js';

export { LayersQuery, FeatureIdParam } from './features.schema.js';

export function featuresRouter(features: FeaturesService, layers: LayersService, sessions: ViewerSource): Router {
  const r = Router();

  r.get('/api/layers', async (req, res) => {
    const q = parseOr400(LayersQuery, req.query, 'query');
    // Organisation layers are listed for who may see them: the answer depends on the session.
    const viewer = await sessions.viewerOf(req);
    personalised(res, viewer);
    res.json(await layers.list(baseUrl(req), (q.lang ?? 'en') as Lang, readerOf(viewer)));
  });

  r.get('/api/layers/:layer', async (req, res) => {
    const { def, viewer } = await layerFor(layers, sessions, req, String(req.params.layer));
    const q = parseOr400(LayersQuery, req.query, 'query');
    if (perViewer(def)) personalised(res, viewer);
    res.json(layers.describe(def, await layers.facts(), baseUrl(req), (q.lang ?? 'en') as Lang));
  });

  r.get('/api/layers/:layer/features', async (req, res) => {
    const { def, viewer } = await layerFor(layers, sessions, req, String(req.params.layer));
    const q = toFeatureQuery(def, parseOr400(featureQuerySchema(def), req.query, 'query'));
    const page = await features.list(def, q, readerOf(viewer));
    if (perViewer(def)) personalised(res, viewer);
    if (q.requestedLimit !== undefined) res.set('X-Limit-Clamped', `${q.requestedLimit}->${MAX_LIMIT}`);
    res.type(GEOJSON).send(JSON.stringify({
      type: 'FeatureCollection',
      features: page.features,
      numberMatched: page.matched,
      numberReturned: page.features.length,
      limit: q.limit,
      offset: q.offset,
      ...(q.requestedLimit !== undefined ? { limitClamped: { requested: q.requestedLimit, maximum: MAX_LIMIT } } : {}),
      timeStamp: new Date().toISOString(),
      links: pageLinks(req, { offset: q.offset, limit: q.limit, returned: page.features.length, matched: page.matched }),
    }));
  });

  r.get('/api/layers/:layer/features/:id', async (req, res) => {
    const { def, viewer } = await layerFor(layers, sessions, req, String(req.params.layer));
    const { id } = parseOr400(featureIdParams(def), { id: req.params.id }, 'path');
    const f = await features.get(def, id, readerOf(viewer));
    if (!f) throw notFound(`Layer '${def.id}' has no feature ${id}.`);
    if (perViewer(def)) personalised(res, viewer);
    res.type(GEOJSON).send(JSON.stringify({ ...f, links: [{ rel: 'collection', href: `${baseUrl(req)}/api/layers/${def.id}/features` }] }));
  });
  return r;
}
