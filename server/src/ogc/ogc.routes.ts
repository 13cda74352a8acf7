// OGC API - Features (Part 1: Core, GeoJSON) at /ogc, so engineers can add our layers to QGIS or
// ArcGIS as a "WFS / OGC API - Features" connection, and GDAL reads them (the OAPIF driver). It is a
// thin facade: the registry layers come from the features service (same validation, same filters)
// and the annotations collection from the annotations service, under the ONE visibility rule: without
// a session (QGIS) only published annotations; with the browser's session, what that user may see.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { LAYERS, findLayer, type LayerDef } from '../layers/registry.js';
import { LANGS, type Lang } from '../layers/types.js';
import type { LayersService } from '../layers/layers.service.js';
import type { FeaturesService } from '../features/features.service.js';
import { featureQuerySchema, toFeatureQuery, MAX_LIMIT } from '../features/features.schema.js';
import { FeatureIdParam } from '../features/features.routes.js';
import { AnnotationQuery } from '../annotations/annotations.schema.js';
import type { AnnotationsService } from '../annotations/annotations.service.js';
import { personalised } from '../annotations/annotations.routes.js';
import type { HttpSessions } from '../auth/session.js';
import { uuid } from '../http/fields.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import { baseUrl } from '../http/urls.js';

const GEOJSON = 'application/geo+json';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];
const ANNOTATIONS = 'annotations';
const ANNOTATIONS_TITLE = { ky: 'Белгилер (кемчиликтер)', ru: 'Отметки (пробелы в инфраструктуре)', en: 'Annotations (infrastructure gaps)' };

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

const pick = (t: { ky?: string | null; ru?: string | null; en?: string | null }, lang: Lang) => t[lang] || t.en || t.ru || t.ky || '';

function pageLinks(req: Request, offset: number, limit: number, returned: number, matched: number) {
  const self = new URL(`${baseUrl(req)}${req.originalUrl}`);
  const at = (o: number) => { const u = new URL(self); u.searchParams.set('offset', String(o)); u.searchParams.set('limit', String(limit)); return u.toString(); };
  const links = [{ rel: 'self', type: GEOJSON, title: 'this page', href: self.toString() }];
  if (offset + returned < matched) links.push({ rel: 'next', type: GEOJSON, title: 'next page', href: at(offset + limit) });
  if (offset > 0) links.push({ rel: 'prev', type: GEOJSON, title: 'previous page', href: at(Math.max(0, offset - limit)) });
  return links;
}

