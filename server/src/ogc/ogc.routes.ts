// OGC API - Features (Part 1: Core, GeoJSON) at /ogc, so engineers can add our layers to QGIS or
// ArcGIS as a "WFS / OGC API - Features" connection, and GDAL reads them (the OAPIF driver). It is a
// thin facade over the features service: every registry layer is a collection, read the same way as
// /api/layers/{layer}/features (same validation, same filters). A layer whose rows an organisation owns
// (annotations) follows the ONE visibility rule: without a session (QGIS) only published rows; with
// the browser's session, what that user may see.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { LANGS, perViewer, type Lang } from '../layers/types.js';
import type { LayersService } from '../layers/layers.service.js';
import type { FeaturesService } from '../features/features.service.js';
import { featureIdParams, featureQuerySchema, toFeatureQuery, MAX_LIMIT } from '../features/features.schema.js';
import { readerOf } from '../access/viewer.js';
import { pick } from '../i18n/pick.js';
import { personalised } from '../http/cache.js';
import { layerFor, type ViewerSource } from '../http/layers.js';
import { GEOJSON, pageLinks } from '../http/paging.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

/** Parameters every OGC request may carry: the output format (JSON only) and the language of titles. */
const Common = z.object({
  f: z.enum(['json', 'geojson'], { message: 'f must be json or geojson (the only encodings offered)' }).optional(),
  lang: z.enum(LANGS, { message: 'lang must be ky, ru or en' }).optional(),
});
const CommonStrict = Common.strict();

function split(req: Request) {
  const { f, lang, ...rest } = req.query as Record<string, unknown>;
  const common = parseOr400(Common, { f, lang }, 'query');
  if ('datetime' in rest) {
    throw new HttpProblem('invalid-parameter', 'datetime is not supported: these collections have no temporal extent. Remove the parameter.');
  }
  return { lang: (common.lang ?? 'en') as Lang, rest };
}


export function ogcRouter(features: FeaturesService, layers: LayersService, sessions: ViewerSource): Router {
  const r = Router();

  const collection = (base: string, id: string, title: string, description: string, extent: [number, number, number, number] | null) => ({
    id, title, description, itemType: 'feature', crs: [CRS84],
    extent: { spatial: { bbox: [extent ?? [69.2, 39.1, 80.3, 43.3]], crs: CRS84 } },
    links: [
      { rel: 'self', type: 'application/json', title, href: `${base}/ogc/collections/${id}` },
      { rel: 'items', type: GEOJSON, title: `${title}: features`, href: `${base}/ogc/collections/${id}/items` },
    ],
  });

  const collectionFor = (req: Request, id: string) => layerFor(layers, sessions, req, id, '/ogc/collections', 'collection');

  /** The collections the asker may see: organisation layers are listed under the visibility rule. */
  async function collections(req: Request, lang: Lang, res: Response) {
    const base = baseUrl(req);
    const facts = await layers.facts();
    const viewer = await sessions.viewerOf(req);
    personalised(res, viewer);
    return (await layers.all(readerOf(viewer))).map((def) => collection(base, def.id, pick(def.title, lang), pick(def.description, lang), facts.stats.get(def.id)?.extent ?? null));
  }


  r.get('/ogc', (req, res) => {
    parseOr400(CommonStrict, req.query, 'query');
    const base = baseUrl(req);
    res.json({
      title: 'Kyrgyzstan infrastructure-advocacy map: OGC API - Features',
      description: 'Irrigation canals, settlements and their services, public facilities, networks, and the gaps that organisations annotate.',
      links: [
        { rel: 'self', type: 'application/json', title: 'this document', href: `${base}/ogc` },
        { rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'the API definition', href: `${base}/api/openapi.json` },
        { rel: 'conformance', type: 'application/json', title: 'conformance classes', href: `${base}/ogc/conformance` },
        { rel: 'data', type: 'application/json', title: 'collections', href: `${base}/ogc/collections` },
      ],
    });
  });

  r.get('/ogc/conformance', (req, res) => {
    parseOr400(CommonStrict, req.query, 'query');
    res.json({ conformsTo: CONFORMANCE });
  });

  r.get('/ogc/collections', async (req, res) => {
    const q = parseOr400(CommonStrict, req.query, 'query');
    const base = baseUrl(req);
    res.json({
      links: [{ rel: 'self', type: 'application/json', href: `${base}/ogc/collections` }],
      collections: await collections(req, (q.lang ?? 'en') as Lang, res),
    });
  });

  r.get('/ogc/collections/:id', async (req, res) => {
    const q = parseOr400(CommonStrict, req.query, 'query');
    const id = (await collectionFor(req, String(req.params.id))).def.id;
    const all = await collections(req, (q.lang ?? 'en') as Lang, res);
    res.json(all.find((c) => c.id === id));
  });

  r.get('/ogc/collections/:id/items', async (req, res) => {
    const { def, viewer } = await collectionFor(req, String(req.params.id));
    const { rest } = split(req);
    const q = toFeatureQuery(def, parseOr400(featureQuerySchema(def), rest, 'query'));
    const page = await features.list(def, q, readerOf(viewer));
    if (perViewer(def)) personalised(res, viewer);
    if (q.requestedLimit !== undefined) res.set('X-Limit-Clamped', `${q.requestedLimit}->${MAX_LIMIT}`);
    res.type(GEOJSON).send(JSON.stringify({
      type: 'FeatureCollection', features: page.features,
      numberMatched: page.matched, numberReturned: page.features.length, timeStamp: new Date().toISOString(),
      links: pageLinks(req, { offset: q.offset, limit: q.limit, returned: page.features.length, matched: page.matched }, true),
    }));
  });

  r.get('/ogc/collections/:id/items/:fid', async (req, res) => {
    const { def, viewer } = await collectionFor(req, String(req.params.id));
    split(req);
    const base = baseUrl(req);
    const { id } = parseOr400(featureIdParams(def), { id: req.params.fid }, 'path');
    const f = await features.get(def, id, readerOf(viewer));
    if (!f) throw notFound(`Collection '${def.id}' has no feature ${id}.`);
    if (perViewer(def)) personalised(res, viewer);
    res.type(GEOJSON).send(JSON.stringify({
      ...f,
      links: [
        { rel: 'self', type: GEOJSON, href: `${base}/ogc/collections/${def.id}/items/${id}` },
        { rel: 'collection', type: 'application/json', href: `${base}/ogc/collections/${def.id}` },
      ],
    }));
  });

  return r;
}
