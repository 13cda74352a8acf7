// Password hashing: argon2id (RFC 9106) through node-argon2, whose native binary ships inside the npm
// package (prebuilds for Linux glibc/musl, macOS, Windows, FreeBSD). Defaults: 19 MiB, 2 passes,
// 1 lane — OWASP's minimum for argon2id; raise them with PASSWORD_HASH_* when the server has memory to spare.
import argon2 from 'argon2';
import type { Argon2Params } from '../config.js';

export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  private dummy?: Promise<string>;
  constructor(private readonly params: Argon2Params = DEFAULT_ARGON2) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed hash never verifies
    }
  }

  /** Spend the same time as a real check, for unknown accounts (no account enumeration by timing). */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('an account that does not exist');
    await this.verify(await this.dummy, password);
    return false;
  }

  /** True when the hash was made with other parameters than the configured ones (re-hash at sign-in). */
  needsRehash(hash: string): boolean {
    try {
      return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, this.params);
    } catch {
      return true;
    }
  }
}
