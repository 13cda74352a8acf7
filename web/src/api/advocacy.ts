// Typed client for accounts, campaigns and annotations, on the one transport (client.ts): state-changing
// requests carry the CSRF token, updates carry If-Match with the version. Failures are ApiErrors with
// the problem's extensions kept (field errors, the current version on 412), so forms can show them
// next to the fields. Enums and their types are the server's (wire.ts).
import { http, type Query } from './client.ts';
import type { Annotation, Campaign, Comment, SessionInfo, StatusChange, CampaignStatus, Category, I18n, ReviewStatus, Status } from './wire.ts';
import type { LngLat } from './types.ts';

export { CAMPAIGN_STATUSES, CATEGORIES, PHOTO_TYPES, REVIEW_STATUSES, STATUSES } from './wire.ts';
export type { CampaignStatus, Category, ReviewStatus, Status };

export type { Role } from './wire.ts';
export type I18nN = Partial<Record<keyof I18n, string | null>>;

export type { SessionInfo } from './wire.ts';

// An annotation and its parts are the server's own types (annotations.feature.ts through wire.ts).
export type { Annotation } from './wire.ts';
export type AnnotationProps = Annotation['properties'];
export type AnnotationGeometry = Annotation['geometry'];
export type Person = AnnotationProps['createdBy'];
export type Permissions = AnnotationProps['permissions'];
export type Evidence = AnnotationProps['evidence'][number];
export type LinkedFeature = AnnotationProps['linkedFeatures'][number];
/** An evidence photo: re-encoded by the server without metadata; `location` only when the uploader kept it. */
export type Photo = AnnotationProps['photos'][number];

export interface AnnotationCollection { type: 'FeatureCollection'; features: Annotation[]; numberMatched: number; numberReturned: number }

/** The editable content of an annotation (what the form sends). */
export type AnnotationContent = Pick<AnnotationProps,
  'title' | 'description' | 'lang' | 'category' | 'severity' | 'affectedPeople' | 'affectedHouseholds' | 'evidence' | 'linkedFeatures'>;

export type { Campaign } from './wire.ts';
export type CampaignGeometry = { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] };
/** What the campaign form sends. */
export interface CampaignContent {
  title: I18nN; description: I18nN; recommendations: I18nN; targetCouncil: I18nN; status: CampaignStatus; sharedWith: string[];
}
export interface CampaignHistoryItem {
  id: number; version: number; action: 'create' | 'update'; at: string; actor: Person | null;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null;
}
export interface Organisation { id: string; slug: string; kind: string; name: I18nN; demo: boolean }

export type { Comment } from './wire.ts';

export interface TimelineEntry {
  at: string;
  kind: 'created' | 'edited' | 'status' | 'review' | 'deleted' | 'restored' | 'comment';
  actor: Person;
  version?: number;
  changed?: string[];
  from?: string | null;
  to?: string;
  details?: Record<string, unknown> | null;
  commentId?: string;
  body?: string | null;
  deleted?: boolean;
}

export type { StatusChange } from './wire.ts';

const enc = encodeURIComponent;

export interface AnnotationFilter { campaign?: string; category?: string[]; status?: string[]; severity?: string[]; deleted?: boolean }

type S = AbortSignal | undefined;

