// Idempotency-Key on creates. The first request with a key claims it and its answer is kept; the same
// key with the same request replays that answer (Idempotent-Replayed: true); with another request → 422;
// while the first is still being answered → 409. Answers of 5xx are not kept, so a retry may succeed.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import * as repo from './idempotency.repo.js';

export const KEY_TTL_HOURS = 24;
export const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** Headers of the first answer that a replay repeats. */
export const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

export type Decision = { kind: 'proceed' } | { kind: 'replay'; status: number; headers: Record<string, string>; body: Buffer };

export class IdempotencyService {
  private lastSweep = 0;
  constructor(private readonly db: Kysely<DB>) {}

  static requestHash(parts: (string | undefined)[]): string {
    const h = crypto.createHash('sha256');
    for (const p of parts) h.update(p ?? '').update('\u0000');
    return h.digest('hex');
  }

  async begin(userId: string, key: string, hash: string): Promise<Decision> {
    if (Date.now() - this.lastSweep > 3_600_000) { this.lastSweep = Date.now(); await repo.forgetOldKeys(this.db, KEY_TTL_HOURS); }
    if (await repo.claimKey(this.db, userId, key, hash, KEY_TTL_HOURS)) return { kind: 'proceed' };
    const s = await repo.storedAnswer(this.db, userId, key);
    if (!s) return this.begin(userId, key, hash); // released meanwhile: claim again
    if (s.request_hash !== hash) {
      throw new HttpProblem('unprocessable', `This Idempotency-Key was already used for a different request. Use a new key for a new request (keys are kept for ${KEY_TTL_HOURS} hours).`);
    }
    if (s.status === null) throw new HttpProblem('conflict', 'The first request with this Idempotency-Key is still being answered; try again in a moment.');
    return { kind: 'replay', status: s.status, headers: s.headers ?? {}, body: Buffer.from(s.body ?? new Uint8Array()) };
  }

  async finish(userId: string, key: string, status: number, headers: Record<string, string>, body: Buffer) {
    if (status >= 500) await repo.releaseKey(this.db, userId, key);
    else await repo.storeAnswer(this.db, userId, key, status, headers, body);
  }
}
