// /api/auth/*: session, login, logout, password, profile. Every answer is the session description
// (authenticated, user, csrfToken, demo, …) so the web app never needs a second round trip.
import { Router, type Request, type Response } from 'express';
import { parseOr400 } from '../http/validate.js';
import { jsonBody } from '../http/preconditions.js';
import type { Viewer } from '../access/viewer.js';
import type { AuthService, ClientInfo } from './auth.service.js';
import { SESSION_COOKIE, type HttpSessions } from './session.js';
import { LoginBody, PasswordBody, ProfileBody } from './auth.schema.js';

const client = (req: Request): ClientInfo => ({ ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.get('user-agent') ?? null });

export function authRouter(auth: AuthService, sessions: HttpSessions): Router {
  const r = Router();

  const answer = async (req: Request, res: Response, viewer: Viewer, opts: { freshPreSession?: boolean } = {}) => {
    const csrf = viewer.kind === 'user' && viewer.session ? viewer.session.csrfToken : sessions.preSessionToken(req, res, opts.freshPreSession);
    res.set({ 'Cache-Control': 'no-store', Vary: 'Cookie' }).json(await auth.describe(viewer, csrf));
  };

  r.get('/api/auth/session', async (req, res) => {
    const viewer = await sessions.viewerOf(req);
    if (viewer.kind !== 'user' && sessions.cookie(req, SESSION_COOKIE) !== undefined) sessions.clearSession(req, res);
    await answer(req, res, viewer);
  });

  r.post('/api/auth/login', async (req, res) => {
    const body = parseOr400(LoginBody, jsonBody(req), 'body');
    const s = await auth.login(body.email, body.password, client(req), sessions.cookie(req, SESSION_COOKIE));
    sessions.setSession(req, res, s.token);
    await answer(req, res, s.viewer);
  });

  r.post('/api/auth/logout', async (req, res) => {
    await auth.logout(await sessions.viewerOf(req));
    sessions.clearSession(req, res);
    await answer(req, res, { kind: 'public' }, { freshPreSession: true });
  });

  r.post('/api/auth/password', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(PasswordBody, jsonBody(req), 'body');
    const s = await auth.changePassword(viewer, body.currentPassword, body.newPassword, client(req));
    sessions.setSession(req, res, s.token);
    await answer(req, res, s.viewer);
  });

  r.patch('/api/auth/profile', async (req, res) => {
    const viewer = await sessions.requireUser(req);
    const body = parseOr400(ProfileBody, jsonBody(req), 'body');
    await answer(req, res, await auth.updateProfile(viewer, body));
  });

  return r;
}