export const advocacy = {
  session: (signal?: S) => http.get<SessionInfo>('/api/auth/session', { signal }),
  login: (email: string, password: string, signal?: S) => http.post<SessionInfo>('/api/auth/login', { email, password }, { signal }),
  logout: (signal?: S) => http.post<SessionInfo>('/api/auth/logout', {}, { signal }),
  changePassword: (currentPassword: string, newPassword: string, signal?: S) =>
    http.post<SessionInfo>('/api/auth/password', { currentPassword, newPassword }, { signal }),

  campaigns: (signal?: S) => http.get<{ features: Campaign[] }>('/api/campaigns', { signal }),
  campaign: (id: string, signal?: S) => http.get<Campaign>(`/api/campaigns/${enc(id)}`, { signal }),
  createCampaign: (geometry: CampaignGeometry, properties: CampaignContent, signal?: S) =>
    http.post<Campaign>('/api/campaigns', { type: 'Feature', geometry, properties }, { geo: true, signal }),
  updateCampaign: (id: string, version: number, change: { geometry?: CampaignGeometry; properties?: Partial<CampaignContent> }, signal?: S) =>
    http.patch<Campaign>(`/api/campaigns/${enc(id)}`, { type: 'Feature', ...change }, { geo: true, ifMatch: version, signal }),
  campaignHistory: (id: string, signal?: S) => http.get<{ items: CampaignHistoryItem[] }>(`/api/campaigns/${enc(id)}/history`, { signal }),
  organisations: (signal?: S) => http.get<{ organisations: Organisation[] }>('/api/organisations', { signal }),

  annotations: (f: AnnotationFilter = {}, signal?: S) => {
    const query: Query = { campaign: f.campaign, category: f.category, status: f.status, severity: f.severity, deleted: f.deleted ? 'true' : undefined, limit: 1000 };
    return http.get<AnnotationCollection>('/api/annotations', { query, signal });
  },
  annotation: (id: string, signal?: S) => http.get<Annotation>(`/api/annotations/${enc(id)}`, { signal }),
  create: (campaignId: string, geometry: AnnotationGeometry, content: AnnotationContent, signal?: S) =>
    http.post<Annotation>('/api/annotations', { type: 'Feature', geometry, properties: { campaignId, ...content } }, { geo: true, signal }),
  update: (id: string, version: number, change: { geometry?: AnnotationGeometry; properties?: Partial<AnnotationContent> }, signal?: S) =>
    http.patch<Annotation>(`/api/annotations/${enc(id)}`, { type: 'Feature', ...change }, { geo: true, ifMatch: version, signal }),
  remove: (id: string, version: number, signal?: S) => http.delete<Annotation>(`/api/annotations/${enc(id)}`, { ifMatch: version, signal }),
  restore: (id: string, version: number, signal?: S) => http.post<Annotation>(`/api/annotations/${enc(id)}/restore`, {}, { ifMatch: version, signal }),
  status: (id: string, version: number, change: StatusChange, signal?: S) =>
    http.post<Annotation>(`/api/annotations/${enc(id)}/status`, change, { ifMatch: version, signal }),
  review: (id: string, version: number, reviewStatus: ReviewStatus, note?: string, signal?: S) =>
    http.post<Annotation>(`/api/annotations/${enc(id)}/review`, note ? { reviewStatus, note } : { reviewStatus }, { ifMatch: version, signal }),
  /** The photo file itself is the body; the server re-encodes it. keepLocation: keep its GPS position. */
  addPhoto: (id: string, version: number, file: Blob, caption: string, keepLocation: boolean, signal?: S) =>
    http.upload<Annotation>(`/api/annotations/${enc(id)}/photos`, file, { query: { caption, keepLocation: String(keepLocation) }, ifMatch: version, signal }),
  removePhoto: (id: string, version: number, photoId: string, signal?: S) =>
    http.delete<Annotation>(`/api/annotations/${enc(id)}/photos/${enc(photoId)}`, { ifMatch: version, signal }),
  comment: (id: string, body: string, signal?: S) => http.post<Comment>(`/api/annotations/${enc(id)}/comments`, { body }, { signal }),
  comments: (id: string, signal?: S) => http.get<{ comments: Comment[] }>(`/api/annotations/${enc(id)}/comments`, { signal }),
  deleteComment: (id: string, commentId: string, signal?: S) => http.delete(`/api/annotations/${enc(id)}/comments/${enc(commentId)}`, { signal }),
  timeline: (id: string, signal?: S) => http.get<{ entries: TimelineEntry[] }>(`/api/annotations/${enc(id)}/timeline`, { signal }),
};

/** Only http(s) addresses become links; anything else (javascript:, data:, …) stays text. */
export function safeHref(s: string | null | undefined): string | null {
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch { return null; }
}
