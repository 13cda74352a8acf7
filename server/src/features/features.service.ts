import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { LayerDef } from '../layers/types.js';
import { getFeature, listFeatures } from './features.repo.js';
import type { FeatureQuery } from './features.schema.js';

export class FeaturesService {
  constructor(private readonly db: Kysely<DB>) {}
  list(def: LayerDef, q: FeatureQuery) { return listFeatures(this.db, def, q); }
  get(def: LayerDef, id: number) { return getFeature(this.db, def, id); }
}
