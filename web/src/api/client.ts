// The typed API client. Every failure — an HTTP problem (RFC 9457), a network failure, an answer
// that is not JSON — becomes one ApiError, which the UI turns into a translated message.
import type {
  BasemapResponse, Feature, FeatureCollection, Lang, LayersResponse, NearestResponse, Project, SearchResult, FacilityKind, BBox,
} from './types.ts';

export type ApiErrorKind = 'network' | 'not-found' | 'invalid' | 'server' | 'unavailable' | 'other';

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly url: string;
  constructor(init: { status: number; type?: string; title?: string; detail?: string; url: string }) {
    super(init.detail || init.title || `HTTP ${init.status}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? '';
    this.detail = init.detail ?? '';
    this.url = init.url;
  }
  /** What kind of failure this is, for choosing a translated message. */
  get kind(): ApiErrorKind {
    if (this.status === 0) return 'network';
    if (this.status === 404) return 'not-found';
    if (this.status === 400 || this.status === 422) return 'invalid';
    if (this.status === 503) return 'unavailable';
    if (this.status >= 500) return 'server';
    return 'other';
  }
  /** Worth a retry button: the server or the network failed, not the request. */
  get retryable(): boolean { return this.status === 0 || this.status >= 500 || this.status === 429; }
}

export const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export type Query = Record<string, string | number | undefined | null>;

function url(path: string, query: Query = {}): string {
  const u = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  return u.toString();
}

export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  const target = url(path, query);
  let res: Response;
  try {
    res = await fetch(target, { headers: { Accept: 'application/json, application/geo+json, application/problem+json' }, signal });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError({ status: 0, type: 'network', title: 'Network error', detail: (err as Error).message, url: target });
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    let body: { type?: string; title?: string; detail?: string } = {};
    if (type.includes('json')) body = await res.json().catch(() => ({}));
    throw new ApiError({ status: res.status, type: body.type, title: body.title ?? res.statusText, detail: body.detail, url: target });
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError({ status: res.status, type: 'invalid-response', title: 'Invalid response', detail: `Expected JSON from ${path}`, url: target });
  }
}

export const api = {
  layers: (lang: Lang, signal?: AbortSignal) => getJson<LayersResponse>('/api/layers', { lang }, signal),
  basemap: (signal?: AbortSignal) => getJson<BasemapResponse>('/api/basemap', {}, signal),
  projects: (signal?: AbortSignal) => getJson<{ projects: Project[] }>('/api/projects', {}, signal),
  search: (q: string, limit = 10, signal?: AbortSignal) => getJson<{ results: SearchResult[] }>('/api/search', { q, limit }, signal),
  nearest: (lon: number, lat: number, kind: FacilityKind, limit = 1, signal?: AbortSignal) =>
    getJson<NearestResponse>('/api/nearest', { lon: lon.toFixed(6), lat: lat.toFixed(6), kind, limit }, signal),
  features: (layer: string, params: { bbox?: BBox; limit?: number; offset?: number; filters?: Record<string, string[]> }, signal?: AbortSignal) => {
    const q: Query = { limit: params.limit, offset: params.offset };
    if (params.bbox) q.bbox = params.bbox.map((n) => n.toFixed(6)).join(',');
    for (const [attr, values] of Object.entries(params.filters ?? {})) if (values.length) q[attr] = values.join(',');
    return getJson<FeatureCollection>(`/api/layers/${encodeURIComponent(layer)}/features`, q, signal);
  },
  feature: (layer: string, id: number | string, signal?: AbortSignal) =>
    getJson<Feature>(`/api/layers/${encodeURIComponent(layer)}/features/${encodeURIComponent(String(id))}`, {}, signal),
};

// The CSRF token of this browser's session, one holder for every module of the API client: answers that
// carry one (session, login, logout, password change) update it; state-changing requests send it.
let csrf = '';
export const setCsrfToken = (t: string) => { csrf = t; };
/** The token as last seen ('' before any session answer). */
export const csrfTokenNow = () => csrf;
/** The token, asking GET /api/auth/session when there is none yet or when `fresh` (the last one was refused). */
export async function csrfToken(fresh = false, signal?: AbortSignal): Promise<string> {
  if (!csrf || fresh) csrf = (await getJson<{ csrfToken: string }>('/api/auth/session', {}, signal)).csrfToken;
  return csrf;
}
