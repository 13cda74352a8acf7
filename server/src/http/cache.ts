// Caching headers shared by the routers.
import type { Response } from 'express';
import type { Viewer } from '../access/viewer.js';

/** Answers that depend on who asks are never stored by shared caches. */
export function personalised(res: Response, viewer: Viewer) {
  res.set({ 'Cache-Control': viewer.kind === 'user' ? 'private, no-store' : 'no-cache', Vary: 'Cookie' });
}
