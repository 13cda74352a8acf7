// Who is signed in (from GET /api/auth/session), and the dialogs of signing in and changing the
// password. The CSRF token of every answer goes to the advocacy client (api/advocacy.ts).
import { advocacy, type SessionInfo } from '../api/advocacy.ts';
import { ApiError } from '../api/client.ts';

const PUBLIC: SessionInfo = { authenticated: false, demo: false, csrfToken: '', expiresAt: null, user: null, can: { createCampaign: false, createAnnotation: false, review: false } };

export class SessionState {
  info = $state.raw<SessionInfo>(PUBLIC);
  loaded = $state(false);
  loginOpen = $state(false);
  passwordOpen = $state(false);
  /** Bumped on every sign-in / sign-out: what the viewer may see has changed. */
  generation = $state(0);

  get user() { return this.info.user; }
  get signedIn() { return this.info.authenticated; }

  async load() {
    try {
      this.info = await advocacy.session();
    } catch { /* the map works without accounts; the login button retries */ }
    this.loaded = true;
  }

  /** Throws ApiError (401 invalid credentials, 429 with retryAfter, 400) for the dialog to show. */
  async login(email: string, password: string) {
    if (!this.info.csrfToken) await this.load();
    this.info = await advocacy.login(email, password);
    this.generation++;
    this.loginOpen = false;
  }

  async logout() {
    try {
      this.info = await advocacy.logout();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      await this.load();
    }
    this.generation++;
  }

  async changePassword(current: string, next: string) {
    this.info = await advocacy.changePassword(current, next);
    this.passwordOpen = false;
  }
}

export const session = new SessionState();
