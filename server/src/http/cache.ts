// Caching headers shared by the routers.
import type { Response } from 'express';

/** Answers that depend on who asks are never stored by shared caches. */
export function personalised(res: Response, viewer: { kind: string }) {
  res.set({ 'Cache-Control': viewer.kind === 'user' ? 'private, no-store' : 'no-cache', Vary: 'Cookie' });
}
