import type { Request } from 'express';

/** Absolute base URL for links: PUBLIC_URL (app.locals.publicUrl) when set, else the request's own scheme and host. */
export function baseUrl(req: Request): string {
  return (req.app.locals.publicUrl as string | undefined) ?? `${req.protocol}://${req.get('host')}`;
}
