// Typed client for accounts, campaigns and annotations. Every state-changing request carries the
// CSRF token (X-CSRF-Token) the server gave in its last session answer; updates carry If-Match with
// the version ETag. Failures are ApiErrors (client.ts) with the problem's extensions kept (field
// errors, the current version on 412), so forms can show them next to the fields.
import { ApiError, csrfTokenNow, isAbort, setCsrfToken } from './client.ts';

export { setCsrfToken };
import type { I18n, LngLat } from './types.ts';

export type Role = 'admin' | 'advocate' | 'engineer';
export type I18nN = Partial<Record<keyof I18n, string | null>>;

export const CATEGORIES = [
  'broken_canal', 'drinking_water_irrigation', 'no_electricity', 'no_road', 'service_out_of_reach',
  'sanitation', 'fire_safety', 'budget_allocation', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const STATUSES = ['draft', 'published', 'submitted', 'response_recorded', 'planned', 'resolved', 'rejected', 'reopened'] as const;
export type Status = (typeof STATUSES)[number];
export const REVIEW_STATUSES = ['unreviewed', 'acknowledged', 'needs_information', 'confirmed', 'disputed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface SessionInfo {
  authenticated: boolean;
  demo: boolean;
  csrfToken: string;
  expiresAt: string | null;
  user: null | {
    id: string; email: string; displayName: string; showNamePublicly: boolean; role: Role;
    organisation: { id: string; slug: string; kind: string; name: I18nN } | null;
  };
  can: { createCampaign: boolean; createAnnotation: boolean; review: boolean };
}

export interface Person { organisation: { id: string; name: I18nN } | null; name: string | null }
export interface Permissions { edit: boolean; delete: boolean; restore: boolean; comment: boolean; review: boolean; transitions: Status[] }
export interface Evidence { url: string; label?: string }
export interface LinkedFeature { layer: string; id: number }
/** An evidence photo: re-encoded by the server without metadata; `location` only when the uploader kept it. */
export interface Photo {
  id: string; caption: string; width: number; height: number; bytes: number;
  location: { lon: number; lat: number } | null; takenAt: string | null; createdAt: string; url: string; thumbnailUrl: string;
}
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export interface AnnotationProps {
  id: string;
  campaignId: string;
  organisation: { id: string; name: I18nN };
  title: string;
  description: string;
  lang: 'ky' | 'ru' | 'en' | null;
  category: Category;
  severity: number;
  affectedPeople: number | null;
  affectedHouseholds: number | null;
  evidence: Evidence[];
  photos: Photo[];
  linkedFeatures: LinkedFeature[];
  status: Status;
  statusChangedAt: string;
  reviewStatus: ReviewStatus;
  rejectionReason: string | null;
  submission: null | {
    council: string; reference: string; submittedOn: string;
    response: null | { text: string; date: string; documentUrl: string | null; days: number | null };
  };
  version: number;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: Person;
  updatedBy: Person;
  permissions: Permissions;
}
export type AnnotationGeometry =
  | { type: 'Point'; coordinates: LngLat }
  | { type: 'LineString'; coordinates: LngLat[] }
  | { type: 'Polygon'; coordinates: LngLat[][] };
export interface Annotation { type: 'Feature'; id: string; geometry: AnnotationGeometry; properties: AnnotationProps }
export interface AnnotationCollection { type: 'FeatureCollection'; features: Annotation[]; numberMatched: number; numberReturned: number }

/** The editable content of an annotation (what the form sends). */
export interface AnnotationContent {
  title: string;
  description: string;
  lang: 'ky' | 'ru' | 'en' | null;
  category: Category;
  severity: number;
  affectedPeople: number | null;
  affectedHouseholds: number | null;
  evidence: Evidence[];
  linkedFeatures: LinkedFeature[];
}

export interface Campaign {
  type: 'Feature';
  id: string;
  properties: {
    id: string;
    organisation: { id: string; slug: string; name: I18nN };
    title: I18nN;
    targetCouncil: string | null;
    status: CampaignStatus;
    annotationCount: number;
    permissions: { edit: boolean; createAnnotation: boolean };
    description?: I18nN;
    recommendations?: I18nN;
    /** Only for the owner and the organisations it is shared with. */
    sharedWith?: { id: string; slug: string; name: I18nN }[] | null;
    version?: number;
    createdAt?: string;
    updatedAt?: string;
  };
  geometry?: CampaignGeometry;
}
export const CAMPAIGN_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type CampaignGeometry = { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] };
/** What the campaign form sends. */
export interface CampaignContent {
  title: I18nN; description: I18nN; recommendations: I18nN; targetCouncil: string; status: CampaignStatus; sharedWith: string[];
}
export interface CampaignHistoryItem {
  id: number; version: number; action: 'create' | 'update'; at: string; actor: Person | null;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null;
}
export interface Organisation { id: string; slug: string; kind: string; name: I18nN; demo: boolean }

