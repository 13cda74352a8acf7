// The OpenStreetMap basemap of context: its vector tiles (cached by the osm_* tables' data versions,
// with a content ETag) and whether there is any (the basemap style offers the source only then).
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { LayerVersions } from '../layers/versions.js';
import { BASEMAP_OSM_TABLES } from './osm.mapping.js';
import { hasBasemapRows, type OsmTileRenderer } from './osm.basemap.repo.js';

export interface OsmTile { data: Buffer; etag: string; cached: boolean }

export class OsmBasemapService {
  private readonly cache?: LRUCache<string, { data: Buffer; etag: string }>;
  private present?: { key: string; value: boolean };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly renderer: OsmTileRenderer,
    private readonly versions: LayerVersions,
    cacheBytes: number,
  ) {
    if (cacheBytes > 0) this.cache = new LRUCache({ maxSize: cacheBytes, sizeCalculation: (v) => Math.max(64, v.data.length) });
  }

  /** Changes whenever an import writes any basemap table. */
  private async versionKey(): Promise<string> {
    const v = await Promise.all(BASEMAP_OSM_TABLES.map((t) => this.versions.of(t)));
    return v.join('.');
  }

  /** True when the basemap tables hold any row. */
  async available(): Promise<boolean> {
    const key = await this.versionKey();
    if (this.present?.key !== key) this.present = { key, value: await hasBasemapRows(this.db) };
    return this.present.value;
  }

  async tile(z: number, x: number, y: number): Promise<OsmTile> {
    const version = await this.versionKey();
    const key = `${version}/${z}/${x}/${y}`;
    const hit = this.cache?.get(key);
    if (hit) return { ...hit, cached: true };
    const data = await this.renderer.render(z, x, y);
    // The ETag names the data version and the content, so a re-import changes it even for equal bytes.
    const etag = `"${crypto.createHash('sha1').update(version).update(data).digest('base64url').slice(0, 22)}"`;
    this.cache?.set(key, { data, etag });
    return { data, etag, cached: false };
  }
}
