// Sign-in, sessions, sign-out and password change. No HTTP here: the routes turn results into
// cookies and problems.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { isEditorRole, isReviewerRole, type SignedIn, type Viewer } from '../access/viewer.js';
import { orgName } from '../organisations/organisations.repo.js';
import { PasswordHasher } from './passwords.js';
import * as repo from './auth.repo.js';

/** A new random token (256 bits) and the id under which its session is stored (SHA-256, hex). */
export function newToken(): { token: string; id: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}
export const sessionIdOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export const newCsrfToken = () => crypto.randomBytes(32).toString('base64url');

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export interface ClientInfo { ip: string; userAgent: string | null }
export interface NewSession { token: string; viewer: SignedIn }

export class AuthService {
  readonly hasher: PasswordHasher;
  constructor(private readonly db: Kysely<DB>, readonly config: AuthConfig) {
    this.hasher = new PasswordHasher(config.argon2);
  }

  /** The signed-in viewer behind a cookie token, or null (unknown, expired, user disabled). Slides the expiry. */
  async resolve(token: string): Promise<SignedIn | null> {
    if (!TOKEN_RE.test(token)) return null;
    const row = await repo.findSession(this.db, sessionIdOf(token));
    if (!row) return null;
    let expiresAt = new Date(row.expires_at);
    // Touch at most once a minute per session (a write per request would be wasteful).
    if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      expiresAt = (await repo.extendSession(this.db, row.session_id, this.config.sessionIdleMs, this.config.sessionMaxMs)) ?? expiresAt;
    }
    return {
      kind: 'user', userId: row.id, orgId: row.organisation_id, role: row.role, email: row.email,
      displayName: row.display_name, showNamePublicly: row.show_name_publicly,
      session: { id: row.session_id, csrfToken: row.csrf_token, expiresAt: new Date(expiresAt), createdAt: new Date(row.created_at) },
    };
  }

  /** Refuses while the account or the address is over its failure limit; returns seconds to wait. */
  private async lockedFor(email: string, ip: string): Promise<number> {
    const c = this.config;
    const f = await repo.recentFailures(this.db, email, ip, c.loginWindowMs, c.loginMaxFailures, c.loginMaxFailuresIp);
    let until = 0;
    // Locked while the window holds `max` failures: until the max-th most recent one leaves it.
    if (f.email.length >= c.loginMaxFailures) until = Math.max(until, f.email[c.loginMaxFailures - 1]!.getTime() + c.loginWindowMs);
    if (f.ip.length >= c.loginMaxFailuresIp) until = Math.max(until, f.ip[c.loginMaxFailuresIp - 1]!.getTime() + c.loginWindowMs);
    return until > Date.now() ? Math.max(1, Math.ceil((until - Date.now()) / 1000)) : 0;
  }

  private tooMany(seconds: number): HttpProblem {
    const minutes = Math.ceil(seconds / 60);
    return new HttpProblem(
      'too-many-attempts',
      `Too many failed sign-ins for this account or from this address. Wait ${seconds < 120 ? `${seconds} seconds` : `${minutes} minutes`} and try again; if you forgot the password, ask your organisation's admin to set a new one.`,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  async login(emailAddress: string, password: string, client: ClientInfo, previousToken?: string): Promise<NewSession> {
    const email = emailAddress.trim().toLowerCase();
    const wait = await this.lockedFor(email, client.ip);
    if (wait > 0) throw this.tooMany(wait); // even a correct password is refused while locked
    const user = await repo.findUserByEmail(this.db, email);
    const ok = user && !user.disabled_at ? await this.hasher.verify(user.password_hash, password) : await this.hasher.verifyNothing(password);
    await repo.recordAttempt(this.db, email, client.ip, ok);
    if (!ok || !user) {
      const after = await this.lockedFor(email, client.ip);
      if (after > 0) throw this.tooMany(after);
      throw new HttpProblem('invalid-credentials', 'The e-mail address or the password is wrong. Check both and try again.');
    }
    if (this.hasher.needsRehash(user.password_hash)) await repo.setPasswordHash(this.db, user.id, await this.hasher.hash(password), false);
    // Rotate: whatever session the browser had is ended; the new one has a new id and CSRF token.
    if (previousToken && TOKEN_RE.test(previousToken)) await repo.deleteSession(this.db, sessionIdOf(previousToken));
    await repo.deleteExpiredSessions(this.db);
    await repo.pruneAttempts(this.db, Math.max(86_400_000, this.config.loginWindowMs * 2));
    return this.startSession(user.id, client);
  }

  private async startSession(userId: string, client: ClientInfo): Promise<NewSession> {
    const { token, id } = newToken();
    await repo.insertSession(this.db, {
      id, userId, csrfToken: newCsrfToken(), ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + Math.min(this.config.sessionIdleMs, this.config.sessionMaxMs)),
    });
    const viewer = await this.resolve(token);
    if (!viewer) throw new Error('a session just created could not be read back');
    return { token, viewer };
  }

  async logout(viewer: Viewer): Promise<void> {
    if (viewer.kind === 'user' && viewer.session) await repo.deleteSession(this.db, viewer.session.id);
  }

  /** Needs the current password; ends every session of the user and starts a new one (new id). */
  async changePassword(viewer: SignedIn, current: string, next: string, client: ClientInfo): Promise<NewSession> {
    const wait = await this.lockedFor(viewer.email, client.ip);
    if (wait > 0) throw this.tooMany(wait);
    const user = await repo.findUserById(this.db, viewer.userId);
    const ok = !!user && (await this.hasher.verify(user.password_hash, current));
    if (!ok) {
      await repo.recordAttempt(this.db, viewer.email, client.ip, false);
      throw new HttpProblem('forbidden', 'The current password is wrong, so the password was not changed.', { errors: [{ in: 'body', name: 'currentPassword', reason: 'wrong password' }] });
    }
    if (current === next) throw new HttpProblem('invalid-body', 'The new password must differ from the current one.', { errors: [{ in: 'body', name: 'newPassword', reason: 'same as the current password' }] });
    await repo.setPasswordHash(this.db, viewer.userId, await this.hasher.hash(next), true);
    await repo.deleteUserSessions(this.db, viewer.userId);
    return this.startSession(viewer.userId, client);
  }

  async updateProfile(viewer: SignedIn, p: { displayName?: string; showNamePublicly?: boolean }): Promise<SignedIn> {
    await repo.updateProfile(this.db, viewer.userId, {
      ...(p.displayName !== undefined ? { display_name: p.displayName } : {}),
      ...(p.showNamePublicly !== undefined ? { show_name_publicly: p.showNamePublicly } : {}),
    });
    return { ...viewer, ...(p.displayName !== undefined ? { displayName: p.displayName } : {}), ...(p.showNamePublicly !== undefined ? { showNamePublicly: p.showNamePublicly } : {}) };
  }

  /** What GET /api/auth/session answers (and login, logout, password change). */
  async describe(viewer: Viewer, csrfToken: string) {
    const demo = await repo.hasDemoData(this.db);
    if (viewer.kind !== 'user') {
      return { authenticated: false as const, demo, csrfToken, user: null, expiresAt: null, can: { createCampaign: false, createAnnotation: false, review: false } };
    }
    const org = await repo.organisationOf(this.db, viewer.orgId);
    return {
      authenticated: true as const,
      demo,
      csrfToken,
      user: {
        id: viewer.userId,
        email: viewer.email,
        displayName: viewer.displayName,
        showNamePublicly: viewer.showNamePublicly,
        role: viewer.role,
        organisation: org ? { id: org.id, slug: org.slug, kind: org.kind, name: orgName(org) } : null,
      },
      expiresAt: viewer.session?.expiresAt.toISOString() ?? null,
      can: { createCampaign: isEditorRole(viewer.role), createAnnotation: isEditorRole(viewer.role), review: isReviewerRole(viewer.role) },
    };
  }
}
