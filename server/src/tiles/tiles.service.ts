// Tile service: one path for every registry layer. Renders with the backend's renderer (chosen in
// db/, next to the database), caches by (layer, data version, z/x/y) and gives each tile a content
// ETag. A layer whose rows an organisation owns (annotations) is rendered for its reader: only the
// public variant is cached, so one viewer's private tile never reaches another.
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { PUBLIC_READER, type Reader } from '../access/viewer.js';
import { perViewer, type LayerDef } from '../layers/types.js';
import type { LayerVersions } from '../layers/versions.js';
import type { TileRenderer } from './tiles.repo.js';

export interface Tile {
  data: Buffer;
  etag: string;
  cached: boolean;
  /** 'public': the same for everyone (shared caches may keep it); 'private': this reader's own variant. */
  scope: 'public' | 'private';
}

export class TilesService {
  private readonly cache?: LRUCache<string, { data: Buffer; etag: string }>;
  constructor(
    readonly renderer: TileRenderer,
    private readonly versions: LayerVersions,
    cacheBytes: number,
  ) {
    if (cacheBytes > 0) {
      this.cache = new LRUCache({ maxSize: cacheBytes, sizeCalculation: (v) => Math.max(64, v.data.length) });
    }
  }

  get cacheEnabled() { return !!this.cache; }

  async tile(def: LayerDef, z: number, x: number, y: number, reader: Reader = PUBLIC_READER): Promise<Tile> {
    if (perViewer(def) && reader.orgId) {
      // A member's tile holds their organisation's drafts: rendered for them, never cached, and its
      // ETag differs from the public tile's even when the bytes are the same.
      const data = await this.renderer.render(def, z, x, y, reader);
      return { data, etag: this.etag(data, reader.orgId), cached: false, scope: 'private' };
    }
    if (!this.cache) return { ...this.make(await this.renderer.render(def, z, x, y, PUBLIC_READER)), cached: false, scope: 'public' };
    // Layers people edit read their version fresh, so a published or deleted gap shows on the next tile.
    const version = perViewer(def) ? await this.versions.fresh(def.id) : await this.versions.of(def.id);
    const key = `${def.id}/${version}/${z}/${x}/${y}`;
    const hit = this.cache.get(key);
    if (hit) return { ...hit, cached: true, scope: 'public' };
    const made = this.make(await this.renderer.render(def, z, x, y, PUBLIC_READER));
    this.cache.set(key, made);
    return { ...made, cached: false, scope: 'public' };
  }

  private make(data: Buffer) {
    return { data, etag: this.etag(data) };
  }

  private etag(data: Buffer, salt?: string) {
    const h = crypto.createHash('sha1').update(data);
    if (salt) h.update(salt);
    return `"${h.digest('base64url').slice(0, 22)}"`;
  }
}
