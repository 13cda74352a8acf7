// The one HTTP transport of the web app: the only code in web/ that calls fetch (and, for the one upload
// that reports progress, XMLHttpRequest). JSON reads and writes, file downloads, the CSRF token and its
// one retry rule, If-Match versions. Every failure — an HTTP
// problem (RFC 9457), a network failure, an answer that is not JSON — becomes one ApiError, which the
// UI turns into a translated message. Resource modules (layers.ts, analysis.ts, advocacy.ts, …) build on it.

export type ApiErrorKind = 'network' | 'not-found' | 'invalid' | 'server' | 'unavailable' | 'other';

/** A field the server refused (`errors` of a 400/422 problem). */
export interface FieldError { in: string; name: string; reason: string }

export interface ApiErrorInit {
  status: number; type?: string; title?: string; detail?: string; url: string;
  /** The whole problem document (its extensions: `errors`, `current` on 412, …). */
  problem?: Record<string, unknown>;
  retryAfter?: number | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly url: string;
  readonly problem: Record<string, unknown>;
  readonly errors: FieldError[];
  /** Seconds, from the Retry-After header (429, 503), or null. */
  readonly retryAfter: number | null;
  constructor(init: ApiErrorInit) {
    super(init.detail || init.title || `HTTP ${init.status}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? '';
    this.detail = init.detail ?? '';
    this.url = init.url;
    this.problem = init.problem ?? {};
    this.errors = Array.isArray(this.problem.errors) ? (this.problem.errors as FieldError[]) : [];
    this.retryAfter = init.retryAfter ?? null;
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
  /** The problem type's last path segment: 'version-conflict', 'csrf-token', 'invalid-credentials', … */
  get code(): string { return this.type.split('/').pop() ?? ''; }
}

export const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/** Anything thrown turned into an ApiError (a bug in a loader shows as a message, not a blank panel). */
export const asApiError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError({ status: 0, type: 'client', detail: String((err as Error)?.message ?? err), url: '' });

/** Query parameters; undefined, null, '' and [] are left out, arrays are joined with commas. */
export type Query = Record<string, string | number | undefined | null | readonly string[]>;

export function apiUrl(path: string, query: Query = {}): string {
  const u = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) { if (v.length) u.searchParams.set(k, v.join(',')); } else if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  }
  return u.toString();
}

// ---- the CSRF token ----
// One holder for the whole app: answers that carry one (session, login, logout, password change) update
// it; state-changing requests send it. The one retry rule: a state-changing request fetches the token
// first when none is known, and when the server refuses it (403 csrf-token: the session expired, or
// someone signed in or out in another tab) asks GET /api/auth/session for a fresh one and tries once more.
let csrf = '';
export const setCsrfToken = (t: string) => { csrf = t; };
async function csrfToken(fresh: boolean, signal?: AbortSignal): Promise<string> {
  if (!csrf || fresh) csrf = (await request<{ csrfToken: string }>('GET', '/api/auth/session', { signal })).csrfToken;
  return csrf;
}

// ---- requests ----

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Query;
  signal?: AbortSignal;
  /** The version the change is based on: sent as If-Match "v<n>" (412 when someone changed it first). */
  ifMatch?: number;
  cache?: RequestCache;
  /** The JSON body is GeoJSON (Content-Type application/geo+json). */
  geo?: boolean;
  /** Extra request headers (Idempotency-Key, …). */
  headers?: Record<string, string>;
}
interface SendOptions extends RequestOptions { body?: unknown; raw?: Blob; accept: string }

const JSON_ACCEPT = 'application/json, application/geo+json, application/problem+json';

async function problemOf(res: Response, url: string): Promise<ApiError> {
  const body = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  const p = (body && typeof body === 'object' ? body : {}) as Record<string, unknown> & { type?: string; title?: string; detail?: string };
  return new ApiError({
    status: res.status, type: p.type, title: p.title ?? res.statusText, detail: p.detail, url, problem: p,
    retryAfter: res.headers.has('retry-after') ? Number(res.headers.get('retry-after')) : null,
  });
}

/** One fetch with the CSRF rule applied; the response is ok, or an ApiError is thrown. */
async function send(method: Method, path: string, o: SendOptions, retried = false): Promise<Response> {
  const url = apiUrl(path, o.query);
  const headers: Record<string, string> = { ...o.headers, Accept: o.accept };
  if (method !== 'GET') headers['X-CSRF-Token'] = await csrfToken(retried, o.signal);
  if (o.raw) headers['Content-Type'] = o.raw.type;
  else if (o.body !== undefined) headers['Content-Type'] = o.geo ? 'application/geo+json' : 'application/json';
  if (o.ifMatch !== undefined) headers['If-Match'] = `"v${o.ifMatch}"`;
  let res: Response;
  try {
    res = await fetch(url, {
      method, headers, credentials: 'same-origin', signal: o.signal, cache: o.cache,
      body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError({ status: 0, type: 'network', title: 'Network error', detail: (err as Error).message, url });
  }
  if (res.ok) return res;
  const err = await problemOf(res, url);
  if (method !== 'GET' && !retried && err.status === 403 && err.code === 'csrf-token') return send(method, path, o, true);
  throw err;
}

/** A JSON request: the parsed answer (undefined for 204). A csrfToken in the answer becomes the token. */
export async function request<T>(method: Method, path: string, opts: RequestOptions & { body?: unknown; raw?: Blob } = {}): Promise<T> {
  const res = await send(method, path, { ...opts, accept: JSON_ACCEPT });
  if (res.status === 204) return undefined as T;
  let body: unknown;
  try { body = await res.json(); } catch {
    throw new ApiError({ status: res.status, type: 'invalid-response', title: 'Invalid response', detail: `Expected JSON from ${path}`, url: res.url || path });
  }
  if (body && typeof body === 'object' && typeof (body as { csrfToken?: unknown }).csrfToken === 'string') setCsrfToken((body as { csrfToken: string }).csrfToken);
  return body as T;
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  /** A raw body (a photo file) with its own content type. */
  upload: <T>(path: string, raw: Blob, opts?: RequestOptions) => request<T>('POST', path, { ...opts, raw }),
};

// ---- an upload with progress ----
// fetch reports no upload progress, so this one call uses XMLHttpRequest, with the same rules as `send`:
// the CSRF token (fetched first when none is known, one retry on a 403 csrf-token refusal), problem+json
// → ApiError, a network failure → ApiError status 0, an AbortSignal.

export interface UploadProgress { loaded: number; total: number }

function xhrOnce<T>(url: string, body: Blob, token: string, onprogress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<{ status: number; body: T | null; problem?: ApiError }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', JSON_ACCEPT);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => onprogress({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size });
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    xhr.onloadend = () => signal?.removeEventListener('abort', abort);
    xhr.onabort = () => reject(new DOMException('The upload was aborted.', 'AbortError'));
    xhr.onerror = () => reject(new ApiError({ status: 0, type: 'network', title: 'Network error', detail: 'The upload failed.', url }));
    xhr.onload = () => {
      let parsed: unknown = null;
      try { parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (parsed === null) { reject(new ApiError({ status: xhr.status, type: 'invalid-response', title: 'Invalid response', detail: `Expected JSON from ${url}`, url })); return; }
        resolve({ status: xhr.status, body: parsed as T });
        return;
      }
      const p = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown> & { type?: string; title?: string; detail?: string };
      const retry = xhr.getResponseHeader('retry-after');
      resolve({ status: xhr.status, body: null, problem: new ApiError({ status: xhr.status, type: p.type, title: p.title ?? xhr.statusText, detail: p.detail, url, problem: p, retryAfter: retry ? Number(retry) : null }) });
    };
    xhr.send(body);
  });
}

/** POST a file as the raw body, reporting upload progress; the parsed JSON answer, or an ApiError. */
export async function uploadWithProgress<T>(path: string, file: Blob, opts: { query?: Query; signal?: AbortSignal; onprogress: (p: UploadProgress) => void }): Promise<T> {
  const url = apiUrl(path, opts.query);
  let res = await xhrOnce<T>(url, file, await csrfToken(false, opts.signal), opts.onprogress, opts.signal);
  if (res.problem?.status === 403 && res.problem.code === 'csrf-token') res = await xhrOnce<T>(url, file, await csrfToken(true, opts.signal), opts.onprogress, opts.signal);
  if (res.problem) throw res.problem;
  return res.body as T;
}

// ---- files ----

export interface FileResult { blob: Blob; filename: string }

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) { try { return decodeURIComponent(star[1]); } catch { /* fall through */ } }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/** A file from the server: its bytes and its name (Content-Disposition, else the fallback). A body goes as a JSON POST. */
export async function download(path: string, opts: { query?: Query; body?: unknown; signal?: AbortSignal; fallbackName: string }): Promise<FileResult> {
  const method: Method = opts.body === undefined ? 'GET' : 'POST';
  const res = await send(method, path, { query: opts.query, body: opts.body, signal: opts.signal, accept: '*/*' });
  return { blob: await res.blob(), filename: filenameOf(res, opts.fallbackName) };
}
