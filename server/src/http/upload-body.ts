// The file of an upload request, for the routes that stream uploads to disk (imports, budget imports):
// multipart with the file in the field `file`, or the raw body named by ?filename=. A declared size over
// the limit is refused before a byte of the body is read (and the connection closed).
import type { Request, Response } from 'express';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { HttpProblem } from './problem.js';

export interface UploadBody { stream: Readable; filename: string; type: string | undefined }

function multipartFile(req: Request, maxBytes: number, fallbackName: string): Promise<UploadBody> {
  const unreadable = () => new HttpProblem('invalid-body', 'The multipart body cannot be read: send the file in a form field named file.');
  return new Promise((resolve, reject) => {
    let bb;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 10, parts: 12 } });
    } catch {
      reject(unreadable());
      return;
    }
    let found = false;
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || found) { stream.resume(); return; }
      found = true;
      stream.on('limit', () => stream.destroy(new Error('too large')));
      resolve({ stream, filename: info.filename || fallbackName, type: info.mimeType });
    });
    bb.on('error', () => reject(unreadable()));
    bb.on('close', () => { if (!found) reject(new HttpProblem('invalid-body', 'The multipart body has no form field named file.')); });
    req.pipe(bb);
  });
}

/**
 * The uploaded file: `filename` (the query's) names it, else the multipart part's own name (without
 * folders). `example` is the path shown when a raw body comes without ?filename=.
 */
export async function uploadBody(req: Request, res: Response, o: { maxBytes: number; filename: string | undefined; example: string; tooLarge: (name: string) => HttpProblem }): Promise<UploadBody> {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > o.maxBytes + (type === 'multipart/form-data' ? 64 * 1024 : 0)) {
    res.set('Connection', 'close');
    throw o.tooLarge(o.filename ?? 'The file');
  }
  if (type === 'multipart/form-data') {
    const part = await multipartFile(req, o.maxBytes, 'upload');
    return { ...part, filename: o.filename ?? part.filename.replace(/^.*[\\/]/, '') };
  }
  if (!o.filename) {
    throw new HttpProblem('invalid-parameter', `Name the file: POST ${o.example} with the file as the body (or send it as multipart form data in the field file).`, { errors: [{ in: 'query', name: 'filename', reason: 'required with a raw body' }] });
  }
  return { stream: req, filename: o.filename, type: type || undefined };
}
