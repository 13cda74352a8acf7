// The typed client for exports (print map, council brief, data downloads), share links and the
// public shared-campaign read. URL builders are pure; requests go through the one transport
// (client.ts), so every failure is one ApiError and state-changing requests carry the CSRF token.
import { download, http, type FileResult } from './client.ts';
import { bboxOf } from '../lib/geo.ts';
import type { BBox, Feature, FeatureCollection, I18n, Lang } from './types.ts';
import { DATA_FORMATS as WIRE_DATA_FORMATS, type DataFormat, type MapFormat, type Orientation, type Paper } from './wire.ts';

export type { DataFormat, MapFormat, Orientation, Paper };
export const DATA_FORMATS: readonly DataFormat[] = WIRE_DATA_FORMATS;

/** Paper size in millimetres (ISO 216), as laid out for an orientation. */
export function paperSize(paper: Paper, orientation: Orientation): { width: number; height: number } {
  const [short, long] = paper === 'a3' ? [297, 420] : [210, 297];
  return orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

/** What a map export is made of; the same fields go into the query string (GET) or the JSON body (POST). */
export interface MapExportOptions {
  campaign?: string | null;
  bbox?: BBox | null;
  paper: Paper;
  orientation: Orientation;
  lang: Lang;
  title?: string;
  subtitle?: string;
  layers: string[];
  annotations: boolean;
  dpi?: 150 | 300;
}

export interface BriefOptions { campaign: string; lang: Lang; paper: Paper; orientation: Orientation; recommendations?: string }

/** Beyond this a GET URL risks proxies and servers refusing it: the request goes as a POST body. */
export const MAX_GET_URL = 1800;

const bboxParam = (b: BBox) => b.map((n) => n.toFixed(5)).join(',');

/** The export's fields as strings (empty ones left out). */
export function mapExportFields(o: MapExportOptions, format: MapFormat): Record<string, string> {
  const q: Record<string, string> = { paper: o.paper, orientation: o.orientation, lang: o.lang };
  if (o.campaign) q.campaign = o.campaign;
  else if (o.bbox) q.bbox = bboxParam(o.bbox);
  if (o.title?.trim()) q.title = o.title.trim();
  if (o.subtitle?.trim()) q.subtitle = o.subtitle.trim();
  q.layers = o.layers.join(',');
  q.annotations = o.annotations ? '1' : '0';
  if (format === 'png' && o.dpi) q.dpi = String(o.dpi);
  return q;
}

/** Every field is sent, empty ones too (`layers=` means no layers). */
function withQuery(path: string, q: Record<string, string>): string {
  const u = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u.toString();
}

export const mapExportUrl = (o: MapExportOptions, format: MapFormat, inline = false) =>
  withQuery(`/api/exports/map.${format}`, { ...mapExportFields(o, format), ...(inline ? { inline: '1' } : {}) });

export function briefFields(o: BriefOptions): Record<string, string> {
  const q: Record<string, string> = { campaign: o.campaign, lang: o.lang, paper: o.paper, orientation: o.orientation };
  if (o.recommendations?.trim()) q.recommendations = o.recommendations.trim();
  return q;
}

export const briefUrl = (o: BriefOptions) => withQuery('/api/exports/brief.pdf', briefFields(o));

export interface DataDownloadOptions {
  layer: string;
  format: DataFormat;
  bbox?: BBox | null;
  /** Attribute filters (attribute → allowed values), the features API's syntax. */
  filters?: Record<string, string[]>;
  bom?: boolean;
  /** Annotations only. */
  campaign?: string | null;
}

export function dataUrl(o: DataDownloadOptions): string {
  const q: Record<string, string> = {};
  if (o.bbox) q.bbox = bboxParam(o.bbox);
  for (const [attr, values] of Object.entries(o.filters ?? {})) if (values.length) q[attr] = values.join(',');
  if (o.layer === 'annotations' && o.campaign) q.campaign = o.campaign;
  if (o.format === 'csv' && o.bom) q.bom = '1';
  return withQuery(`/api/exports/data/${encodeURIComponent(o.layer)}.${o.format}`, q);
}

// ---- requests ----

export type { FileResult };

/** A file from the server: GET when the URL is short, POST with the same fields as JSON when it is not. */
export function fetchFile(path: string, fields: Record<string, string>, fallbackName: string, signal?: AbortSignal): Promise<FileResult> {
  const get = withQuery(path, fields);
  return get.length <= MAX_GET_URL ? download(get, { signal, fallbackName }) : download(path, { body: fields, signal, fallbackName });
}

/** Let the browser save a blob under a name (an object URL clicked through a download link). */
export function saveBlob(file: FileResult) {
  const href = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = file.filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

// ---- campaigns (the pieces exports need) ----

export interface CampaignSummary {
  id: string;
  title: I18n;
  targetCouncil: Partial<Record<Lang, string | null>>;
  status: string;
  organisation: { id: string; name: I18n };
  permissions?: { edit: boolean };
  bbox: BBox | null;
}

type CampaignFC = { features: { id: string; geometry: GeoJSON.Geometry | null; properties: Omit<CampaignSummary, 'bbox'> }[] };

export async function campaigns(signal?: AbortSignal): Promise<CampaignSummary[]> {
  const fc = await http.get<CampaignFC>('/api/campaigns', { signal, cache: 'no-store' });
  return fc.features.map((f) => ({ ...f.properties, id: f.id, bbox: f.geometry && 'coordinates' in f.geometry ? bboxOf(f.geometry) : null }));
}

// ---- share links ----

export interface ShareLink {
  id: string;
  token?: string;
  url?: string;
  embedUrl?: string;
  embedHtml?: string;
  label: string | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const linksPath = (campaign: string) => `/api/campaigns/${encodeURIComponent(campaign)}/share-links`;

export const shareLinks = {
  list: async (campaign: string, signal?: AbortSignal): Promise<ShareLink[]> => {
    const r = await http.get<ShareLink[] | { items?: ShareLink[]; links?: ShareLink[] }>(linksPath(campaign), { signal, cache: 'no-store' });
    return Array.isArray(r) ? r : (r.items ?? r.links ?? []);
  },
  create: (campaign: string, body: { label?: string; expiresAt?: string }, signal?: AbortSignal): Promise<ShareLink> =>
    http.post<ShareLink>(linksPath(campaign), body, { signal }),
  revoke: (campaign: string, linkId: string, signal?: AbortSignal): Promise<void> =>
    http.delete(`${linksPath(campaign)}/${encodeURIComponent(linkId)}`, { signal }),
};

// ---- the public shared campaign ----

export interface SharedCampaign {
  campaign: {
    id: string;
    title: I18n;
    description: I18n | null;
    targetCouncil: Partial<Record<Lang, string | null>> | null;
    organisation: { name: I18n } | I18n | string | null;
    area: GeoJSON.Geometry | null;
    bbox: BBox | null;
    layers: string[];
  };
  annotations: FeatureCollection | { type: 'FeatureCollection'; features: Feature[] };
  expiresAt: string | null;
}

export const sharedCampaign = (token: string, signal?: AbortSignal) =>
  http.get<SharedCampaign>(`/api/shares/${encodeURIComponent(token)}`, { signal, cache: 'no-store' });
