// GET /api/exports/data/{layer}.{format}: any registry layer as a file, under the same filters as the
// features API and, for rows an organisation owns (annotations), the visibility rule for who asks.
import { Router } from 'express';
import { z } from 'zod';
import { MAP_LAYER_IDS } from '../layers/registry.js';
import { perViewer } from '../layers/types.js';
import { HttpProblem } from '../http/problem.js';
import { parseOr400 } from '../http/validate.js';
import { personalised } from '../http/cache.js';
import { layerFor, type LayerCatalogue, type ViewerSource } from '../http/layers.js';
import { readerOf } from '../access/viewer.js';
import { featureQuerySchema, toFeatureQuery } from '../features/features.schema.js';
import { FORMATS } from './formats/index.js';
import { BomParam, isFormat, parseFile } from './downloads.schema.js';
import type { DownloadsService } from './downloads.service.js';

export function downloadsRouter(downloads: DownloadsService, layers: LayerCatalogue, sessions: ViewerSource): Router {
  const r = Router();

  r.get('/api/exports/data/:file', async (req, res) => {
    const file = String(req.params.file);
    const parsed = parseFile(file);
    if (!parsed) throw new HttpProblem('invalid-parameter', `'${file}' is not {layer}.{format}; formats: ${FORMATS.join(', ')}.`, { errors: [{ in: 'path', name: 'file', reason: 'expected {layer}.{format}' }] });
    const { layer, format } = parsed;
    const { def, viewer } = await layerFor(layers, sessions, req, layer, `/api/layers (${MAP_LAYER_IDS.join(', ')} and organisation layers)`);
    if (!isFormat(format)) throw new HttpProblem('invalid-parameter', `'${format}' is not a download format; use one of ${FORMATS.join(', ')}.`, { errors: [{ in: 'path', name: 'format', reason: `one of ${FORMATS.join(', ')}` }] });

    const { bom: rawBom, limit, offset, ...rest } = req.query as Record<string, unknown>;
    if (limit !== undefined || offset !== undefined) {
      throw new HttpProblem('invalid-parameter', 'limit and offset do not apply to downloads: a download holds every matching feature (narrow it with bbox or the attribute filters).',
        { errors: [{ in: 'query', name: limit !== undefined ? 'limit' : 'offset', reason: 'not a download parameter' }] });
    }
    const { bom } = parseOr400(z.object({ bom: BomParam }), { bom: rawBom }, 'query');
    if (bom && format !== 'csv') throw new HttpProblem('invalid-parameter', 'bom applies to CSV downloads only.', { errors: [{ in: 'query', name: 'bom', reason: 'CSV only' }] });
    const q = toFeatureQuery(def, parseOr400(featureQuerySchema(def), rest, 'query'));
    const out = await downloads.layer(def, { bbox: q.bbox, filters: q.filters }, format, { bom: bom === '1' }, readerOf(viewer));
    if (perViewer(def)) personalised(res, viewer);
    else res.set('Cache-Control', 'no-cache');
    res.set({
      'Content-Type': out.contentType,
      'Content-Disposition': `attachment; filename="${out.filename}"`,
      'X-Feature-Count': String(out.count),
    });
    res.status(200).end(out.body);
  });

  return r;
}
