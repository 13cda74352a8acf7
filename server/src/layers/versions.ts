// Layer data versions, read from the database at most once per TTL. Any write to a layer table bumps
// its version (a statement trigger), so caches keyed by it follow the data across app instances.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { layerVersion, layerVersions } from './layers.repo.js';

export class LayerVersions {
  private value?: Map<string, number>;
  private fetchedAt = 0;
  private inflight?: Promise<Map<string, number>>;
  constructor(private readonly db: Kysely<DB>, private readonly ttlMs = 1000) {}

  async all(): Promise<Map<string, number>> {
    if (this.value && Date.now() - this.fetchedAt < this.ttlMs) return this.value;
    this.inflight ??= layerVersions(this.db)
      .then((v) => { this.value = v; this.fetchedAt = Date.now(); return v; })
      .finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  async of(layer: string): Promise<number> {
    return this.known(layer) ?? (await this.all()).get(layer) ?? 0;
  }

  /** The version when it was read within the TTL (no database round trip, no promise); else undefined. */
  known(layer: string): number | undefined {
    return this.value && Date.now() - this.fetchedAt < this.ttlMs ? this.value.get(layer) ?? 0 : undefined;
  }

  /** The version as the database has it now (no TTL): for layers people edit, where a change must show at once. */
  async fresh(layer: string): Promise<number> {
    return layerVersion(this.db, layer); // one row; the cached map of the other layers is left alone
  }

  /** A key that changes when any layer changes. */
  async key(): Promise<string> {
    return [...(await this.all()).entries()].sort().map(([k, v]) => `${k}:${v}`).join(',');
  }

  invalidate() { this.value = undefined; }
}
