// Search by name: the grant projects (in memory) first, then settlements and facilities (search.repo.ts),
// matching the query in Cyrillic or Latin letters (translit.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { findLayer } from '../layers/registry.js';
import { pickAll, type I18n } from '../i18n/pick.js';
import type { Project } from '../projects/projects.schema.js';
import { searchPlaces } from './search.repo.js';
import type { SearchInput } from './search.schema.js';
import { variants } from './translit.js';

const label = (layer: string, attr: string, value: string): I18n => {
  const v = findLayer(layer)?.attributes.find((a) => a.name === attr)?.values?.find((x) => x.value === value);
  return v?.label ?? { ky: value, ru: value, en: value };
};
const withPlace = (l: I18n, place: string | null): I18n => (place ? { ky: `${l.ky}, ${place}`, ru: `${l.ru}, ${place}`, en: `${l.en}, ${place}` } : l);

export class SearchService {
  constructor(private readonly db: Kysely<DB>, private readonly projects: Project[]) {}

  async search(q: SearchInput) {
    const limit = q.limit ?? 10;
    const v = variants(q.q);
    const projectHits = this.projects
      .filter((p) => [p.title, p.cso].some((t) => Object.values(t).some((s) => v.some((x) => s.toLowerCase().includes(x)))))
      .map((p) => ({
        type: 'project' as const, id: p.id, names: p.title, subtitle: p.cso,
        center: [(p.bbox[0] + p.bbox[2]) / 2, (p.bbox[1] + p.bbox[3]) / 2], bbox: p.bbox, zoom: 11,
      }));
    const rows = await searchPlaces(this.db, v, limit);
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
    return { query: q.q, results: [...projectHits, ...places].slice(0, limit) };
  }
}
