// Tile service: one path for every registry layer. Renders with the backend's renderer (chosen in
// db/, next to the database), caches by (layer, data version, z/x/y) and gives each tile a content
// ETag. A layer whose rows an organisation owns (annotations) is rendered for its reader: only the
// public variant is cached, so one viewer's private tile never reaches another.
// A cached tile is kept gzip-compressed (compressed once, off the event loop) and sent as it is kept to
// clients that accept gzip; the few that do not get it inflated. Each encoding has its own ETag.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { LRUCache } from 'lru-cache';
import { PUBLIC_READER, type Reader } from '../access/viewer.js';
import { perViewer, type LayerDef } from '../layers/types.js';
import type { LayerVersions } from '../layers/versions.js';
import type { TileRenderer } from './tiles.repo.js';

const gzip = promisify(zlib.gzip);

export interface Tile {
  data: Buffer;
  /** 'gzip' when `data` is the gzip-compressed tile (send Content-Encoding: gzip). */
  encoding?: 'gzip';
  etag: string;
  cached: boolean;
  /** 'public': the same for everyone (shared caches may keep it); 'private': this reader's own variant. */
  scope: 'public' | 'private';
}

export class TilesService {
  private readonly cache?: LRUCache<string, Kept>;
  constructor(
    readonly renderer: TileRenderer,
    private readonly versions: LayerVersions,
    cacheBytes: number,
  ) {
    if (cacheBytes > 0) {
      this.cache = new LRUCache({ maxSize: cacheBytes, sizeCalculation: (v) => Math.max(64, v.body.length) });
    }
  }

  get cacheEnabled() { return !!this.cache; }

  /** `gzipOk`: the client accepts gzip (a cached tile is then sent compressed, as it is kept). */
  async tile(def: LayerDef, z: number, x: number, y: number, reader: Reader = PUBLIC_READER, gzipOk = false): Promise<Tile> {
    if (perViewer(def) && reader.orgId) {
      // A member's tile holds their organisation's drafts: rendered for them, never cached, and its
      // ETag differs from the public tile's even when the bytes are the same.
      const data = await this.renderer.render(def, z, x, y, reader);
      return { data, etag: etag(data, reader.orgId), cached: false, scope: 'private' };
    }
    if (!this.cache) {
      // Nothing kept: rendered and sent as it is (compressing every render would cost more CPU than the
      // loopback or LAN saves; a proxy in front may compress, see the README's scaling section).
      const data = await this.renderer.render(def, z, x, y, PUBLIC_READER);
      return { data, etag: etag(data), cached: false, scope: 'public' };
    }
    // Layers people edit read their version fresh, so a published or deleted gap shows on the next tile.
    const version = perViewer(def) ? await this.versions.fresh(def.id) : await this.versions.of(def.id);
    const key = tileKey(def, version, z, x, y);
    const hit = this.cache.get(key);
    if (hit) return served(hit, gzipOk, true);
    const kept = await keep(await this.renderer.render(def, z, x, y, PUBLIC_READER));
    this.cache.set(key, kept);
    return served(kept, gzipOk, false);
  }

  /**
   * A shared layer's tile when the cache has it and the layer's version is known without asking the
   * database; else undefined (then `tile()`). Synchronous: a hit is answered in the same turn.
   */
  cached(def: LayerDef, z: number, x: number, y: number, gzipOk: boolean): Tile | undefined {
    if (!this.cache || perViewer(def)) return undefined;
    const version = this.versions.known(def.id);
    const hit = version === undefined ? undefined : this.cache.get(tileKey(def, version, z, x, y));
    return hit && served(hit, gzipOk, true);
  }
}

const tileKey = (def: LayerDef, version: number, z: number, x: number, y: number) => `${def.id}/${version}/${z}/${x}/${y}`;

/** A kept (public) tile as it is sent: compressed to a client that takes gzip, inflated for the others. */
function served(k: Kept, gzipOk: boolean, cached: boolean): Tile {
  if (!k.gzipped) return { data: k.body, etag: k.etag, cached, scope: 'public' };
  if (gzipOk) return { data: k.body, etag: k.gzipEtag, encoding: 'gzip', cached, scope: 'public' };
  return { data: zlib.gunzipSync(k.body), etag: k.etag, cached, scope: 'public' };
}

/** A tile as the cache keeps it: gzip-compressed when that makes it smaller (not for empty or tiny tiles). */
interface Kept { body: Buffer; gzipped: boolean; etag: string; gzipEtag: string }

async function keep(data: Buffer): Promise<Kept> {
  const gz = data.length > 64 ? await gzip(data) : null;
  const gzipped = !!gz && gz.length < data.length;
  // A raw tile is copied: it may be a view into a larger buffer the driver read, which the cache would keep alive.
  return { body: gzipped ? gz! : Buffer.from(data), gzipped, etag: etag(data), gzipEtag: etag(data, 'gzip') };
}

/** A strong ETag for the tile's bytes (salted for another representation or a member's own tile). */
function etag(data: Buffer, salt?: string) {
  const h = crypto.createHash('sha1').update(data);
  if (salt) h.update(salt);
  return `"${h.digest('base64url').slice(0, 22)}"`;
}