export function ogcRouter(features: FeaturesService, layers: LayersService, annotations: AnnotationsService, sessions: HttpSessions): Router {
  const r = Router();

  const collection = (base: string, id: string, title: string, description: string, extent: [number, number, number, number] | null) => ({
    id, title, description, itemType: 'feature', crs: [CRS84],
    extent: { spatial: { bbox: [extent ?? [69.2, 39.1, 80.3, 43.3]], crs: CRS84 } },
    links: [
      { rel: 'self', type: 'application/json', title, href: `${base}/ogc/collections/${id}` },
      { rel: 'items', type: GEOJSON, title: `${title}: features`, href: `${base}/ogc/collections/${id}/items` },
    ],
  });

  async function collections(req: Request, lang: Lang) {
    const base = baseUrl(req);
    const facts = await layers.facts();
    return [
      ...LAYERS.map((def) => collection(base, def.id, pick(def.title, lang), pick(def.description ?? {}, lang), facts.stats.get(def.id)?.extent ?? null)),
      collection(base, ANNOTATIONS, pick(ANNOTATIONS_TITLE, lang),
        'Gaps marked by civil-society organisations: published ones for everyone; with a session, what that account may see.', null),
    ];
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
      collections: await collections(req, (q.lang ?? 'en') as Lang),
    });
  });

  function layerOr404(id: string): LayerDef | typeof ANNOTATIONS {
    if (id === ANNOTATIONS) return ANNOTATIONS;
    const def = findLayer(id);
    if (!def) throw notFound(`There is no collection '${id}'. See /ogc/collections for the list.`);
    return def;
  }

  r.get('/ogc/collections/:id', async (req, res) => {
    const q = parseOr400(CommonStrict, req.query, 'query');
    const id = String(req.params.id);
    layerOr404(id);
    const all = await collections(req, (q.lang ?? 'en') as Lang);
    res.json(all.find((c) => c.id === id));
  });

  async function annotationItems(req: Request, res: Response, rest: Record<string, unknown>) {
    const viewer = await sessions.viewerOf(req);
    const q = parseOr400(AnnotationQuery.omit({ deleted: true }), rest, 'query');
    const limit = q.limit ?? 200, offset = q.offset ?? 0;
    const page = await annotations.list(viewer, {
      campaign: q.campaign, category: q.category, status: q.status, reviewStatus: q.reviewStatus,
      severity: q.severity?.map(Number), bbox: q.bbox,
    }, limit, offset);
    personalised(res, viewer);
    // Flat properties for GIS tables: nested objects (organisation, people, permissions) become text columns.
    const flat = page.features.map((f) => {
      const p = f.properties;
      return {
        type: 'Feature' as const, id: f.id, geometry: f.geometry,
        properties: {
          id: p.id, campaign_id: p.campaignId, organisation: p.organisation.name.en ?? p.organisation.name.ru ?? p.organisation.name.ky,
          title: p.title, description: p.description, category: p.category, severity: p.severity,
          affected_people: p.affectedPeople, affected_households: p.affectedHouseholds, status: p.status, review_status: p.reviewStatus,
          council: p.submission?.council ?? null, submitted_on: p.submission?.submittedOn ?? null, response_days: p.submission?.response?.days ?? null,
          evidence: p.evidence.map((e: { url: string }) => e.url).join(' '), photos: p.photos.length,
          created_at: p.createdAt, updated_at: p.updatedAt, version: p.version,
        },
      };
    });
    res.type(GEOJSON).send(JSON.stringify({
      type: 'FeatureCollection', features: flat,
      numberMatched: page.matched, numberReturned: flat.length, timeStamp: new Date().toISOString(),
      links: pageLinks(req, offset, limit, flat.length, page.matched),
    }));
  }

  r.get('/ogc/collections/:id/items', async (req, res) => {
    const target = layerOr404(String(req.params.id));
    const { rest } = split(req);
    if (target === ANNOTATIONS) { await annotationItems(req, res, rest); return; }
    const q = toFeatureQuery(target, parseOr400(featureQuerySchema(target), rest, 'query'));
    const page = await features.list(target, q);
    if (q.requestedLimit !== undefined) res.set('X-Limit-Clamped', `${q.requestedLimit}->${MAX_LIMIT}`);
    res.type(GEOJSON).send(JSON.stringify({
      type: 'FeatureCollection', features: page.features,
      numberMatched: page.matched, numberReturned: page.features.length, timeStamp: new Date().toISOString(),
      links: pageLinks(req, q.offset, q.limit, page.features.length, page.matched),
    }));
  });

  r.get('/ogc/collections/:id/items/:fid', async (req, res) => {
    const target = layerOr404(String(req.params.id));
    split(req);
    const base = baseUrl(req);
    const links = (id: string | number) => [
      { rel: 'self', type: GEOJSON, href: `${base}/ogc/collections/${req.params.id}/items/${id}` },
      { rel: 'collection', type: 'application/json', href: `${base}/ogc/collections/${req.params.id}` },
    ];
    if (target === ANNOTATIONS) {
      const { fid } = parseOr400(z.object({ id: z.string(), fid: uuid('feature id') }), req.params, 'path');
      const viewer = await sessions.viewerOf(req);
      const f = await annotations.get(viewer, fid);
      personalised(res, viewer);
      res.type(GEOJSON).send(JSON.stringify({ ...f, links: links(fid) }));
      return;
    }
    const p = parseOr400(FeatureIdParam, { layer: req.params.id, id: req.params.fid }, 'path');
    const f = await features.get(target, p.id);
    if (!f) throw notFound(`Collection '${target.id}' has no feature ${p.id}.`);
    res.type(GEOJSON).send(JSON.stringify({ ...f, links: links(p.id) }));
  });

  return r;
}
