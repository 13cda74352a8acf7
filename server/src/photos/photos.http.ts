// The HTTP side of evidence photos that every module with photos shares (annotations, monitoring
// visits, progress updates): the image itself as the request body, and serving a stored JPEG.
import type { Request, Response } from 'express';
import { HttpProblem } from '../http/problem.js';
import { PHOTO_TYPES } from './photos.schema.js';

/** The uploaded image (the raw body of a PHOTO_TYPES request); 415 / 400 otherwise, naming what to send. */
export function rawImage(req: Request): Buffer {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(PHOTO_TYPES as readonly string[]).includes(type)) {
    throw new HttpProblem('unsupported-media-type', `Send the photo itself as the request body with Content-Type ${PHOTO_TYPES.join(', ')} (got ${type || 'none'}).`);
  }
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpProblem('invalid-body', 'The request body is empty: send the photo file.');
  return req.body;
}

/** Sends a stored photo: photos never change (a new photo gets a new id), so the id is a strong ETag; sandboxed, inline. */
export function sendPhoto(req: Request, res: Response, p: { id: string; mime: string; content: Buffer }, size: 'full' | 'thumb', filePrefix = 'photo') {
  const etag = `"${p.id}-${size}"`;
  res.set({
    ETag: etag,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': `inline; filename="${filePrefix}-${p.id}.jpg"`,
  });
  if (req.get('if-none-match') === etag) { res.status(304).end(); return; }
  res.type(p.mime).send(p.content);
}
