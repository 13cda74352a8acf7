// The upload folder of imports (DATA_DIR/imports): a file is streamed there from the request with a
// byte limit and its SHA-256, kept while the import is mapped, and removed when it is committed or
// discarded. Whatever is left there at start-up belongs to no running import and is swept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) { super(`larger than ${limit} bytes`); }
}

export interface StoredUpload { path: string; size: number; sha256: string }

export class UploadFolder {
  constructor(readonly dir: string) {}

  /** Removes every file left from an earlier run; returns how many. */
  sweep(): number {
    fs.mkdirSync(this.dir, { recursive: true });
    let n = 0;
    for (const f of fs.readdirSync(this.dir)) {
      fs.rmSync(path.join(this.dir, f), { recursive: true, force: true });
      n++;
    }
    return n;
  }

  /** Streams `body` into a new file; stops with UploadTooLarge (and no file) past `maxBytes`. */
  async store(body: Readable, maxBytes: number): Promise<StoredUpload> {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, crypto.randomUUID());
    const hash = crypto.createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) { done(new UploadTooLarge(maxBytes)); return; }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    }
    return { path: file, size, sha256: hash.digest('hex') };
  }

  /** Copies a local file in (the CLI), with the same limit and hash. */
  async storeFile(source: string, maxBytes: number): Promise<StoredUpload> {
    return this.store(fs.createReadStream(source), maxBytes);
  }

  remove(file: string | null | undefined) {
    if (file && path.dirname(path.resolve(file)) === path.resolve(this.dir)) fs.rmSync(file, { force: true });
  }
}
