// Optimistic locking over HTTP: a resource's version is its ETag ("v<version>"); a change must send
// it back in If-Match. Missing → 428; not the current version → 412 (decided by the service).
import type { Request } from 'express';
import { HttpProblem } from './problem.js';

export const etagOf = (version: number) => `"v${version}"`;

/** The versions listed in If-Match (weak tags accepted: a proxy may have weakened ours). Throws 428 when absent. */
export function ifMatchVersions(req: Request, what: string): number[] {
  const h = req.get('if-match');
  if (!h || !h.trim()) {
    throw new HttpProblem('precondition-required', `Changing ${what} needs an If-Match header with the version you last read (its ETag, e.g. If-Match: "v3"), so that nobody else's change is overwritten.`);
  }
  if (h.trim() === '*') {
    throw new HttpProblem('precondition-required', `If-Match: * is not accepted here: send the ETag of the version you last read (e.g. If-Match: "v3").`);
  }
  return h.split(',').map((t) => /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(t)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]));
}

/** The parsed JSON body; a body that is not JSON (or none at all) → 415 with what to send instead. */
export function jsonBody(req: Request): unknown {
  if (req.body === undefined) {
    throw new HttpProblem('unsupported-media-type', 'Send the request body as JSON with Content-Type: application/json (or application/geo+json).');
  }
  return req.body;
}
