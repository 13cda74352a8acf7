// What /api/layers answers: each layer's description, legend, MapLibre styles and live facts
// (count, extent, provenance, attribution). Facts are cached until a layer's data version changes.
import type { Kysely } from 'kysely';
import type { DB, DatasetsTable } from '../db/schema.js';
import { LAYERS, MAP_LAYERS } from './registry.js';
import { datasets, layerStats, type LayerStats } from './layers.repo.js';
import { legend, styleLayers } from './style.js';
import { LANGS, type Lang, type LayerDef } from './types.js';
import type { LayerVersions } from './versions.js';

export interface LayerFacts { stats: Map<string, LayerStats>; datasets: DatasetsTable[] }

export class LayersService {
  private cached?: { key: string; facts: LayerFacts };
  constructor(private readonly db: Kysely<DB>, private readonly versions: LayerVersions) {}

  async facts(): Promise<LayerFacts> {
    const key = await this.versions.key();
    if (this.cached?.key === key) return this.cached.facts;
    const stats = new Map<string, LayerStats>();
    for (const def of MAP_LAYERS) stats.set(def.id, await layerStats(this.db, def));
    const facts = { stats, datasets: await datasets(this.db) };
    this.cached = { key, facts };
    return facts;
  }

  /** The combined attribution of the datasets that the given layers draw from, one line per dataset. */
  attribution(facts: LayerFacts, layerIds: string[] = MAP_LAYERS.map((l) => l.id)): { dataset: string; attribution: string; licence: string; url: string | null }[] {
    const used = new Set<string>();
    for (const id of layerIds) for (const p of facts.stats.get(id)?.provenance ?? []) used.add(p.dataset_id);
    return facts.datasets.filter((d) => used.has(d.id)).map((d) => ({ dataset: d.id, attribution: d.attribution, licence: d.licence, url: d.url }));
  }

  describe(def: LayerDef, facts: LayerFacts, baseUrl: string, lang: Lang) {
    const stats = facts.stats.get(def.id)!;
    const illustrative = stats.provenance.filter((p) => p.provenance === 'illustrative').reduce((s, p) => s + p.count, 0);
    return {
      id: def.id,
      title: def.title,
      description: def.description,
      group: def.group,
      geometryType: def.geometry,
      // 'per-viewer': rows owned by organisations, read under the visibility rule (public: published only).
      access: def.rows ? 'per-viewer' : 'public',
      minzoom: def.minzoom,
      maxzoom: def.maxzoom,
      featureCount: stats.count,
      extent: stats.extent,
      attributes: def.attributes.map((a) => ({
        name: a.name, type: a.type, label: a.label, filterable: !!a.filter, inTiles: !!a.tile,
        ...(a.unit ? { unit: a.unit } : {}),
        ...(a.values ? { values: a.values } : {}),
      })),
      zoomFilter: def.zoomFilter ?? null,
      provenance: {
        summary: stats.provenance,
        illustrativeCount: illustrative,
        attribution: this.attribution(facts, [def.id]),
      },
      legend: legend(def),
      style: { lang, layers: styleLayers(def, lang) },
      links: {
        features: `${baseUrl}/api/layers/${def.id}/features`,
        tilejson: `${baseUrl}/tiles/${def.id}.json`,
        tiles: `${baseUrl}/tiles/${def.id}/{z}/{x}/{y}.mvt`,
      },
    };
  }

  async list(baseUrl: string, lang: Lang) {
    const facts = await this.facts();
    return {
      languages: LANGS,
      layers: LAYERS.map((def) => this.describe(def, facts, baseUrl, lang)),
      // Layers whose rows organisations own (annotations): the same description; their tiles, features
      // and downloads answer each reader under the visibility rule, and the counts here are the public's.
      organisationLayers: MAP_LAYERS.filter((def) => def.rows).map((def) => this.describe(def, facts, baseUrl, lang)),
      datasets: facts.datasets,
      attribution: this.attribution(facts),
    };
  }
}
