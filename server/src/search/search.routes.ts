import { Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { parseOr400, intString } from '../http/validate.js';
import { findLayer } from '../layers/registry.js';
import { pickAll, type I18n } from '../i18n/pick.js';
import type { Project } from '../projects/projects.schema.js';
import { searchPlaces } from './search.repo.js';
import { variants } from './translit.js';

export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(100, 'q must be at most 100 characters')
    .regex(/^[\p{L}\p{M}\p{N} .,'’"«»()/-]+$/u, 'q may contain letters, digits, spaces and . , \' " « » ( ) / - only')
    .describe('Part of a name in Kyrgyz, Russian or English, in Cyrillic or Latin letters'),
  limit: intString('limit', 1, 50).optional().describe('At most this many results (default 10)'),
}).strict();

const label = (layer: string, attr: string, value: string): I18n => {
  const v = findLayer(layer)?.attributes.find((a) => a.name === attr)?.values?.find((x) => x.value === value);
  return v?.label ?? { ky: value, ru: value, en: value };
};
const withPlace = (l: I18n, place: string | null): I18n => (place ? { ky: `${l.ky}, ${place}`, ru: `${l.ru}, ${place}`, en: `${l.en}, ${place}` } : l);

export function searchRouter(db: Kysely<DB>, projects: Project[]): Router {
  const r = Router();
  r.get('/api/search', async (req, res) => {
    const q = parseOr400(SearchQuery, req.query, 'query');
    const limit = q.limit ?? 10;
    const v = variants(q.q);
    const projectHits = projects
      .filter((p) => [p.title, p.cso].some((t) => Object.values(t).some((s) => v.some((x) => s.toLowerCase().includes(x)))))
      .map((p) => ({
        type: 'project' as const, id: p.id, names: p.title, subtitle: p.cso,
        center: [(p.bbox[0] + p.bbox[2]) / 2, (p.bbox[1] + p.bbox[3]) / 2], bbox: p.bbox, zoom: 11,
      }));
    const rows = await searchPlaces(db, v, limit);
    const places = rows.map((x) => {
      const isS = x.type === 'settlement';
      const names = pickAll({ ky: x.name_ky, ru: x.name_ru, en: x.name_en });
      return {
        type: x.type, id: x.id, layer: isS ? 'settlements' : 'facilities', names,
        subtitle: withPlace(label(isS ? 'settlements' : 'facilities', isS ? 'settlement_type' : 'kind', x.sub), x.place),
        center: [x.lon, x.lat],
        ...(x.xmin !== x.xmax ? { bbox: [x.xmin, x.ymin, x.xmax, x.ymax] } : {}),
        zoom: !isS ? 15 : x.sub === 'city' ? 11 : x.sub === 'town' ? 12 : 13,
      };
    });
    res.json({ query: q.q, results: [...projectHits, ...places].slice(0, limit) });
  });
  return r;
}
