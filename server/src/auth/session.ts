// Sessions over HTTP: the session cookie, the viewer of a request, and CSRF protection.
//
// Cookies: HttpOnly, SameSite=Lax, Path=/, Secure (with the __Host- name prefix) when the request came
// over HTTPS — req.secure, which honours X-Forwarded-Proto only with TRUST_PROXY — or COOKIE_SECURE=always.
// CSRF: every POST/PUT/PATCH/DELETE under /api must carry X-CSRF-Token. With a session it must equal
// the token stored in that session (synchronizer token, GET /api/auth/session hands it out). Without
// one (signing in) it must equal the random token in the HttpOnly kg_csrf cookie that
// GET /api/auth/session sets and returns (double submit; another site can neither read the answer nor
// send the header). Requests marked Sec-Fetch-Site: cross-site are refused outright.
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { AuthConfig } from '../config.js';
import { HttpProblem } from '../http/problem.js';
import { PUBLIC, type SignedIn, type Viewer } from '../access/viewer.js';
import { newCsrfToken, sameToken, TOKEN_RE, type AuthService } from './auth.service.js';

export const SESSION_COOKIE = 'kg_session';
export const CSRF_COOKIE = 'kg_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try { value = decodeURIComponent(value); } catch { continue; }
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

interface RequestState { viewer: Promise<Viewer>; staleSession: boolean }

export class HttpSessions {
  private readonly state = new WeakMap<Request, RequestState>();
  constructor(readonly auth: AuthService, private readonly config: AuthConfig) {}

  secure(req: Request): boolean {
    return this.config.cookieSecure === 'always' || req.secure;
  }

  private name(req: Request, base: string): string {
    return this.secure(req) ? `__Host-${base}` : base;
  }

  private options(req: Request, maxAgeMs: number, sameSite: 'lax' | 'strict'): CookieOptions {
    return { httpOnly: true, sameSite, secure: this.secure(req), path: '/', maxAge: maxAgeMs };
  }

  cookie(req: Request, base: string): string | undefined {
    return parseCookies(req.headers.cookie).get(this.name(req, base));
  }

  /** The viewer of this request (looked up once, lazily: only routes that care pay for it). */
  viewerOf(req: Request): Promise<Viewer> {
    return this.load(req).viewer;
  }

  /** The request carried a session cookie that is no longer valid (expired, signed out elsewhere). */
  async hadStaleSession(req: Request): Promise<boolean> {
    const s = this.load(req);
    await s.viewer;
    return s.staleSession;
  }

  private load(req: Request): RequestState {
    let s = this.state.get(req);
    if (!s) {
      const token = this.cookie(req, SESSION_COOKIE);
      const st: RequestState = { viewer: Promise.resolve(PUBLIC), staleSession: false };
      if (token) {
        st.viewer = (TOKEN_RE.test(token) ? this.auth.resolve(token) : Promise.resolve(null)).then((v) => {
          if (!v) st.staleSession = true;
          return v ?? PUBLIC;
        });
      }
      s = st;
      this.state.set(req, s);
    }
    return s;
  }

  /** The signed-in viewer, or 401. */
  async requireUser(req: Request): Promise<SignedIn> {
    const v = await this.viewerOf(req);
    if (v.kind === 'user') return v;
    const stale = await this.hadStaleSession(req);
    throw new HttpProblem('unauthenticated', stale
      ? 'Your session has ended (it expired, or you signed out or changed your password elsewhere). Sign in again.'
      : 'Sign in first: POST /api/auth/login with your e-mail and password.');
  }

  setSession(req: Request, res: Response, token: string): void {
    res.cookie(this.name(req, SESSION_COOKIE), token, this.options(req, this.config.sessionMaxMs, 'lax'));
    res.clearCookie(this.name(req, CSRF_COOKIE), { ...this.options(req, 0, 'strict'), maxAge: undefined });
    this.state.delete(req);
  }

  clearSession(req: Request, res: Response): void {
    res.clearCookie(this.name(req, SESSION_COOKIE), { ...this.options(req, 0, 'lax'), maxAge: undefined });
  }

  /** The pre-session CSRF token (for signing in): the cookie's, or a new one set on the response. */
  preSessionToken(req: Request, res: Response, fresh = false): string {
    const have = this.cookie(req, CSRF_COOKIE);
    if (!fresh && have && TOKEN_RE.test(have)) return have;
    const token = newCsrfToken();
    res.cookie(this.name(req, CSRF_COOKIE), token, this.options(req, 12 * 3_600_000, 'strict'));
    return token;
  }

  /** CSRF protection for every state-changing request (mount on /api). */
  csrfGuard(): RequestHandler {
    return async (req, _res, next) => {
      if (SAFE_METHODS.has(req.method)) { next(); return; }
      if (req.get('sec-fetch-site') === 'cross-site') {
        throw new HttpProblem('csrf-token', 'Requests from other web sites may not change data here.');
      }
      const sent = req.get(CSRF_HEADER);
      const viewer = await this.viewerOf(req);
      const expected = viewer.kind === 'user' ? viewer.session?.csrfToken : this.cookie(req, CSRF_COOKIE);
      if (sameToken(sent, expected)) { next(); return; }
      const stale = viewer.kind !== 'user' && (await this.hadStaleSession(req));
      throw new HttpProblem('csrf-token', !sent
        ? `This request changes data, so it needs the ${CSRF_HEADER} header: read csrfToken from GET /api/auth/session and send it back in ${CSRF_HEADER}.`
        : stale
          ? `Your session has ended, so its ${CSRF_HEADER} is no longer valid. Fetch GET /api/auth/session again (and sign in) for a fresh token.`
          : `The ${CSRF_HEADER} header does not match this session's token. Fetch GET /api/auth/session for the current token (it changes when you sign in or out).`);
    };
  }
}
