// Paging links of a GeoJSON FeatureCollection page (OGC API - Features style: self, next, prev).
import type { Request } from 'express';
import { baseUrl } from './urls.js';

export const GEOJSON = 'application/geo+json';

export interface PageLink { rel: string; type: string; title?: string; href: string }

export function pageLinks(req: Request, page: { offset: number; limit: number; returned: number; matched: number }, titled = false): PageLink[] {
  const self = new URL(`${baseUrl(req)}${req.originalUrl}`);
  const at = (o: number) => { const u = new URL(self); u.searchParams.set('offset', String(o)); u.searchParams.set('limit', String(page.limit)); return u.toString(); };
  const t = (title: string) => (titled ? { title } : {});
  const links: PageLink[] = [{ rel: 'self', type: GEOJSON, ...t('this page'), href: self.toString() }];
  if (page.offset + page.returned < page.matched) links.push({ rel: 'next', type: GEOJSON, ...t('next page'), href: at(page.offset + page.limit) });
  if (page.offset > 0) links.push({ rel: 'prev', type: GEOJSON, ...t('previous page'), href: at(Math.max(0, page.offset - page.limit)) });
  return links;
}