export interface Comment { id: string; body: string | null; deleted: boolean; createdAt: string; author: Person; permissions: { delete: boolean } }

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

export type StatusChange =
  | { status: 'published'; note?: string }
  | { status: 'submitted'; submittedOn: string; reference: string; council?: string; note?: string }
  | { status: 'response_recorded'; responseText: string; responseDate: string; documentUrl?: string; note?: string }
  | { status: 'planned'; plannedFor?: string; note?: string }
  | { status: 'resolved'; note?: string }
  | { status: 'rejected'; reason: string }
  | { status: 'reopened'; reason: string };

export interface FieldError { in: string; name: string; reason: string }

/** An ApiError with the problem document's extensions (field errors, the current version on 412, Retry-After). */
export class ProblemError extends ApiError {
  readonly errors: FieldError[];
  readonly problem: Record<string, unknown>;
  readonly retryAfter: number | null;
  constructor(init: ConstructorParameters<typeof ApiError>[0] & { problem?: Record<string, unknown>; retryAfter?: number | null }) {
    super(init);
    this.problem = init.problem ?? {};
    this.errors = Array.isArray(this.problem.errors) ? (this.problem.errors as FieldError[]) : [];
    this.retryAfter = init.retryAfter ?? null;
  }
  /** The problem type's last path segment: 'version-conflict', 'csrf-token', 'invalid-credentials', … */
  get code(): string { return this.type.split('/').pop() ?? ''; }
}


