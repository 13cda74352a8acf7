// Tile service: picks the renderer for the backend, caches by (layer, data version, z/x/y) and
// gives each tile a content ETag.
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { LayerDef } from '../layers/types.js';
import type { LayerVersions } from '../layers/versions.js';
import type { TileRenderer } from './tiles.repo.js';

export interface Tile { data: Buffer; etag: string; cached: boolean }

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

  async tile(def: LayerDef, z: number, x: number, y: number): Promise<Tile> {
    if (!this.cache) return { ...this.make(await this.renderer.render(def, z, x, y)), cached: false };
    const key = `${def.id}/${await this.versions.of(def.id)}/${z}/${x}/${y}`;
    const hit = this.cache.get(key);
    if (hit) return { ...hit, cached: true };
    const made = this.make(await this.renderer.render(def, z, x, y));
    this.cache.set(key, made);
    return { ...made, cached: false };
  }

  private make(data: Buffer) {
    return { data, etag: `"${crypto.createHash('sha1').update(data).digest('base64url').slice(0, 22)}"` };
  }
}
