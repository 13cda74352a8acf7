// The shared (read-only) campaign map behind a share link: /s/:token, or /s/:token/embed for an
// iframe on a CSO's website. No account needed; a revoked or expired link answers 404.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import { sharedCampaign, type SharedCampaign } from '../api/exports.ts';
import type { Feature } from '../api/types.ts';

export interface SharedRoute { token: string; embed: boolean }

const TOKEN = /^[A-Za-z0-9_-]{8,200}$/;

/** The share token and embed flag when the page is a share page, else null. */
export function sharedRoute(pathname: string = location.pathname, doc: Document | null = typeof document === 'undefined' ? null : document): SharedRoute | null {
  const m = /^\/s\/([^/]+)(\/embed)?\/?$/.exec(pathname);
  if (!m) return null;
  let token = m[1]!;
  try { token = decodeURIComponent(token); } catch { /* keep as given */ }
  const marker = doc?.querySelector('meta[name="kg-embed"]')?.getAttribute('content') === '1';
  return { token, embed: !!m[2] || marker };
}

export const isValidToken = (t: string) => TOKEN.test(t);

export type SharedStatus = 'loading' | 'ready' | 'gone' | 'error';

export class SharedState {
  status = $state<SharedStatus>('loading');
  data = $state.raw<SharedCampaign | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** The annotation picked on the map or in the list (its number). */
  picked = $state<number | null>(null);
  private ctrl: AbortController | null = null;

  async load(token: string) {
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    if (!isValidToken(token)) { this.status = 'gone'; return; }
    this.status = 'loading';
    this.error = null;
    try {
      this.data = await sharedCampaign(token, ctrl.signal);
      this.status = 'ready';
    } catch (err) {
      if (isAbort(err)) return;
      const e = asApiError(err);
      this.status = e.status === 404 || e.status === 410 ? 'gone' : 'error';
      this.error = e;
    }
  }

  /**
   * Ask again without blanking the map (when the tab comes back into view): a link revoked or expired
   * meanwhile turns into the "revoked or expired" page; new published annotations appear.
   */
  async recheck(token: string) {
    if (this.status !== 'ready' || this.checking) return;
    this.checking = true;
    try {
      this.data = await sharedCampaign(token);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 410)) { this.status = 'gone'; this.error = err; }
      // Anything else (offline for a moment): keep showing what we have.
    } finally {
      this.checking = false;
    }
  }
  private checking = false;

  /** The campaign's annotations in the order the API gives them (their numbers are 1, 2, 3 …). */
  get annotations(): Feature[] { return (this.data?.annotations.features ?? []) as Feature[]; }
}

export const shared = new SharedState();
