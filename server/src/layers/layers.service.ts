// What /api/layers answers: each layer's description, legend, MapLibre styles and live facts
// (count, extent, provenance, attribution). Facts are cached until a layer's data version changes.
import type { Kysely } from 'kysely';
import type { DB, DatasetsTable } from '../db/schema.js';
import { LAYERS, MAP_LAYERS, findLayer } from './registry.js';
import { datasets, layerStats, organisationLayerRecords, organisationLayerVisible, visibleOrganisationLayerIds, type LayerStats } from './layers.repo.js';
import { PUBLIC_READER, type Reader } from '../access/viewer.js';
import { ORG_LAYERS_VERSION, ORG_LAYER_ID, organisationLayerDef } from './organisation.js';
import { legend, styleLayers } from './style.js';
import { LANGS, type Lang, type LayerDef } from './types.js';
import type { LayerVersions } from './versions.js';

export interface LayerFacts { stats: Map<string, LayerStats>; datasets: DatasetsTable[] }

export class LayersService {
  private cached?: { key: string; facts: LayerFacts };
  private orgLayers?: { version: number; defs: LayerDef[] };
  constructor(private readonly db: Kysely<DB>, private readonly versions: LayerVersions) {}

  /**
   * Every layer of the map the reader may see: the registry's, then the organisation layers (made from
   * imported files, read from the database and kept until their shared data version moves) that are
   * published, the reader's organisation's, or in a campaign shared with it. `null`: all of them (facts).
   */
  async all(reader: Reader | null = PUBLIC_READER): Promise<LayerDef[]> {
    const org = await this.organisationLayers();
    if (!org.length) return [...MAP_LAYERS];
    const visible = reader ? await visibleOrganisationLayerIds(this.db, reader) : null;
    return [...MAP_LAYERS, ...org.filter((d) => !visible || visible.has(d.id))];
  }

  /** A layer by id for the reader: the registry's, or an organisation layer they may see. */
  async find(id: string, reader: Reader = PUBLIC_READER): Promise<LayerDef | undefined> {
    const def = findLayer(id);
    if (def || !ORG_LAYER_ID.test(id)) return def;
    const org = (await this.organisationLayers()).find((d) => d.id === id);
    return org && (await organisationLayerVisible(this.db, reader, id)) ? org : undefined;
  }

  private async organisationLayers(): Promise<LayerDef[]> {
    const version = await this.versions.fresh(ORG_LAYERS_VERSION);
    if (this.orgLayers?.version === version) return this.orgLayers.defs;
    const defs = (await organisationLayerRecords(this.db)).map(organisationLayerDef);
    this.orgLayers = { version, defs };
    return defs;
  }

  async facts(): Promise<LayerFacts> {
    // Organisation layers are read fresh (not after the versions' TTL), so a layer just imported or published is listed at once.
    const key = `${await this.versions.key()}|${await this.versions.fresh(ORG_LAYERS_VERSION)}`;
    if (this.cached?.key === key) return this.cached.facts;
    const stats = new Map<string, LayerStats>();
    for (const def of await this.all(null)) stats.set(def.id, await layerStats(this.db, def));
    const facts = { stats, datasets: await datasets(this.db) };
    this.cached = { key, facts };
    return facts;
  }

  /** The combined attribution of the datasets that the given layers draw from, one line per dataset. */
  attribution(facts: LayerFacts, layerIds: string[] = [...facts.stats.keys()]): { dataset: string; attribution: string; licence: string; url: string | null }[] {
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

  async list(baseUrl: string, lang: Lang, reader: Reader = PUBLIC_READER) {
    const facts = await this.facts();
    return {
      languages: LANGS,
      layers: LAYERS.map((def) => this.describe(def, facts, baseUrl, lang)),
      // Layers whose rows organisations own (annotations): the same description; their tiles, features
      // and downloads answer each reader under the visibility rule, and the counts here are the public's.
      organisationLayers: (await this.all(reader)).filter((def) => def.rows && facts.stats.has(def.id)).map((def) => this.describe(def, facts, baseUrl, lang)),
      datasets: facts.datasets,
      attribution: this.attribution(facts),
    };
  }
}
