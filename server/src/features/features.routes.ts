import { Router } from 'express';
import { z } from 'zod';
import { findLayer, type LayerDef } from '../layers/registry.js';
import { LANGS, type Lang } from '../layers/types.js';
import type { LayersService } from '../layers/layers.service.js';
import { notFound } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';
import { featureQuerySchema, toFeatureQuery, MAX_LIMIT } from './features.schema.js';
import type { FeaturesService } from './features.service.js';

export const LayersQuery = z.object({ lang: z.enum(LANGS, { message: 'lang must be ky, ru or en' }).optional() }).strict();
export const FeatureIdParam = z.object({
  layer: z.string(),
  id: z.string().regex(/^\d{1,15}$/, 'id must be a positive whole number').transform(Number).pipe(z.number().int().min(1, 'id must be a positive whole number')),
});

function layerOr404(id: string): LayerDef {
  const def = findLayer(id);
  if (!def) throw notFound(`There is no layer '${id}'. See /api/layers for the list.`);
  return def;
}

export function featuresRouter(features: FeaturesService, layers: LayersService): Router {
  const r = Router();

  r.get('/api/layers', async (req, res) => {
    const q = parseOr400(LayersQuery, req.query, 'query');
    res.json(await layers.list(baseUrl(req), (q.lang ?? 'en') as Lang));
  });

  r.get('/api/layers/:layer', async (req, res) => {
    const def = layerOr404(String(req.params.layer));
    const q = parseOr400(LayersQuery, req.query, 'query');
    res.json(layers.describe(def, await layers.facts(), baseUrl(req), (q.lang ?? 'en') as Lang));
  });

  r.get('/api/layers/:layer/features', async (req, res) => {
    const def = layerOr404(String(req.params.layer));
    const raw = parseOr400(featureQuerySchema(def), req.query, 'query');
    const q = toFeatureQuery(def, raw);
    const page = await features.list(def, q);
    const self = new URL(`${baseUrl(req)}${req.originalUrl}`);
    const link = (offset: number) => {
      const u = new URL(self);
      u.searchParams.set('offset', String(offset));
      u.searchParams.set('limit', String(q.limit));
      return u.toString();
    };
    const links = [{ rel: 'self', type: 'application/geo+json', href: self.toString() }];
    if (q.offset + page.features.length < page.matched) links.push({ rel: 'next', type: 'application/geo+json', href: link(q.offset + q.limit) });
    if (q.offset > 0) links.push({ rel: 'prev', type: 'application/geo+json', href: link(Math.max(0, q.offset - q.limit)) });
    if (q.requestedLimit !== undefined) res.set('X-Limit-Clamped', `${q.requestedLimit}->${MAX_LIMIT}`);
    res.type('application/geo+json').send(JSON.stringify({
      type: 'FeatureCollection',
      features: page.features,
      numberMatched: page.matched,
      numberReturned: page.features.length,
      limit: q.limit,
      offset: q.offset,
      ...(q.requestedLimit !== undefined ? { limitClamped: { requested: q.requestedLimit, maximum: MAX_LIMIT } } : {}),
      timeStamp: new Date().toISOString(),
      links,
    }));
  });

  r.get('/api/layers/:layer/features/:id', async (req, res) => {
    const def = layerOr404(String(req.params.layer));
    const p = parseOr400(FeatureIdParam, req.params, 'path');
    const f = await features.get(def, p.id);
    if (!f) throw notFound(`Layer '${def.id}' has no feature ${p.id}.`);
    res.type('application/geo+json').send(JSON.stringify({ ...f, links: [{ rel: 'collection', href: `${baseUrl(req)}/api/layers/${def.id}/features` }] }));
  });
  return r;
}