type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, opts: { body?: unknown; raw?: Blob; ifMatch?: number; signal?: AbortSignal; geo?: boolean; retried?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/geo+json, application/problem+json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfTokenNow();
  if (opts.body !== undefined) headers['Content-Type'] = opts.geo ? 'application/geo+json' : 'application/json';
  if (opts.raw) headers['Content-Type'] = opts.raw.type;
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"v${opts.ifMatch}"`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)), signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ProblemError({ status: 0, type: 'network', title: 'Network error', detail: (err as Error).message, url: path });
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const p = (body ?? {}) as Record<string, unknown> & { type?: string; title?: string; detail?: string };
    const err = new ProblemError({
      status: res.status, type: p.type, title: p.title ?? res.statusText, detail: p.detail, url: path, problem: p,
      retryAfter: res.headers.has('retry-after') ? Number(res.headers.get('retry-after')) : null,
    });
    // A session that expired (or a token that rotated): fetch a fresh token once and try again.
    if (err.code === 'csrf-token' && !opts.retried && method !== 'GET') {
      const s = await request<SessionInfo>('GET', '/api/auth/session');
      setCsrfToken(s.csrfToken);
      return request<T>(method, path, { ...opts, retried: true });
    }
    throw err;
  }
  if (body === null) throw new ProblemError({ status: res.status, type: 'invalid-response', title: 'Invalid response', detail: `Expected JSON from ${path}`, url: path });
  if (body && typeof body === 'object' && 'csrfToken' in body && typeof (body as SessionInfo).csrfToken === 'string') setCsrfToken((body as SessionInfo).csrfToken);
  return body as T;
}

const q = (params: Record<string, string | number | undefined | null | string[]>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) { if (v.length) u.set(k, v.join(',')); } else if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
};
const enc = encodeURIComponent;

export interface AnnotationFilter { campaign?: string; category?: string[]; status?: string[]; severity?: string[]; deleted?: boolean }

export const advocacy = {
  session: (signal?: AbortSignal) => request<SessionInfo>('GET', '/api/auth/session', { signal }),
  login: (email: string, password: string) => request<SessionInfo>('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => request<SessionInfo>('POST', '/api/auth/logout', { body: {} }),
  changePassword: (currentPassword: string, newPassword: string) => request<SessionInfo>('POST', '/api/auth/password', { body: { currentPassword, newPassword } }),

  campaigns: (signal?: AbortSignal) => request<{ features: Campaign[] }>('GET', '/api/campaigns', { signal }),
  campaign: (id: string, signal?: AbortSignal) => request<Campaign>('GET', `/api/campaigns/${enc(id)}`, { signal }),
  createCampaign: (geometry: CampaignGeometry, properties: CampaignContent) =>
    request<Campaign>('POST', '/api/campaigns', { geo: true, body: { type: 'Feature', geometry, properties } }),
  updateCampaign: (id: string, version: number, change: { geometry?: CampaignGeometry; properties?: Partial<CampaignContent> }) =>
    request<Campaign>('PATCH', `/api/campaigns/${enc(id)}`, { geo: true, ifMatch: version, body: { type: 'Feature', ...change } }),
  campaignHistory: (id: string, signal?: AbortSignal) => request<{ items: CampaignHistoryItem[] }>('GET', `/api/campaigns/${enc(id)}/history`, { signal }),
  organisations: (signal?: AbortSignal) => request<{ organisations: Organisation[] }>('GET', '/api/organisations', { signal }),

  annotations: (f: AnnotationFilter = {}, signal?: AbortSignal) =>
    request<AnnotationCollection>('GET', `/api/annotations${q({ campaign: f.campaign, category: f.category, status: f.status, severity: f.severity, deleted: f.deleted ? 'true' : undefined, limit: 1000 })}`, { signal }),
  annotation: (id: string, signal?: AbortSignal) => request<Annotation>('GET', `/api/annotations/${enc(id)}`, { signal }),
  create: (campaignId: string, geometry: AnnotationGeometry, content: AnnotationContent) =>
    request<Annotation>('POST', '/api/annotations', { geo: true, body: { type: 'Feature', geometry, properties: { campaignId, ...content } } }),
  update: (id: string, version: number, change: { geometry?: AnnotationGeometry; properties?: Partial<AnnotationContent> }) =>
    request<Annotation>('PATCH', `/api/annotations/${enc(id)}`, { geo: true, ifMatch: version, body: { type: 'Feature', ...change } }),
  remove: (id: string, version: number) => request<Annotation>('DELETE', `/api/annotations/${enc(id)}`, { ifMatch: version }),
  restore: (id: string, version: number) => request<Annotation>('POST', `/api/annotations/${enc(id)}/restore`, { ifMatch: version, body: {} }),
  status: (id: string, version: number, change: StatusChange) => request<Annotation>('POST', `/api/annotations/${enc(id)}/status`, { ifMatch: version, body: change }),
  review: (id: string, version: number, reviewStatus: ReviewStatus, note?: string) =>
    request<Annotation>('POST', `/api/annotations/${enc(id)}/review`, { ifMatch: version, body: note ? { reviewStatus, note } : { reviewStatus } }),
  /** The photo file itself is the body; the server re-encodes it. keepLocation: keep its GPS position. */
  addPhoto: (id: string, version: number, file: Blob, caption: string, keepLocation: boolean) =>
    request<Annotation>('POST', `/api/annotations/${enc(id)}/photos${q({ caption, keepLocation: String(keepLocation) })}`, { ifMatch: version, raw: file }),
  removePhoto: (id: string, version: number, photoId: string) => request<Annotation>('DELETE', `/api/annotations/${enc(id)}/photos/${enc(photoId)}`, { ifMatch: version }),
  comment: (id: string, body: string) => request<Comment>('POST', `/api/annotations/${enc(id)}/comments`, { body: { body } }),
  comments: (id: string, signal?: AbortSignal) => request<{ comments: Comment[] }>('GET', `/api/annotations/${enc(id)}/comments`, { signal }),
  deleteComment: (id: string, commentId: string) => request<void>('DELETE', `/api/annotations/${enc(id)}/comments/${enc(commentId)}`),
  timeline: (id: string, signal?: AbortSignal) => request<{ entries: TimelineEntry[] }>('GET', `/api/annotations/${enc(id)}/timeline`, { signal }),
};

/** Only http(s) addresses become links; anything else (javascript:, data:, …) stays text. */
export function safeHref(s: string | null | undefined): string | null {
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch { return null; }
}
