// GET /api/exports/data/{layer}.{format}: a layer (or the annotations the viewer may see) as a file.
import { Router } from 'express';
import { z } from 'zod';
import { findLayer, LAYER_IDS } from '../layers/registry.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import type { HttpSessions } from '../auth/session.js';
import { personalised } from '../annotations/annotations.routes.js';
import { featureQuerySchema, toFeatureQuery } from '../features/features.schema.js';
import { FORMATS } from './formats/index.js';
import { ANNOTATIONS_LAYER, AnnotationDownloadQuery, BomParam, isFormat, parseFile } from './downloads.schema.js';
import type { DownloadsService } from './downloads.service.js';

export function downloadsRouter(downloads: DownloadsService, sessions: HttpSessions): Router {
  const r = Router();

  r.get('/api/exports/data/:file', async (req, res) => {
    const file = String(req.params.file);
    const parsed = parseFile(file);
    if (!parsed) throw new HttpProblem('invalid-parameter', `'${file}' is not {layer}.{format}; formats: ${FORMATS.join(', ')}.`, { errors: [{ in: 'path', name: 'file', reason: 'expected {layer}.{format}' }] });
    const { layer, format } = parsed;
    const def = layer === ANNOTATIONS_LAYER ? undefined : findLayer(layer);
    if (layer !== ANNOTATIONS_LAYER && !def) throw notFound(`There is no layer '${layer}'. Layers: ${[...LAYER_IDS, ANNOTATIONS_LAYER].join(', ')}.`);
    if (!isFormat(format)) throw new HttpProblem('invalid-parameter', `'${format}' is not a download format; use one of ${FORMATS.join(', ')}.`, { errors: [{ in: 'path', name: 'format', reason: `one of ${FORMATS.join(', ')}` }] });

    let out;
    if (!def) {
      const viewer = await sessions.viewerOf(req);
      const q = parseOr400(AnnotationDownloadQuery, req.query, 'query');
      if (q.bom && format !== 'csv') throw new HttpProblem('invalid-parameter', 'bom applies to CSV downloads only.', { errors: [{ in: 'query', name: 'bom', reason: 'CSV only' }] });
      out = await downloads.annotationLayer(viewer, { campaign: q.campaign, category: q.category, status: q.status, reviewStatus: q.reviewStatus, severity: q.severity?.map(Number), bbox: q.bbox }, format, { bom: q.bom === '1' });
      personalised(res, viewer);
    } else {
      const { bom: rawBom, limit, offset, ...rest } = req.query as Record<string, unknown>;
      if (limit !== undefined || offset !== undefined) {
        throw new HttpProblem('invalid-parameter', 'limit and offset do not apply to downloads: a download holds every matching feature (narrow it with bbox or the attribute filters).',
          { errors: [{ in: 'query', name: limit !== undefined ? 'limit' : 'offset', reason: 'not a download parameter' }] });
      }
      const { bom } = parseOr400(z.object({ bom: BomParam }), { bom: rawBom }, 'query');
      if (bom && format !== 'csv') throw new HttpProblem('invalid-parameter', 'bom applies to CSV downloads only.', { errors: [{ in: 'query', name: 'bom', reason: 'CSV only' }] });
      const q = toFeatureQuery(def, parseOr400(featureQuerySchema(def), rest, 'query'));
      out = await downloads.layer(def, { bbox: q.bbox, filters: q.filters }, format, { bom: bom === '1' });
      res.set('Cache-Control', 'no-cache');
    }
    res.set({
      'Content-Type': out.contentType,
      'Content-Disposition': `attachment; filename="${out.filename}"`,
      'X-Feature-Count': String(out.count),
    });
    res.status(200).end(out.body);
  });

  return r;
}
